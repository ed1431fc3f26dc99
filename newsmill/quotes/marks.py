"""Quoted spans in a paragraph, for every quotation-mark convention of the crawl.

A double mark with no closer runs to the end of the paragraph (a quote continued in the next one); a single
mark counts only when its closer is found, since ’ and ' are also apostrophes. A closing mark used as an
opener (`lists ”not all at once”`) opens nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .vocab import DOUBLE_OPENERS, QUOTE_CHARS, SINGLE_OPENERS

_MARK = re.compile("[" + re.escape("".join(sorted(QUOTE_CHARS))) + "]")
_OPEN_BEFORE = " \t\n([{—–-/:;,"  # what may stand before an opening mark


@dataclass(slots=True)
class QuoteSpan:
    """Where a quote sits: its text between start and end, the marks at open_at and close_at (None: unclosed)."""

    start: int
    end: int
    open_at: int
    close_at: int | None

    @property
    def after(self) -> int:
        """First index after the quote and its closing mark."""
        return self.end if self.close_at is None else self.close_at + 1


def _opens(paragraph: str, i: int) -> bool:
    before = paragraph[i - 1] if i else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    opens_after = before.isspace() or before in _OPEN_BEFORE  # any space, no-break spaces included
    if paragraph[i] in "«»":  # French puts a space inside guillemets
        return opens_after and (paragraph[i] == "«" or not after.isspace())
    return opens_after and not after.isspace()


def _single_close(paragraph: str, i: int, closers: str) -> int | None:
    """The closer of a single mark opened at i: a closing mark after a non-space and before a non-letter."""
    for j in range(i + 2, len(paragraph)):
        char = paragraph[j]
        if char in '“"„«»':
            return None
        if char in closers and not paragraph[j - 1].isspace():
            nxt = paragraph[j + 1] if j + 1 < len(paragraph) else " "
            if not nxt.isalnum():
                return j
    return None


def find_spans(paragraph: str) -> list[QuoteSpan]:
    """Every quoted span of the paragraph, in order."""
    spans: list[QuoteSpan] = []
    open_at, closers = -1, ""
    skip_to = -1
    for match in _MARK.finditer(paragraph):
        i, mark = match.start(), match.group(0)
        if i < skip_to:
            continue
        if open_at >= 0:
            if mark in closers or (mark == "“" == paragraph[open_at] and not _opens(paragraph, i)):  # “unusual,“
                spans.append(QuoteSpan(open_at + 1, i, open_at, i))
                open_at = -1
            elif mark == paragraph[open_at] and _opens(paragraph, i):  # an unclosed quote, a new one opens
                spans.append(QuoteSpan(open_at + 1, i, open_at, None))
                open_at = i
            continue
        if mark in DOUBLE_OPENERS and _opens(paragraph, i):
            open_at, closers = i, DOUBLE_OPENERS[mark]
        elif mark in SINGLE_OPENERS and _opens(paragraph, i) and paragraph[i + 1: i + 2].isalnum():
            close = _single_close(paragraph, i, SINGLE_OPENERS[mark])
            if close is not None and close - i > 2:  # "rock 'n' roll" holds no quote
                spans.append(QuoteSpan(i + 1, close, i, close))
                skip_to = close + 1
    if open_at >= 0:
        spans.append(QuoteSpan(open_at + 1, len(paragraph), open_at, None))
    return [_trimmed(paragraph, span) for span in spans if any(c.isalnum() for c in paragraph[span.start: span.end])]


def _trimmed(paragraph: str, span: QuoteSpan) -> QuoteSpan:
    """The span less surrounding spaces and a trailing comma ("We waited too long," -> no comma)."""
    start, end = span.start, span.end
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and (paragraph[end - 1].isspace() or paragraph[end - 1] in ",—–-"):
        end -= 1
    return QuoteSpan(start, end, span.open_at, span.close_at)


def masked(paragraph: str, spans: list[QuoteSpan]) -> str:
    """The paragraph with each quote's words replaced by 'Q' runs: sentence and cue rules never see inside."""
    if not spans:
        return paragraph
    parts, last = [], 0
    for span in spans:
        parts.append(paragraph[last: span.start])
        parts.append(re.sub(r"\S", "Q", paragraph[span.start: span.end]))
        last = span.end
    parts.append(paragraph[last:])
    return "".join(parts)
