"""JSONL dumps: one JSON object per line with `text` or `html` and optional metadata."""
from __future__ import annotations

import json
import re
from typing import BinaryIO, Iterator

from .decode import UndecodableError, decode_document
from .document import Document, Problem
from .source import iter_lines_limited, too_large_message

KNOWN_FIELDS = ("id", "text", "html", "url", "title", "published")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse_line(line: bytes) -> object:
    try:
        obj = json.loads(line)
    except UnicodeDecodeError:
        obj = json.loads(decode_document(line).text)
    if b"\\ud" in line or b"\\uD" in line:  # an escaped lone surrogate (a cut emoji) cannot be stored as UTF-8
        obj = _without_lone_surrogates(obj)
    return obj


def _without_lone_surrogates(value: object) -> object:
    """Lone UTF-16 surrogates replaced by U+FFFD, in every string of a parsed record."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def _strip_nuls(obj: dict) -> int:
    """Remove NUL characters (from raw bytes or `\\u0000` escapes) from the text fields; how many."""
    removed = 0
    for key in ("text", "html", "title"):
        value = obj.get(key)
        if isinstance(value, str) and "\x00" in value:
            removed += value.count("\x00")
            obj[key] = value.replace("\x00", "")
    return removed


def read_jsonl(stream: BinaryIO, path: str, name: str, limit: int) -> Iterator[Document | Problem]:
    """Yield one Document per good line and one Problem per bad line; never stop early on a bad line.

    Each line stands alone: a garbage line is quarantined with its line number (1-based,
    in the reason; `record` is the 0-based index), NUL bytes inside a good line are
    removed and counted in `extra`. Records without their own `id` are named `name#INDEX`.
    """
    for index, line in enumerate(iter_lines_limited(stream, limit)):
        where = f"line {index + 1}: "
        if line is None:
            yield Problem(path, where + too_large_message(limit), record=index)
            continue
        nuls = line.count(0)
        if nuls:
            line = line.replace(b"\x00", b"")
        if not line.strip():
            if nuls:
                yield Problem(path, f"{where}garbage line ({nuls} NUL bytes, no text)", record=index)
            continue
        try:
            obj = _parse_line(line)
        except UndecodableError as exc:
            yield Problem(path, where + str(exc), record=index)
            continue
        except ValueError as exc:
            reason = getattr(exc, "msg", str(exc))
            yield Problem(path, f"{where}malformed JSON line: {reason}", record=index)
            continue
        if not isinstance(obj, dict):
            yield Problem(path, f"{where}record is a JSON {type(obj).__name__}, not an object", record=index)
            continue
        nuls += _strip_nuls(obj)
        yield _document(obj, path, name, index, nuls)


def _document(obj: dict, path: str, name: str, index: int, nuls: int) -> Document | Problem:
    own_id = obj.get("id")
    doc_id = str(own_id) if own_id not in (None, "") else f"{name}#{index}"
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str) and html.strip():
        content, kind = html, "html"
    elif isinstance(text, str) and text.strip():
        content, kind = text, "text"
    else:
        return Problem(path, f"line {index + 1}: record has no text (no non-empty 'text' or 'html' field)",
                       record=index, id=doc_id)
    meta = {key: obj[key] for key in ("title", "published") if isinstance(obj.get(key), str) and obj[key].strip()}
    extra = {key: value for key, value in obj.items() if key not in KNOWN_FIELDS}
    if nuls:
        extra["nul_bytes_removed"] = nuls
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    return Document(id=doc_id, source_path=path, content=content, kind=kind, record=index, url=url, meta=meta,
                    extra=extra)
