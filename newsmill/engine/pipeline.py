"""The stages of a run, in data-flow order, and how one document goes through them.

Every engine (local processes, Ray) runs the same `Pipeline` and the same
`process_document`, so results do not depend on where they were computed.
"""
from __future__ import annotations

import traceback
from datetime import datetime
from dataclasses import dataclass, field

from ..article import Article
from ..describe import Describer
from ..describe.dates import parse_date
from ..dedup import DuplicateFinder
from ..extract import AutoExtractor
from ..extract.site_template import SiteTemplate
from ..quotes import QuoteFinder
from ..readers.document import Document, Problem
from ..stage import CorpusStage, DocumentStage, Extractor, StageError
from ..stories import StoryGrouper


@dataclass
class Pipeline:
    """extract → describe (per document) → corpus stages (dedup, stories) → finish (quotes, per document)."""

    extractor: Extractor
    describe: list[DocumentStage] = field(default_factory=list)
    corpus: list[CorpusStage] = field(default_factory=list)
    finish: list[DocumentStage] = field(default_factory=list)


def default_pipeline(mode: str = "auto") -> Pipeline:
    return Pipeline(
        extractor=AutoExtractor(mode),
        describe=[Describer()],
        corpus=[SiteTemplate(), DuplicateFinder(), StoryGrouper()],
        finish=[QuoteFinder()],
    )


def _failure(doc_or_article: Document | Article, stage: str, exc: BaseException) -> Problem:
    if isinstance(exc, StageError):
        reason = str(exc)
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        place = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
        reason = f"{stage} failed: {type(exc).__name__}: {exc}{place}"
    source = doc_or_article.source_path
    return Problem(source, reason, record=doc_or_article.record, id=doc_or_article.id, stage=stage)


def _iso_date(value: str) -> str | None:
    """A metadata date ('2021-03-04T08:00:00Z', 'March 4, 2021') as YYYY-MM-DD."""
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return parse_date(value)


def apply_document_metadata(article: Article, doc: Document) -> None:
    """Metadata the input itself supplies (a JSONL record's title and date) wins over inference."""
    article.id, article.source_path, article.record = doc.id, doc.source_path, doc.record
    article.url = article.url or doc.url
    if doc.meta.get("title"):
        article.title = doc.meta["title"].strip()
    if doc.meta.get("published"):
        article.published = _iso_date(doc.meta["published"]) or article.published
    if doc.extra:
        article.extra.update(doc.extra)
    if doc.encoding and doc.encoding not in ("utf-8", "ascii"):
        article.extra.setdefault("encoding", doc.encoding)


def process_document(pipeline: Pipeline, item: Document | Problem) -> Article | Problem:
    """Extract and describe one document; any failure becomes a Problem, never an exception."""
    if isinstance(item, Problem):
        return item
    try:
        article = pipeline.extractor(item)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
        return _failure(item, "extract", exc)
    apply_document_metadata(article, item)
    return run_document_stages(pipeline.describe, article)


def run_document_stages(stages: list[DocumentStage], article: Article) -> Article | Problem:
    for stage in stages:
        try:
            article = stage(article)
        except Exception as exc:  # noqa: BLE001
            return _failure(article, stage.name, exc)
    return article
