"""Describe: the article's metadata (date, dateline, source, authors, language, entities)."""
from __future__ import annotations

from ..article import Article
from ..stage import DocumentStage
from .authors import authors_from_byline
from .dateline import agency_name, find_dateline
from .entities import find_entities
from .language import detect_language
from .published import infer_published, stamp_date, stamp_lines
from .source import source_from_furniture

_BYLINE_KINDS = ("byline", "other", "navigation")


class Describer(DocumentStage):
    """Fills metadata the extractor or the input did not already supply."""

    name = "describe"

    def __call__(self, article: Article) -> Article:
        if article.language is None:
            article.language = detect_language("\n".join(([article.title] if article.title else []) + article.body))
        if article.body and article.dateline is None:
            place, agency = find_dateline(article.body[0])
            article.dateline = place
            if article.source_name is None:
                article.source_name = agency_name(agency)
        if article.source_name is None:
            article.source_name = source_from_furniture(article.dropped)
        if not article.authors:
            for dropped in article.dropped:
                names = authors_from_byline(dropped.text) if dropped.kind in _BYLINE_KINDS else []
                if names:
                    article.authors = names
                    break
        if article.published is None:
            article.published = (stamp_date(stamp_lines(article.dropped, article.body))
                                  or infer_published(article.body, article.captions, article.subtitle, article.title))
        if not article.entities:
            article.entities = find_entities(([article.title] if article.title else []) + article.body)
        return article


__all__ = ["Describer"]
