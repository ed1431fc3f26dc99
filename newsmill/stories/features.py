"""Pair features of (new article, candidate story): similarities, and vetoes where event anchors disagree.

Two events of the same kind share words; they differ in who, where, how many and when. So each
anchor kind gives an overlap feature and a "both have some, none shared" disagreement feature.
"""
from __future__ import annotations

import math
from collections import Counter
from datetime import date
from functools import partial
from typing import Callable

from .profile import ArticleVectors, StoryProfile
from .signals import ArticleSignals

FEATURE_NAMES = (
    "cos_body", "cos_closest", "cos_lead", "cos_names", "cos_title",
    "people_overlap", "people_disagree", "places_overlap", "places_disagree",
    "orgs_overlap", "orgs_disagree", "numbers_overlap", "numbers_disagree",
    "years_overlap", "years_disagree", "date_gap", "log_size", "key_people_missing", "key_names_missing",
    "days_overlap", "days_disagree", "cos_people", "year_apart",
)


_ANCHOR_KINDS = ("people", "places", "orgs", "numbers", "years", "days")


def _overlap(mine: frozenset, theirs: Counter) -> tuple[float, float]:
    """(share of the smaller side found in the other, 1.0 when both have anchors and none is shared)."""
    if not mine or not theirs:
        return 0.0, 0.0
    shared = sum(1 for key in mine if key in theirs)
    if shared == 0:
        return 0.0, 1.0
    return shared / min(len(mine), len(theirs)), 0.0


def _title_cosine(title_terms: frozenset, story_title: Counter, story_size: int) -> float:
    if not title_terms or not story_title:
        return 0.0
    dot = sum(story_title.get(t, 0) for t in title_terms)
    norm = math.sqrt(len(title_terms)) * math.sqrt(sum(c * c for c in story_title.values()))
    return dot / norm if norm else 0.0


def _days(value: str) -> int | None:
    try:
        return date.fromisoformat(value).toordinal()
    except (TypeError, ValueError):
        return None


def date_gap_days(published: str | None, story: StoryProfile) -> int | None:
    """Days between the article's date and the story's span of dates; None unless both are known."""
    if not published or not story.first:
        return None
    day, first, last = _days(published), _days(story.first), _days(story.last or story.first)
    if day is None or first is None or last is None:
        return None
    if first <= day <= last:
        return 0
    return min(abs(day - first), abs(day - last))


def _key_missing(mine, theirs: Counter, size: int) -> float:
    """Share of the story's key anchors (in at least half its articles) the article does not name."""
    if not mine:
        return 0.0
    keys = [k for k, n in theirs.items() if 2 * n >= size]
    if not keys:
        return 0.0
    return sum(1 for k in keys if k not in mine) / len(keys)


def year_apart(year: int | None, written: Counter) -> float:
    """Share of the story's members written more than a year away from the article (0 when either is unknown).

    Two events of one kind are often years apart; articles name the year they are written in, so the
    story's members vote and one stray background year in a member does not decide.
    """
    if not year or not written:
        return 0.0
    total = sum(written.values())
    near = sum(n for y, n in written.items() if abs(int(y) - year) <= 1)
    return 1.0 - near / total


# One function per feature, (signals, vectors, story) -> float, each 0 when its anchors are missing on either side
# (module-level functions: a model holding them pickles to the engine's other processes).
def _cos_body(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return story.body.cosine(vectors.body)


def _cos_closest(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return story.closest_member(vectors.body)


def _cos_lead(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return story.lead.cosine(vectors.lead)


def _cos_names(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return story.names.cosine(vectors.names)


def _cos_title(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return _title_cosine(signals.title_terms, story.title, story.size)


def _anchor_overlap(kind: str, signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return _overlap(getattr(signals, kind), getattr(story, kind))[0]


def _anchor_disagree(kind: str, signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return _overlap(getattr(signals, kind), getattr(story, kind))[1]


def _date_gap(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    gap = date_gap_days(signals.published, story)
    return math.log1p(gap) / 5.0 if gap is not None else 0.0


def _log_size(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return math.log(story.size)


def _key_people_missing(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return _key_missing(signals.people, story.people, story.size)


def _key_names_missing(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return _key_missing(signals.proper, story.proper_docs, story.size)


def _cos_people(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return story.cast.cosine(signals.cast)


def _year_apart(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile) -> float:
    return year_apart(signals.year, story.written)


_FEATURES: dict[str, Callable[[ArticleSignals, ArticleVectors, StoryProfile], float]] = {
    "cos_body": _cos_body, "cos_closest": _cos_closest, "cos_lead": _cos_lead, "cos_names": _cos_names,
    "cos_title": _cos_title, "date_gap": _date_gap, "log_size": _log_size,
    "key_people_missing": _key_people_missing, "key_names_missing": _key_names_missing,
    "cos_people": _cos_people, "year_apart": _year_apart,
    **{kind + "_overlap": partial(_anchor_overlap, kind) for kind in _ANCHOR_KINDS},
    **{kind + "_disagree": partial(_anchor_disagree, kind) for kind in _ANCHOR_KINDS},
}
# name -> feature(signals, vectors, story), in FEATURE_NAMES order; each 0 when its anchors are missing on either side
FEATURES = {name: _FEATURES[name] for name in FEATURE_NAMES}
ALL_FEATURES = frozenset(FEATURE_NAMES)
# the cosines that scan a story's long vectors (its centroid of names, of all terms, its members' vectors), cheapest
# first: worth leaving out when the others already show a pair cannot score enough (StoryModel.score_pair)
LONG_FEATURES = ("cos_names", "cos_body", "cos_closest")


def pair_features(signals: ArticleSignals, vectors: ArticleVectors, story: StoryProfile,
                  active: frozenset = ALL_FEATURES) -> list[float]:
    """The feature vector, in FEATURE_NAMES order; features not in `active` (weight 0) are left at 0."""
    return [feature(signals, vectors, story) if name in active else 0.0 for name, feature in FEATURES.items()]


MAX_COSINE = 1.0 + 1e-9   # a cosine, rounding included, is never above this


def story_similarity(a: StoryProfile, b: StoryProfile, max_gap_days: int | None,
                     at_least: float = -math.inf) -> float:
    """How alike two stories are (text and names); 0 when both are dated and too far apart.

    A pair whose text alone shows it stays below `at_least` gets a lower value without its names compared
    (most candidate fragments share a few words and nothing more)."""
    if max_gap_days is not None and a.first and b.first:
        gap = min(abs(_days(a.first) - _days(b.last or b.first)), abs(_days(b.first) - _days(a.last or a.first)))
        overlap = _days(a.first) <= _days(b.last or b.first) and _days(b.first) <= _days(a.last or a.first)
        if not overlap and gap > max_gap_days:
            return 0.0
    text = a.body.similarity(b.body)
    if 0.5 * text + 0.5 * MAX_COSINE < at_least:
        return 0.5 * text
    return 0.5 * text + 0.5 * a.names.similarity(b.names)
