"""Builders for real input files the tests write: WARC archives, gzip files, JSONL dumps, generated corpora."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def html_page(title: str, paragraphs: list[str], charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], *, compress: bool = True) -> bytes:
    """Write a WARC of HTTP responses (url, payload, content type); returns the bytes written."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, payload, content_type in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
    data = buffer.getvalue()
    path.write_bytes(data)
    return data


def write_gzip(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data))


def write_jsonl(path: Path, records: list[dict | str]) -> None:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


ARTICLE_PARAGRAPHS = [
    "The city council voted on Tuesday to expand the tram network across the river, officials said.",
    "The plan adds eleven stations and is expected to cost about 400 million euros over six years.",
    "Opponents argued that the money would be better spent on buses, which serve more districts.",
]


def generated_corpus(path: Path, first: int, count: int) -> str:
    """A JSONL of the benchmark's generated crawl-like documents `first`.. (benchmarks/dedup_data.py)."""
    from benchmarks.dedup_data import make_document
    with open(path, "w", encoding="utf-8") as out:
        for i in range(first, first + count):
            doc = make_document(i)
            out.write(json.dumps({"id": doc["id"], "url": f"https://{doc['site']}/{doc['id']}", "text": doc["text"]}) + "\n")
    return str(path)


def windowed_pipeline(window: int = 60, grouper=None):
    """The default pipeline with a small stories window, so a small corpus has several windows (`grouper`: a
    StoryGrouper subclass to use instead)."""
    from newsmill.describe import Describer
    from newsmill.dedup import DuplicateFinder
    from newsmill.engine.pipeline import Pipeline
    from newsmill.extract import AutoExtractor
    from newsmill.quotes import QuoteFinder
    from newsmill.site_template import SiteTemplate
    from newsmill.stories import StoryGrouper
    return Pipeline(AutoExtractor("auto"), [Describer(), SiteTemplate(), DuplicateFinder(), QuoteFinder(),
                                            (grouper or StoryGrouper)(window=window)])
