"""The shipped story model: weights over pair features and the join threshold on their sum.

Tuned by training/stories_train.py on ECB+ dev topics 1-17 only (the clustering score itself is
what is optimised); the file is package data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from .features import FEATURE_NAMES

MODEL_FILE = "story_model.json"


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
        return self.bias + sum(w * x for w, x in zip(self.weights, features))

    def to_dict(self) -> dict:
        return {"features": list(FEATURE_NAMES), "weights": list(self.weights), "bias": self.bias,
                "threshold": self.threshold, "max_gap_days": self.max_gap_days,
                "merge_threshold": self.merge_threshold, "reattach_threshold": self.reattach_threshold,
                "reassign": self.reassign}

    @classmethod
    def from_dict(cls, data: dict) -> "StoryModel":
        if list(data["features"]) != list(FEATURE_NAMES):
            raise ValueError("story model was trained on other features; re-run training/stories_train.py")
        return cls(weights=tuple(data["weights"]), bias=data["bias"], threshold=data["threshold"],
                   max_gap_days=data.get("max_gap_days"), merge_threshold=data.get("merge_threshold"),
                   reattach_threshold=data.get("reattach_threshold"), reassign=bool(data.get("reassign", False)))

    @classmethod
    def load(cls) -> "StoryModel":
        text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))
