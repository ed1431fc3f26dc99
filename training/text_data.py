"""Dev pages for the text-mode line scorer: each page's lines, labelled body / not body from the gold.

A line is body when it is one of the gold article's paragraphs (or lines), or a long stretch of
the gold text; short lines must match a whole gold line, so "Share" inside the gold never counts.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.common import shared_dir
from newsmill.extract.lines import split_lines


def dev_dir() -> Path:
    return shared_dir() / "bench" / "extraction" / "scrapinghub"


def load_pages() -> list[tuple[str, str, str]]:
    """(page id, flattened page text, gold body) for every dev page, sorted by id."""
    folder = dev_dir()
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((folder / "text").glob("*.txt")):
        pages.append((path.stem, path.read_text(encoding="utf-8"), gold[path.stem]["articleBody"]))
    return pages


def page_sites() -> list[str]:
    """The site (URL host) of every dev page, in `load_pages` order: CV folds group by it."""
    folder = dev_dir()
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [urlsplit(gold[path.stem]["url"]).hostname.removeprefix("www.")
            for path in sorted((folder / "text").glob("*.txt"))]


def label_lines(lines: list[str], gold: str) -> list[int]:
    """1 for each line that belongs to the gold body, else 0."""
    gold_flat = " ".join(gold.split())
    gold_lines = {" ".join(line.split()) for line in gold.splitlines() if line.strip()}
    labels = []
    for line in lines:
        if line in gold_lines:
            labels.append(1)
        elif len(line) >= 40 and line in gold_flat:
            labels.append(1)
        else:
            labels.append(0)
    return labels


def labelled_pages() -> list[tuple[str, list[str], list[int], str]]:
    """(page id, lines, labels, gold body) for every dev page."""
    out = []
    for page_id, text, gold in load_pages():
        lines = split_lines(text)
        out.append((page_id, lines, label_lines(lines, gold), gold))
    return out
