"""Real captures in: how many HTML responses each reader recovers from warcio's sample WARC/ARC files.

newsmill's readers beside the two libraries they build on, each used the plain way
(warcio's ArchiveIterator with content_stream(), which undoes chunking and gzip;
FastWARC's ArchiveIterator with auto_decode="all"). A page counts when its body
decodes to HTML holding "</html>" (whole, not cut). Data: ../shared/bench/warc/warcio-samples.

    .venv/bin/python -m benchmarks.warc_samples
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Callable

from benchmarks.common import find_shared
from newsmill.readers import Document, ReadTally, read_file


def whole_page(body: bytes | str) -> bool:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return "</html>" in text.lower()


def newsmill_pages(path: Path) -> int:
    return sum(1 for item in read_file(str(path), path.name, tally=ReadTally())
               if isinstance(item, Document) and item.kind == "html" and whole_page(item.content))


def warcio_pages(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as stream:
        for rec in ArchiveIterator(stream, arc2warc=True):
            if rec.rec_type in ("response", "resource") and whole_page(rec.content_stream().read()):
                count += 1
    return count


def fastwarc_pages(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator

    count = 0
    with open(path, "rb") as stream:
        for rec in ArchiveIterator(stream, parse_http=True, auto_decode="all"):
            if str(rec.record_type) in ("response", "resource") and whole_page(rec.reader.read()):
                count += 1
    return count


def attempt(reader: Callable[[Path], int], path: Path) -> str:
    try:
        return str(reader(path))
    except Exception as exc:  # noqa: BLE001 - a reader that gives up on a file is what this table shows
        return f"error ({type(exc).__name__})"


def main() -> int:
    shared = find_shared()
    folder = shared / "bench" / "warc" / "warcio-samples" if shared else None
    if folder is None or not folder.is_dir():
        print("warcio-samples not found under ../shared/bench/warc", file=sys.stderr)
        return 1
    logging.disable(logging.WARNING)  # warcio logs every URI it repairs
    readers = (("newsmill", newsmill_pages), ("warcio", warcio_pages), ("FastWARC", fastwarc_pages))
    totals = dict.fromkeys((name for name, _ in readers), 0)
    print("| file | " + " | ".join(name for name, _ in readers) + " |")
    print("|---|" + "---|" * len(readers))
    for path in sorted(p for p in folder.iterdir() if ".warc" in p.name or ".arc" in p.name):
        cells = [attempt(reader, path) for _, reader in readers]
        for (name, _), cell in zip(readers, cells):
            totals[name] += int(cell) if cell.isdigit() else 0
        print(f"| {path.name} | " + " | ".join(cells) + " |")
    print("| **whole HTML pages** | " + " | ".join(str(totals[name]) for name, _ in readers) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
