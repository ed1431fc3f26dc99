"""Ids across runs: `--append` never replaces an earlier article by accident.

Ids are names relative to an input root (`0001.html`, `crawl.warc.gz#3`), so two
crawl days with the same file names produce the same ids. The rule (docs/schema.md):
an incoming article whose id is already stored *replaces* it when it is the same
document again — same content, or the same source file re-read — and otherwise gets
a distinct id, its own id qualified by its content hash (`0001.html@3f9a0c1b2d`),
which is stable, so appending the same day twice replaces rather than piles up.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from ..article import Article, content_hash

_HASH_CHARS = 10


@dataclass(frozen=True, slots=True)
class StoredId:
    """What the corpus knows about an id: where its article came from and its content hash."""

    source_path: str | None
    content_hash: str


@dataclass(slots=True)
class IdCounts:
    """How a run's articles met the stored corpus: added (new ids, renamed ones included) or replaced."""

    added: int = 0
    replaced: int = 0
    renamed: int = 0


class ArticleLookup(Protocol):
    def get_article(self, article_id: str) -> Article | None: ...


def qualified_id(article_id: str, digest: str) -> str:
    """The distinct id of an article whose plain id is taken by a different document."""
    return f"{article_id}@{digest[:_HASH_CHARS]}"


def _same_source(stored: str | None, incoming: str) -> bool:
    if not stored:
        return False
    return os.path.normpath(stored) == os.path.normpath(incoming) or (
        os.path.realpath(stored) == os.path.realpath(incoming))


def stored_ids(store: ArticleLookup) -> Callable[[str], StoredId | None]:
    """A lookup of stored ids backed by a store (only the colliding ids are ever loaded)."""

    def lookup(article_id: str) -> StoredId | None:
        article = store.get_article(article_id)
        if article is None:
            return None
        return StoredId(article.source_path, content_hash(article))

    return lookup


def settle_id(article: Article, lookup: Callable[[str], StoredId | None], counts: IdCounts) -> bool:
    """Give one article an id that replaces only the same document (renamed in place); whether it changed."""
    stored = lookup(article.id)
    if stored is None:
        counts.added += 1
        return False
    digest = content_hash(article)
    if stored.content_hash == digest or _same_source(stored.source_path, article.source_path):
        counts.replaced += 1
        return False
    article.id = qualified_id(article.id, digest)
    counts.renamed += 1
    if lookup(article.id) is None:
        counts.added += 1
    else:  # this very document was appended before under its qualified id
        counts.replaced += 1
    return True


def settle_ids(articles: Iterable[Article], lookup: Callable[[str], StoredId | None]) -> IdCounts:
    """`settle_id` for each article; returns the counts."""
    counts = IdCounts()
    for article in articles:
        settle_id(article, lookup, counts)
    return counts


@dataclass
class IdSettler:
    """`settle_id` over a run's stream of articles, keeping the counts for the summary."""

    lookup: Callable[[str], StoredId | None]
    counts: IdCounts = field(default_factory=IdCounts)

    def taken(self, article_id: str) -> bool:
        return self.lookup(article_id) is not None

    def __call__(self, article: Article) -> bool:
        return settle_id(article, self.lookup, self.counts)
