"""The steps of a run, in data-flow order, and how one document goes through them.

A pipeline is an extractor and a list of steps: document stages and corpus steps, in order. Every
engine (local processes, Ray) runs the same `Pipeline` with the same per-document functions here
(`process_document`, `run_document_stages`), so results do not depend on where they were computed.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field

from ..article import Article
from ..describe import Describer
from ..describe.dates import metadata_date
from ..dedup import DuplicateFinder
from ..extract import AutoExtractor
from ..site_template import SiteTemplate
from ..quotes import QuoteFinder
from ..readers.document import Document, Problem
from ..stage import DocumentStage, Extractor, StageError
from ..steps import CorpusStep
from ..stories import StoryGrouper


Step = DocumentStage | CorpusStep


@dataclass
class Pipeline:
    """An extractor, then steps in order; corpus steps split the run into passes (see engine/local.py)."""

    extractor: Extractor
    steps: list[Step] = field(default_factory=list)

    @property
    def corpus(self) -> list[CorpusStep]:
        return [step for step in self.steps if isinstance(step, CorpusStep)]

    @property
    def document_stages(self) -> list[DocumentStage]:
        return [step for step in self.steps if not isinstance(step, CorpusStep)]

    def segments(self) -> list[list[DocumentStage]]:
        """The document stages before the first corpus step, between each two, and after the last."""
        parts: list[list[DocumentStage]] = [[]]
        for step in self.steps:
            if isinstance(step, CorpusStep):
                parts.append([])
            else:
                parts[-1].append(step)
        return parts


def default_pipeline(mode: str = "auto") -> Pipeline:
    return Pipeline(AutoExtractor(mode), [Describer(), SiteTemplate(), DuplicateFinder(),
                                          QuoteFinder(), StoryGrouper()])


def _failure(doc_or_article: Document | Article, stage: str, exc: BaseException) -> Problem:
    if isinstance(exc, StageError):
        reason = str(exc)
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        place = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
        reason = f"{stage} failed: {type(exc).__name__}: {exc}{place}"
    source = doc_or_article.source_path
    return Problem(source, reason, record=doc_or_article.record, id=doc_or_article.id, stage=stage)


def apply_document_metadata(article: Article, doc: Document) -> None:
    """Metadata the input itself supplies (a JSONL record's title and date) wins over inference."""
    article.id, article.source_path, article.record = doc.id, doc.source_path, doc.record
    article.url = article.url or doc.url
    if doc.meta.get("title"):
        article.title = doc.meta["title"].strip()
    if doc.meta.get("published"):
        article.published = metadata_date(doc.meta["published"]) or article.published
    if doc.extra:
        article.extra.update(doc.extra)
    if doc.encoding and doc.encoding not in ("utf-8", "ascii"):
        article.extra.setdefault("encoding", doc.encoding)


def process_document(pipeline: Pipeline, item: Document | Problem,
                     stages: list[DocumentStage] | None = None) -> Article | Problem:
    """Extract one document and run `stages` (default: those before the first corpus step) on it; any failure
    becomes a Problem, never an exception."""
    if isinstance(item, Problem):
        return item
    try:
        article = pipeline.extractor(item)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
        return _failure(item, "extract", exc)
    apply_document_metadata(article, item)
    return run_document_stages(pipeline.segments()[0] if stages is None else stages, article)


def run_document_stages(stages: list[DocumentStage], article: Article) -> Article | Problem:
    for stage in stages:
        try:
            article = stage(article)
        except Exception as exc:  # noqa: BLE001
            return _failure(article, stage.name, exc)
    return article
