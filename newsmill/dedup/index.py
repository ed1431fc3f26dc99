"""The dedup index: every document's sampled shingles and completeness, kept between runs.

It holds numpy arrays only (about 8 bytes per sampled shingle, 1 in 8 shingles). Each run's samples are
written once, in parts of at most `PART_DOCS` documents (`samples_bytes`), never rewritten; a state loaded
for `--append` keeps them there and reads them one part at a time when the new documents are screened,
holding only the samples of the stored documents that share enough with a new one. So an append's
memory follows the new documents and what is like them, not the size of the stored corpus.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from .sketch import MIN_SHARED_SHARE, SAMPLE_RATE, candidate_pairs

PREFILTER_BITS = 24   # top bits of a (uint32) sample in the bitmap that screens stored samples (16 MB of flags)
PART_DOCS = 20_000    # documents per stored part: the most an append's screening holds at once


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
    """Sampled shingles of documents numbered 0..n-1 (number = order added), with per-document facts.

    Documents below `base` are stored: their samples and facts are in parts, read by `candidates`; the
    samples and facts of the others (this run's) are in memory."""

    rate: int = SAMPLE_RATE
    ids: list[str] = field(default_factory=list)
    base: int = 0
    _hashes: list[np.ndarray] = field(default_factory=list)   # of documents base.., in document order
    _docs: list[np.ndarray] = field(default_factory=list)
    _per_doc: list[np.ndarray] = field(default_factory=list)
    _facts: list[np.ndarray] = field(default_factory=list)  # int32 rows: has_title, words, paragraphs, template
    alive: list[bool] = field(default_factory=list)
    _number: dict[str, int] = field(default_factory=dict)
    _stored_facts: np.ndarray | None = None   # the stored documents' facts, read with their samples (16 bytes each)

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

    def _resident(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(hashes, documents, samples per document, facts) of the documents held in memory, each one array."""
        if not self._per_doc:
            return np.empty(0, np.uint32), np.empty(0, np.int32), np.empty(0, np.int32), np.empty((0, 4), np.int32)
        for name in ("_hashes", "_docs", "_per_doc", "_facts"):
            parts = getattr(self, name)
            if len(parts) > 1:
                setattr(self, name, [np.concatenate(parts)])
        return self._hashes[0], self._docs[0], self._per_doc[0], self._facts[0]

    def completeness(self, number: int) -> Completeness:
        if number < self.base:
            if self._stored_facts is None:
                raise RuntimeError("a stored document's facts are read with the samples: call candidates first")
            row = self._stored_facts[number]
        else:
            row = self._resident()[3][number - self.base]
        return Completeness(*(int(v) for v in row))

    def candidates(self, new_from: int, parts: Mapping[int, bytes] | None = None) -> np.ndarray:
        """Candidate pairs (a, b, shared samples) with b >= new_from, both alive. The documents from
        `new_from` on must be in memory; the stored ones (below `base`) are read from `parts`."""
        return candidate_pairs(*self.pairable(new_from, parts), new_from)

    def pairable(self, new_from: int, parts: Mapping[int, bytes] | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The samples (hashes, documents) and the sizes (0: left out) of the live documents that can pair
        with a new one (from `new_from` on; with `new_from` 0, of every live document).

        Those are the new ones, and the earlier ones holding enough of the new samples to share `need` with
        the smallest new document. Listing pairs among these finds the same pairs (the prefix filter is
        complete in any sample order), at a cost that follows the new documents and what is like them, not
        the size of the stored corpus."""
        if new_from < self.base:
            raise ValueError(f"documents {new_from}.. are new but only those from {self.base} on are in memory")
        hashes, docs, sizes, _ = self._resident()
        alive = np.asarray(self.alive, dtype=bool)
        held_h, held_d, stored_sizes = [], [], np.zeros(self.base, np.int32)
        if new_from > 0:
            old_rows = int(sizes[:new_from - self.base].sum())   # samples are kept in document order
            new_sizes = sizes[new_from - self.base:]
            screen = _Screen(np.unique(hashes[old_rows:]), new_sizes[new_sizes > 0])
            near = np.zeros(len(self.ids), dtype=bool)
            near[new_from:] = True
            near[self.base:new_from] = screen.holding(hashes[:old_rows], docs[:old_rows] - self.base,
                                                      sizes[:new_from - self.base])
            if self.base and new_from < len(self.ids):   # nothing new: no stored document is needed
                stored_sizes = self._read_stored(parts, screen, alive, near, held_h, held_d)
            alive &= near
        live = alive[docs]
        return (np.concatenate([*held_h, hashes[live]]), np.concatenate([*held_d, docs[live]]),
                np.where(alive, np.concatenate([stored_sizes, sizes]), 0).astype(np.int32))

    def _read_stored(self, parts: Mapping[int, bytes] | None, screen: "_Screen", alive: np.ndarray,
                     near: np.ndarray, held_h: list, held_d: list) -> np.ndarray:
        """Read the stored parts one at a time: every stored document's size and facts are kept, and the
        samples of the live ones `screen` finds near a new document (marked in `near`, added to held_*)."""
        if parts is None:
            raise RuntimeError("the dedup index has stored documents but no parts to read them from")
        sizes = np.zeros(self.base, dtype=np.int32)
        facts = np.zeros((self.base, 4), dtype=np.int32)
        for first in sorted(key for key in parts if key < self.base):   # parts written later are in memory
            arrays = np.load(io.BytesIO(parts[first]))
            part_sizes = arrays["per_doc"]
            span = slice(first, first + len(part_sizes))
            sizes[span], facts[span] = part_sizes, arrays["facts"]
            if screen.marked is not None:
                hashes, docs = arrays["hashes"], arrays["docs"]
                found = screen.holding(hashes, docs - first, part_sizes) & alive[span]
                near[span] = found
                keep = found[docs - first]
                held_h.append(hashes[keep])
                held_d.append(docs[keep])
        self._stored_facts = facts
        return sizes

    def samples_bytes(self, first: int, last: int) -> bytes:
        """The samples and facts of documents first..last-1 (in memory) as one part (npz), written once."""
        hashes, docs, sizes, facts = self._resident()
        lo, hi = first - self.base, last - self.base
        start = int(sizes[:lo].sum())
        end = start + int(sizes[lo:hi].sum())
        buffer = io.BytesIO()
        np.savez(buffer, hashes=hashes[start:end], docs=docs[start:end], per_doc=sizes[lo:hi], facts=facts[lo:hi])
        return buffer.getvalue()

    def head(self) -> dict[str, np.ndarray]:
        """What is saved whole: the sampling rate and which documents are alive (ids are the state's)."""
        return {"rate": np.int64(self.rate), "alive": np.asarray(self.alive, dtype=bool)}

    @classmethod
    def from_head(cls, arrays, ids: list[str]) -> "SketchIndex":
        """The index of a saved state: every document stored (its samples are in the parts)."""
        index = cls(rate=int(arrays["rate"]), ids=list(ids), base=len(ids), alive=arrays["alive"].tolist())
        index._number = {article_id: i for i, article_id in enumerate(ids) if index.alive[i]}
        return index


class _Screen:
    """Which earlier documents hold enough of the new documents' samples to share `need` with the smallest."""

    def __init__(self, new_samples: np.ndarray, new_sizes: np.ndarray) -> None:
        self.samples = new_samples   # sorted, unique
        self.smallest = int(new_sizes.min()) if len(new_sizes) else 0
        # a bitmap of the new samples' top bits: most earlier samples are ruled out by one lookup each,
        # and only the few left are searched for (the same hits as searching them all); None: none can hold enough
        self.marked = None
        if len(new_samples) and self.smallest > 0:
            self.marked = np.zeros(1 << PREFILTER_BITS, dtype=bool)
            self.marked[new_samples >> (32 - PREFILTER_BITS)] = True

    def holding(self, hashes: np.ndarray, docs: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """Per document 0..len(sizes)-1 (`docs` numbers each sample's document so), whether it holds enough."""
        if self.marked is None or not len(hashes):
            return np.zeros(len(sizes), dtype=bool)
        maybe = np.flatnonzero(self.marked[hashes >> (32 - PREFILTER_BITS)])
        slot = np.minimum(np.searchsorted(self.samples, hashes[maybe]), len(self.samples) - 1)
        held = np.bincount(docs[maybe[self.samples[slot] == hashes[maybe]]], minlength=len(sizes))
        need = np.maximum(1, np.ceil(MIN_SHARED_SHARE * np.minimum(sizes, self.smallest) - 1e-9))
        return held >= need
