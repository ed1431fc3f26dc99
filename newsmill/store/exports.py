"""Exports of the stored corpus: JSONL (the Article schema), Parquet (explicit schema), CSV."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.json as pa_json
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


_RECORD_COLUMNS = pa.schema([column for column in PARQUET_SCHEMA if column.name != "extra"])
_EXTRA_COLUMN = pa.schema([PARQUET_SCHEMA.field("extra")])
_EXTRA_AT = PARQUET_SCHEMA.get_field_index("extra")
_NO_EXTRA = '{"extra":null}'


def parquet_table(articles: list[Article], records: list[str]) -> pa.Table:
    """The Parquet rows of `articles` from their JSON records (`to_dict()`, one line each), parsed by Arrow in
    C++; `extra` (any JSON object) becomes its JSON text. No Python object is made per value, and pyarrow's
    conversion of Python values, which imports pandas wherever it is installed, is not used."""
    if not records:
        return PARQUET_SCHEMA.empty_table()
    table = _read_lines(records, _RECORD_COLUMNS)
    extras = [json.dumps({"extra": json.dumps(a.extra, ensure_ascii=False)}, ensure_ascii=False) if a.extra
              else _NO_EXTRA for a in articles]
    return table.add_column(_EXTRA_AT, PARQUET_SCHEMA.field("extra"), _read_lines(extras, _EXTRA_COLUMN).column(0))


def _read_lines(lines: list[str], schema: pa.Schema) -> pa.Table:
    """JSON lines into a table of `schema`, in one block and one thread; fields not in it are skipped."""
    data = "\n".join(lines).encode("utf-8")
    read = pa_json.ReadOptions(use_threads=False, block_size=len(data) + 1)
    parse = pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")
    return pa_json.read_json(io.BytesIO(data), read_options=read, parse_options=parse)


def write_parquet(articles: Iterable[Article], path: Path) -> int:
    count = 0
    with pq.ParquetWriter(str(path), PARQUET_SCHEMA, compression="zstd") as writer:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= _BATCH:
                writer.write_table(_table_of(batch))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(_table_of(batch))
            count += len(batch)
    return count


def _table_of(articles: list[Article]) -> pa.Table:
    return parquet_table(articles, [json.dumps(a.to_dict(), ensure_ascii=False) for a in articles])


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
