"""Site templates: one learner of per-site line statistics, serving extraction and dedup.

No per-page extractor can see a site's menus, footers and teasers; a corpus can. For every site the
state counts on how many different articles each short line was seen. A line counts once per group
of copies (pages sharing a long line, or made of short lines only and sharing their longest one, are
one article copied), so an article copied five times never loses its own lines. Two rules read the
same counts:
- extraction (`TemplateState.template_of`): a line on at least MIN_ARTICLES articles and MIN_SHARE of
  the site's leaves body, captions, comments or title for `dropped` with kind `template`;
- dedup (`TemplateState.boilerplate_of`): a line on at least DEDUP_MIN_ARTICLES articles and
  DEDUP_MIN_SHARE of a large site ("Related: <headline>") is left out of the text dedup shingles.
The counts are kept by the engine, so with `newsmill run --append` they carry over; when a line becomes
template for a site, `learn` names that site as touched and the engine re-applies the step to its
stored articles only. `line_key` is the one key of a line, for both rules.
"""
from __future__ import annotations

import json
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from .article import Article, Dropped, normalize_text, normalized_hash, site_of
from .blobs import squeeze, unsqueeze
from .steps import CorpusStep, Learned, Recall, State, Touched

MAX_WORDS = 25        # a template line is short: navigation, footers, teaser headlines
MIN_ARTICLES = 3      # extraction: seen on at least this many different articles of the site...
MIN_SHARE = 0.1       # ...and on at least this share of the site's articles
DEDUP_MIN_ARTICLES = 5     # dedup: seen on at least this many different articles of the site...
DEDUP_MIN_SHARE = 0.002    # ...and on at least this share of them (teasers on a large site)
MAX_STORED_LINES = 50_000  # per site, kept in the store for --append
_ASCII_SPACE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"   # what str.split() splits on, in ASCII


def line_key(line: str) -> int | None:
    """A stable key of a short line (crc32 of its normalized text); None for a line of more than MAX_WORDS words."""
    words = line.split(None, MAX_WORDS)   # at most MAX_WORDS splits: a long line costs no full split
    if not words or len(words) > MAX_WORDS:
        return None
    if line.isascii():   # its normalized text, without a second split
        return zlib.crc32(" ".join(words).lower().encode("ascii"))
    return normalized_key(normalize_text(line))   # NFKC may split a word


def normalized_key(norm: str) -> int | None:
    """`line_key` of a line given its `normalize_text`: where the normalized text is needed anyway."""
    if not norm or norm.count(" ") >= MAX_WORDS:
        return None
    return zlib.crc32(norm.encode("utf-8"))


def article_lines(article: Article) -> list[str]:
    """The non-empty lines of an article's body, in order (a paragraph may hold several)."""
    return _body_lines(article.body)[0]


def _body_lines(body: list[str]) -> tuple[list[str], bool]:
    """The non-empty lines of a body, and whether a paragraph held several."""
    lines: list[str] = []
    split = False
    for paragraph in body:
        if "\n" in paragraph:
            lines += [line for line in paragraph.split("\n") if line and not line.isspace()]
            split = True
        elif paragraph and not paragraph.isspace():   # the same test as line.strip(), without a copy
            lines.append(paragraph)
    return lines, split


