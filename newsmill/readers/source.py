"""Opening input files: gzip or not, bounded in decompressed bytes, sniffed by content.

The size limit counts *decompressed* bytes and is enforced while streaming, so
a gzip bomb is refused after reading just past the limit, never inflated whole.
"""
from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from typing import BinaryIO, Iterator

from .decode import looks_binary

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
_CHUNK = 1024 * 1024

_BINARY_MAGICS = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ": "xz archive",
    b"\x28\xb5\x2f\xfd": "zstd archive",
    b"\x7fELF": "ELF executable",
    b"SQLite format 3": "SQLite database",
}
_HTML_STRONG = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_HTML_WEAK = re.compile(r"<(?:meta|title|div|p|article|section|span|a)[\s>]", re.I)
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")


# What a broken compressed stream raises while it is read.
STREAM_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


class InputError(Exception):
    """A file or record that cannot be read; the message is the quarantine reason."""


class TooLargeError(InputError):
    pass


def too_large_message(limit: int) -> str:
    return f"over the size limit of {limit:,} bytes (decompressed)"


def open_stream(path: str) -> BinaryIO:
    """The file's decompressed byte stream (gzip detected by its magic number)."""
    raw = open(path, "rb")
    if raw.read(2) == GZIP_MAGIC:
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    raw.seek(0)
    return raw


def trailing_garbage(exc: BaseException) -> bool:
    """A gzip file whose data ended cleanly and is followed by bytes that are not another gzip member."""
    return isinstance(exc, gzip.BadGzipFile) and str(exc).startswith("Not a gzipped file")


def _read_some(stream: BinaryIO, size: int) -> bytes:
    # read1 makes at most one raw read, so data decoded before a broken gzip member is returned
    # first and the error comes on the next call, never swallowing what came before it.
    read = getattr(stream, "read1", None) or stream.read
    return read(size)


def read_head(stream: BinaryIO, size: int = SNIFF_BYTES) -> tuple[bytes, BaseException | None]:
    """Up to `size` bytes from the start of the stream, and what broke the stream before that (or None)."""
    chunks: list[bytes] = []
    total = 0
    try:
        while total < size:
            chunk = _read_some(stream, min(8192, size - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except STREAM_ERRORS as exc:
        return b"".join(chunks), None if trailing_garbage(exc) and total else exc
    return b"".join(chunks), None


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read the whole stream, refusing anything over `limit` bytes (bytes after a complete gzip are ignored)."""
    buf = io.BytesIO()
    total = 0
    while True:
        try:
            chunk = _read_some(stream, min(_CHUNK, limit + 1 - total))
        except gzip.BadGzipFile as exc:
            if trailing_garbage(exc) and total:
                break
            raise
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise TooLargeError(too_large_message(limit))
        buf.write(chunk)
    return buf.getvalue()


def iter_lines_limited(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Yield the stream's lines; a line over `limit` bytes is skipped and yields None."""
    while True:
        try:
            line = stream.readline(limit + 1)
        except gzip.BadGzipFile as exc:
            if trailing_garbage(exc):
                return
            raise
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line without keeping it
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def describe_stream_error(exc: BaseException) -> str:
    """A reason for a broken compressed stream, in words a user can act on."""
    if isinstance(exc, EOFError):
        return "truncated gzip stream (compressed file ended early)"
    if trailing_garbage(exc):
        return "corrupt gzip stream (bytes that are not gzip data follow it)"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"corrupt gzip stream ({exc})"
    return f"unreadable ({type(exc).__name__}: {exc})"


def _looks_jsonl(head: bytes, path: str) -> bool:
    """Most of the first lines are JSON objects (a garbage line among them does not matter)."""
    lines = head.split(b"\n")
    if len(head) >= SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut by the sniff window
    nonblank = [line.replace(b"\x00", b"").strip() for line in lines[:50]]
    nonblank = [line for line in nonblank if line]
    objects = [line for line in nonblank if line.startswith(b"{")]
    if not objects or len(objects) * 2 < len(nonblank):
        return False
    for line in objects[:5]:
        try:
            if isinstance(json.loads(line), dict):
                return True
        except ValueError:
            continue
    return path.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson", ".json")) or len(objects) > 1


def sniff(head: bytes, path: str = "") -> str:
    """Format of a file from its first decompressed bytes: warc, arc, jsonl, page, empty or binary:WHY.

    Whether a page is HTML or flattened text is decided after decoding (`page_kind`),
    so UTF-16 pages are sniffed like any other.
    """
    if not head.strip():
        return "empty"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"
    for magic, name in _BINARY_MAGICS.items():
        if head.startswith(magic):
            return f"binary:binary content ({name})"
    if head.lstrip(b"\x00 \t\r\n").startswith(b"{") and _looks_jsonl(head, path):
        return "jsonl"
    why = looks_binary(head[:8192])
    if why:
        return f"binary:{why}"
    if _looks_jsonl(head, path):
        return "jsonl"
    return "page"


def page_kind(text: str, path: str = "") -> str:
    """"html" or "text" for a decoded page: strong markup anywhere in the window, or weak markup in a .html file."""
    window = text[:SNIFF_BYTES]
    if _HTML_STRONG.search(window):
        return "html"
    if _HTML_WEAK.search(window) and path.lower().removesuffix(".gz").endswith(_HTML_EXTENSIONS):
        return "html"
    return "text"
