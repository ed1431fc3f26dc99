"""A first quote finder: text between quotation marks, speaker from a nearby speech verb.

"…," Lavrov said / he told reporters / said Lavrov. Pronoun speakers resolve to the
last named person mentioned before the quote.
"""
from __future__ import annotations

import re

from ..article import Article, Quote
from ..stage import DocumentStage

_QUOTE = re.compile(r"[“\"](?P<text>[^“”\"]{2,}?)(?:[”\"]|$)")
_VERBS = r"(?:said|says|told|added|stated|noted|stressed|asked|warned|explained|declared|wrote)"
_NAME = r"(?P<name>(?:[A-Z][\w'\-]+)(?:\s+[A-Z][\w'\-]+){0,2}|he|she|they|it)"
_AFTER = re.compile(r"^[,\s]*" + _NAME + r"\s+" + _VERBS + r"\b|^[,\s]*" + r"(?P<verb2>" + _VERBS + r")\s+(?P<name2>(?:[A-Z][\w'\-]+)(?:\s+[A-Z][\w'\-]+){0,2})")
_BEFORE = re.compile(_NAME + r"\s+" + _VERBS + r"(?:\s+that)?[,:]?\s*$")
_PERSON = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")
_PRONOUNS = {"he", "she", "they", "it"}
_MIN_WORDS = 3


def _resolve(mention: str | None, context: str, people: list[str]) -> str | None:
    if mention is None:
        return None
    if mention.lower() in _PRONOUNS:
        return people[-1] if people else None
    for person in reversed(people):  # "Lavrov" -> "Sergei Lavrov"
        if person.split()[-1] == mention.split()[-1]:
            return person
    return mention


def find_quotes(paragraphs: list[str]) -> list[Quote]:
    quotes: list[Quote] = []
    people: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        last_speaker: str | None = None
        for match in _QUOTE.finditer(paragraph):
            people.extend(p for p in _PERSON.findall(paragraph[: match.start()]) if p not in people[-5:])
            text = match.group("text").strip().rstrip(",")
            after = _AFTER.match(paragraph[match.end():])
            before = _BEFORE.search(paragraph[: match.start()])
            mention = None
            cue = None
            if after:
                mention = after.group("name") or after.group("name2")
                cue = (after.group(0).strip(" ,"))
            elif before:
                mention = before.group("name")
                cue = before.group(0).strip()
            speaker = _resolve(mention, paragraph, people) or last_speaker
            last_speaker = speaker or last_speaker
            kind = "direct" if len(text.split()) >= _MIN_WORDS else "partial"
            quotes.append(Quote(text=text, speaker=speaker, speaker_mention=mention, cue=cue, kind=kind, paragraph=index))
    return quotes


class QuoteFinder(DocumentStage):
    name = "quotes"

    def __call__(self, article: Article) -> Article:
        article.quotes = find_quotes(article.body)
        return article