def copy_groups(copy_keys: list[np.ndarray]) -> list[int]:
    """A group number per article (given its copy keys): articles sharing a copy key share a group."""
    parent = list(range(len(copy_keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, keys in enumerate(copy_keys):
        for key in keys.tolist():
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    return [find(i) for i in range(len(copy_keys))]


@dataclass(slots=True)
class TemplateFeatures:
    """One article's site, its short lines' keys (a set), and its copy keys (long body lines, else the longest)."""

    site: str
    keys: np.ndarray       # uint32, distinct
    copy_keys: np.ndarray  # uint32, distinct


def _no_keys() -> np.ndarray:
    return np.empty(0, np.uint32)


@dataclass(eq=False)
class SiteCounts:
    """Per site: how many distinct articles were seen, and on how many of them each short line was: the lines'
    keys and counts as parallel arrays, most frequent first (8 bytes a line, not a dict entry's hundred)."""

    articles: int = 0
    keys: np.ndarray = field(default_factory=_no_keys)     # uint32
    counts: np.ndarray = field(default_factory=_no_keys)   # uint32

    @classmethod
    def from_lines(cls, articles: int, lines: Mapping[int, int]) -> "SiteCounts":
        """From line key -> count, in the mapping's order."""
        return cls(articles, np.fromiter(lines.keys(), np.uint32, len(lines)),
                   np.fromiter(lines.values(), np.uint32, len(lines)))

    def lines(self) -> dict[int, int]:
        """Line key -> count, most frequent first (the order the counts were kept in)."""
        return dict(zip(self.keys.tolist(), self.counts.tolist()))

    def template_keys(self) -> frozenset[int]:
        return self._frequent(MIN_ARTICLES, MIN_SHARE)

    def boilerplate_keys(self) -> frozenset[int]:
        return self._frequent(DEDUP_MIN_ARTICLES, DEDUP_MIN_SHARE)

    def _frequent(self, least: int, share: float) -> frozenset[int]:
        """The line keys seen on at least `least` articles and `share` of the site's articles."""
        if self.articles < least:
            return frozenset()
        return frozenset(self.keys[self.counts >= max(least, share * self.articles)].tolist())

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SiteCounts) and self.articles == other.articles
                and np.array_equal(self.keys, other.keys) and np.array_equal(self.counts, other.counts))


@dataclass
class TemplateState(State):
    """Line counts per site; the caches hold each site's derived key sets (not stored)."""

    NAME = "template"
    VERSION = 1
    sites: dict[str, SiteCounts] = field(default_factory=dict)
    templates: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    boilerplates: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    kept_boilerplates: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)  # not template

    def template_of(self, site: str) -> frozenset[int]:
        """The keys extraction moves out of the site's articles."""
        if site not in self.templates:
            counts = self.sites.get(site)
            self.templates[site] = counts.template_keys() if counts else frozenset()
        return self.templates[site]

    def boilerplate_of(self, site: str) -> frozenset[int]:
        """The keys dedup leaves out of the site's texts."""
        if site not in self.boilerplates:
            counts = self.sites.get(site)
            self.boilerplates[site] = counts.boilerplate_keys() if counts else frozenset()
        return self.boilerplates[site]

    def compared_lines(self, article: Article) -> tuple[list[str], int]:
        """The body lines dedup compares (the site's boilerplate left out, unless nothing else would remain),
        and how many were left out. The article is one this state was applied to."""
        lines, split = _body_lines(article.body)
        site = site_of(article)
        boilerplate = self.boilerplate_of(site)
        if boilerplate and not split:   # `apply` moved out every whole paragraph that is template
            if site not in self.kept_boilerplates:
                self.kept_boilerplates[site] = boilerplate - self.template_of(site)
            boilerplate = self.kept_boilerplates[site]
        if not boilerplate:
            return lines, 0
        key = line_key
        kept = [line for line in lines if key(line) not in boilerplate]
        return (kept, len(lines) - len(kept)) if kept else (lines, 0)

    def to_bytes(self) -> bytes:
        """A JSON line (each site, its article count and number of lines), then every key and every count
        (uint32, little-endian) end to end, compressed."""
        head = [[site, c.articles, len(c.keys)] for site, c in self.sites.items()]
        keys = [c.keys.astype("<u4", copy=False) for c in self.sites.values()]
        counts = [c.counts.astype("<u4", copy=False) for c in self.sites.values()]
        packed = np.concatenate(keys + counts) if head else _no_keys()
        return squeeze(_PACKED + json.dumps(head, separators=(",", ":")).encode("utf-8") + b"\n" + packed.tobytes())

    @classmethod
    def from_bytes(cls, blob: bytes) -> "TemplateState":
        raw = unsqueeze(blob)
        if not raw.startswith(_PACKED):   # written as JSON before: site -> articles, lines
            return cls({site: SiteCounts.from_lines(d["articles"], {int(k): v for k, v in d["lines"].items()})
                        for site, d in json.loads(raw).items()})
        end = raw.index(b"\n", len(_PACKED))
        head = json.loads(raw[len(_PACKED):end])
        numbers = np.frombuffer(raw, dtype="<u4", offset=end + 1).astype(np.uint32, copy=False)
        total = len(numbers) // 2
        sites, at = {}, 0
        for site, articles, size in head:
            sites[site] = SiteCounts(articles, numbers[at:at + size], numbers[total + at:total + at + size])
            at += size
        return cls(sites)


_PACKED = b"#packed\n"   # the packed form's first line (the JSON form starts with "{")


