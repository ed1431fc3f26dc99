"""The shipped story model: weights over pair features and the join threshold on their sum.

Tuned by training/stories_train.py on ECB+ dev topics 1-17 only (the clustering score itself is
what is optimised); the file is package data in newsmill/models.py's format, the thresholds beside
the weights.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass

from ..models import ModelFile, load_model
from .features import FEATURE_NAMES

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

    @property
    def active(self) -> frozenset:
        """The features with a weight: the only ones worth computing."""
        return frozenset(name for name, weight in zip(FEATURE_NAMES, self.weights) if weight)

    def score(self, features: list[float]) -> float:
        return self.bias + sum(map(operator.mul, self.weights, features))

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
