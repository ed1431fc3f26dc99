"""The block classifier: a small boosted tree ensemble stored as JSON, evaluated with numpy.

Trained by `training/html_blocks.py` (grouped k-fold cross-validation on the dev pages);
nothing is learned or downloaded at run time.
"""
from __future__ import annotations

import json
from importlib import resources

import numpy as np

MODEL_FILE = "html_model.json"


class TreeEnsemble:
    """Boosted trees as padded arrays: feature, threshold, left, right, value per node; leaves loop to themselves."""

    def __init__(self, spec: dict) -> None:
        self.feature_names: list[str] = list(spec["feature_names"])
        self.baseline = float(spec["baseline"])
        self.threshold = float(spec.get("threshold", 0.5))
        trees = spec["trees"]
        # all trees' nodes in flat arrays; child indexes are global; a leaf points to itself
        feature, split, left, right, value, roots = [], [], [], [], [], []
        depth = 1
        for tree in trees:
            offset = len(feature)
            roots.append(offset)
            feature.extend(tree["feature"])
            split.extend(tree["threshold"])
            left.extend(offset + i for i in tree["left"])
            right.extend(offset + i for i in tree["right"])
            value.extend(tree["value"])
            depth = max(depth, int(tree.get("depth", 1)))
        self.feature = np.asarray(feature, dtype=np.intp)
        self.split = np.asarray(split, dtype=np.float64)
        self.left = np.asarray(left, dtype=np.intp)
        self.right = np.asarray(right, dtype=np.intp)
        self.value = np.asarray(value, dtype=np.float64)
        self.roots = np.asarray(roots, dtype=np.intp)
        # children interleaved (right, left): one take per level, indexed by 2 * node + went_left
        self.children = np.empty(2 * len(self.feature), dtype=np.intp)
        self.children[0::2] = self.right
        self.children[1::2] = self.left
        self.depth = depth
        self.width = len(self.feature_names)

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) for rows of `x`."""
        n = x.shape[0]
        if n == 0 or len(self.roots) == 0:
            return np.full(n, self.baseline)
        flat = np.ascontiguousarray(x, dtype=np.float64).ravel()
        base = (np.arange(n, dtype=np.intp) * x.shape[1])[:, None]
        node = np.broadcast_to(self.roots, (n, len(self.roots)))
        for _ in range(self.depth):
            go_left = flat.take(base + self.feature.take(node)) <= self.split.take(node)
            node = self.children.take(node * 2 + go_left)
        return self.baseline + self.value.take(node).sum(axis=1)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(x)))

    @classmethod
    def load(cls, name: str = MODEL_FILE) -> dict[str, "TreeEnsemble"]:
        """The shipped models by stage name ('first', 'second')."""
        text = resources.files("newsmill.extract").joinpath(name).read_text(encoding="utf-8")
        data = json.loads(text)
        return {stage: cls(spec) for stage, spec in data["stages"].items()}


def export_hist_gradient_boosting(model, feature_names: list[str], threshold: float = 0.5) -> dict:
    """A fitted sklearn HistGradientBoostingClassifier (binary, no missing values) as a JSON-able spec."""
    trees = []
    for (predictor,) in model._predictors:  # noqa: SLF001 - the fitted trees; only used when training
        nodes = predictor.nodes
        size = len(nodes)
        feature, thresh, left, right, value = [], [], [], [], []
        for i in range(size):
            if nodes["is_leaf"][i]:
                feature.append(0)
                thresh.append(float("inf"))
                left.append(i)
                right.append(i)
            else:
                feature.append(int(nodes["feature_idx"][i]))
                thresh.append(float(nodes["num_threshold"][i]))
                left.append(int(nodes["left"][i]))
                right.append(int(nodes["right"][i]))
            value.append(float(nodes["value"][i]) if nodes["is_leaf"][i] else 0.0)
        depth = int(nodes["depth"].max()) if size else 1
        trees.append({"feature": feature, "threshold": [t if np.isfinite(t) else 3.0e38 for t in thresh],
                      "left": left, "right": right, "value": value, "depth": depth})
    baseline = float(np.ravel(model._baseline_prediction)[0])  # noqa: SLF001
    return {"feature_names": list(feature_names), "baseline": baseline, "threshold": threshold, "trees": trees}
