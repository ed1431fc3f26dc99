"""Candidate pairs from sampled shingles: a sketch that finds contained copies as well as near ones.

Every document keeps the shingles whose hash is 0 modulo `rate` (Broder's MODm
sample). The rule is the same for all documents, so if A's text is inside B's, A's
samples are inside B's samples, however short A is next to B; MinHash/LSH, which
estimates Jaccard, misses such pairs. Two documents sharing enough samples become
a candidate, checked exactly afterwards.
"""
from __future__ import annotations

import numpy as np

from .shingles import ShingleBatch

SAMPLE_RATE = 8          # keep 1 shingle in 8
MAX_SAMPLE_DOCS = 200    # a sample shared by more documents than this is boilerplate: no pairs from it
MIN_SHARED_SHARE = 0.3   # a candidate shares at least this share of the smaller document's samples


def sample(batch: ShingleBatch, rate: int = SAMPLE_RATE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sample hash as uint32, document number in the batch as int32, samples per document)."""
    keep = (batch.values % np.uint64(rate)) == 0
    docs = batch.doc_index()[keep].astype(np.int32)
    hashes = (batch.values[keep] >> np.uint64(32)).astype(np.uint32)
    return hashes, docs, np.bincount(docs, minlength=len(batch)).astype(np.int32)


def candidate_pairs(hashes: np.ndarray, docs: np.ndarray, per_doc: np.ndarray, new_from: int = 0,
                    max_docs: int = MAX_SAMPLE_DOCS, min_share: float = MIN_SHARED_SHARE) -> np.ndarray:
    """Pairs (a, b), a < b, b >= new_from, sharing at least `min_share` of the smaller one's samples.

    Returns an int64 array of shape (pairs, 3): a, b, shared sample count.
    """
    if len(hashes) < 2:
        return np.empty((0, 3), dtype=np.int64)
    order = np.lexsort((docs, hashes))
    h, d = hashes[order], docs[order]
    del order
    # keep only runs (equal hashes) of length 2..max_docs
    same_next = h[1:] == h[:-1]
    in_run = np.zeros(len(h), dtype=bool)
    in_run[1:] |= same_next
    in_run[:-1] |= same_next
    h, d = h[in_run], d[in_run]
    if len(h) < 2:
        return np.empty((0, 3), dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    lengths = np.diff(np.r_[starts, len(h)])
    ok = np.repeat(lengths <= max_docs, lengths)
    h, d = h[ok], d[ok]
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    pos = np.arange(len(h) - 1)
    offset = 1
    while len(pos):
        pos = pos[pos + offset < len(h)]
        pos = pos[h[pos] == h[pos + offset]]
        if len(pos):
            a, b = d[pos], d[pos + offset]
            keep = (np.maximum(a, b) >= new_from) & (a != b)
            firsts.append(np.minimum(a, b)[keep])
            seconds.append(np.maximum(a, b)[keep])
        offset += 1
    if not firsts:
        return np.empty((0, 3), dtype=np.int64)
    a = np.concatenate(firsts).astype(np.int64)
    b = np.concatenate(seconds).astype(np.int64)
    keys, shared = np.unique(a << np.int64(32) | b, return_counts=True)
    a, b = keys >> np.int64(32), keys & np.int64(0xFFFFFFFF)
    smaller = np.minimum(per_doc[a], per_doc[b])
    keep = shared >= np.maximum(1, np.ceil(min_share * smaller))
    return np.stack([a[keep], b[keep], shared[keep]], axis=1)
