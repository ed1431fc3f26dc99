"""Candidate stories for a new article through an inverted index of top terms and names.

Only the most recent stories under each key are looked at and only the best few are scored,
so the cost per article stays bounded as the corpus grows (well below quadratic overall).
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict

from .profile import ArticleVectors, StoryProfile, strongest
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


class CandidateIndex:
    """key -> story numbers (in the order stories were filed under it)."""

    def __init__(self, postings: dict[str, list[int]] | None = None) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list, postings or {})

    def add(self, story: int, keys: list[str]) -> None:
        for key in keys:
            posting = self.postings[key]
            if story not in posting[-POSTING_WINDOW:]:
                posting.append(story)  # filed again once it has slipped out of the window

    def candidates(self, keys: list[str]) -> list[int]:
        """Stories sharing the most (rarest) keys with the article (recent first on ties), at most MAX_CANDIDATES."""
        hits: dict[int, float] = {}
        get, postings = hits.get, self.postings
        for key in keys:
            posting = postings.get(key)
            if posting:
                weight = 1.0 / (1.0 + math.log(len(posting)))  # a rare key says more than a common one
                # a story is filed at most once in a posting's window: one update per story, built in C
                hits.update({story: get(story, 0.0) + weight for story in posting[-POSTING_WINDOW:]})
        # (weight, story) tuples compare in C: highest weight first, the more recent story on ties
        return [story for _, story in heapq.nlargest(MAX_CANDIDATES, zip(hits.values(), hits.keys()))]

    def to_dict(self) -> dict[str, list[int]]:
        return {key: posting for key, posting in self.postings.items() if posting}


def story_keys(story: StoryProfile) -> list[str]:
    """A story's own keys, to find other stories that may be fragments of the same event."""
    keys = ["t:" + term for term in strongest(story.body.weights, TOP_TERMS)]
    keys += ["p:" + name for name in strongest(story.people, 5)]   # ties by name, never by arrival order
    keys += ["l:" + name for name in strongest(story.places, 5)]
    return keys
