"""Every quote of an article's body with its speaker: spans, cues, resolution, then speakers carried over.

A quote with no cue of its own takes the speaker of the quote before it in the paragraph (or, failing that,
the one after it); a quote left open at a paragraph's end takes the speaker of the paragraph continuing it;
a paragraph that opens with a quote after a quoting paragraph continues that speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..article import Article, Entity, Quote
from ..describe.entities import find_entities, is_known_place
from ..stage import DocumentStage
from .attribution import (Attribution, after_quote, before_quote, framed_as_name, sentence_end_cue, tokens)
from .marks import QuoteSpan, find_spans, masked
from .resolve import DocumentIndex
from .vocab import ABBREVIATIONS, PRONOUNS

# A sentence starts after . ! ? (and a closing mark) and spaces, before a letter or an opening mark.
_BOUNDARY = re.compile(r"(\w*)[.!?][\"”’»]?\s+(?=[\"“‘«„]?[^\W\d_])")


@dataclass(slots=True)
class _Found:
    quote: Quote
    span: QuoteSpan
    cued: bool
    opens_paragraph: bool


def _sentence_bounds(paragraph: str, spans: list[QuoteSpan]) -> list[int]:
    starts = [0]
    for match in _BOUNDARY.finditer(paragraph):
        at, word = match.end(), match.group(1)
        if word in ABBREVIATIONS or (len(word) == 1 and word.isupper()):  # "Rev. Peter", "John F. Kennedy"
            continue
        inside = any(s.start <= match.end(1) < s.after for s in spans)  # “Why?” he asked: one sentence
        if not inside and (paragraph[at].isupper() or paragraph[at] in "\"“‘«„"):
            starts.append(at)
    return starts


_TITLE_SMALL = frozenset("a an the of in on at to for and or with by from is are isn't der die das und von le la les "
                         "de du des et el los y del il e".split())


def _title_like(text: str) -> bool:
    """A short run of capitalised words: a name or a title ("Iron Fist", "All Bets Are Off.", "13th")."""
    words = text.rstrip(".,!?").split()
    if not 0 < len(words) <= 7 or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in words)


def _kind(text: str, before: str) -> str:
    head = text.lstrip("[(…. ")[:1]
    return "direct" if head.isupper() or head.isdigit() or not before.strip() else "partial"


_NOT_A_QUOTE = object()  # what _cue returns for a title, a name or a scare quote


def _cue(text: str, before: list, after: list, paragraph: str, kind: str):
    """The quote's own cue (None: it has none), or _NOT_A_QUOTE for names, titles and scare quotes."""
    if framed_as_name(before):
        return _NOT_A_QUOTE
    cue: Attribution | None = after_quote(after, paragraph)
    if cue is not None and text[-1:] in ".!?" and after and after[0].text[0].isupper() \
            and cue.mention[0].lower() in PRONOUNS:
        cue = None  # “… peace.” They urged …: a new sentence, not this quote's cue
    if cue is None and _title_like(text):
        return _NOT_A_QUOTE  # a title or a name ("on Fox's “Fox and Friends”"), unless “Absolutely,” he said
    cue = cue or before_quote(before, paragraph) or sentence_end_cue(after, paragraph)
    if kind == "partial" and cue is None:
        return _NOT_A_QUOTE  # no one is said to have said it
    return cue


def _paragraph_quotes(index: int, paragraph: str, spans: list[QuoteSpan], doc: DocumentIndex) -> list[_Found]:
    if not spans:
        return []
    mask = masked(paragraph, spans)
    starts = _sentence_bounds(paragraph, spans)
    found: list[_Found] = []
    for k, span in enumerate(spans):
        s_start = max(s for s in starts if s <= span.open_at)
        s_end = min([s for s in starts if s > span.after] + [len(paragraph)])
        if k + 1 < len(spans):
            s_end = min(s_end, spans[k + 1].open_at)
        before = tokens(mask[s_start: span.open_at], s_start)
        after = tokens(mask[span.after: s_end], span.after) if span.close_at is not None else []
        text = paragraph[span.start: span.end]
        kind = _kind(text, paragraph[s_start: span.open_at])
        cue = _cue(text, before, after, paragraph, kind)
        if cue is _NOT_A_QUOTE:
            continue
        quote = Quote(text=text, kind=kind, paragraph=index, start=span.start, end=span.end)
        if cue is not None:
            speaker, label = doc.resolve(cue.mention, index, cue.at)
            quote.speaker, quote.speaker_mention, quote.cue = speaker, cue.mention_text, cue.cue
            if speaker is not None:
                doc.add_speaker(index, cue.at + len(cue.mention_text), speaker, label)
        found.append(_Found(quote, span, cue is not None, not paragraph[: span.open_at].strip()))
    return found


def _carry_speakers(paragraphs: list[list[_Found]]) -> None:
    """Speakers for quotes without a cue of their own, from the quotes next to them (see module docstring)."""
    previous: list[_Found] = []
    for found in paragraphs:
        for k, item in enumerate(found):
            if item.cued:
                continue
            earlier = [f for f in found[:k] if f.quote.speaker]
            later = [f for f in found[k + 1:] if f.cued]
            if earlier:
                _take(item, earlier[-1])
            elif later and later[0].quote.speaker:
                _take(item, later[0])
            elif item.opens_paragraph and previous and previous[-1].quote.speaker:
                _take(item, previous[-1])
        previous = found or previous
    for found, nxt in zip(paragraphs, paragraphs[1:]):  # a quote left open continues in the next paragraph
        if found and nxt and found[-1].span.close_at is None and not found[-1].cued and nxt[0].opens_paragraph \
                and nxt[0].quote.speaker:
            _take(found[-1], nxt[0])


def _take(item: _Found, source: _Found) -> None:
    item.quote.speaker = source.quote.speaker
    item.quote.speaker_mention = item.quote.speaker_mention or source.quote.speaker_mention


def _country_voice(quotes: list[Quote], doc: DocumentIndex) -> None:
    """A country speaking ("Russia praised it as …") is its organisation that speaks in the same article."""
    orgs = {q.speaker for q in quotes if q.speaker and doc.label(q.speaker) == "ORG"}
    for quote in quotes:
        if quote.speaker and is_known_place(quote.speaker):
            stem = quote.speaker[:-1] if len(quote.speaker) > 4 else quote.speaker
            voices = sorted(o for o in orgs if o.split()[0].startswith(stem) and o != quote.speaker)
            if len(voices) == 1:
                quote.speaker = voices[0]


def find_quotes(paragraphs: list[str], entities: list[Entity] | None = None) -> list[Quote]:
    """The quotes of body paragraphs; `entities` are the article's (found here when not given)."""
    spans = [find_spans(p) for p in paragraphs]
    doc = DocumentIndex(paragraphs, entities if entities else find_entities(paragraphs, limit=200),
                        [[(s.open_at, s.after) for s in found] for found in spans])
    per_paragraph = [_paragraph_quotes(i, p, spans[i], doc) for i, p in enumerate(paragraphs)]
    _carry_speakers(per_paragraph)
    quotes = [item.quote for found in per_paragraph for item in found]
    _country_voice(quotes, doc)
    return quotes


class QuoteFinder(DocumentStage):
    """Fills `quotes` from the body only: captions and comments never speak."""

    name = "quotes"

    def __call__(self, article: Article) -> Article:
        article.quotes = find_quotes(article.body, article.entities)
        return article
