"""The Python API: one page in, one Article out; or a whole run into a folder.

Pages may be given as text or as raw bytes (as read from a file or an HTTP body):
bytes are decoded as the readers decode files (BOM, UTF-8, declared charset, detection).
"""
from __future__ import annotations

import functools
import os
from typing import Union

from .article import Article
from .engine.pipeline import Pipeline, default_pipeline, process_document
from .readers.decode import declared_charset, decode_document
from .readers.document import Document, Problem
from .stage import StageError

Page = Union[str, bytes, bytearray, memoryview]


@functools.cache
def _pipeline(mode: str) -> Pipeline:
    # Steps hold configuration only (no corpus state); building them loads models, so do it once per mode.
    return default_pipeline(mode)


def _text(value: Page | None, what: str, *, html: bool = False) -> str | None:
    """`value` as text: bytes decoded (an HTML page's own <meta charset> is a hint), NUL bytes removed."""
    if value is None or isinstance(value, str):
        return value.replace("\x00", "") if value else value
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return decode_document(data, declared_charset(data) if html else None).text
    if isinstance(value, os.PathLike):
        raise TypeError(f"{what} must be the page's text or bytes, not a path (read the file, or use newsmill.run)")
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")


def _extract(content: Page, kind: str, url: Page | None, id: str) -> Article:
    pipeline = _pipeline(kind)
    text = _text(content, "the page", html=kind == "html") or ""
    doc = Document(id=id, source_path="<string>", content=text, kind=kind, url=_text(url, "url"))
    result = process_document(pipeline, doc, pipeline.document_stages)
    if isinstance(result, Problem):
        raise StageError(result.reason)
    return result


def extract_text(text: Page, url: Page | None = None, *, id: str = "text") -> Article:
    """The article in flattened page text (str or bytes), with its metadata and quotes (no corpus stages)."""
    return _extract(text, "text", url, id)


def extract_html(html: Page, url: Page | None = None, *, id: str = "html") -> Article:
    """The article in an HTML page (str or bytes), with its metadata and quotes (no corpus stages)."""
    return _extract(html, "html", url, id)
