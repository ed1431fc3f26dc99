"""WARC and ARC archives: one document per HTML response; every other record counted by kind.

WARC is read with FastWARC; ARC (the older Internet Archive format) with warcio,
which reads it as WARC. HTTP transfer and content encodings (chunked; gzip,
deflate, br, zstd) are undone — chunks, brotli and zstd with FastWARC's stream
readers, gzip and deflate with zlib, which also tells a complete body from a cut
one — so a capture that stored the bytes as they came over the wire reads like
one that stored them decoded.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator

from .decode import UndecodableError, declared_charset, decode_document, looks_binary
from .document import Document, Problem, ReadTally
from .source import TooLargeError, read_limited, too_large_message

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DOCUMENT_RECORDS = ("response", "resource")


class EncodingError(ValueError):
    """A payload whose HTTP encoding cannot be undone (a truncated gzip body, say)."""


@dataclass(slots=True)
class HttpRecord:
    """What a reader needs from one archive record, whichever library parsed it."""

    kind: str  # WARC-Type: response, resource, request, revisit, warcinfo, metadata ...
    url: str | None
    date: str | None
    status: int | None
    content_type: str
    transfer_encoding: str
    content_encoding: str
    expected: int | None  # the payload's length as the archive declares it, when known
    declared_length: str | None = None  # the record's length field, verbatim (for the reason when it is broken)


def clean_target_uri(uri: str | None) -> str | None:
    """wget writes `<http://…>`: the URI without its angle brackets and spaces around."""
    if not uri:
        return None
    uri = uri.strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri or None


def skip_reason(rec: HttpRecord) -> str | None:
    """Why a record is not a document (its kind, an HTTP error, a non-HTML type), or None if it is one."""
    if rec.kind not in _DOCUMENT_RECORDS:
        return f"{rec.kind} record"
    if rec.status is not None and not 200 <= rec.status < 300:
        return f"HTTP {rec.status} response"
    media = rec.content_type.split(";", 1)[0].strip().lower()
    if media and not media.startswith(_HTML_TYPES):
        return f"non-HTML {rec.kind} ({media})"
    return None


def _fastwarc_reader(name: str) -> Callable[[BinaryIO], object] | None:
    from fastwarc import stream_io

    readers = {"chunked": stream_io.ChunkedReader, "br": stream_io.BrotliReader,
               "zstd": getattr(stream_io, "ZstdReader", None)}
    return readers.get(name)


def _inflate(data: bytes, name: str, limit: int) -> bytes:
    """gzip and deflate with zlib, which (unlike a stream reader) says whether the body was complete.

    A stream that ends early is refused unless the page inside it is whole (its
    closing </html> is there): then only the gzip trailer was lost.
    """
    # gzip or zlib header detected (32 + MAX_WBITS); deflate also comes raw, without a header.
    for wbits in ((32 + zlib.MAX_WBITS,) if name != "deflate" else (zlib.MAX_WBITS, -zlib.MAX_WBITS)):
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, limit + 1)
        except zlib.error as exc:
            error = str(exc)
            continue
        if len(out) > limit:
            raise TooLargeError(too_large_message(limit))
        if not inflater.eof and b"</html" not in out[-256:].lower():  # a lost trailer alone loses no text
            raise EncodingError(f"truncated HTTP {name} body (the compressed stream ends early, the page is cut)")
        return out
    raise EncodingError(f"cannot undo HTTP {name} encoding ({error})")


def _undo_one(data: bytes, name: str, limit: int) -> bytes:
    if name in ("gzip", "x-gzip", "deflate"):
        return _inflate(data, name, limit)
    reader_for = _fastwarc_reader(name)
    if reader_for is None:
        raise EncodingError(f"unsupported HTTP encoding {name!r}")
    try:
        return read_limited(reader_for(io.BytesIO(data)), limit)  # type: ignore[arg-type]
    except OSError as exc:
        raise EncodingError(f"cannot undo HTTP {name} encoding ({exc})") from None


def undo_http_encodings(data: bytes, transfer_encoding: str, content_encoding: str, limit: int) -> bytes:
    """The payload as the server meant it: de-chunked, then each content encoding undone in reverse order.

    Many capture tools store the decoded body but keep the original headers, so a
    layer whose reader rejects the bytes is taken as already undone when the bytes
    already look like markup; otherwise the payload is undecodable (EncodingError).
    """
    layers = [t.strip().lower() for t in transfer_encoding.split(",") if t.strip().lower() == "chunked"]
    layers += [c.strip().lower() for c in reversed(content_encoding.split(","))
               if c.strip().lower() not in ("", "identity")]
    for name in layers:
        try:
            data = _undo_one(data, name, limit)
        except EncodingError:
            if data.lstrip()[:1] == b"<":
                continue
            raise
        if len(data) > limit:
            raise TooLargeError(too_large_message(limit))
    return data


def _document(rec: HttpRecord, payload: bytes, path: str, doc_id: str, index: int, limit: int) -> Document | Problem:
    if rec.expected is not None and len(payload) < rec.expected:
        return Problem(path, f"truncated {rec.kind} record ({len(payload)} of {rec.expected} bytes)",
                       record=index, id=doc_id)
    try:
        body = undo_http_encodings(payload, rec.transfer_encoding, rec.content_encoding, limit)
    except EncodingError as exc:
        return Problem(path, str(exc), record=index, id=doc_id)
    except TooLargeError:
        return Problem(path, too_large_message(limit), record=index, id=doc_id)
    if not body.strip():
        length = rec.declared_length
        broken = f"; its length field is {length!r}" if length is not None and not length.isdigit() else ""
        return Problem(path, f"record has no text (empty payload{broken})", record=index, id=doc_id)
    binary = looks_binary(body[:8192])
    if binary:
        return Problem(path, f"{binary} in a {rec.kind} labelled HTML", record=index, id=doc_id)
    try:
        decoded = decode_document(body, declared_charset(body, rec.content_type))
    except UndecodableError as exc:
        return Problem(path, str(exc), record=index, id=doc_id)
    meta = {"crawled": rec.date} if rec.date else {}
    return Document(id=doc_id, source_path=path, content=decoded.text, kind="html", record=index,
                    url=clean_target_uri(rec.url), encoding=decoded.encoding, meta=meta, extra=decoded.notes())


def _records_to_items(records: Iterator[tuple[HttpRecord, Callable[[], bytes]]], path: str, name: str, limit: int,
                      tally: ReadTally) -> Iterator[Document | Problem]:
    """Documents for HTML responses (numbered among response/resource records, ids `name#INDEX`)."""
    index = -1
    for rec, read_payload in records:
        if rec.kind in _DOCUMENT_RECORDS:
            index += 1
        why = skip_reason(rec)
        if why:
            tally.skip(why)
            continue
        doc_id = f"{name}#{index}"
        try:
            payload = read_payload()
        except TooLargeError:
            yield Problem(path, too_large_message(limit), record=index, id=doc_id)
            continue
        yield _document(rec, payload, path, doc_id, index, limit)


def _fastwarc_records(raw: BinaryIO, limit: int) -> Iterator[tuple[HttpRecord, Callable[[], bytes]]]:
    from fastwarc.warc import ArchiveIterator

    for rec in ArchiveIterator(raw, parse_http=True, auto_decode="none", quirks_mode=True):
        http = rec.http_headers
        get = http.get if http is not None else rec.headers.get
        yield HttpRecord(
            kind=str(rec.record_type), url=rec.headers.get("WARC-Target-URI"), date=rec.headers.get("WARC-Date"),
            status=http.status_code if http is not None else None, content_type=get("Content-Type") or "",
            transfer_encoding=(http.get("Transfer-Encoding") if http is not None else None) or "",
            content_encoding=(http.get("Content-Encoding") if http is not None else None) or "",
            expected=rec.content_length,
        ), lambda rec=rec: read_limited(rec.reader, limit)


def _record_type(rec: object) -> str:
    """An ARC record's own content type (warcio labels every converted record application/http)."""
    value = rec.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    return "" if value.startswith("application/http") else value


