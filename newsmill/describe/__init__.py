"""Describe: the article's metadata (date, dateline, source, authors, language, entities)."""
from __future__ import annotations

from ..article import Article
from ..stage import DocumentStage
from .authors import authors_from_byline
from .dateline import agency_name, find_dateline
from .dates import find_dates
from .entities import find_entities
from .language import detect_language


class Describer(DocumentStage):
    """Fills metadata the extractor or the input did not already supply."""

    name = "describe"

    def __call__(self, article: Article) -> Article:
        text = "\n".join(([article.title] if article.title else []) + article.body)
        if article.language is None:
            article.language = detect_language(text)
        if article.body and article.dateline is None:
            place, agency = find_dateline(article.body[0])
            article.dateline = place
            if article.source_name is None:
                article.source_name = agency_name(agency)
        if not article.authors:
            for dropped in article.dropped:
                names = authors_from_byline(dropped.text)
                if names:
                    article.authors = names
                    break
        if article.published is None:
            dated = find_dates("\n".join(article.captions + article.body))
            if dated:
                article.published = max(value for _, value in dated).isoformat()
        if not article.entities:
            article.entities = find_entities(([article.title] if article.title else []) + article.body)
        return article


__all__ = ["Describer"]
