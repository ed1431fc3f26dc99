"""Dedup benchmark: newsmill beside datasketch, rensa and brute-force containment.

1. Quality on the dev set (wikinews-crawlvariants): pair P/R/F1 after clustering, ARI, per-variant recall;
   then the same on held-out variants of other articles (benchmarks/dedup_heldout.py).
2. Speed and peak memory on generated documents (each tool in its own subprocess).

    .venv/bin/python -m benchmarks.dedup                 # both parts, 20,000 generated documents
    .venv/bin/python -m benchmarks.dedup --quality       # dev set and held-out set only
    .venv/bin/python -m benchmarks.dedup --speed 20000 100000 --tools newsmill
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.common import machine_line, markdown_table, shared_dir
from benchmarks.dedup_scoring import pairs_of, score, variant_recall
from benchmarks.dedup_tools import METHODS


def load_dev(path: Path | None = None) -> list[dict]:
    path = path or shared_dir() / "bench" / "dedup" / "wikinews-crawlvariants" / "docs.jsonl"
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def pipeline_score(docs: list[dict]) -> tuple[float, float, float, float]:
    """The dedup stage as a run uses it: on extracted articles (body without the page's furniture)."""
    import tempfile

    import newsmill
    path = shared_dir() / "bench" / "dedup" / "wikinews-crawlvariants" / "docs.jsonl"
    gold = {d["id"]: d["cluster"] for d in docs}
    with tempfile.TemporaryDirectory() as out:
        newsmill.run([path], out, progress=False)
        with open(Path(out) / "articles.jsonl", encoding="utf-8") as handle:
            articles = [json.loads(line) for line in handle]
    return score([a["duplicate_of"] or a["id"] for a in articles], [gold[a["id"]] for a in articles])


def quality(methods: list[str]) -> None:
    docs = load_dev()
    texts, gold = [d["text"] for d in docs], [d["cluster"] for d in docs]
    print(f"## Dev set: {len(docs)} documents, {len(pairs_of(gold))} gold duplicate pairs\n")
    rows = []
    newsmill_labels = None
    for name in methods:
        started = time.perf_counter()
        labels = METHODS[name](texts)
        seconds = time.perf_counter() - started
        if name == "newsmill":
            newsmill_labels = labels
        rows.append([name, *score(labels, gold), len(texts) / seconds])
    rows.append(["newsmill, whole pipeline (`newsmill run docs.jsonl`: extract, then dedup)", *pipeline_score(docs),
                 ""])
    print(markdown_table(["method", "P", "R", "F1", "ARI", "docs/s"], rows))
    if newsmill_labels is not None:
        print("\nnewsmill recall per variant (gold pairs touching the variant):")
        print(markdown_table(["variant", "recall"], [[k, v] for k, v in variant_recall(newsmill_labels, docs).items()]))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", action="store_true", help="only the dev-set quality table")
    parser.add_argument("--speed", nargs="*", type=int, help="only speed/memory, at these document counts")
    parser.add_argument("--tools", nargs="*", help="methods for the speed table (default: all)")
    args = parser.parse_args()
    print(f"machine: {machine_line()}\n")
    if args.speed is None or args.quality:
        quality(list(METHODS))
        from benchmarks.dedup_heldout import main as heldout
        heldout(header=False)
        print()
    if not args.quality:
        try:
            from benchmarks.dedup_speed import speed
        except ImportError:
            print("speed part: not yet available")
            return
        speed(args.speed or [20_000], args.tools)


if __name__ == "__main__":
    main()
