"""The shipped story model: weights over pair features and the join threshold on their sum.

Tuned by training/stories_train.py on ECB+ dev topics 1-17 only (the clustering score itself is
what is optimised); the file is package data in newsmill/models.py's format, the thresholds beside
the weights.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from functools import cached_property

from ..models import ModelFile, load_model
from .features import FEATURE_NAMES, FEATURES, LONG_FEATURES, MAX_COSINE

MODEL_FILE = "story_model.json"
MODEL_KIND = "story-pairs"


@dataclass(frozen=True)
class StoryModel:
    """score(article, story) = bias + w · features; the article joins its best story when score ≥ threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    max_gap_days: int | None = None   # a hard veto: dated article and story this far apart never join
    merge_threshold: float | None = None  # two fragments of this run this alike become one story
    reattach_threshold: float | None = None  # a one-article story joins its best other story at this score
    reassign: bool = False   # end of run: every article of the run may move to a story that fits it better

    @cached_property
    def active(self) -> frozenset:
        """The features with a weight: the only ones worth computing."""
        return frozenset(name for name, weight in zip(FEATURE_NAMES, self.weights) if weight)

    def score(self, features: list[float]) -> float:
        return self.bias + sum(map(operator.mul, self.weights, features))

    def score_pair(self, signals, vectors, story, beat: float = -math.inf, reach: float = -math.inf,
                   ceilings: dict | None = None, computed: dict | None = None) -> float | None:
        """`score(pair_features(...))` to the same float, or None as soon as the pair is shown to score at most
        `beat` or below `reach`: the features with a weight only, the long cosines last, each computed only
        while the score with it and those after it at their largest could still pass both: MAX_COSINE, or
        what `ceilings` (by name) knows a long cosine cannot exceed. The long ones computed go into `computed`
        by name."""
        weights, features, long = self._scoring
        values = [feature(signals, vectors, story) if feature is not None else MAX_COSINE for feature in features]
        if ceilings:
            for at, name, _ in long:
                values[at] = min(MAX_COSINE, ceilings.get(name, MAX_COSINE))
        for at, name, feature in long:
            best_possible = self.bias + sum(map(operator.mul, weights, values))
            if best_possible <= beat or best_possible < reach:
                return None
            values[at] = feature(signals, vectors, story)
            if computed is not None:
                computed[name] = values[at]
        return self.bias + sum(map(operator.mul, weights, values))

    @cached_property
    def _scoring(self) -> tuple[tuple[float, ...], list, list]:
        """(the weights that are not 0, in FEATURE_NAMES order; their features, None for a long one; the long
        ones' places, names and features). Terms of weight 0 add nothing to `score`: the sums are the same floats.
        A long feature is a cosine of non-negative vectors, at most MAX_COSINE: it starts at that value, the
        largest it can add, and a negative weight is never left to a bound (its feature is computed first)."""
        active = [(name, weight) for name, weight in zip(FEATURE_NAMES, self.weights) if weight]
        deferred = {name for name, weight in active if name in LONG_FEATURES and weight > 0}
        features = [None if name in deferred else FEATURES[name] for name, _ in active]
        long = sorted((LONG_FEATURES.index(name), at, FEATURES[name]) for at, (name, _) in enumerate(active)
                      if name in deferred)
        long_features = [(at, active[at][0], feature) for _, at, feature in long]
        return tuple(weight for _, weight in active), features, long_features

    def thresholds(self) -> dict[str, float | None]:
        return {"join": self.threshold, "merge": self.merge_threshold, "reattach": self.reattach_threshold,
                "max_gap_days": self.max_gap_days}

    def to_model(self) -> dict:
        """The fitted part of the model file (its thresholds go beside it: `thresholds`)."""
        return {"features": list(FEATURE_NAMES), "weights": list(self.weights), "bias": self.bias,
                "reassign": self.reassign}

    @classmethod
    def from_file(cls, model: ModelFile) -> "StoryModel":
        data, tuned = model.model, model.thresholds
        if list(data["features"]) != list(FEATURE_NAMES):
            raise ValueError("story model was trained on other features; re-run training/stories_train.py")
        return cls(weights=tuple(data["weights"]), bias=data["bias"], threshold=model.threshold("join"),
                   max_gap_days=tuned.get("max_gap_days"), merge_threshold=tuned.get("merge"),
                   reattach_threshold=tuned.get("reattach"), reassign=bool(data.get("reassign", False)))

    @classmethod
    def load(cls) -> "StoryModel":
        return cls.from_file(load_model(__package__, MODEL_FILE, MODEL_KIND))
