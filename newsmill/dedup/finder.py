"""The dedup step: exact, near, contained and updated copies, one canonical per group, nothing dropped.

A corpus step (see newsmill/steps.py) after `SiteTemplate`, whose state also names each site's
boilerplate lines. `DuplicateFinder`'s features are an article's sampled shingles (its site's
boilerplate lines left out), body hash and completeness; `learn` finds candidate pairs in the
sampled-shingle index (the stored corpus included), checks them exactly on full shingles it recalls
for those documents only, groups them hub-safe and picks the most complete copy as canonical; `apply`
marks a copy with `duplicate_of`, `dup_kind` and `dup_similarity`.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Mapping, MutableMapping

import numpy as np

from ..article import Article, body_hash
from ..site_template import SiteTemplate, TemplateState, article_lines
from ..steps import CorpusStep, Learned, PartedState, Recall, State, Touched
from .grouping import MIN_SHINGLES, Pair, UnionFind, group_pairs, relation
from .index import PART_DOCS, Completeness, SketchIndex
from .shingles import overlap, shingle_batch
from .sketch import sampled_batch

CHECK_CHUNK = 4000  # candidate pairs checked per recall
BATCH = 500         # texts shingled at once (about 1.5 MB of text)


def _hash64(digest: str) -> int:
    """The first 64 bits of a body hash: what the state keeps per document to find exact copies."""
    return int(digest[:16], 16) or 1


@dataclass(slots=True)
class CopyFeatures:
    """What dedup learns from one article: sampled shingles (compact) or, recalled, all of them."""

    id: str
    hash64: int                         # first 64 bits of the body hash (0 when recalled: not needed)
    facts: Completeness
    samples: np.ndarray                 # uint32: the 1-in-SAMPLE_RATE shingles' high bits
    shingles: np.ndarray | None = None  # uint64, sorted unique: only when recalled for an exact check


@dataclass
class DedupState(PartedState):
    """The sampled-shingle index of every document, their body hashes, and every copy's canonical.

    The head holds ids, hashes, liveness and copies; the samples are parts (each run's new documents',
    `PART_DOCS` a part), written once: an append writes its own samples, not the corpus's again."""

    NAME = "dedup"
    VERSION = 2
    index: SketchIndex = field(default_factory=SketchIndex)
    hashes: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint64))  # by document number
    copies: dict[str, tuple[str, str, float]] = field(default_factory=dict)   # copy id -> canonical, kind, sim
    stored: int = 0   # documents whose samples are in parts
    parts: MutableMapping[int, bytes] | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        """Shipped to another process without the parts mapping (the store's connection stays here)."""
        return {**self.__dict__, "parts": None}

    def attach(self, parts: MutableMapping[int, bytes]) -> None:
        """Keep samples in `parts`: the stored documents' are read from there when new ones are screened."""
        self.parts = parts

    def detach(self) -> None:
        self.parts = None

    def flush(self) -> None:
        """Write the samples of the documents added since the last flush as new parts (each keyed by its first)."""
        if self.parts is not None:
            for first in range(self.stored, len(self.index), PART_DOCS):
                self.parts[first] = self.index.samples_bytes(first, min(first + PART_DOCS, len(self.index)))
            self.stored = len(self.index)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        meta = json.dumps({"ids": self.index.ids, "copies": self.copies, "stored": self.stored},
                          ensure_ascii=False).encode("utf-8")
        np.savez(buffer, hashes=self.hashes, meta=np.frombuffer(meta, np.uint8), **self.index.head())
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> "DedupState":
        arrays = np.load(io.BytesIO(blob))
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        index = SketchIndex.from_head(arrays, meta["ids"])
        return cls(index, arrays["hashes"], {k: tuple(v) for k, v in meta["copies"].items()},  # type: ignore[misc]
                   meta["stored"])


