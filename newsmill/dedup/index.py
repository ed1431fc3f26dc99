"""The dedup index: every document's sampled shingles and completeness, kept between runs.

It holds numpy arrays only (about 8 bytes per sampled shingle, 1 in 8 shingles), so
`--append` finds copies of new documents in the stored corpus without re-reading it; each run's
samples are written once, as a part of their own (`samples_bytes`), never rewritten.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np

from .sketch import MIN_SHARED_SHARE, SAMPLE_RATE, candidate_pairs

PREFILTER_BITS = 24   # top bits of a (uint32) sample in the bitmap that screens stored samples (16 MB of flags)


@dataclass
class Completeness:
    """Why one copy is a better canonical: a title, more words, more paragraphs, less template."""

    has_title: int
    words: int
    paragraphs: int
    template_lines: int

    def key(self) -> tuple[int, int, int, int]:
        return (self.has_title, self.words, self.paragraphs, -self.template_lines)


@dataclass
class SketchIndex:
    """Sampled shingles of documents numbered 0..n-1 (number = order added), with per-document facts."""

    rate: int = SAMPLE_RATE
    ids: list[str] = field(default_factory=list)
    _hashes: list[np.ndarray] = field(default_factory=list)
    _docs: list[np.ndarray] = field(default_factory=list)
    _per_doc: list[np.ndarray] = field(default_factory=list)
    _facts: list[np.ndarray] = field(default_factory=list)  # int32 rows: has_title, words, paragraphs, template
    alive: list[bool] = field(default_factory=list)
    _number: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def number(self, article_id: str) -> int | None:
        """The live document number of an id, if it is indexed."""
        return self._number.get(article_id)

    def add_samples(self, ids: list[str], samples: list[np.ndarray], facts: list[Completeness]) -> int:
        """Index documents given their sampled shingles (`sketch.sample` per document); the first's number."""
        first = len(self.ids)
        lengths = np.array([len(s) for s in samples], dtype=np.int32)
        self._hashes.append(np.concatenate(samples).astype(np.uint32) if samples else np.empty(0, np.uint32))
        self._docs.append(np.repeat(np.arange(first, first + len(ids), dtype=np.int32), lengths))
        self._per_doc.append(lengths)
        self._facts.append(np.array([[f.has_title, f.words, f.paragraphs, f.template_lines] for f in facts],
                                    dtype=np.int32).reshape(-1, 4))
        for offset, article_id in enumerate(ids):
            old = self._number.get(article_id)
            if old is not None:
                self.alive[old] = False
            self._number[article_id] = first + offset
            self.ids.append(article_id)
            self.alive.append(True)
        return first

    def _compact(self) -> None:
        for name in ("_hashes", "_docs", "_per_doc", "_facts"):
            parts = getattr(self, name)
            if len(parts) > 1:
                setattr(self, name, [np.concatenate(parts)])

    def has_samples(self) -> bool:
        return bool(self._per_doc)

    def completeness(self, number: int) -> Completeness:
        self._compact()
        row = self._facts[0][number] if self._facts else (0, 0, 0, 0)
        return Completeness(*(int(v) for v in row))

    def candidates(self, new_from: int) -> np.ndarray:
        """Candidate pairs (a, b, shared samples) with b >= new_from, both alive."""
        self._compact()
        if not self._hashes:
            return np.empty((0, 3), dtype=np.int64)
        hashes, docs = self._hashes[0], self._docs[0]
        alive = np.asarray(self.alive, dtype=bool)
        if new_from > 0:
            alive &= self._near_new(new_from)
        live = alive[docs]
        per_doc = np.where(alive, self._per_doc[0], 0).astype(np.int32)
        return candidate_pairs(hashes[live], docs[live], per_doc, new_from)

    def _near_new(self, new_from: int) -> np.ndarray:
        """Documents that can pair with a new one (number >= new_from): the new ones, and the stored ones
        holding enough of the new samples to share `need` with the smallest new document. Listing pairs
        among these finds the same pairs (the prefix filter is complete in any sample order), at a cost that
        follows the new documents and what is like them, not the size of the stored corpus."""
        self._compact()
        sizes, hashes, docs = self._per_doc[0], self._hashes[0], self._docs[0]
        stored = int(sizes[:new_from].sum())   # samples are kept in document order
        new_samples = np.unique(hashes[stored:])
        near = np.zeros(len(self.ids), dtype=bool)
        near[new_from:] = True
        new_sizes = sizes[new_from:][sizes[new_from:] > 0]
        if not len(new_samples) or not stored or not len(new_sizes):
            return near
        old = hashes[:stored]
        # a bitmap of the new samples' top bits first: most stored samples are ruled out by one lookup each,
        # and only the few left are searched for (the same hits as searching them all)
        marked = np.zeros(1 << PREFILTER_BITS, dtype=bool)
        marked[new_samples >> (32 - PREFILTER_BITS)] = True
        maybe = np.flatnonzero(marked[old >> (32 - PREFILTER_BITS)])
        slot = np.minimum(np.searchsorted(new_samples, old[maybe]), len(new_samples) - 1)
        held = np.bincount(docs[maybe[new_samples[slot] == old[maybe]]], minlength=new_from)
        need = np.maximum(1, np.ceil(MIN_SHARED_SHARE * np.minimum(sizes[:new_from], new_sizes.min()) - 1e-9))
        near[:new_from] = held >= need
        return near

    def samples_bytes(self, first: int) -> bytes:
        """The samples and facts of documents `first`.. as one part (npz): parts are written once, as added."""
        self._compact()
        offset = int(self._per_doc[0][:first].sum()) if self._per_doc else 0
        buffer = io.BytesIO()
        np.savez(buffer, hashes=self._hashes[0][offset:] if self._hashes else np.empty(0, np.uint32),
                 docs=self._docs[0][offset:] if self._docs else np.empty(0, np.int32),
                 per_doc=self._per_doc[0][first:] if self._per_doc else np.empty(0, np.int32),
                 facts=self._facts[0][first:] if self._facts else np.empty((0, 4), np.int32))
        return buffer.getvalue()

    def add_stored(self, blob: bytes) -> None:
        """Take back a part written by `samples_bytes` (parts in document order)."""
        arrays = np.load(io.BytesIO(blob))
        for name in ("hashes", "docs", "per_doc", "facts"):
            getattr(self, "_" + name).append(arrays[name])

    def head(self) -> dict[str, np.ndarray]:
        """What is saved whole: the sampling rate and which documents are alive (ids are the state's)."""
        return {"rate": np.int64(self.rate), "alive": np.asarray(self.alive, dtype=bool)}

    @classmethod
    def from_head(cls, arrays, ids: list[str]) -> "SketchIndex":
        index = cls(rate=int(arrays["rate"]), ids=list(ids), alive=arrays["alive"].tolist())
        index._number = {article_id: i for i, article_id in enumerate(ids) if index.alive[i]}
        return index
