"""A story's running profile (term centroid, names, numbers, years, dates) and document frequencies.

Both are plain data that serialise exactly (document frequencies as JSON, a profile as `to_bytes`), so the
grouper's state survives in the store for `--append`.
"""
from __future__ import annotations

import heapq
import json
import math
import operator
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field

from .signals import ArticleSignals

MAX_DF_SHARE = 0.5       # terms in more than half the corpus say nothing about an event
CENTROID_KEEP = 300      # a story's centroid keeps its strongest terms only (bounded memory)


@dataclass
class DocFrequencies:
    """How many articles hold each term: inverse document frequency, updated as articles arrive."""

    n_docs: int = 0
    df: Counter = field(default_factory=Counter)
    # weights of terms seen since the last `add` (the same arithmetic, done once per term, not per use)
    _weights: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def add(self, terms: Counter) -> None:
        self.n_docs += 1
        self.df.update(terms.keys())
        if self._weights:
            self._weights = {}

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        if self.n_docs >= 20 and df > MAX_DF_SHARE * self.n_docs:
            return 0.0
        return math.log((self.n_docs + 1) / (df + 1)) + 1.0

    def vector(self, terms: Counter) -> dict[str, float]:
        """Unit-length TF-IDF vector (sublinear tf)."""
        vec = {}
        n_docs, df_of, log = self.n_docs, self.df.get, math.log
        limit = MAX_DF_SHARE * n_docs if n_docs >= 20 else math.inf
        idfs = self._weights
        for term, tf in terms.items():   # `idf` inlined: the same arithmetic, no call per term
            idf = idfs.get(term)
            if idf is None:
                df = df_of(term, 0)
                idf = idfs[term] = 0.0 if df > limit else log((n_docs + 1) / (df + 1)) + 1.0
            weight = (1.0 + log(tf)) * idf if tf != 1 else idf
            if weight > 0:
                vec[term] = weight
        norm = math.sqrt(sum([w * w for w in vec.values()])) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def to_dict(self) -> dict:
        return {"n_docs": self.n_docs, "df": dict(self.df)}

    @classmethod
    def from_dict(cls, data: dict) -> "DocFrequencies":
        return cls(n_docs=data["n_docs"], df=Counter(data["df"]))


class Centroid:
    """Sum of unit vectors, pruned to its strongest terms; cosine against a new unit vector."""

    __slots__ = ("weights", "norm2")

    def __init__(self, weights: dict | None = None, norm2: float = 0.0) -> None:
        self.weights = weights if weights is not None else {}
        self.norm2 = norm2

    def add(self, vector: dict[str, float]) -> None:
        weights = self.weights
        dot = 0.0
        for term, weight in vector.items():
            old = weights.get(term, 0.0)
            dot += old * weight
            weights[term] = old + weight
        self.norm2 += 2 * dot + sum([w * w for w in vector.values()])
        if len(weights) > 2 * CENTROID_KEEP:
            kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_KEEP]
            self.weights = dict(kept)
            self.norm2 = sum(w * w for _, w in kept)

    def without(self, vector: dict[str, float]) -> "Centroid":
        """A copy with one member's vector taken out again (terms pruned since are simply absent)."""
        weights = dict(self.weights)
        for term, weight in vector.items():
            if term in weights:
                left = weights[term] - weight
                if left > 1e-9:
                    weights[term] = left
                else:
                    del weights[term]
        return Centroid(weights, sum(w * w for w in weights.values()))

    def absorb(self, other: "Centroid") -> None:
        for term, weight in other.weights.items():
            self.weights[term] = self.weights.get(term, 0.0) + weight
        if len(self.weights) > 2 * CENTROID_KEEP:
            self.weights = dict(sorted(self.weights.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_KEEP])
        self.norm2 = sum(w * w for w in self.weights.values())

    def similarity(self, other: "Centroid") -> float:
        """Cosine of two centroids."""
        if self.norm2 <= 0 or other.norm2 <= 0:
            return 0.0
        a, b = self.weights, other.weights
        if len(a) > len(b):
            a, b = b, a
        get = b.get
        return sum([w * get(t, 0.0) for t, w in a.items()]) / math.sqrt(self.norm2 * other.norm2)

    def cosine(self, vector: dict[str, float]) -> float:
        if self.norm2 <= 0:
            return 0.0
        weights = self.weights
        return _dot(vector, weights) / math.sqrt(self.norm2)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors: shared keys found in C, summed exactly (so in any order)."""
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def sparse_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit vectors."""
    return _dot(a, b)


def _add_counts(target: Counter, keys: frozenset) -> None:
    for key in keys:
        target[key] += 1


