"""Threads: stories linked into a storyline when they share their main actors and places over months.

Looser than a story (no need for the same event), but a shared cast is required, and when both
sides are dated the new story must come within `MAX_GAP_DAYS` of the thread's span.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .profile import DocFrequencies, StoryProfile

MAX_GAP_DAYS = 400          # a storyline pauses for months, not years
MIN_SHARED = 2              # at least two shared names among the main casts
MIN_CAST_COSINE = 0.3       # and similar weight on them
TOP_CAST = 15
THREAD_CAST = 60


def thread_id_for(story_id: str) -> str:
    return "t-" + hashlib.blake2b(story_id.encode("utf-8"), digest_size=6).hexdigest()


def story_cast(story: StoryProfile, df: DocFrequencies) -> dict[str, float]:
    """The story's main cast: its most mentioned names (capitalised words, people, places), by mentions."""
    counts: Counter = Counter(story.proper)
    for names in (story.people, story.places):
        for key, count in names.items():
            for word in key.split():
                counts[word] += count
    weights = {w: (1.0 + math.log(c)) * (1.0 if df.idf(w) > 0 else 0.0) for w, c in counts.items()}
    top = sorted(((w, v) for w, v in weights.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))[:TOP_CAST]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {w: v / norm for w, v in top}


@dataclass
class ThreadProfile:
    thread_id: str
    cast: Counter = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None

    def add(self, story: StoryProfile, cast: dict[str, float]) -> None:
        self.cast.update(cast)
        if len(self.cast) > 2 * THREAD_CAST:  # a long thread keeps its main cast only (bounded cost)
            self.cast = Counter(dict(sorted(self.cast.items(), key=lambda kv: (-kv[1], kv[0]))[:THREAD_CAST]))
        if story.first:
            self.first = min(self.first or story.first, story.first)
            self.last = max(self.last or story.last or story.first, story.last or story.first)


def _gap(story: StoryProfile, thread: ThreadProfile) -> int | None:
    if not story.first or not thread.first:
        return None
    s0, s1 = date.fromisoformat(story.first), date.fromisoformat(story.last or story.first)
    t0, t1 = date.fromisoformat(thread.first), date.fromisoformat(thread.last or thread.first)
    if s1 < t0:
        return (t0 - s1).days
    if s0 > t1:
        return (s0 - t1).days
    return 0


def _cosine(a: dict[str, float], b: Counter) -> float:
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(v * v for v in b.values())) or 1.0
    return dot / norm


class ThreadLinker:
    """Puts each new story into the best-matching existing thread, or starts a new one."""

    def __init__(self, threads: list[ThreadProfile] | None = None) -> None:
        self.threads = threads or []
        self.by_name: dict[str, list[int]] = {}
        for number, thread in enumerate(self.threads):
            self._file(number, thread.cast)

    def _file(self, number: int, cast: dict[str, float]) -> None:
        for key in cast:
            posting = self.by_name.setdefault(key, [])
            if number not in posting[-50:]:
                posting.append(number)

    @staticmethod
    def score(story: StoryProfile, cast: dict[str, float], thread: ThreadProfile) -> float:
        """How well a story continues a thread: cosine of their casts (0 when a rule rules it out)."""
        shared = [key for key in cast if key in thread.cast]
        if len(shared) < MIN_SHARED:
            return 0.0
        gap = _gap(story, thread)
        if gap is not None and gap > MAX_GAP_DAYS:
            return 0.0
        similarity = _cosine(cast, thread.cast)
        return similarity if similarity >= MIN_CAST_COSINE else 0.0

    def link(self, story: StoryProfile, df: DocFrequencies) -> str:
        """The thread id for a story seen for the first time (its profile holds this run's articles)."""
        cast = story_cast(story, df)
        seen: set[int] = set()
        best, best_score = None, 0.0
        for key in cast:
            for number in self.by_name.get(key, [])[-50:]:
                if number in seen:
                    continue
                seen.add(number)
                score = self.score(story, cast, self.threads[number])
                if score > best_score:
                    best, best_score = number, score
        if best is None:
            best = len(self.threads)
            self.threads.append(ThreadProfile(thread_id_for(story.story_id)))
        thread = self.threads[best]
        thread.add(story, cast)
        self._file(best, cast)
        return thread.thread_id
