import csv
import json

import pyarrow.parquet as pq

from newsmill.article import Article, Quote
from newsmill.store import Store, export
from newsmill.store.exports import PARQUET_SCHEMA


def test_exports_in_every_format(tmp_path):
    with Store.in_dir(tmp_path) as store:
        store.put_articles([
            Article(id="a", source_path="x", title="T", body=["p1", "p2"], extra={"desk": "city"},
                    quotes=[Quote("hello there", "Ana")]),
            Article(id="b", source_path="y", body=["q"], duplicate_of="a", dup_kind="exact", dup_similarity=1.0),
        ])
        assert export(store, "jsonl", tmp_path / "a.jsonl") == 2
        assert export(store, "parquet", tmp_path / "a.parquet") == 2
        assert export(store, "csv", tmp_path / "a.csv") == 2
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert rows[0]["body"] == ["p1", "p2"] and rows[1]["duplicate_of"] == "a"
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.schema.equals(PARQUET_SCHEMA, check_metadata=False)
    assert table.column("quotes").to_pylist()[0][0]["speaker"] == "Ana"
    assert json.loads(table.column("extra").to_pylist()[0]) == {"desk": "city"}
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert records[0]["text"] == "p1\n\np2" and records[1]["dup_kind"] == "exact"
