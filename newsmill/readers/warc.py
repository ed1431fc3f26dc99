"""WARC / WARC.gz archives: one document per HTML response record (FastWARC)."""
from __future__ import annotations

from typing import BinaryIO, Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from .decode import UndecodableError, declared_charset, decode_bytes
from .document import Document, Problem
from .source import TooLargeError, read_limited, too_large_message

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(raw: BinaryIO, path: str, name: str, limit: int) -> Iterator[Document | Problem]:
    """Yield HTML responses as Documents; a record cut short by truncation becomes a Problem.

    Records are numbered among the archive's response records; ids are `name#INDEX`.
    Non-HTML responses (images, scripts) are not documents and are skipped.
    """
    index = -1
    records = ArchiveIterator(raw, record_types=WarcRecordType.response | WarcRecordType.resource, parse_http=True)
    try:
        for rec in records:
            index += 1
            url = rec.headers.get("WARC-Target-URI")
            doc_id = f"{name}#{index}"
            http = rec.http_headers
            content_type = (http.get("Content-Type") if http is not None else rec.headers.get("Content-Type")) or ""
            if http is not None and http.status_code is not None and not 200 <= http.status_code < 300:
                continue
            if content_type and not content_type.lower().startswith(_HTML_TYPES):
                continue
            try:
                payload = read_limited(rec.reader, limit)
            except TooLargeError:
                yield Problem(path, too_large_message(limit), record=index, id=doc_id)
                continue
            expected = rec.content_length
            if expected is not None and len(payload) < expected:
                yield Problem(path, f"truncated WARC record ({len(payload)} of {expected} bytes)", record=index, id=doc_id)
                continue
            if not payload.strip():
                yield Problem(path, "record has no text (empty payload)", record=index, id=doc_id)
                continue
            try:
                text, encoding = decode_bytes(payload, declared_charset(payload, content_type))
            except UndecodableError as exc:
                yield Problem(path, str(exc), record=index, id=doc_id)
                continue
            crawled = rec.headers.get("WARC-Date")
            meta = {"crawled": crawled} if crawled else {}
            yield Document(id=doc_id, source_path=path, content=text, kind="html", record=index, url=url,
                           encoding=encoding, meta=meta)
    except Exception as exc:  # a corrupt archive: keep what was read, report where it broke
        yield Problem(path, f"corrupt WARC archive after record {index} ({type(exc).__name__}: {exc})", record=index + 1)