def _warcio_records(raw: BinaryIO, limit: int) -> Iterator[tuple[HttpRecord, Callable[[], bytes]]]:
    from warcio.archiveiterator import ArchiveIterator

    # warcio undoes chunking and content encodings itself (content_stream), so the record says none are left.
    for rec in ArchiveIterator(raw, arc2warc=True):
        http = rec.http_headers
        status = http.get_statuscode() if http is not None and rec.rec_type in _DOCUMENT_RECORDS else None
        yield HttpRecord(
            kind=rec.rec_type, url=rec.rec_headers.get_header("WARC-Target-URI"),
            date=rec.rec_headers.get_header("WARC-Date"),
            status=int(status) if status and status.isdigit() else None,
            content_type=(http.get_header("Content-Type") if http is not None else None) or _record_type(rec),
            transfer_encoding="", content_encoding="", expected=None,
            declared_length=rec.rec_headers.get_header("Content-Length"),
        ), lambda rec=rec: read_limited(rec.content_stream(), limit)


def read_warc(raw: BinaryIO, path: str, name: str, limit: int, tally: ReadTally | None = None,
              *, arc: bool = False) -> Iterator[Document | Problem]:
    """Yield HTML responses as Documents; broken records and a broken archive become Problems.

    Other records (requests, metadata, images, redirects, errors) are counted in `tally`
    by kind. A corrupt archive keeps the records read before the break.
    """
    tally = tally if tally is not None else ReadTally()
    records = _warcio_records(raw, limit) if arc else _fastwarc_records(raw, limit)
    items = _records_to_items(records, path, name, limit, tally)
    last = -1
    try:
        for item in items:
            last = item.record if item.record is not None else last
            yield item
    except Exception as exc:  # noqa: BLE001 - a corrupt archive: keep what was read, report where it broke
        what = "ARC" if arc else "WARC"
        message = " ".join(str(exc).split())[:200]
        yield Problem(path, f"corrupt {what} archive after record {last} ({type(exc).__name__}: {message})",
                      record=last + 1)
