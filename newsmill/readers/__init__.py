"""Readers: turn input paths into a stream of Documents (and Problems for what cannot be read).

Every input is detected by content, gzip or not: a folder (recursive) of flattened
text and HTML pages, JSONL dumps, WARC archives. Readers stream one document at a
time, so memory never holds a corpus's raw bytes.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from .decode import UndecodableError, declared_charset, decode_bytes
from .document import Document, Problem
from .jsonl import read_jsonl
from .source import (
    DEFAULT_MAX_BYTES,
    STREAM_ERRORS,
    InputError,
    describe_stream_error,
    open_stream,
    read_head,
    read_limited,
    sniff,
)
from .warc import read_warc

__all__ = ["Document", "Problem", "InputError", "DEFAULT_MAX_BYTES", "read_inputs", "read_file", "iter_input_files"]


def iter_input_files(root: str | os.PathLike[str]) -> Iterator[tuple[str, str]]:
    """(path, name) for every file under `root`, in a stable order; `name` is relative to `root`.

    Hidden files and folders (".git", ".DS_Store") are skipped.
    """
    base = Path(root)
    if not base.exists():
        raise InputError(f"input not found: {root}")
    if base.is_file():
        yield str(base), base.name
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            full = Path(dirpath) / filename
            yield str(full), full.relative_to(base).as_posix()


def read_file(path: str, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Problem]:
    """Every document in one file (one for a page, many for JSONL/WARC), detected by content."""
    try:
        with open_stream(path) as stream:
            head, broken = read_head(stream)
    except STREAM_ERRORS as exc:
        yield Problem(path, describe_stream_error(exc), id=name)
        return
    except OSError as exc:
        yield Problem(path, f"cannot open: {exc.strerror or exc}", id=name)
        return
    fmt = sniff(head, path)
    if broken and fmt not in ("warc", "jsonl"):  # container readers keep the records before the break
        yield Problem(path, describe_stream_error(EOFError()), id=name)
        return
    if fmt == "empty":
        yield Problem(path, "empty file (no text)", id=name)
        return
    if fmt.startswith("binary:"):
        yield Problem(path, fmt.removeprefix("binary:"), id=name)
        return
    if fmt == "warc":
        with open(path, "rb") as raw:
            yield from read_warc(raw, path, name, max_bytes)
        return
    if fmt == "jsonl":
        stream = open_stream(path)
        index_hint = 0
        try:
            for item in read_jsonl(stream, path, name, max_bytes):
                index_hint = (item.record or 0) + 1
                yield item
        except STREAM_ERRORS as exc:
            yield Problem(path, f"{describe_stream_error(exc)}; records before it were kept", record=index_hint)
        finally:
            stream.close()
        return
    yield from _read_single(path, name, fmt, max_bytes)


def _read_single(path: str, name: str, fmt: str, max_bytes: int) -> Iterator[Document | Problem]:
    try:
        with open_stream(path) as stream:
            data = read_limited(stream, max_bytes)
    except InputError as exc:
        yield Problem(path, str(exc), id=name)
        return
    except STREAM_ERRORS as exc:
        yield Problem(path, describe_stream_error(exc), id=name)
        return
    except OSError as exc:
        yield Problem(path, f"cannot read: {exc.strerror or exc}", id=name)
        return
    try:
        text, encoding = decode_bytes(data, declared_charset(data) if fmt == "html" else None)
    except UndecodableError as exc:
        yield Problem(path, str(exc), id=name)
        return
    if not text.strip():
        yield Problem(path, "empty file (no text)", id=name)
        return
    yield Document(id=name, source_path=path, content=text, kind=fmt, encoding=encoding)


def read_inputs(paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Problem]:
    """Stream every document under `paths`. Raises InputError up front if a path does not exist."""
    roots = [Path(p) for p in paths]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise InputError(f"input not found: {', '.join(missing)}")
    for root in roots:
        for path, name in iter_input_files(root):
            yield from read_file(path, name, max_bytes)
