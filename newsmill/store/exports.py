"""Exports of the stored corpus: JSONL (the Article schema), Parquet (explicit schema), CSV."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..article import Article
from .sqlite import Store

FORMATS = ("jsonl", "parquet", "csv")
_STR = pa.string()
_DROPPED = pa.struct([("text", _STR), ("kind", _STR)])
_QUOTE = pa.struct([("text", _STR), ("speaker", _STR), ("speaker_mention", _STR), ("cue", _STR),
                    ("kind", _STR), ("paragraph", pa.int32()), ("start", pa.int32()), ("end", pa.int32())])
_ENTITY = pa.struct([("text", _STR), ("label", _STR), ("count", pa.int32())])

# One column per Article field; `extra` holds arbitrary input fields, so it is JSON text.
PARQUET_SCHEMA = pa.schema([
    ("id", _STR), ("source_path", _STR), ("record", pa.int64()), ("url", _STR), ("input_format", _STR),
    ("title", _STR), ("subtitle", _STR), ("body", pa.list_(_STR)), ("captions", pa.list_(_STR)),
    ("comments", pa.list_(_STR)), ("dropped", pa.list_(_DROPPED)), ("published", _STR), ("dateline", _STR),
    ("source_name", _STR), ("authors", pa.list_(_STR)), ("language", _STR), ("description", _STR),
    ("content_hash", _STR), ("duplicate_of", _STR), ("dup_kind", _STR), ("dup_similarity", pa.float64()),
    ("story_id", _STR), ("thread_id", _STR), ("quotes", pa.list_(_QUOTE)), ("entities", pa.list_(_ENTITY)),
    ("extra", _STR), ("schema_version", pa.int32()),
])
_BATCH = 2000


def write_jsonl(articles: Iterable[Article], path: Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


def parquet_row(article: Article | dict) -> dict:
    """The Parquet row of an article (or of its `to_dict()`, which it takes over)."""
    row = article if isinstance(article, dict) else article.to_dict()
    row["extra"] = json.dumps(row["extra"], ensure_ascii=False) if row["extra"] else None
    return row


def write_parquet(articles: Iterable[Article], path: Path) -> int:
    count = 0
    with pq.ParquetWriter(str(path), PARQUET_SCHEMA, compression="zstd") as writer:
        batch: list[dict] = []
        for article in articles:
            batch.append(parquet_row(article))
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
            count += len(batch)
    return count


CSV_COLUMNS = ("id", "source_path", "record", "url", "title", "subtitle", "published", "dateline", "source_name",
               "authors", "language", "duplicate_of", "dup_kind", "story_id", "thread_id", "text", "captions",
               "comments", "quotes")


def write_csv(articles: Iterable[Article], path: Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for a in articles:
            writer.writerow([
                a.id, a.source_path, a.record, a.url, a.title, a.subtitle, a.published, a.dateline, a.source_name,
                "; ".join(a.authors), a.language, a.duplicate_of, a.dup_kind, a.story_id, a.thread_id,
                a.text, "\n".join(a.captions), "\n".join(a.comments),
                json.dumps([q.to_dict() for q in a.quotes], ensure_ascii=False),
            ])
            count += 1
    return count


def export(store: Store, fmt: str, path: Path) -> int:
    """Write every stored article to `path` in `fmt`; returns how many."""
    writers = {"jsonl": write_jsonl, "parquet": write_parquet, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return writers[fmt](store.iter_articles(), path)
