"""The five seeds through `newsmill run`, compared with the hand-made gold field by field.

Gold kind names differ from ours in two places (mapped below). Gold erratum in seed 000: its second
caption is really a body line ("Turkey must withdrawl…", which gold also lists in the body), and the
caption printed twice on the page ("A Russian peacekeeper … Lachin …") is missing from gold. We expect
the printed-twice line as the caption and the Turkey line only in the body.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

KIND_NAMES = {"accessibility-navigation": "accessibility", "font-size-widget": "widget"}
SEED_000 = "000_01ee59e59d659b5a.txt"


@pytest.fixture(scope="module")
def articles(tmp_path_factory, seeds_dir) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("seeds-run")
    proc = subprocess.run([sys.executable, "-m", "newsmill", "run", str(seeds_dir), "--out", str(out), "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def expected_captions(doc_id: str, gold_doc: dict, seed_text: str) -> list[str]:
    captions = list(gold_doc["captions"])
    if doc_id == SEED_000:  # the erratum described in the module docstring
        captions = [c for c in captions if c not in gold_doc["body"]]
        lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
        captions += [a for a, b in zip(lines, lines[1:]) if a == b and a not in captions]
    return captions


def test_every_seed_is_extracted(articles, gold):
    assert set(articles) == set(gold["documents"])


@pytest.mark.parametrize("doc_id", sorted(["000_01ee59e59d659b5a.txt", "001_98a7db490f32b566.txt",
                                           "002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt",
                                           "004_76cf9ad062647976.txt"]))
def test_seed_matches_gold(doc_id, articles, gold, seeds_dir):
    expected, got = gold["documents"][doc_id], articles[doc_id]
    seed_text = (seeds_dir / doc_id).read_text(encoding="utf-8")
    assert got["body"] == expected["body"]
    assert got["title"] == expected["title"]
    assert got["subtitle"] == expected.get("subtitle")
    assert got["captions"] == expected_captions(doc_id, expected, seed_text)
    assert got["comments"] == expected.get("comments", [])
    assert [(d["text"], d["kind"]) for d in got["dropped"]] == [
        (b["line"], KIND_NAMES.get(b["kind"], b["kind"])) for b in expected["boilerplate"]]
    assert got["published"] == expected["date"]
    assert got["dateline"] == expected["dateline"]
    assert got["source_name"] == expected["source"]
