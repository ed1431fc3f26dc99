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


def test_parquet_rows_hold_every_field_as_the_article_has_it_and_need_no_pandas(tmp_path):
    import subprocess
    import sys
    script = f"""
import json, sys
import pyarrow.parquet as pq
from newsmill.article import Article, Dropped, Entity, Quote
from newsmill.store.exports import write_parquet
articles = [Article(id="a", source_path="x", record=3, title="T\\u2028 ü", body=["p1\\tx", "p2"], captions=["c"],
                    dropped=[Dropped("Menu", "navigation")], quotes=[Quote("hi", "Ana", "she", "said", "direct", 0, 1, 3)],
                    entities=[Entity("Ana", "PERSON", 2)], extra={{"desk": "cité", "n": [1]}}, dup_similarity=1.0),
            Article(id="b", source_path="y")]
write_parquet(articles, {str(tmp_path / "p.parquet")!r})
print("pandas" in sys.modules)   # written without it (reading it back below may load it)
rows = pq.read_table({str(tmp_path / "p.parquet")!r}).to_pylist()
for row, article in zip(rows, articles):
    expected = article.to_dict()
    expected["extra"] = json.dumps(expected["extra"], ensure_ascii=False) if expected["extra"] else None
    assert row == expected, (row, expected)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
