"""Readers: turn input paths into a stream of Documents (and Problems for what cannot be read).

Every input is detected by content, gzip or not: a folder (recursive) of flattened
text and HTML pages, JSONL dumps, WARC and ARC archives. Readers stream one document
at a time, so memory never holds a corpus's raw bytes. Special files (pipes,
sockets, devices) are never opened, and the run's own output folder is never read.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .decode import UndecodableError, declared_charset, decode_document
from .document import Document, Problem, ReadTally
from .jsonl import read_jsonl
from .source import (
    DEFAULT_MAX_BYTES,
    STREAM_ERRORS,
    InputError,
    describe_stream_error,
    open_stream,
    page_kind,
    read_head,
    read_limited,
    sniff,
)

__all__ = ["Document", "Problem", "ReadTally", "InputError", "DEFAULT_MAX_BYTES", "read_inputs", "read_file",
           "iter_input_files", "InputFile"]

_SPECIAL = ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
            (stat.S_ISBLK, "block device"))


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file found under an input root (`name` relative to it), or a folder that could not be listed."""

    path: str
    name: str
    error: str | None = None


def _real(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(path)


def _excluded(real: str, excluded: tuple[str, ...]) -> bool:
    return any(real == ex or real.startswith(ex.rstrip(os.sep) + os.sep) for ex in excluded)


def iter_input_files(root: str | os.PathLike[str], exclude: Iterable[str | os.PathLike[str]] = (),
                     tally: ReadTally | None = None) -> Iterator[InputFile]:
    """Every file under `root` in a stable order, and every folder that cannot be listed.

    Hidden files and folders (".git", ".DS_Store") are skipped; folders in `exclude`
    (the run's output) and earlier runs' output folders inside `root` are never entered;
    symlinked folders are not followed (no loops). Each skip is counted in `tally`.
    """
    tally = tally if tally is not None else ReadTally()
    excluded = tuple(_real(e) for e in exclude)
    base = Path(root)
    if not os.path.lexists(base):
        raise InputError(f"input not found: {root}")
    if _excluded(_real(base), excluded):
        tally.skip("in the output folder (not read)")
        return
    if not base.is_dir():
        yield InputFile(str(base), base.name)
        return
    stack = [base]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            name = folder.relative_to(base).as_posix()
            yield InputFile(str(folder), name, f"cannot list folder: {exc.strerror or exc}")
            continue
        subfolders = []
        hidden = [entry for entry in entries if entry.name.startswith(".")]
        if hidden:
            tally.skip("hidden file or folder (not read)", len(hidden))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            full = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                if _excluded(_real(full), excluded):
                    tally.skip("in the output folder (not read)")
                elif _newsmill_output(full):
                    tally.skip("an earlier newsmill output folder (not read)")
                else:
                    subfolders.append(full)
            elif entry.is_symlink() and _links_to_folder(full):
                tally.skip("symlinked folder (not followed)")
            else:
                yield InputFile(str(full), full.relative_to(base).as_posix())
        stack.extend(reversed(subfolders))


def _newsmill_output(folder: Path) -> bool:
    """A folder an earlier `newsmill run` wrote (its store is there): its files are outputs, not pages."""
    from ..store.sqlite import STORE_FILENAME

    try:
        return (folder / STORE_FILENAME).is_file()
    except OSError:  # a folder we may not look into: listing it reports why
        return False


def _links_to_folder(path: Path) -> bool:
    """A symlink that resolves to a folder (False for a loop or a dangling link, which reading reports)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _special_file(path: str) -> str | None:
    """What a path is when it is not a regular file (a pipe would block the run), without opening it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # open() reports it (a symlink loop, a dangling link)
    for test, kind in _SPECIAL:
        if test(mode):
            return kind
    return None


def read_file(path: str, name: str, max_bytes: int = DEFAULT_MAX_BYTES,
              tally: ReadTally | None = None) -> Iterator[Document | Problem]:
    """Every document in one file (one for a page, many for JSONL/WARC/ARC), detected by content."""
    special = _special_file(path)
    if special:
        yield Problem(path, f"{special}, not a regular file (not opened)", id=name)
        return
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
    if broken and fmt not in ("warc", "arc", "jsonl"):  # container readers keep the records before the break
        yield Problem(path, describe_stream_error(broken), id=name)
        return
    if fmt == "empty":
        yield Problem(path, "empty file (no text)", id=name)
        return
    if fmt.startswith("binary:"):
        yield Problem(path, fmt.removeprefix("binary:"), id=name)
        return
    if fmt in ("warc", "arc"):
        from .warc import read_warc  # FastWARC/warcio load only when an archive is read

        with open(path, "rb") as raw:
            yield from read_warc(raw, path, name, max_bytes, tally, arc=fmt == "arc")
        return
    if fmt == "jsonl":
        yield from _read_jsonl_file(path, name, max_bytes)
        return
    yield from _read_single(path, name, max_bytes)


def _read_jsonl_file(path: str, name: str, max_bytes: int) -> Iterator[Document | Problem]:
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


def _read_single(path: str, name: str, max_bytes: int) -> Iterator[Document | Problem]:
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
        decoded = decode_document(data, declared_charset(data))
    except UndecodableError as exc:
        yield Problem(path, str(exc), id=name)
        return
    if not decoded.text.strip():
        yield Problem(path, "empty file (no text)", id=name)
        return
    yield Document(id=name, source_path=path, content=decoded.text, kind=page_kind(decoded.text, path),
                   encoding=decoded.encoding, extra=decoded.notes())


def read_inputs(paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES, *,
                tally: ReadTally | None = None,
                exclude: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Document | Problem]:
    """Stream every document under `paths`. Raises InputError up front if a path does not exist.

    `tally` counts what was passed over (non-article archive records, the output
    folder); `exclude` lists folders never read (the run's own output).
    """
    roots = [Path(p) for p in paths]
    missing = [str(p) for p in roots if not os.path.lexists(p)]
    if missing:
        raise InputError(f"input not found: {', '.join(missing)}")
    exclude = list(exclude)
    for root in roots:
        for found in iter_input_files(root, exclude, tally):
            if found.error:
                yield Problem(found.path, found.error, id=found.name)
            else:
                for item in read_file(found.path, found.name, max_bytes, tally):
                    yield _printable(item)


def _printable_name(name: str | None) -> str | None:
    """A file name with bytes that are not UTF-8 (kept by the OS as surrogates) written as \\xNN escapes."""
    if name is None or name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _printable(item: Document | Problem) -> Document | Problem:
    """Ids and paths that every output (JSON, SQLite, Parquet) can hold, whatever the file names."""
    item.id = _printable_name(item.id)  # type: ignore[assignment]
    if isinstance(item, Document):
        item.source_path = _printable_name(item.source_path)  # type: ignore[assignment]
    else:
        item.file = _printable_name(item.file)  # type: ignore[assignment]
    return item
