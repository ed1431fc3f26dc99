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
        # Splits ordered node-major (all trees' node 0, then node 1, ...), so the comparisons of one
        # node index form one contiguous (trees, lines) block.
        self._node_features = self.features.T.ravel()
        self._node_thresholds = self.thresholds.T.ravel()[:, None]
        # Trees share many splits (the same feature and threshold): each distinct split is compared
        # once per line, and the nodes gather their (one-byte) outcomes.
        distinct: dict[tuple[int, float], int] = {}
        of_node = [distinct.setdefault(split, len(distinct))
                   for split in zip(self._node_features.tolist(), self._node_thresholds.ravel().tolist())]
        self._split_features = np.array([f for f, _ in distinct], dtype=np.int64)
        self._split_thresholds = np.array([t for _, t in distinct], dtype=np.float32)[:, None]
        self._split_of_node = np.array(of_node, dtype=np.int64)
        self._leaf_by_code = self._leaf_table() if internal <= 8 else None
        offsets = np.arange(trees, dtype=np.int64) << internal  # each tree's row in the flat leaf table
        self._tree_offsets = offsets.astype(np.uint16 if trees << internal <= 1 << 16 else np.int64)[:, None]

    def _leaf_table(self) -> np.ndarray:
        """(trees, 2**internal): the leaf value each pattern of a tree's split outcomes leads to.

        With depth-3 trees a tree has 7 splits, so its 7 outcomes (one bit each) index a 128-entry
        row: one gather per tree and line replaces the walk down the levels.
        """
        trees, internal = self.features.shape
        codes = np.arange(2 ** internal)
        bits = (codes[:, None] >> np.arange(internal)) & 1
        node = np.zeros(len(codes), dtype=np.int64)
        for _ in range(self.depth):
            node = 2 * node + 1 + bits[np.arange(len(codes)), node]
        table = self.leaves[:, node - internal]
        return np.ascontiguousarray(table.ravel())

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds), one per row of X: every split compared at once (a few array operations).

        Fastest when X is Fortran-ordered (`line_features` builds it so): X.T is then contiguous.
        """
        n = X.shape[0]
        if n == 0:
            return np.zeros(0)
        trees, internal = self.features.shape
        # Row gathers with take: cheaper than fancy indexing here.
        splits = np.ascontiguousarray(X.T).take(self._split_features, axis=0) > self._split_thresholds
        compared = splits.take(self._split_of_node, axis=0).reshape(internal, trees, n)
        if self._leaf_by_code is None:
            return self._walk(compared)
        bits = compared.view(np.uint8)
        code = bits[internal - 1] * np.uint8(2)  # Horner: code = sum(bit k << k), in place
        for k in range(internal - 2, 0, -1):
            code += bits[k]
            code *= np.uint8(2)
        code += bits[0]
        index = code + self._tree_offsets  # two-byte indexes where they fit: less to write and read
        return self.bias + np.take(self._leaf_by_code, index).sum(axis=0)

    def _walk(self, compared: np.ndarray) -> np.ndarray:
        """Deeper trees: walk level by level over a (trees, lines) matrix of node indexes."""
        internal, trees, n = compared.shape
        node = np.zeros((trees, n), dtype=np.int64)
        tree_index, line_index = np.arange(trees)[:, None], np.arange(n)[None, :]
        for _ in range(self.depth):
            node = 2 * node + 1 + compared[node, tree_index, line_index]
        return self.bias + self.leaves[tree_index, node - internal].sum(axis=0)

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
