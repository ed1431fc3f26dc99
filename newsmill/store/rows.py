"""Rows the store hands to the stages that summarise it: read from its columns, not whole records."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..article import Article


@dataclass(slots=True)
class StoryMember:
    """What a story's row is made from, per article (read from the store's columns, not its whole record)."""

    id: str
    duplicate_of: str | None
    published: str | None
    title: str | None
    lede: str | None            # the first body paragraph
    source_name: str | None
    thread_id: str | None
    entities: list[tuple[str, str, int]] = field(default_factory=list)   # text, label, count

    @classmethod
    def of(cls, article: Article) -> "StoryMember":
        return cls(article.id, article.duplicate_of, article.published, article.title,
                   article.body[0] if article.body else None, article.source_name, article.thread_id,
                   [(e.text, e.label, e.count) for e in article.entities])