def _take_counts(target: Counter, keys, by=None) -> None:
    """Subtract one (or `by[key]`) per key; a key whose count falls to zero is gone, as if never added."""
    for key in keys:
        left = target.get(key, 0) - (by[key] if by is not None else 1)
        if left > 0:
            target[key] = left
        else:
            target.pop(key, None)


def strongest(weights: dict[str, float], k: int) -> list[str]:
    """The k terms of highest weight, alphabetical among equal weights (a heap: no sort of the whole vector)."""
    return [term for _, term in heapq.nsmallest(k, zip(map(operator.neg, weights.values()), weights.keys()))]


def _member_vector(body: dict[str, float], top: list[str]) -> dict[str, float]:
    """A member's body vector cut to its strongest terms `top`, unit length (for closest-member similarity)."""
    norm = math.sqrt(sum(body[t] * body[t] for t in top)) or 1.0
    return {t: body[t] / norm for t in top}


MEMBER_KEEP = 5        # recent members whose own vectors are kept (for the closest-member similarity)
MEMBER_TERMS = 40      # ... each cut to its strongest terms


@dataclass
class StoryProfile:
    """Everything a new article is compared against: the sum of its members' signals."""

    story_id: str
    seq: int
    size: int = 0
    body: Centroid = field(default_factory=Centroid)
    lead: Centroid = field(default_factory=Centroid)
    names: Centroid = field(default_factory=Centroid)
    cast: Centroid = field(default_factory=Centroid)
    members: list = field(default_factory=list)
    title: Counter = field(default_factory=Counter)
    proper: Counter = field(default_factory=Counter)
    proper_docs: Counter = field(default_factory=Counter)   # in how many members each name occurs
    people: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    orgs: Counter = field(default_factory=Counter)
    numbers: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    days: Counter = field(default_factory=Counter)
    written: Counter = field(default_factory=Counter)   # members per year written (see ArticleSignals.year)
    first: str | None = None
    last: str | None = None
    title_text: str | None = None
    thread_id: str | None = None
    after: str | None = None   # the latest sure written-after bound of its undated members

    @property
    def centroid(self) -> dict:
        return self.body.weights

    def add(self, signals: ArticleSignals, vectors: "ArticleVectors", title: str | None) -> None:
        self.body.add(vectors.body)
        self.lead.add(vectors.lead)
        self.names.add(vectors.names)
        self.cast.add(signals.cast)
        self.members.append(vectors.member)
        if len(self.members) > MEMBER_KEEP:
            self.members.pop(0)
        self.size += 1
        _add_counts(self.title, signals.title_terms)
        self.proper.update(signals.proper)
        self.proper_docs.update(signals.proper.keys())
        _add_counts(self.people, signals.people)
        _add_counts(self.places, signals.places)
        _add_counts(self.orgs, signals.orgs)
        _add_counts(self.numbers, signals.numbers)
        _add_counts(self.years, signals.years)
        _add_counts(self.days, signals.days)
        if signals.year:
            self.written[str(signals.year)] += 1
        if signals.published:
            self.first = min(self.first or signals.published, signals.published)
            self.last = max(self.last or signals.published, signals.published)
        if signals.written_after:
            self.after = max(self.after or signals.written_after, signals.written_after)
        if self.title_text is None and title:
            self.title_text = title

    def without(self, signals: ArticleSignals, vectors: "ArticleVectors") -> "StoryProfile":
        """A copy of the story with one of its members taken out: what that member is compared against when
        its place is looked at again (its own words would otherwise vote for it). Dates are kept."""
        out = StoryProfile(self.story_id, self.seq, size=self.size - 1, first=self.first, last=self.last,
                           title_text=self.title_text, thread_id=self.thread_id, after=self.after)
        out.body = self.body.without(vectors.body)
        out.lead = self.lead.without(vectors.lead)
        out.names = self.names.without(vectors.names)
        out.cast = self.cast.without(signals.cast)
        own = vectors.member if len(self.members) else None
        out.members = [m for m in self.members if m != own]
        for name in self._COUNTERS:
            setattr(out, name, Counter(getattr(self, name)))
        _take_counts(out.title, signals.title_terms)
        _take_counts(out.proper, signals.proper, signals.proper)
        _take_counts(out.proper_docs, signals.proper)
        for name in ("people", "places", "orgs", "numbers", "years", "days"):
            _take_counts(getattr(out, name), getattr(signals, name))
        if signals.year:
            _take_counts(out.written, (str(signals.year),))
        return out

    def absorb(self, other: "StoryProfile") -> None:
        """Take in another story's members (two fragments found to be one event)."""
        for name in self._CENTROIDS:
            getattr(self, name).absorb(getattr(other, name))
        self.members = (self.members + other.members)[-MEMBER_KEEP:]
        for name in self._COUNTERS:
            getattr(self, name).update(getattr(other, name))
        self.size += other.size
        if other.after:
            self.after = max(self.after or other.after, other.after)
        for value in (other.first, other.last):
            if value:
                self.first = min(self.first or value, value)
                self.last = max(self.last or value, value)

    def cosine(self, vector: dict[str, float]) -> float:
        return self.body.cosine(vector)

    def closest_member(self, vector: dict[str, float]) -> float:
        return max((sparse_cosine(vector, member) for member in self.members), default=0.0)

    _COUNTERS = ("title", "proper", "proper_docs", "people", "places", "orgs", "numbers", "years", "days", "written")
    _CENTROIDS = ("body", "lead", "names", "cast")

    _SCALARS = ("story_id", "seq", "size", "first", "last", "title_text", "thread_id", "after")

    def to_bytes(self) -> bytes:
        """Exact binary form: a JSON head (scalars, mapping sizes), every key in one line (NUL-separated,
        or a JSON list should a key hold a NUL), then every weight (float64) and count (int64) as packed
        arrays: encoded and decoded in C, nothing rounded."""
        centroids = [getattr(self, name) for name in self._CENTROIDS]
        weighted = self.members + [c.weights for c in centroids]
        counted = [getattr(self, name) for name in self._COUNTERS]
        keys = [key for mapping in weighted + counted for key in mapping]
        joined = "\0".join(keys)
        plain = joined.count("\0") == max(len(keys) - 1, 0) and "\n" not in joined
        head = [[getattr(self, name) for name in self._SCALARS], [len(m) for m in weighted],
                [len(c) for c in counted], [c.norm2 for c in centroids], plain]
        floats = array("d", [w for mapping in weighted for w in mapping.values()])
        ints = array("q", [n for counter in counted for n in counter.values()])
        if _SWAP:
            floats.byteswap()
            ints.byteswap()
        keys_line = joined.encode("utf-8") if plain else _json(keys)
        return b"\n".join((_json(head), keys_line, floats.tobytes() + ints.tobytes()))

    @classmethod
    def from_bytes(cls, blob: bytes) -> "StoryProfile":
        head_line, keys_line, numbers = blob.split(b"\n", 2)
        scalars, weighted_sizes, counted_sizes, norms, plain = json.loads(head_line)
        keys = keys_line.decode("utf-8").split("\0") if plain else json.loads(keys_line)
        keys = list(map(sys.intern, keys))   # one string per term across profiles
        n_floats = sum(weighted_sizes)
        floats, ints = array("d"), array("q")
        floats.frombytes(numbers[:8 * n_floats])
        ints.frombytes(numbers[8 * n_floats:])
        if _SWAP:
            floats.byteswap()
            ints.byteswap()
        profile = cls.__new__(cls)   # every field is set below: no default objects made to be replaced
        profile.__dict__.update(zip(cls._SCALARS, scalars))
        at, values = 0, floats.tolist()
        weighted = []
        for size in weighted_sizes:
            weighted.append(dict(zip(keys[at:at + size], values[at:at + size])))
            at += size
        n_members = len(weighted_sizes) - len(cls._CENTROIDS)
        profile.members = weighted[:n_members]
        for name, weights, norm2 in zip(cls._CENTROIDS, weighted[n_members:], norms):
            setattr(profile, name, Centroid(weights, norm2))
        counts, start = ints.tolist(), at
        for name, size in zip(cls._COUNTERS, counted_sizes):
            counter = Counter.__new__(Counter)   # an empty Counter without Counter.__init__'s Python-level work
            if size:
                dict.update(counter, zip(keys[at:at + size], counts[at - start:at - start + size]))
                at += size
            setattr(profile, name, counter)
        return profile


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_SWAP = sys.byteorder != "little"   # parts are little-endian on every machine


@dataclass(slots=True)
class ArticleVectors:
    """An article's unit TF-IDF vectors: whole text, headline + first sentence, names only; and its body's
    strongest terms (strongest first) with the member vector they make, computed once per placement."""

    body: dict
    lead: dict
    names: dict
    top: list = field(default_factory=list)
    member: dict = field(default_factory=dict)


def article_vectors(signals: ArticleSignals, df: DocFrequencies) -> ArticleVectors:
    body = df.vector(signals.terms)
    top = strongest(body, MEMBER_TERMS)
    return ArticleVectors(body, df.vector(signals.lead), df.vector(signals.proper), top, _member_vector(body, top))