class DuplicateFinder(CorpusStep[DedupState, CopyFeatures]):
    """Finds every copy among the run's articles and against the stored corpus; marks copies, drops none."""

    name = "dedup"
    state_type = DedupState

    def new_state(self) -> DedupState:
        return DedupState()

    def features(self, states: Mapping[str, State], articles: list[Article], recalled: bool = False
                 ) -> list[CopyFeatures | None]:
        """Each article's shingles once: sampled (and its body hash) for the index, or all of them when recalled."""
        templates = states.get(SiteTemplate.name)
        work = [a for a in articles if a.body]
        texts, facts = [], []
        for article in work:
            kept, left_out = templates.compared_lines(article) if isinstance(templates, TemplateState) else (
                article_lines(article), 0)
            texts.append("\n".join(kept))
            facts.append(Completeness(int(bool(article.title)), 0, len(article.body), left_out))
        made: dict[int, CopyFeatures] = {}
        no_samples = np.empty(0, np.uint32)
        for start in range(0, len(work), BATCH):   # numpy over a batch of texts; each result is one document's
            batch = shingle_batch(texts[start:start + BATCH])
            if recalled:
                for i, article in enumerate(work[start:start + BATCH]):
                    made[id(article)] = CopyFeatures(article.id, 0, facts[start + i], no_samples, batch.of(i).copy())
                continue
            samples, bounds = sampled_batch(batch)
            for i, article in enumerate(work[start:start + BATCH]):
                fact = facts[start + i]
                fact.words = int(batch.words[i])
                digest = _hash64(article.content_hash or body_hash(article.body))
                made[id(article)] = CopyFeatures(article.id, digest, fact, samples[bounds[i]:bounds[i + 1]])
        return [made.get(id(a)) for a in articles]

    def learn(self, state: DedupState, features: list[CopyFeatures | None], recall: Recall) -> Learned[DedupState]:
        index = state.index
        work = [f for f in features if f is not None]
        first = len(index)
        for item in work:
            state.copies.pop(item.id, None)
        index.add_samples([f.id for f in work], [f.samples for f in work], [f.facts for f in work])
        state.hashes = np.concatenate([state.hashes, np.array([f.hash64 for f in work], dtype=np.uint64)])
        alive = np.asarray(index.alive, dtype=bool)
        shingles = _Recalled(index, recall)
        uf = UnionFind()
        _link_exact(state, first, alive, uf)
        pairs = _check_pairs(index.candidates(first, state.parts), shingles)
        stored = {n for p in pairs for n in (p.a, p.b) if n < first} | {n for n in uf.parent if n < first}
        members_of: dict[str, list[str]] = {}
        for copy_id, (canonical_id, _, _) in state.copies.items():
            members_of.setdefault(canonical_id, []).append(copy_id)
        for n in sorted(stored):  # a stored copy brings its whole stored group along
            article_id = index.ids[n]
            canonical_id = state.copies[article_id][0] if article_id in state.copies else article_id
            for member in [canonical_id, *members_of.get(canonical_id, ())]:
                m = index.number(member)
                if m is not None:
                    uf.union(n, m)
        group_pairs(pairs, uf, shingles.overlap_of)
        groups: dict[int, list[int]] = {}
        for n in set(uf.parent) | set(uf.parent.values()) | stored | set(range(first, first + len(work))):
            groups.setdefault(uf.find(n), []).append(n)
        touched = Touched()
        for members in groups.values():
            if len(members) > 1:
                touched.ids |= _mark_group(state, sorted(members), first, shingles)
        return Learned(state, touched)

    def apply(self, state: DedupState, article: Article) -> Article:
        article.duplicate_of = article.dup_kind = article.dup_similarity = None
        found = state.copies.get(article.id) if article.body else None
        if found is not None:
            article.duplicate_of, article.dup_kind, article.dup_similarity = found
        return article


class _Recalled:
    """Full shingle arrays by document number, recalled from the engine for the documents being checked."""

    def __init__(self, index: SketchIndex, recall: Recall) -> None:
        self.index = index
        self.recall = recall
        self.cache: dict[int, np.ndarray] = {}

    def get(self, numbers: list[int]) -> dict[int, np.ndarray]:
        missing = [n for n in numbers if n not in self.cache]
        if missing:
            found = self.recall([self.index.ids[n] for n in missing])
            for n in missing:
                item = found.get(self.index.ids[n])
                self.cache[n] = item.shingles if item is not None and item.shingles is not None else np.empty(
                    0, np.uint64)
        return {n: self.cache[n] for n in numbers}

    def overlap_of(self, a: int, b: int) -> tuple[float, float, float]:
        arrays = self.get([a, b])
        return overlap(arrays[a], arrays[b])


def _check_pairs(candidates: np.ndarray, shingles: _Recalled) -> list[Pair]:
    """Exact Jaccard and containments for candidate pairs (a, b, ...)."""
    pairs: list[Pair] = []
    for start in range(0, len(candidates), CHECK_CHUNK):
        part = candidates[start:start + CHECK_CHUNK]
        arrays = shingles.get(np.unique(part[:, :2]).tolist())
        for a, b in part[:, :2].tolist():
            sa, sb = arrays[a], arrays[b]
            if min(len(sa), len(sb)) < MIN_SHINGLES:
                continue
            jaccard, a_in_b, b_in_a = overlap(sa, sb)
            pairs.append(Pair(a, b, jaccard, a_in_b, b_in_a))
    return pairs


def _link_exact(state: DedupState, first: int, alive: np.ndarray, uf: UnionFind) -> None:
    """Equal body hashes: the run's copies of each other, and of live stored documents."""
    seen: dict[int, int] = {}
    hashes = state.hashes
    for n in range(first, len(hashes)):
        digest = int(hashes[n])
        if digest in seen:
            uf.union(seen[digest], n)
        else:
            seen[digest] = n
    if first == 0 or not seen:
        return
    old = hashes[:first]
    new = np.fromiter(seen, dtype=np.uint64, count=len(seen))
    for n in np.flatnonzero(np.isin(old, new) & alive[:first]).tolist():
        uf.union(seen[int(old[n])], n)


def _mark_group(state: DedupState, members: list[int], first: int, shingles: _Recalled) -> set[str]:
    """Canonical = the most complete copy (then the earliest); the ids of stored members whose marks changed."""
    index = state.index
    canonical = max(members, key=lambda n: (index.completeness(n).key(), -n))
    head = index.ids[canonical]
    arrays = shingles.get(members)
    changed: set[str] = set()
    for n in members:
        article_id = index.ids[n]
        before = state.copies.get(article_id)
        if n == canonical:
            state.copies.pop(article_id, None)
        elif state.hashes[n] == state.hashes[canonical]:
            state.copies[article_id] = (head, "exact", 1.0)
        else:
            jaccard, inside, holds = overlap(arrays[n], arrays[canonical])
            kind, similarity = relation(jaccard, inside, holds)
            state.copies[article_id] = (head, kind, round(similarity, 4))
        if n < first and before != state.copies.get(article_id):
            changed.add(article_id)
    return changed
