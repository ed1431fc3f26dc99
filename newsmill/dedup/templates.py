"""Site templates: short lines repeated across many documents of one site, removed before shingling.

Counting is per site (host of the URL, else the input file or folder), never over the
whole corpus: an article copied five times must not lose its own lines, only a site's
header, footer and "Trending" links should go.
"""
from __future__ import annotations

import json
import unicodedata
import zlib
from collections import Counter

from ..article import Article
from ..steps import State

MAX_TEMPLATE_WORDS = 25   # a template line is short: navigation, footers, teaser headlines
MIN_TEMPLATE_DOCS = 5     # seen in at least this many documents of the site...
MIN_TEMPLATE_SHARE = 0.002  # ...and in at least this share of them (large sites)
MAX_LEARN_DOCS = 20_000   # documents per site learned from: templates are frequent, a sample finds them


def article_lines(article: Article) -> list[str]:
    """The non-empty lines of an article's body, in order."""
    lines: list[str] = []
    for paragraph in article.body:
        if "\n" in paragraph:
            lines += [line for line in paragraph.split("\n") if line and not line.isspace()]
        elif paragraph and not paragraph.isspace():   # the same test as line.strip(), without a copy
            lines.append(paragraph)
    return lines


def normalize_line(line: str) -> str:
    """`article.normalize_text` (NFKC, case-folded, whitespace collapsed), without a regex: it runs per line."""
    if not line.isascii():
        line = unicodedata.normalize("NFKC", line)
    return " ".join(line.casefold().split())


def line_key(line: str) -> int | None:
    """A stable key for a candidate template line, None when the line is too long to be one."""
    if line.isascii():  # most lines: split at most MAX_TEMPLATE_WORDS times, so a long line costs no full split
        words = line.split(None, MAX_TEMPLATE_WORDS)
        if not words or len(words) > MAX_TEMPLATE_WORDS or line.count(" ") > 3 * MAX_TEMPLATE_WORDS:
            return None
        return zlib.crc32(" ".join(words).lower().encode("ascii"))
    if line.count(" ") > 3 * MAX_TEMPLATE_WORDS:
        return None
    norm = normalize_line(line)
    if not norm or norm.count(" ") >= MAX_TEMPLATE_WORDS:
        return None
    return zlib.crc32(norm.encode("utf-8"))


def line_keys(lines: list[str]) -> list[int | None]:
    return [line_key(line) for line in lines]


def fingerprint(lines: list[str]) -> int:
    """Which article a document carries, roughly: its longest line. Copies of one article share it."""
    return zlib.crc32(max(lines, key=len).encode("utf-8")) if lines else 0


class SiteTemplates(State):
    """Per-site counts of the articles a short line appears with; a line frequent enough on its site is template.

    A line is counted once per distinct article (document `fingerprint`) until it reaches
    MIN_TEMPLATE_DOCS, so six copies of one article do not make its short lines template.
    """

    NAME = "dedup-templates"
    VERSION = 1

    def __init__(self) -> None:
        self.docs: Counter[str] = Counter()
        self.counts: dict[str, dict[int, int]] = {}
        self.seen_with: dict[str, dict[int, tuple[int, ...]]] = {}  # fingerprints met, while below the minimum

    def learn(self, site: str, keys: list[int | None], doc_fingerprint: int = 0) -> None:
        """Count one document's lines (their `line_keys`) for its site."""
        if self.docs[site] >= MAX_LEARN_DOCS:
            return
        self.docs[site] += 1
        counts = self.counts.setdefault(site, {})
        seen_with = self.seen_with.setdefault(site, {})
        for key in set(keys):
            if key is None:
                continue
            count = counts.get(key, 0)
            if count < MIN_TEMPLATE_DOCS:
                met = seen_with.get(key, ())
                if doc_fingerprint in met:
                    continue
                if count + 1 < MIN_TEMPLATE_DOCS:
                    seen_with[key] = met + (doc_fingerprint,)
                else:
                    seen_with.pop(key, None)
            counts[key] = count + 1

    def is_template(self, site: str, key: int | None) -> bool:
        if key is None:
            return False
        seen = self.counts.get(site, {}).get(key, 0)
        return seen >= MIN_TEMPLATE_DOCS and seen >= MIN_TEMPLATE_SHARE * self.docs[site]

    def strip(self, site: str, lines: list[str], keys: list[int | None] | None = None) -> list[str]:
        """The lines that are not the site's template; all of them when nothing else would remain."""
        counts = self.counts.get(site)
        if not counts:
            return lines
        least = max(MIN_TEMPLATE_DOCS, MIN_TEMPLATE_SHARE * self.docs[site])
        keys = line_keys(lines) if keys is None else keys
        kept = [line for line, key in zip(lines, keys) if key is None or counts.get(key, 0) < least]
        return kept or lines

    def to_json(self) -> str:
        # Only lines seen twice or more can ever become template; singletons are dropped to keep the state small.
        return json.dumps({site: {"docs": self.docs[site],
                                  "lines": {str(k): v for k, v in counts.items() if v >= 2},
                                  "seen_with": {str(k): list(v) for k, v in self.seen_with.get(site, {}).items()
                                                if len(v) >= 2}}
                           for site, counts in self.counts.items()})

    def to_bytes(self) -> bytes:
        return zlib.compress(self.to_json().encode("utf-8"))

    @classmethod
    def from_bytes(cls, blob: bytes) -> "SiteTemplates":
        return cls.from_json(zlib.decompress(blob).decode("utf-8"))

    @classmethod
    def from_json(cls, text: str) -> "SiteTemplates":
        templates = cls()
        for site, data in json.loads(text).items():
            templates.docs[site] = data["docs"]
            templates.counts[site] = {int(k): v for k, v in data["lines"].items()}
            templates.seen_with[site] = {int(k): tuple(v) for k, v in data.get("seen_with", {}).items()}
        return templates
