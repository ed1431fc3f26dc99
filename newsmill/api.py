"""The Python API: one page in, one Article out; or a whole run into a folder."""
from __future__ import annotations

import functools

from .article import Article
from .engine.pipeline import Pipeline, default_pipeline, process_document
from .readers.document import Document, Problem
from .stage import StageError


@functools.cache
def _pipeline(mode: str) -> Pipeline:
    # Steps hold configuration only (no corpus state); building them loads models, so do it once per mode.
    return default_pipeline(mode)


def _extract(content: str, kind: str, url: str | None, id: str) -> Article:
    pipeline = _pipeline(kind)
    doc = Document(id=id, source_path="<string>", content=content, kind=kind, url=url)
    result = process_document(pipeline, doc, pipeline.document_stages)
    if isinstance(result, Problem):
        raise StageError(result.reason)
    return result


def extract_text(text: str, url: str | None = None, *, id: str = "text") -> Article:
    """The article in flattened page text, with its metadata and quotes (no corpus stages)."""
    return _extract(text, "text", url, id)


def extract_html(html: str, url: str | None = None, *, id: str = "html") -> Article:
    """The article in an HTML page, with its metadata and quotes (no corpus stages)."""
    return _extract(html, "html", url, id)
