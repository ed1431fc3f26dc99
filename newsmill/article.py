"""The one record type every stage reads and enriches.

An `Article` is created by a reader's document (id, source, raw kind), filled
in by extraction (title, body, captions, comments, dropped), description
(date, dateline, source, authors, language, entities), and the corpus stages
(duplicates, stories, quotes). Its JSON form is the schema documented in
docs/schema.md; bump SCHEMA_VERSION whenever a field changes meaning.
"""
from __future__ import annotations

import hashlib
import pickle
import re
import unicodedata
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

SCHEMA_VERSION = 2  # 2: quote objects carry start and end

# Kinds of removed lines/blocks (see docs/schema.md). Extractors must use these.
DROP_KINDS = (
    "navigation",
    "accessibility",
    "widget",
    "cookie-banner",
    "related-link",
    "related-articles",
    "comment-form",
    "newsletter",
    "share",
    "advertisement",
    "footer",
    "byline",
    "template",  # a line repeated across many pages of one site (learned per corpus)
    "other",
)

DUP_KINDS = ("exact", "near", "contained", "update")
QUOTE_KINDS = ("direct", "partial", "indirect")
ENTITY_LABELS = ("PERSON", "PLACE", "ORG", "OTHER")


@dataclass(slots=True)
class Dropped:
    """A line or block the extractor removed, and why (its kind)."""

    text: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind}


@dataclass(slots=True)
class Quote:
    """A quotation: what was said, by whom (resolved name and the mention as written)."""

    text: str
    speaker: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    kind: str = "direct"
    paragraph: int | None = None
    start: int | None = None  # character offsets of `text` in its body paragraph
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention,
            "cue": self.cue,
            "kind": self.kind,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Entity:
    """A named thing mentioned in the article, with how often it occurs."""

    text: str
    label: str = "OTHER"
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "count": self.count}


_NESTED = {"dropped": Dropped, "quotes": Quote, "entities": Entity}


@dataclass(slots=True)
class Article:
    """One input document and everything newsmill learned about it."""

    id: str
    source_path: str
    record: int | None = None
    url: str | None = None
    input_format: str = "text"  # "text" or "html": which extractor made it
    title: str | None = None
    subtitle: str | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    published: str | None = None
    dateline: str | None = None
    source_name: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    description: str | None = None
    content_hash: str | None = None
    duplicate_of: str | None = None
    dup_kind: str | None = None
    dup_similarity: float | None = None
    story_id: str | None = None
    thread_id: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    @property
    def text(self) -> str:
        """The article's readable text: body paragraphs separated by blank lines."""
        return "\n\n".join(self.body)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _NESTED:
                value = [item.to_dict() for item in value]
            elif isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        extra = dict(data.get("extra") or {})
        for key, value in data.items():
            if key not in known:
                extra[key] = value
                continue
            if key in _NESTED and value is not None:
                item_cls = _NESTED[key]
                value = [item_cls(**item) for item in value]
            kwargs[key] = value
        kwargs["extra"] = extra
        return cls(**kwargs)

    def __reduce__(self):
        """Pickled as its field values in order, nested records as tuples: a third of the cost of the
        dataclass default, paid for every article a run hands between passes and processes."""
        return _article_from_values, (_article_values(self),)


_FIELDS = attrgetter(*(f.name for f in fields(Article)))
_PARTS = tuple((i, attrgetter(*(f.name for f in fields(cls))), cls)   # (position, its fields, its class)
               for i, f in enumerate(fields(Article)) if (cls := _NESTED.get(f.name)) is not None)


def _article_values(article: Article) -> list:
    values = list(_FIELDS(article))
    for at, parts, _ in _PARTS:
        values[at] = [parts(item) for item in values[at]]
    return values


def _article_from_values(values: list) -> Article:
    for at, _, cls in _PARTS:
        values[at] = [cls(*item) for item in values[at]]
    return Article(*values)


def pack_article(article: Article) -> bytes:
    """The article pickled: how a run hands an article from one pass to the next (a fourth of the JSON round
    trip's cost). Only between the processes of one run, never stored."""
    return pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)


def unpack_article(packed: bytes) -> Article:
    return pickle.loads(packed)


def normalize_text(text: str) -> str:
    """Text as compared for identity: NFKC, case-folded, whitespace collapsed (no regex: it runs per line)."""
    if not text.isascii():   # ASCII is its own NFKC form
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.casefold().split())


def body_hash(body: list[str]) -> str:
    """Hash of normalized paragraphs, one per line (blake2b, 128 bits): copies share it whatever their titles."""
    return normalized_hash([normalize_text(paragraph) for paragraph in body])


def normalized_hash(norms: list[str]) -> str:
    """`body_hash` of paragraphs given their `normalize_text`."""
    text = "\n".join(norms) + "\n" if norms else ""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def content_hash(article: Article) -> str:
    """Hash of the article's normalized body (title excluded: copies get new headlines)."""
    return body_hash(article.body)


_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9._-]+)(?:[/?#]|\Z)")  # no user, port, brackets or stray spaces


def site_of(article: Article) -> str:
    """Which site a document comes from: its URL's host, else the file or folder it was read from."""
    if article.url:
        plain = _PLAIN_HOST.match(article.url)  # the common URL, as urlsplit reads it at a tenth of the cost
        host = plain.group(1).lower() if plain else urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    path = PurePosixPath(article.source_path or "")
    return str(path if article.record is not None else path.parent)
