"""The dedup stage: exact, near, contained and updated copies, one canonical per group, nothing dropped.

Steps: strip site templates → exact hash → shingles → sampled-shingle candidates
(including the stored corpus, via the persistent index) → exact Jaccard/containment
check → hub-safe groups → canonical = most complete copy; copies get
`duplicate_of`, `dup_kind` and `dup_similarity`.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from typing import Callable

import numpy as np

from ..article import Article
from ..stage import CorpusContext, CorpusStage
from ..store.dedup_index import load_dedup_state, save_dedup_state, stored_copies
from .grouping import MIN_SHINGLES, Pair, UnionFind, group_pairs, relation
from .index import Completeness, SketchIndex
from .shingles import ShingleBatch, overlap, shingle_batch
from .templates import SiteTemplates, article_lines, fingerprint, line_keys, normalize_line, site_of

BATCH = 500             # documents shingled at once (about 1.5 MB of text)
KEEP_SHINGLES = 20_000_000  # shingles kept (8 bytes each) for the exact check; beyond, texts are shingled again


def body_hash(body: list[str]) -> str:
    """`article.content_hash` (blake2b of the normalized paragraphs), computed without a regex per paragraph."""
    digest = hashlib.blake2b(digest_size=16)
    for paragraph in body:
        digest.update(normalize_line(paragraph).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _stripped(article: Article, templates: SiteTemplates, site: str,
              keys: list[int | None] | None) -> tuple[str, Completeness]:
    """The article's text as shingled (its site's template lines removed), and its completeness so far."""
    lines = article_lines(article)
    kept = templates.strip(site, lines, keys)
    return "\n".join(kept), Completeness(int(bool(article.title)), 0, len(article.body), len(lines) - len(kept))


class _Shingles:
    """Shingle arrays by document number: kept from the first pass when small, else recomputed from text."""

    def __init__(self, text_of: Callable[[int], str], keep_limit: int = KEEP_SHINGLES) -> None:
        self.text_of = text_of
        self.keep_limit = keep_limit
        self.kept: list[tuple[int, ShingleBatch]] = []
        self.kept_values = 0

    def keep(self, first: int, batch: ShingleBatch) -> None:
        if self.kept_values + len(batch.values) <= self.keep_limit:
            self.kept.append((first, batch))
            self.kept_values += len(batch.values)

    def overlap_of(self, a: int, b: int) -> tuple[float, float, float]:
        arrays = self.get([a, b])
        return overlap(arrays[a], arrays[b])

    def get(self, numbers: list[int]) -> dict[int, np.ndarray]:
        found: dict[int, np.ndarray] = {}
        missing = []
        firsts = [first for first, _ in self.kept]  # kept in adding order, so sorted
        for n in numbers:
            slot = bisect_right(firsts, n) - 1
            if slot >= 0 and n < firsts[slot] + len(self.kept[slot][1]):
                found[n] = self.kept[slot][1].of(n - firsts[slot])
            else:
                missing.append(n)
        for start in range(0, len(missing), BATCH):
            part = missing[start:start + BATCH]
            batch = shingle_batch([self.text_of(n) for n in part])
            found.update((n, batch.of(i)) for i, n in enumerate(part))
        return found


def check_pairs(candidates: np.ndarray, shingles: _Shingles, chunk: int = 4000) -> list[Pair]:
    """Exact Jaccard and containments for candidate pairs (a, b, ...)."""
    pairs: list[Pair] = []
    for start in range(0, len(candidates), chunk):
        part = candidates[start:start + chunk]
        arrays = shingles.get(np.unique(part[:, :2]).tolist())
        for a, b in part[:, :2].tolist():
            sa, sb = arrays[a], arrays[b]
            if min(len(sa), len(sb)) < MIN_SHINGLES:
                continue
            jaccard, a_in_b, b_in_a = overlap(sa, sb)
            pairs.append(Pair(a, b, jaccard, a_in_b, b_in_a))
    return pairs


class DuplicateFinder(CorpusStage):
    """Finds every copy among the run's articles and against the stored corpus; marks copies, drops none."""

    name = "dedup"

    def __init__(self, batch_size: int = BATCH) -> None:
        self.batch_size = batch_size

    def run(self, articles: list[Article], context: CorpusContext) -> None:
        store = context.store
        if store is not None:
            index, templates = load_dedup_state(store)
            if len(index) == 0 and store.count() > 0:  # a store written before the index existed
                self._index_stored(store, index, templates)
        else:
            index, templates = SketchIndex(), SiteTemplates()
        work = [a for a in articles if a.body]
        for article in articles:
            article.duplicate_of = article.dup_kind = article.dup_similarity = None
            article.content_hash = body_hash(article.body) if article.body else None
        sites = [site_of(a) for a in work]
        keys = []  # small ints; the lines themselves are not kept
        for article, site in zip(work, sites):
            lines = article_lines(article)
            keys.append(line_keys(lines))
            templates.learn(site, keys[-1], fingerprint(lines))
        first = len(index)
        stored = _StoredArticles(store, templates)
        shingles = _Shingles(lambda n: _stripped(work[n - first], templates, sites[n - first], keys[n - first])[0]
                             if n >= first else stored.text(index.ids[n]))
        for start in range(0, len(work), self.batch_size):
            end = min(start + self.batch_size, len(work))
            batch = self._index_chunk(work[start:end], index, templates, sites[start:end], keys[start:end])
            shingles.keep(first + start, batch)

        uf = UnionFind()
        self._link_exact(work, first, index, uf, store)
        pairs = check_pairs(index.candidates(first), shingles)
        stored_numbers = {n for p in pairs for n in (p.a, p.b) if n < first} | {n for n in uf.parent if n < first}
        for n in sorted(stored_numbers):  # a stored copy brings its whole stored group along
            canonical_id = stored.canonical(index.ids[n]) or index.ids[n]
            members = [canonical_id, *stored.copies(canonical_id)]
            for member in members:
                m = index.number(member)
                if m is not None:
                    uf.union(n, m)
        group_pairs(pairs, uf, shingles.overlap_of)

        groups: dict[int, list[int]] = {}
        for n in set(uf.parent) | set(uf.parent.values()) | stored_numbers | set(range(first, first + len(work))):
            groups.setdefault(uf.find(n), []).append(n)
        by_number = {first + i: a for i, a in enumerate(work)}
        for members in groups.values():
            if len(members) > 1:
                self._mark_group(sorted(members), index, by_number, stored, shingles, context)
        if store is not None:
            save_dedup_state(store, index, templates)

    def _index_stored(self, store, index: SketchIndex, templates: SiteTemplates) -> None:
        """Build the index of a store that has none, once: two passes over its articles (templates, shingles)."""
        for article in store.iter_articles():
            if article.body:
                lines = article_lines(article)
                templates.learn(site_of(article), line_keys(lines), fingerprint(lines))
        chunk: list[Article] = []
        for article in (a for a in store.iter_articles() if a.body):
            chunk.append(article)
            if len(chunk) == self.batch_size:
                self._index_chunk(chunk, index, templates)
                chunk = []
        if chunk:
            self._index_chunk(chunk, index, templates)

    @staticmethod
    def _index_chunk(chunk: list[Article], index: SketchIndex, templates: SiteTemplates,
                     sites: list[str] | None = None, keys: list[list[int | None]] | None = None) -> ShingleBatch:
        """Shingle a batch of articles (template lines stripped) and add them to the index."""
        sites = sites or [site_of(a) for a in chunk]
        made = [_stripped(a, templates, site, doc_keys)
                for a, site, doc_keys in zip(chunk, sites, keys or [None] * len(chunk))]
        batch = shingle_batch([text for text, _ in made])
        facts = [fact for _, fact in made]
        for fact, words in zip(facts, batch.words.tolist()):
            fact.words = words
        index.add([a.id for a in chunk], batch, facts)
        return batch

    @staticmethod
    def _link_exact(work: list[Article], first: int, index: SketchIndex, uf: UnionFind, store) -> None:
        seen: dict[str, int] = {}
        for i, article in enumerate(work):
            digest = article.content_hash or ""
            if digest in seen:
                uf.union(seen[digest], first + i)
            else:
                seen[digest] = first + i
        if store is None or not seen:
            return
        new_ids = {a.id for a in work}
        for digest, found in store.articles_with_hashes(list(seen)).items():
            for article in found:
                n = index.number(article.id)
                if article.id not in new_ids and n is not None:
                    uf.union(seen[digest], n)

    @staticmethod
    def _mark_group(members: list[int], index: SketchIndex, by_number: dict[int, Article],
                    stored: "_StoredArticles", shingles: _Shingles, context: CorpusContext) -> None:
        canonical = max(members, key=lambda n: (index.completeness(n).key(), -n))
        arrays = shingles.get(members)
        records = {n: by_number.get(n) or stored.article(index.ids[n]) for n in members}
        head = records[canonical]
        for n in members:
            article = records[n]
            if article is None or head is None:
                continue
            before = (article.duplicate_of, article.dup_kind, article.dup_similarity)
            if n == canonical:
                article.duplicate_of = article.dup_kind = article.dup_similarity = None
            elif article.content_hash and article.content_hash == head.content_hash:
                article.duplicate_of, article.dup_kind, article.dup_similarity = head.id, "exact", 1.0
            else:
                jaccard, inside, holds = overlap(arrays[n], arrays[canonical])
                kind, similarity = relation(jaccard, inside, holds)
                article.duplicate_of, article.dup_kind, article.dup_similarity = head.id, kind, round(similarity, 4)
            if n not in by_number and before != (article.duplicate_of, article.dup_kind, article.dup_similarity):
                context.updated[article.id] = article


class _StoredArticles:
    """Articles of earlier runs, read from the store when a new copy involves them."""

    def __init__(self, store, templates: SiteTemplates) -> None:
        self.store = store
        self.templates = templates
        self.cache: dict[str, Article | None] = {}

    def article(self, article_id: str) -> Article | None:
        if article_id not in self.cache:
            self.cache[article_id] = self.store.get_article(article_id) if self.store is not None else None
        return self.cache[article_id]

    def text(self, article_id: str) -> str:
        article = self.article(article_id)
        if article is None:
            return ""
        return "\n".join(self.templates.strip(site_of(article), article_lines(article)))

    def canonical(self, article_id: str) -> str | None:
        article = self.article(article_id)
        return article.duplicate_of if article is not None else None

    def copies(self, canonical_id: str) -> list[str]:
        if self.store is None:
            return []
        return stored_copies(self.store, canonical_id)
