"""Site templates in a run: short lines that repeat across many different articles of one site.

No per-page extractor can see these; a corpus can. A line counts once per group of copies (pages
sharing a long line are one article copied), so an article copied five times never loses its own
paragraphs; only lines on several *different* articles of the site (menus, footers, teasers) go.
Kept lines found to be template move to `dropped` with kind `template`. The counts are a `TemplateState`
kept by the engine, so with `newsmill run --append` they carry over; when a line becomes template for a
site, `learn` names that site as touched and the engine re-applies the step to its stored articles only.
"""
from __future__ import annotations

import json
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from ..article import Article, Dropped
from ..article import site_of
from ..dedup.templates import normalize_line
from ..steps import CorpusStep, Learned, Recall, State, Touched

MAX_WORDS = 25        # a template line is short
MIN_ARTICLES = 3      # seen on at least this many different articles of the site...
MIN_SHARE = 0.1       # ...and on at least this share of the site's articles
MAX_STORED_LINES = 50_000  # per site, kept in the store for --append


def _key(line: str) -> int | None:
    if line.isascii():  # most lines: split at most MAX_WORDS times, so a long line costs no full normalize
        words = line.split(None, MAX_WORDS)
        if not words or len(words) > MAX_WORDS:
            return None
        return zlib.crc32(" ".join(words).lower().encode("ascii"))
    norm = normalize_line(line)
    if not norm or norm.count(" ") >= MAX_WORDS:
        return None
    return zlib.crc32(norm.encode("utf-8"))


def _long_key(line: str) -> int | None:
    norm = normalize_line(line)
    return zlib.crc32(norm.encode("utf-8")) if norm.count(" ") >= MAX_WORDS else None


def _all_lines(article: Article) -> list[str]:
    return ([article.title] if article.title else []) + article.body + article.captions + article.comments + [
        d.text for d in article.dropped]


def copy_groups(long_keys: list[np.ndarray]) -> list[int]:
    """A group number per article (given its long lines' keys): articles sharing a long line share a group."""
    parent = list(range(len(long_keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, keys in enumerate(long_keys):
        for key in keys.tolist():
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    return [find(i) for i in range(len(long_keys))]


def _template_keys(articles: int, site_counts: "Counter[int] | dict[int, int]") -> set[int]:
    """The line keys that are template for a site with this many articles and these line counts."""
    if articles < MIN_ARTICLES:
        return set()
    needed = max(MIN_ARTICLES, MIN_SHARE * articles)
    return {key for key, count in site_counts.items() if count >= needed}


@dataclass(slots=True)
class TemplateFeatures:
    """One article's site, its short lines' keys (a set) and its long body lines' keys (copy detection)."""

    site: str
    keys: np.ndarray       # uint32, unique
    long_keys: np.ndarray  # uint32, body order


@dataclass
class SiteCounts:
    """Per site: how many distinct articles were seen, and on how many of them each short line was."""

    articles: int = 0
    lines: dict[int, int] = field(default_factory=dict)

    def template_keys(self) -> frozenset[int]:
        return frozenset(_template_keys(self.articles, self.lines))


@dataclass
class TemplateState(State):
    """Line counts per site; `templates` caches each site's template keys (derived, not stored)."""

    NAME = "template"
    VERSION = 1
    sites: dict[str, SiteCounts] = field(default_factory=dict)
    templates: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    def template_of(self, site: str) -> frozenset[int]:
        if site not in self.templates:
            counts = self.sites.get(site)
            self.templates[site] = counts.template_keys() if counts else frozenset()
        return self.templates[site]

    def to_bytes(self) -> bytes:
        data = {site: {"articles": c.articles, "lines": {str(k): v for k, v in c.lines.items()}}
                for site, c in self.sites.items()}
        return zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"))

    @classmethod
    def from_bytes(cls, blob: bytes) -> "TemplateState":
        data = json.loads(zlib.decompress(blob))
        return cls({site: SiteCounts(d["articles"], {int(k): v for k, v in d["lines"].items()})
                    for site, d in data.items()})


def _keys(values) -> np.ndarray:
    return np.fromiter((v for v in values if v is not None), dtype=np.uint32)


class SiteTemplate(CorpusStep[TemplateState, TemplateFeatures]):
    """Moves lines that repeat across different articles of one site out of body, captions and comments."""

    name = "template"
    state_type = TemplateState

    def new_state(self) -> TemplateState:
        return TemplateState()

    def features(self, states: Mapping[str, State], articles: list[Article], recalled: bool = False
                 ) -> list[TemplateFeatures]:
        return [TemplateFeatures(site_of(a), np.unique(_keys(map(_key, _all_lines(a)))),
                                 _keys(map(_long_key, a.body))) for a in articles]

    def learn(self, state: TemplateState, features: list[TemplateFeatures], recall: Recall) -> Learned[TemplateState]:
        """Count each copy group's lines once per site; sites whose template set grew are touched."""
        groups = copy_groups([f.long_keys for f in features])
        group_keys: dict[tuple[str, int], set[int]] = {}
        for item, group in zip(features, groups):
            group_keys.setdefault((item.site, group), set()).update(item.keys.tolist())
        added: dict[str, tuple[int, Counter[int]]] = {}
        for (site, _), keys in group_keys.items():
            articles, counts = added.get(site, (0, Counter()))
            counts.update(keys)
            added[site] = (articles + 1, counts)
        sites = dict(state.sites)
        touched = Touched()
        for site, (articles, counts) in added.items():
            before = sites.get(site, SiteCounts())
            counts.update(before.lines)
            after = SiteCounts(before.articles + articles, dict(counts.most_common(MAX_STORED_LINES)))
            sites[site] = after
            if before.articles and after.template_keys() - before.template_keys():
                touched.sites.add(site)
        return Learned(TemplateState(sites), touched)

    def apply(self, state: TemplateState, article: Article) -> Article:
        template = state.template_of(site_of(article))
        if template:
            self._strip(article, lambda line: _key(line) in template)
        return article

    @staticmethod
    def _strip(article: Article, is_template) -> bool:
        """Move the article's template lines to `dropped`; whether anything changed."""
        moved: list[str] = []
        relabelled = False
        if article.title and is_template(article.title):
            moved.append(article.title)
            article.title = None
        for field in ("body", "captions", "comments"):
            lines = getattr(article, field)
            keep = [line for line in lines if not is_template(line)]
            if len(keep) != len(lines):
                moved += [line for line in lines if is_template(line)]
                setattr(article, field, keep)
        for dropped in article.dropped:
            if dropped.kind == "other" and is_template(dropped.text):
                dropped.kind = "template"
                relabelled = True
        article.dropped += [Dropped(line, "template") for line in moved]
        return bool(moved) or relabelled
