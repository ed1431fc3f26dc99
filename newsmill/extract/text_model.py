"""The learned line scorer: a small gradient-boosted tree ensemble, evaluated in numpy, shipped as JSON.

Trees are stored complete (every path has the same depth), so a whole page is scored level by
level with a handful of array operations instead of walking trees line by line in Python.
Trained by `training/text_train.py` (cross-validated on the dev pages, grouped by page).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

MODEL_FILE = "text_model.json"


class TreeEnsemble:
    """Sum of complete binary trees (heap layout) plus a bias; `predict` gives probabilities."""

    def __init__(self, features: np.ndarray, thresholds: np.ndarray, leaves: np.ndarray, bias: float,
                 feature_names: list[str]) -> None:
        self.features = features.astype(np.int64)        # (trees, internal nodes)
        self.thresholds = thresholds.astype(np.float32)  # (trees, internal nodes)
        self.leaves = leaves.astype(np.float64)          # (trees, leaves)
        self.bias = float(bias)
        self.feature_names = list(feature_names)
        self.depth = int(np.log2(self.leaves.shape[1]))
        trees, internal = self.features.shape
        self._flat_features = self.features.ravel()
        self._flat_thresholds = self.thresholds.ravel()
        self._offsets = (np.arange(trees) * internal)[None, :]
        self._leaf_offsets = (np.arange(trees) * self.leaves.shape[1])[None, :]
        self._flat_leaves = self.leaves.ravel()

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds), one per row of X: every split compared at once, then walked level by level."""
        n = X.shape[0]
        if n == 0:
            return np.zeros(0)
        trees, internal = self.features.shape
        compared = (X[:, self._flat_features] > self._flat_thresholds).ravel()  # row-major (n, trees * internal)
        base = np.arange(n)[:, None] * (trees * internal) + self._offsets
        node = np.zeros((n, trees), dtype=np.int64)
        for _ in range(self.depth):
            node = 2 * node + 1 + compared[base + node]
        leaf = node - internal + self._leaf_offsets
        return self.bias + self._flat_leaves[leaf].sum(axis=1)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(X)))

    def to_dict(self) -> dict:
        return {"features": self.features.tolist(), "thresholds": self.thresholds.tolist(),
                "leaves": self.leaves.tolist(), "bias": self.bias, "feature_names": self.feature_names}

    @classmethod
    def from_dict(cls, data: dict) -> "TreeEnsemble":
        return cls(np.asarray(data["features"]), np.asarray(data["thresholds"]), np.asarray(data["leaves"]),
                   data["bias"], data["feature_names"])

    @classmethod
    def from_sklearn(cls, model, feature_names: list[str]) -> "TreeEnsemble":
        """From a fitted sklearn GradientBoostingClassifier (binary, log-loss)."""
        depth = max(est.tree_.max_depth for est in model.estimators_[:, 0])
        internal, n_leaves = 2 ** depth - 1, 2 ** depth
        trees = model.estimators_[:, 0]
        features = np.zeros((len(trees), internal), dtype=np.int64)
        thresholds = np.full((len(trees), internal), np.inf, dtype=np.float64)
        leaves = np.zeros((len(trees), n_leaves))
        rate = model.learning_rate
        for t, estimator in enumerate(trees):
            tree = estimator.tree_

            def fill(node: int, heap: int, level: int) -> None:
                if level == depth:
                    leaves[t, heap - internal] = rate * tree.value[node][0][0]
                    return
                if tree.children_left[node] == -1:  # a leaf above full depth: always go left, copy down
                    features[t, heap] = 0
                    thresholds[t, heap] = np.inf
                    fill(node, 2 * heap + 1, level + 1)
                    fill(node, 2 * heap + 2, level + 1)
                    return
                features[t, heap] = tree.feature[node]
                thresholds[t, heap] = tree.threshold[node]
                fill(tree.children_left[node], 2 * heap + 1, level + 1)
                fill(tree.children_right[node], 2 * heap + 2, level + 1)

            fill(0, 0, 0)
        prior = model.init_.class_prior_[1] if hasattr(model.init_, "class_prior_") else 0.5
        bias = float(np.log(prior / (1 - prior)))
        # sklearn compares x <= threshold to go left; we compare x > threshold to go right: the same.
        thresholds = np.where(np.isinf(thresholds), np.finfo(np.float32).max, thresholds)
        return cls(features, thresholds, leaves, bias, feature_names)


@lru_cache(maxsize=1)
def load_text_model() -> TreeEnsemble:
    """The shipped model (read once per process; the ensemble is never mutated)."""
    text = resources.files("newsmill.extract").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return TreeEnsemble.from_dict(json.loads(text))
