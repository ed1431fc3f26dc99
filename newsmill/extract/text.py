"""Text mode: the article from flattened page text (one block per line).

A first, rule-based line classifier: page furniture by pattern, lines printed
twice as captions, short unpunctuated lines as navigation, the first
headline-like line as the title, everything else as body.
"""
from __future__ import annotations

import re

from ..article import Article, Dropped
from ..readers.document import Document
from ..stage import Extractor

_TERMINAL = re.compile(r"""[.!?…]["'”’»)\]]*$""")
_FURNITURE = (
    ("cookie-banner", re.compile(r"\b(uses? cookies|cookie policy|accept (all )?cookies)\b", re.I)),
    ("newsletter", re.compile(r"\b(newsletters?|subscribe|sign up for)\b", re.I)),
    ("comment-form", re.compile(r"^(leave a (reply|comment)|your email address will not be published)", re.I)),
    ("share", re.compile(r"^(share( this)?|tweet|email|print)( on \w+)?$", re.I)),
    ("related-articles", re.compile(r"^(you may also like|related( articles| stories)?|read more|more from)\b", re.I)),
    ("advertisement", re.compile(r"^(advertisement|sponsored)$", re.I)),
)


def _words(line: str) -> int:
    return len(line.split())


def split_lines(text: str) -> list[str]:
    """Non-empty lines, stripped, in order."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def extract_text_article(text: str, *, id: str = "", source_path: str = "", url: str | None = None) -> Article:
    article = Article(id=id, source_path=source_path, url=url, input_format="text")
    lines = split_lines(text)
    seen_body = False
    previous = None
    for line in lines:
        if line == previous:
            if line not in article.captions:
                article.captions.append(line)
            if article.body and article.body[-1] == line:
                article.body.pop()
            continue
        previous = line
        kind = next((k for k, pattern in _FURNITURE if pattern.search(line)), None)
        if kind:
            article.dropped.append(Dropped(line, kind))
        elif _words(line) >= 5 and _TERMINAL.search(line):
            article.body.append(line)
            seen_body = True
        elif not seen_body and article.title is None and 3 <= _words(line) <= 25:
            article.title = line
        else:
            article.dropped.append(Dropped(line, "other"))
    return article


class TextExtractor(Extractor):
    """Extracts flattened page text."""

    def __call__(self, doc: Document) -> Article:
        return extract_text_article(doc.content, id=doc.id, source_path=doc.source_path, url=doc.url)