def _keys(values) -> np.ndarray:
    """The distinct keys among `values` (None left out), as a compact array."""
    unique = set(values)
    unique.discard(None)
    return np.fromiter(unique, dtype=np.uint32, count=len(unique))


def _line_keys(line: str) -> tuple[int | None, int | None]:
    """(`line_key`, None) for a short line, (None, copy key) for a long one: its words, case-folded, run together."""
    words = line.split(None, MAX_WORDS)
    if not words:
        return None, None
    if len(words) <= MAX_WORDS:
        if line.isascii():
            return zlib.crc32(" ".join(words).lower().encode("ascii")), None
        norm = normalize_text(line)
        if norm.count(" ") < MAX_WORDS:
            return zlib.crc32(norm.encode("utf-8")), None
    elif line.isascii():   # bytes: three passes in C, no word list
        return None, zlib.crc32(line.encode("ascii").lower().translate(None, _ASCII_SPACE))
    else:
        norm = normalize_text(line)
    return None, zlib.crc32(norm.replace(" ", "").encode("utf-8"))


def _features(article: Article) -> TemplateFeatures:
    """Every line's key, computed once; the copy keys are the long body lines', else the longest line's."""
    body_keys, long_keys = zip(*map(_line_keys, article.body)) if article.body else ((), ())
    others = ([article.title] if article.title else []) + article.captions + article.comments + [
        d.text for d in article.dropped]
    copy_keys = _keys(long_keys)
    if not len(copy_keys) and article.body:
        copy_keys = _keys([body_keys[article.body.index(max(article.body, key=len))]])
    return TemplateFeatures(site_of(article), _keys([*body_keys, *map(line_key, others)]), copy_keys)


class SiteTemplate(CorpusStep[TemplateState, TemplateFeatures]):
    """Learns each site's repeated lines; applying it moves template lines to `dropped` and sets the body hash."""

    name = "template"
    state_type = TemplateState

    def new_state(self) -> TemplateState:
        return TemplateState()

    def features(self, states: Mapping[str, State], articles: list[Article], recalled: bool = False
                 ) -> list[TemplateFeatures]:
        return [_features(article) for article in articles]

    def learn(self, state: TemplateState, features: list[TemplateFeatures], recall: Recall) -> Learned[TemplateState]:
        """Count each copy group's lines once per site; sites whose template set grew are touched."""
        groups = copy_groups([f.copy_keys for f in features])
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
            counts.update(before.lines())
            after = SiteCounts.from_lines(before.articles + articles, dict(counts.most_common(MAX_STORED_LINES)))
            sites[site] = after
            if before.articles and after.template_keys() - before.template_keys():
                touched.sites.add(site)
        return Learned(TemplateState(sites), touched)

    def apply(self, state: TemplateState, article: Article) -> Article:
        """The body is final from here on: template lines out, then its hash set once, here."""
        template = state.template_of(site_of(article))
        norms = [normalize_text(line) for line in article.body]   # once, for the keys and the hash
        if template:
            norms = _strip(article, template, norms)
        article.content_hash = normalized_hash(norms) if article.body else None
        return article


def _strip(article: Article, template: frozenset[int], norms: list[str]) -> list[str]:
    """Move the article's template lines to `dropped`; the kept body paragraphs' normalized texts."""
    moved: list[str] = []
    if article.title and line_key(article.title) in template:
        moved.append(article.title)
        article.title = None
    crc32 = zlib.crc32
    in_template = [bool(norm) and norm.count(" ") < MAX_WORDS and crc32(norm.encode("utf-8")) in template
                   for norm in norms]   # `normalized_key(norm) in template`, inlined: it runs per paragraph
    if any(in_template):
        moved += [line for line, out in zip(article.body, in_template) if out]
        article.body = [line for line, out in zip(article.body, in_template) if not out]
        norms = [norm for norm, out in zip(norms, in_template) if not out]
    for field in ("captions", "comments"):
        lines = getattr(article, field)
        keep = [line for line in lines if line_key(line) not in template]
        if len(keep) != len(lines):
            moved += [line for line in lines if line_key(line) in template]
            setattr(article, field, keep)
    for dropped in article.dropped:
        if dropped.kind == "other" and line_key(dropped.text) in template:
            dropped.kind = "template"
    article.dropped += [Dropped(line, "template") for line in moved]
    return norms
