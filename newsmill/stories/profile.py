"""A story's running profile (term centroid, names, numbers, years, dates) and document frequencies.

Both are plain data that serialise exactly (document frequencies packed in the state's head, a profile as
`to_bytes`), so the grouper's state survives in the store for `--append`.
"""
from __future__ import annotations

import json
import math
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from types import MappingProxyType

from .centroid import Centroid, as_dict, frozen_vector, strongest, vector_dot
from .signals import ArticleSignals

MAX_DF_SHARE = 0.5       # terms in more than half the corpus say nothing about an event


@dataclass
class DocFrequencies:
    """How many articles hold each term: inverse document frequency, updated as articles arrive."""

    n_docs: int = 0
    df: Counter = field(default_factory=Counter)
    # term -> (the term interned, its weight) for terms seen since the last `add` (done once per term, not per use)
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
        """Unit-length TF-IDF vector (sublinear tf), keyed by interned terms: the stories it goes into share
        one string per term (a frozen centroid holds them as they are)."""
        vec = {}
        n_docs, df_of, log, intern = self.n_docs, self.df.get, math.log, sys.intern
        limit = MAX_DF_SHARE * n_docs if n_docs >= 20 else math.inf
        idfs = self._weights
        for term, tf in terms.items():   # `idf` inlined: the same arithmetic, no call per term
            known = idfs.get(term)
            if known is None:
                df = df_of(term, 0)
                known = idfs[term] = (intern(term), 0.0 if df > limit else log((n_docs + 1) / (df + 1)) + 1.0)
            term, idf = known
            weight = (1.0 + log(tf)) * idf if tf != 1 else idf
            if weight > 0:
                vec[term] = weight
        norm = math.sqrt(sum([w * w for w in vec.values()])) or 1.0
        return {t: w / norm for t, w in vec.items()}


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


def _member_vector(body: dict[str, float], top: list[str]) -> dict[str, float]:
    """A member's body vector cut to its strongest terms `top`, unit length (for closest-member similarity)."""
    norm = math.sqrt(sum(body[t] * body[t] for t in top)) or 1.0
    return {t: body[t] / norm for t in top}


NO_COUNTS = MappingProxyType({})   # what a frozen story holds for each of its empty counters (shared, read-only)

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
    frozen: bool = field(default=False, compare=False, repr=False)   # unchanged since `freeze`
    serial: int = field(default=0, compare=False, repr=False)   # which object StoryProfiles handed out

    def add(self, signals: ArticleSignals, vectors: "ArticleVectors", title: str | None) -> None:
        self._counts_to_change()
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
        out.members = [m for m in self.members if as_dict(m) != own]
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
        self._counts_to_change()
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
        return max((vector_dot(vector, member) for member in self.members), default=0.0)

    def freeze(self) -> None:
        """Its vectors frozen (centroid.py): what a story is between windows, when it is only scored."""
        if self.frozen:
            return
        self.frozen = True
        for name in self._CENTROIDS:
            getattr(self, name).freeze()
        self.members = [frozen_vector(m) for m in self.members]
        for name in self._COUNTERS:
            if not getattr(self, name):
                setattr(self, name, NO_COUNTS)

    def _counts_to_change(self) -> None:
        self.frozen = False   # a change to come: add and absorb thaw what they touch
        for name in self._COUNTERS:
            if getattr(self, name) is NO_COUNTS:
                setattr(self, name, Counter())

    _COUNTERS = ("title", "proper", "proper_docs", "people", "places", "orgs", "numbers", "years", "days", "written")
    _CENTROIDS = ("body", "lead", "names", "cast")

    _SCALARS = ("story_id", "seq", "size", "first", "last", "title_text", "thread_id", "after")

    def to_bytes(self) -> bytes:
        """Exact binary form: a JSON head (scalars, mapping sizes), every key in one line (NUL-separated,
        or a JSON list should a key hold a NUL), then every weight (float64) and count (int64) as packed
        arrays: encoded and decoded in C, nothing rounded."""
        centroids = [getattr(self, name) for name in self._CENTROIDS]
        weighted = [frozen_vector(m) for m in self.members] + [(c.terms(), c.values()) for c in centroids]
        counted = [getattr(self, name) for name in self._COUNTERS]
        keys = list(chain.from_iterable(chain((terms for terms, _ in weighted), counted)))   # flattened in C
        joined = "\0".join(keys)
        plain = joined.count("\0") == max(len(keys) - 1, 0) and "\n" not in joined
        head = [[getattr(self, name) for name in self._SCALARS], [len(terms) for terms, _ in weighted],
                [len(c) for c in counted], [c.norm2 for c in centroids], plain]
        floats = array("d")
        for _, values in weighted:
            floats.extend(values)
        ints = array("q", list(chain.from_iterable(counter.values() for counter in counted)))
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
        profile.frozen = True
        at, weighted = 0, []
        for size in weighted_sizes:   # decoded frozen: tuples of terms and slices of the packed weights
            weighted.append((tuple(keys[at:at + size]), floats[at:at + size]))
            at += size
        n_members = len(weighted_sizes) - len(cls._CENTROIDS)
        profile.members = weighted[:n_members]
        for name, (terms, values), norm2 in zip(cls._CENTROIDS, weighted[n_members:], norms):
            setattr(profile, name, Centroid.frozen(terms, values, norm2))
        counts, start = ints.tolist(), at
        for name, size in zip(cls._COUNTERS, counted_sizes):
            counter = NO_COUNTS
            if size:
                counter = Counter.__new__(Counter)   # without Counter.__init__'s Python-level work
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
