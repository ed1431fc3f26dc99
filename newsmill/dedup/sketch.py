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
MIN_SHARED_SHARE = 0.3   # a candidate shares at least this share of the smaller document's samples
PAIR_CHUNK = 1 << 20     # probes expanded at once (bounds the memory of listing pairs)


def sampled(values: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """One document's samples: its shingles that are 0 modulo `rate`, as their high 32 bits (uint32)."""
    return (values[values % np.uint64(rate) == 0] >> np.uint64(32)).astype(np.uint32)


def sampled_batch(batch: ShingleBatch, rate: int = SAMPLE_RATE) -> tuple[np.ndarray, list[int]]:
    """`sampled` of every document of a batch at once: the samples, and document i's bounds (bounds[i], bounds[i + 1])."""
    keep = batch.values % np.uint64(rate) == 0
    kept_before = np.zeros(len(keep) + 1, dtype=np.int64)
    np.cumsum(keep, out=kept_before[1:])
    return (batch.values[keep] >> np.uint64(32)).astype(np.uint32), kept_before[batch.offsets].tolist()


def sample(batch: ShingleBatch, rate: int = SAMPLE_RATE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A batch's samples: (sample hash as uint32, document number in the batch as int32, samples per document)."""
    per_doc = [sampled(batch.of(i), rate) for i in range(len(batch))]
    counts = np.array([len(s) for s in per_doc], dtype=np.int32)
    hashes = np.concatenate(per_doc) if per_doc else np.empty(0, np.uint32)
    return hashes, np.repeat(np.arange(len(batch), dtype=np.int32), counts), counts


def candidate_pairs(hashes: np.ndarray, docs: np.ndarray, per_doc: np.ndarray, new_from: int = 0,
                    min_share: float = MIN_SHARED_SHARE, chunk: int = PAIR_CHUNK) -> np.ndarray:
    """Pairs (a, b), a < b, b >= new_from, sharing at least `min_share` of the smaller one's samples.

    Prefix filter: a pair sharing `need` samples of its smaller document x shares at least one of any
    len(x) - need + 1 samples of x, so x probes only that many, its rarest ones (by how many documents
    hold them). A sample common to many documents is probed only by the documents made mostly of common
    text, so the pairs listed follow what is similar, not how common a sample is. Returns an int64 array
    of shape (pairs, 3): a, b, shared sample count.
    """
    empty = np.empty((0, 3), dtype=np.int64)
    if len(hashes) < 2:
        return empty
    docs = docs.astype(np.int64)
    h, d = _rarest_first(hashes, docs)
    sizes = per_doc.astype(np.int64)
    need = np.maximum(1, np.ceil(min_share * sizes - 1e-9)).astype(np.int64)
    first_of = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=first_of[1:])
    position = np.arange(len(h), dtype=np.int64) - first_of[d]
    probe = position < (sizes - need + 1)[d]
    probe_h, probe_d = h[probe], d[probe]
    sorted_h, holder = _by_hash(h, d)
    keys = np.sort(d << np.int64(32) | h.astype(np.int64))        # (document, sample), to count shared samples
    found: list[np.ndarray] = []
    for start in range(0, len(probe_h), chunk):
        ph, pd = probe_h[start:start + chunk], probe_d[start:start + chunk]
        lo = np.searchsorted(sorted_h, ph, side="left")
        hits = np.searchsorted(sorted_h, ph, side="right") - lo
        x = np.repeat(pd, hits)
        y = holder[np.repeat(lo, hits) + _ramp(hits)]
        keep = (y != x) & (np.maximum(x, y) >= new_from) & (
            (sizes[y] > sizes[x]) | ((sizes[y] == sizes[x]) & (y > x)))   # found from the smaller side
        if keep.any():
            found.append(np.unique(x[keep] << np.int64(32) | y[keep]))
    if not found:
        return empty
    pairs = np.unique(np.concatenate(found))
    small, big = pairs >> np.int64(32), pairs & np.int64(0xFFFFFFFF)
    out = []
    for start in range(0, len(pairs), max(1, chunk // 64)):
        x, y = small[start:start + chunk // 64], big[start:start + chunk // 64]
        shared = _shared(x, y, sizes, first_of, h, keys)
        ok = shared >= need[x]
        out.append(np.stack([np.minimum(x, y)[ok], np.maximum(x, y)[ok], shared[ok]], axis=1))
    result = np.concatenate(out)
    return result[np.lexsort((result[:, 1], result[:, 0]))]


def _rarest_first(hashes: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, docs) ordered by document, then by how many documents hold the sample, then by sample.

    One sort of a packed int64 key (document, count, sample rank) where the three fit in 63 bits, else a lexsort.
    """
    uniques, inverse, counts = np.unique(hashes, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1).astype(np.int64)
    rank_bits, count_bits = len(uniques).bit_length(), int(counts.max()).bit_length()
    if int(docs.max()).bit_length() + count_bits + rank_bits > 63:
        order = np.lexsort((hashes, counts[inverse], docs))
        return hashes[order], docs[order]
    packed = np.sort(docs << np.int64(count_bits + rank_bits) | counts[inverse].astype(np.int64) << np.int64(
        rank_bits) | inverse)
    return uniques[packed & np.int64((1 << rank_bits) - 1)], packed >> np.int64(count_bits + rank_bits)


def _by_hash(h: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The samples sorted by hash, and the document holding each (ascending among equal hashes)."""
    doc_bits = max(1, int(d.max()).bit_length())
    packed = np.sort(h.astype(np.int64) << np.int64(doc_bits) | d) if doc_bits <= 31 and h.dtype == np.uint32 else None
    if packed is None:
        by_hash = np.argsort(h, kind="stable")
        return h[by_hash], d[by_hash]
    return (packed >> np.int64(doc_bits)).astype(h.dtype), packed & np.int64((1 << doc_bits) - 1)


def _ramp(lengths: np.ndarray) -> np.ndarray:
    """0..n-1 for each n in `lengths`, concatenated."""
    total = int(lengths.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _shared(x: np.ndarray, y: np.ndarray, sizes: np.ndarray, first_of: np.ndarray, h: np.ndarray,
            keys: np.ndarray) -> np.ndarray:
    """How many of x's samples y holds, per pair."""
    lengths = sizes[x]
    where = np.repeat(first_of[x], lengths) + _ramp(lengths)
    probe = np.repeat(y, lengths) << np.int64(32) | h[where].astype(np.int64)
    slot = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
    hit = keys[slot] == probe
    return np.bincount(np.repeat(np.arange(len(x)), lengths), weights=hit, minlength=len(x)).astype(np.int64)
