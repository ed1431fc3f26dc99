"""JSONL dumps: one JSON object per line with `text` or `html` and optional metadata."""
from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from .decode import UndecodableError, decode_bytes
from .document import Document, Problem
from .source import iter_lines_limited, too_large_message

KNOWN_FIELDS = ("id", "text", "html", "url", "title", "published")


def _parse_line(line: bytes) -> object:
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        text, _ = decode_bytes(line)
        return json.loads(text)


def read_jsonl(stream: BinaryIO, path: str, name: str, limit: int) -> Iterator[Document | Problem]:
    """Yield one Document per good line and one Problem per bad line; never stop early on a bad line.

    `name` is the file's id prefix (its path relative to the input root): records
    without their own `id` are named `name#INDEX`.
    """
    for index, line in enumerate(iter_lines_limited(stream, limit)):
        if line is None:
            yield Problem(path, too_large_message(limit), record=index)
            continue
        if not line.strip():
            continue
        try:
            obj = _parse_line(line)
        except UndecodableError as exc:
            yield Problem(path, str(exc), record=index)
            continue
        except ValueError as exc:
            reason = getattr(exc, "msg", str(exc))
            yield Problem(path, f"malformed JSON line: {reason}", record=index)
            continue
        if not isinstance(obj, dict):
            yield Problem(path, f"record is a JSON {type(obj).__name__}, not an object", record=index)
            continue
        own_id = obj.get("id")
        doc_id = str(own_id) if own_id not in (None, "") else f"{name}#{index}"
        html, text = obj.get("html"), obj.get("text")
        if isinstance(html, str) and html.strip():
            content, kind = html, "html"
        elif isinstance(text, str) and text.strip():
            content, kind = text, "text"
        else:
            yield Problem(path, "record has no text (no non-empty 'text' or 'html' field)", record=index, id=doc_id)
            continue
        meta = {key: obj[key] for key in ("title", "published") if isinstance(obj.get(key), str) and obj[key].strip()}
        extra = {key: value for key, value in obj.items() if key not in KNOWN_FIELDS}
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        yield Document(id=doc_id, source_path=path, content=content, kind=kind, record=index, url=url, meta=meta, extra=extra)
