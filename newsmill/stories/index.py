"""Candidate stories for a new article through an inverted index of top terms and names.

Only the most recent stories under each key are looked at and only the best few are scored,
so the cost per article stays bounded as the corpus grows (well below quadratic overall).
"""
from __future__ import annotations

import math
import operator
from array import array
from collections import defaultdict
from itertools import repeat

from .centroid import strongest, strongest_of
from .profile import ArticleVectors, StoryProfile
from .signals import ArticleSignals

TOP_TERMS = 10          # an article's strongest terms used as index keys
POSTING_WINDOW = 40     # stories looked at per key (the most recent ones)
MAX_CANDIDATES = 8      # stories scored per article


def index_keys(signals: ArticleSignals, vectors: ArticleVectors) -> list[str]:
    """The keys an article is filed and looked up under: its top terms, people and places."""
    keys = ["t:" + term for term in vectors.top[:TOP_TERMS]]   # `top` holds MEMBER_TERMS >= TOP_TERMS, strongest first
    keys += ["p:" + name for name in sorted(signals.people)]
    keys += ["l:" + name for name in sorted(signals.places)]
    return keys


def _posting() -> array:
    return array("i")


def top_stories_py(postings: list[array], weights: list[float], window: int, k: int) -> list[int]:
    """The k stories of highest summed weight over the last `window` filings of each posting, the higher story
    number (the more recent) first on ties: what `_speedups.top_stories` computes in C, to the same floats."""
    hits: dict[int, float] = {}
    get, add = hits.get, operator.add
    for posting, weight in zip(postings, weights):
        # story -> its sum + weight, one filing after the other (a story is filed at most once in a posting's
        # window), iterated in C
        recent = posting[-window:]
        hits.update(zip(recent, map(add, map(get, recent, repeat(0.0)), repeat(weight))))
    # highest weight first: the stories at or above the k-th weight (found by sorting the weights alone, in C)
    # sorted as (weight, story), the first ones kept
    if len(hits) > k > 0:
        cut = sorted(hits.values())[-k]
        return [story for _, story in sorted([(w, s) for s, w in hits.items() if w >= cut], reverse=True)[:k]]
    return [story for _, story in sorted(zip(hits.values(), hits.keys()), reverse=True)][:k]


try:   # the compiled form (setuptools builds it where a C compiler is found); the same results
    from ._speedups import top_stories
except ImportError:   # pragma: no cover - a build without a compiler
    top_stories = top_stories_py


class CandidateIndex:
    """key -> the story numbers filed under it, the most recent last (at most 2 x POSTING_WINDOW kept: only the
    last POSTING_WINDOW are looked at), and how many times each key was filed (how common it is). A posting
    is a packed array: 4 bytes a filing, side by side in memory (a list's would be pointers to int objects)."""

    def __init__(self, postings: dict[str, array] | None = None, filed: dict[str, int] | None = None) -> None:
        self.postings: dict[str, array] = defaultdict(_posting, postings or {})
        self.filed: dict[str, int] = dict(filed) if filed is not None else {k: len(v) for k, v in self.postings.items()}

    def add(self, story: int, keys: list[str]) -> None:
        filed = self.filed
        for key in keys:
            posting = self.postings[key]
            if story not in posting[-POSTING_WINDOW:]:
                posting.append(story)  # filed again once it has slipped out of the window
                filed[key] = filed.get(key, 0) + 1
                if len(posting) > 2 * POSTING_WINDOW:
                    del posting[:-POSTING_WINDOW]

    def candidates(self, keys: list[str]) -> list[int]:
        """Stories sharing the most (rarest) keys with the article (recent first on ties), at most MAX_CANDIDATES."""
        found, weights, postings, filed = [], [], self.postings, self.filed
        for key in keys:
            posting = postings.get(key)
            if posting:
                found.append(posting)
                weights.append(1.0 / (1.0 + math.log(filed[key])))  # a rare key says more than a common one
        return top_stories(found, weights, POSTING_WINDOW, MAX_CANDIDATES)

    def to_arrays(self) -> tuple[list[str], list[int], list[int], list[int]]:
        """(keys, each key's posting length, the postings end to end, each key's filing count): what is saved."""
        keys = [key for key, posting in self.postings.items() if posting]
        recent = [self.postings[key][-POSTING_WINDOW:] for key in keys]
        return keys, [len(p) for p in recent], [n for p in recent for n in p], [self.filed[key] for key in keys]

    @classmethod
    def from_arrays(cls, keys: list[str], lengths: list[int], postings: list[int], filed: list[int]) -> "CandidateIndex":
        at, by_key = 0, {}
        for key, length in zip(keys, lengths):
            by_key[key] = array("i", postings[at:at + length])
            at += length
        return cls(by_key, dict(zip(keys, filed)))


class SecondLooks:
    """Candidates found by a pass's second looks, kept for the merge looks that follow: a one-article story's
    keys are its article's, and a posting changes only with its key's filing count, so while the counts of
    those keys stand the index finds the same candidates. Lives for one pass (`clear`)."""

    def __init__(self, index: CandidateIndex) -> None:
        self.index = index
        self.found: dict[tuple[str, ...], tuple[tuple, list[int]]] = {}   # keys -> (their counts, candidates)

    def candidates(self, keys: list[str], remember: bool = False) -> list[int]:
        """The index's candidates for these keys, remembered when `remember` (a second look)."""
        if not remember and not self.found:
            return self.index.candidates(keys)
        lookup, counts = tuple(keys), tuple(map(self.index.filed.get, keys))
        known = self.found.get(lookup)
        if known is not None and known[0] == counts:
            return known[1]
        found = self.index.candidates(keys)
        if remember:
            self.found[lookup] = (counts, found)
        return found

    def clear(self) -> None:
        self.found = {}


def story_keys(story: StoryProfile) -> list[str]:
    """A story's own keys, to find other stories that may be fragments of the same event."""
    keys = ["t:" + term for term in strongest_of(story.body.terms(), story.body.values(), TOP_TERMS)]
    keys += ["p:" + name for name in strongest(story.people, 5)]   # ties by name, never by arrival order
    keys += ["l:" + name for name in strongest(story.places, 5)]
    return keys
