"""Word shingles as 64-bit hashes, computed for a batch of documents at once with numpy.

Words are hashed straight from the batch's bytes with prefix sums (a polynomial hash,
stable across processes, unlike Python's `hash`); k consecutive word hashes are then
combined by vectorised arithmetic: no Python work per word at all.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# ASCII punctuation becomes a space; bytes >= 128 (UTF-8 letters) stay inside words.
_ASCII_TABLE = bytes(c if (c >= 128 or chr(c).isalnum()) else 32 for c in range(256))
# Non-ASCII punctuation, spaces and symbols (curly quotes, dashes, bullets, no-break space).
_UNICODE_PUNCT = re.compile("[\u00a0-\u00bf\u00d7\u00f7\u2000-\u2bff\u3000-\u303f\ufe30-\ufe4f\uff01-\uff0f]")
SHINGLE_WORDS = 5
_MULT = np.uint64(0x9E3779B97F4A7C15)
_BASE = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)


def splitmix64(x: np.ndarray) -> np.ndarray:
    """A bijective 64-bit mixer: spreads crc32 values and shingle sums over all 64 bits."""
    x = x.astype(np.uint64, copy=True)
    x += np.uint64(0x9E3779B97F4A7C15)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _prepare(text: str) -> bytes:
    """UTF-8 bytes of the text as compared: NFKC, case-folded, every punctuation or space byte a single space."""
    if not text.isascii():
        text = _UNICODE_PUNCT.sub(" ", unicodedata.normalize("NFKC", text))
    return text.casefold().encode("utf-8").translate(_ASCII_TABLE)


def tokenize(text: str) -> list[bytes]:
    """Words of `text` (UTF-8) as compared for copies: NFKC, case-folded, punctuation dropped."""
    return _prepare(text).split()


@lru_cache(maxsize=2)
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """_BASE**k and its inverse**k modulo 2**64, k = 0..n-1 (uint64 arithmetic wraps, which is the modulus)."""
    up = np.full(n, _BASE, dtype=np.uint64)
    up[0] = 1
    down = np.full(n, _BASE_INVERSE, dtype=np.uint64)
    down[0] = 1
    return np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)


def _bucket(n: int) -> int:
    """Round the batch size up to a power of two so that cached powers serve many batches."""
    return 1 << max(21, n.bit_length())


def token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of every word of every text, and each text's word count, with no Python loop per word.

    A word's hash is sum(byte_j * B**(len-1-j)) mod 2**64, read off prefix sums of the whole
    batch's bytes weighted by powers of B and scaled back by B's inverse; stable in any process.
    """
    prepared = [_prepare(text) for text in texts]
    data = np.frombuffer(b" ".join(prepared) + b" ", dtype=np.uint8)
    n = len(data)
    word = (data != 32).view(np.int8)
    edges = np.diff(word, prepend=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    up, down = _powers(_bucket(n))
    weighted = data.astype(np.uint64)
    weighted *= up[n - 1::-1]  # byte j weighted by B**(n-1-j)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(weighted, out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * down[n - ends]
    doc_starts = np.cumsum([0] + [len(p) + 1 for p in prepared[:-1]])
    doc_of = np.searchsorted(doc_starts, starts, side="right") - 1
    return splitmix64(hashes), np.bincount(doc_of, minlength=len(texts)).astype(np.int64)


@dataclass(slots=True)
class ShingleBatch:
    """Sorted unique shingle hashes of several documents, concatenated; doc i is values[offsets[i]:offsets[i+1]]."""

    values: np.ndarray   # uint64
    offsets: np.ndarray  # int64, len = documents + 1
    words: np.ndarray    # int64, tokens per document

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def of(self, i: int) -> np.ndarray:
        return self.values[self.offsets[i]:self.offsets[i + 1]]


def shingle_batch(texts: list[str], k: int = SHINGLE_WORDS) -> ShingleBatch:
    """Hash every document's word k-grams; a document shorter than k words gets one shingle of all its words."""
    th, lengths = token_hashes(texts)
    n = len(th)
    doc_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    if n >= k:
        h = th[: n - k + 1].copy()
        for j in range(1, k):
            h *= _MULT
            h += th[j: n - k + 1 + j]
        starts_doc = doc_of[: n - k + 1]
        valid = starts_doc == doc_of[k - 1:]
        h, hdoc = h[valid], starts_doc[valid]
    else:
        h, hdoc = np.empty(0, np.uint64), np.empty(0, np.int64)
    short = np.flatnonzero((lengths > 0) & (lengths < k))
    if len(short):
        ends = np.cumsum(lengths)
        extra = np.empty(len(short), np.uint64)
        mult, mask = int(_MULT), (1 << 64) - 1
        for slot, d in enumerate(short.tolist()):
            acc = 0
            for value in th[ends[d] - lengths[d]: ends[d]].tolist():
                acc = (acc * mult + value) & mask
            extra[slot] = acc
        h, hdoc = np.concatenate([h, extra]), np.concatenate([hdoc, short])
    h = splitmix64(h)
    if len(short):  # short documents' shingles were appended: put every document's shingles together again
        order = np.argsort(hdoc, kind="stable")
        h, hdoc = h[order], hdoc[order]
    bounds = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(hdoc, minlength=len(texts)), out=bounds[1:])
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        h[start:end].sort()  # in place, per document: far cheaper than one lexsort over the batch
    keep = np.ones(len(h), dtype=bool)
    if len(h) > 1:
        keep[1:] = (h[1:] != h[:-1]) | (hdoc[1:] != hdoc[:-1])
    h, hdoc = h[keep], hdoc[keep]
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(hdoc, minlength=len(texts)), out=offsets[1:])
    return ShingleBatch(h, offsets, lengths)


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Jaccard of two sorted unique shingle arrays, and how much of a is in b and of b in a."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (len(a) + len(b) - inter), inter / len(a), inter / len(b)
