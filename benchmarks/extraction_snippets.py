"""trafilatura's evaluation pages: loading, snippet scoring and title agreement with og:title.

The metric is the one trafilatura's own evaluation uses (see the set's README): whitespace-normalise the
main text and each snippet; a `with` snippet found is a true positive, missed a false negative; a
`without` snippet found is a false positive, absent a true negative; counts summed over all pages.
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from benchmarks.common import shared_dir

_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(slots=True)
class SnippetCounts:
    """True/false positives and negatives of the snippet metric, summable over pages."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: "SnippetCounts") -> "SnippetCounts":
        return SnippetCounts(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)

    def prf(self) -> tuple[float, float, float, float]:
        """(precision, recall, F1, accuracy)."""
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        f1 = 2 * self.tp / max(2 * self.tp + self.fp + self.fn, 1)
        acc = (self.tp + self.tn) / max(self.tp + self.tn + self.fp + self.fn, 1)
        return p, r, f1, acc


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def snippet_counts(text: str, with_: list[str], without: list[str]) -> SnippetCounts:
    """One page's counts; an empty text misses every `with` snippet and contains no `without` one."""
    flat = normalise(text)
    counts = SnippetCounts()
    for snippet in with_:
        if flat and normalise(snippet) in flat:
            counts.tp += 1
        else:
            counts.fn += 1
    for snippet in without:
        if flat and normalise(snippet) in flat:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


def site_of(key: str, url: str) -> str:
    """The site a page belongs to (URL host without www.; the file name's prefix for 'hard::' pages)."""
    host = urlsplit(url).hostname if url.startswith(("http://", "https://")) else None
    if not host:
        host = key.split("-")[0].split("_")[0]
    return host.removeprefix("www.")


def decode(data: bytes) -> str:
    from newsmill.readers.decode import decode_bytes
    return decode_bytes(data)[0]


def load_eval_pages(limit: int | None = None) -> list[dict]:
    """The pages in file-name order: id, url (None where the set has none), site, html, with, without."""
    data = shared_dir() / "bench" / "extraction" / "trafilatura-eval"
    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    keys = sorted(gold)[:limit] if limit else sorted(gold)
    pages = []
    for key in keys:
        item = gold[key]
        url = item.get("url") or ""
        pages.append({"id": key, "url": url if url.startswith(("http://", "https://")) else None,
                      "site": site_of(key, url), "with": item.get("with", []), "without": item.get("without", []),
                      "html": decode(gzip.decompress((data / "html" / f"{key}.gz").read_bytes()))})
    return pages


def og_title(html: str) -> str | None:
    """The page's og:title, read with a parser of its own (not newsmill's metadata code)."""
    import lxml.html
    try:  # bytes with the encoding named: a str with an XML declaration is refused, and bytes
        # alone would be decoded by the page's (often wrong) charset declaration
        tree = lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return None
    for node in tree.iter("meta"):
        if (node.get("property") or node.get("name") or "").strip().lower() == "og:title":
            value = normalise(node.get("content") or "")
            return value or None
    return None


def _title_key(text: str) -> str:
    return _EDGE.sub("", unicodedata.normalize("NFKC", normalise(text)).casefold())


_SEGMENT_SEP = re.compile(r"\s+(?:[|\-–—:·»/•~]|::)\s+")


def _edge_segments(text: str) -> set[str]:
    """The keys of the text's leading and trailing runs of separator-delimited segments
    ("Headline - Site" -> "headline", "site", "headline - site")."""
    parts = _SEGMENT_SEP.split(text)
    runs = [" - ".join(parts[:k]) for k in range(1, len(parts))] + [" - ".join(parts[k:]) for k in range(1, len(parts))]
    return {_title_key(run) for run in runs} - {""}


def title_agrees(title: str | None, reference: str) -> bool:
    """Same title, up to case, spacing and edge punctuation; or one is the other with a leading or trailing
    segment cut ("Headline | Site"); or one holds the other and is at least 60% of its length."""
    if not title:
        return False
    a, b = _title_key(title), _title_key(reference)
    if not a or not b:
        return False
    if a == b or a in _edge_segments(reference) or b in _edge_segments(title):
        return True
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)
