"""Sparse term vectors of a story: a centroid that grows, and member vectors, each mutable or frozen.

A story changes only while a window of articles is placed; between windows it is only scored. So a
vector is a dict while it changes and *frozen* otherwise (`freeze`): its terms a tuple of shared strings
and its weights a packed array of doubles, a third of a dict's memory and no float objects to allocate
or free, scored as it is. A change thaws it in the same term order, so every sum comes out the same.
"""
from __future__ import annotations

import math
import operator
from array import array
from itertools import compress, repeat
from typing import Collection, Iterable

CENTROID_KEEP = 300      # a story's centroid keeps its strongest terms only (bounded memory)

Frozen = tuple   # (terms: tuple[str, ...], weights: array("d")): a vector that no longer changes


def freeze(weights: dict[str, float]) -> Frozen:
    """A vector frozen: its terms (interned where they came from: DocFrequencies.vector, a decoded part) and
    its weights packed."""
    return tuple(weights), array("d", weights.values())


def frozen_dot_py(vector: dict[str, float], terms: tuple, weights: array) -> float:
    """Dot product of a dict vector with a frozen one, summed exactly: the same value as `dict_dot`. Only the
    shared terms are multiplied (found in C; most of a story's terms are not in a given article)."""
    shared = list(map(vector.__contains__, terms))
    return math.fsum(map(operator.mul, map(vector.__getitem__, compress(terms, shared)), compress(weights, shared)))


def dict_dot_py(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors: shared keys found in C, summed exactly (so in any order)."""
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


try:   # the same two in C (_speedups.c, built where a C compiler is found): the same floats, to the last bit
    from ._speedups import dict_dot, frozen_dot
except ImportError:   # pragma: no cover - a build without a compiler
    dict_dot, frozen_dot = dict_dot_py, frozen_dot_py


def vector_dot(vector: dict[str, float], other: "dict | Frozen") -> float:
    """Dot product of a dict vector with another vector, dict or frozen (a member vector, say)."""
    if isinstance(other, dict):
        return dict_dot(vector, other)
    return frozen_dot(vector, other[0], other[1])


def as_dict(vector: "dict | Frozen") -> dict[str, float]:
    return vector if isinstance(vector, dict) else dict(zip(*vector))


def frozen_vector(vector: "dict | Frozen") -> Frozen:
    return vector if not isinstance(vector, dict) else freeze(vector)


def strongest(weights: dict[str, float], k: int) -> list[str]:
    """The k terms of highest weight, alphabetical among equal weights (a heap: no sort of the whole vector)."""
    return strongest_of(weights.keys(), weights.values(), k)


def strongest_of(terms: Collection[str], weights: Iterable[float], k: int) -> list[str]:
    """`strongest` over parallel terms and weights: sorted(zip(-weight, term))[:k], found by sorting the
    weights alone (floats compare fast) for the k-th, then only the pairs at or above it."""
    weights = list(weights)
    if len(weights) > k > 0:
        cut = sorted(weights, reverse=True)[k - 1]
        keep = list(map(operator.ge, weights, repeat(cut)))
        terms, weights = compress(terms, keep), list(compress(weights, keep))
    return [term for _, term in sorted(zip(map(operator.neg, weights), terms))[:k]]


def _pruned(items: Iterable[tuple[str, float]]) -> dict[str, float]:
    return dict(sorted(items, key=lambda kv: (-kv[1], kv[0]))[:CENTROID_KEEP])


class Centroid:
    """Sum of unit vectors, pruned to its strongest terms; cosine against a new unit vector.

    `weights` is the dict to change (it thaws a frozen centroid); `terms`/`values`/`items` read either form."""

    __slots__ = ("_weights", "_terms", "_values", "norm2")

    def __init__(self, weights: dict | None = None, norm2: float = 0.0) -> None:
        self._weights: dict | None = weights if weights is not None else {}
        self._terms: tuple = ()
        self._values: array | None = None
        self.norm2 = norm2

    @classmethod
    def frozen(cls, terms: tuple, values: array, norm2: float) -> "Centroid":
        centroid = cls.__new__(cls)
        centroid._weights, centroid._terms, centroid._values, centroid.norm2 = None, terms, values, norm2
        return centroid

    @property
    def weights(self) -> dict[str, float]:
        if self._weights is None:
            self._weights = dict(zip(self._terms, self._values))   # type: ignore[arg-type]
            self._terms, self._values = (), None
        return self._weights

    def freeze(self) -> None:
        if self._weights is not None:
            self._terms, self._values = freeze(self._weights)
            self._weights = None

    def terms(self) -> Iterable[str]:
        return self._terms if self._weights is None else self._weights.keys()

    def values(self) -> Iterable[float]:
        return self._values if self._weights is None else self._weights.values()   # type: ignore[return-value]

    def items(self) -> Iterable[tuple[str, float]]:
        return zip(self._terms, self._values) if self._weights is None else self._weights.items()  # type: ignore

    def mapping(self) -> dict[str, float]:
        """The weights as a dict to read (a frozen centroid stays frozen)."""
        return self._weights if self._weights is not None else dict(self.items())

    def __len__(self) -> int:
        return len(self._terms) if self._weights is None else len(self._weights)

    def add(self, vector: dict[str, float]) -> None:
        weights = self.weights
        dot = 0.0
        for term, weight in vector.items():
            old = weights.get(term, 0.0)
            dot += old * weight
            weights[term] = old + weight
        self.norm2 += 2 * dot + sum([w * w for w in vector.values()])
        if len(weights) > 2 * CENTROID_KEEP:
            self._weights = _pruned(weights.items())
            self.norm2 = sum(w * w for w in self._weights.values())

    def without(self, vector: dict[str, float]) -> "Centroid":
        """A copy with one member's vector taken out again (terms pruned since are simply absent)."""
        weights = dict(self.items())
        for term, weight in vector.items():
            if term in weights:
                left = weights[term] - weight
                if left > 1e-9:
                    weights[term] = left
                else:
                    del weights[term]
        return Centroid(weights, sum(w * w for w in weights.values()))

    def absorb(self, other: "Centroid") -> None:
        weights = self.weights
        for term, weight in other.items():
            weights[term] = weights.get(term, 0.0) + weight
        if len(weights) > 2 * CENTROID_KEEP:
            self._weights = weights = _pruned(weights.items())
        self.norm2 = sum(w * w for w in weights.values())

    def similarity(self, other: "Centroid") -> float:
        """Cosine of two centroids."""
        if self.norm2 <= 0 or other.norm2 <= 0:
            return 0.0
        return _centroid_dot(self, other) / math.sqrt(self.norm2 * other.norm2)

    def cosine(self, vector: dict[str, float]) -> float:
        if self.norm2 <= 0 or not vector:
            return 0.0
        if self._weights is None:
            return frozen_dot(vector, self._terms, self._values) / math.sqrt(self.norm2)   # type: ignore[arg-type]
        return dict_dot(vector, self._weights) / math.sqrt(self.norm2)


def _centroid_dot(a: Centroid, b: Centroid) -> float:
    """Exact dot product of two centroids: a frozen one's terms looked up in a dict one (both frozen: the
    smaller read as a dict). Exact sums make the order of terms, and which side is which, irrelevant."""
    if a._weights is not None and b._weights is not None:
        return dict_dot(a._weights, b._weights)
    if a._weights is None and b._weights is None:
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        return frozen_dot(small.mapping(), large._terms, large._values)   # type: ignore[arg-type]
    looked_up, frozen = (a, b) if a._weights is not None else (b, a)
    return frozen_dot(looked_up._weights, frozen._terms, frozen._values)   # type: ignore[arg-type]
