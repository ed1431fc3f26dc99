"""The learned line scorer: a small gradient-boosted tree ensemble, evaluated in numpy, shipped as JSON.

Trees are stored complete (every path has the same depth), so a whole page is scored level by
level with a handful of array operations instead of walking trees line by line in Python.
Trained by `training/text_train.py` (cross-validated on the dev pages, grouped by site); the file format and
loader are newsmill/models.py's.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..models import ModelFile, load_model

MODEL_FILE = "text_model.json"
MODEL_KIND = "text-lines"


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


@dataclass(frozen=True)
class LineSettings:
    """How line scores become the body (text.py), tuned on the model's cross-validated scores
    (training/text_tune.py), so they ship in the model file beside it."""

    threshold: float      # a line is body above this score
    gap: int              # body lines this many lines apart or closer form one region
    fill: float           # inside the main region a line above this score is body too
    stray_lines: int      # lines this far outside the main region are strays ...
    stray_score: float    # ... kept only above this score
    fallback_min: float   # a page with no line over `threshold` but one over this still has an article:
    fallback_share: float  # its lines within this share of the best score

    @classmethod
    def from_thresholds(cls, thresholds: dict[str, float]) -> "LineSettings":
        return cls(threshold=thresholds["line"], gap=int(thresholds["gap"]), fill=thresholds["fill"],
                   stray_lines=int(thresholds["stray_lines"]), stray_score=thresholds["stray_score"],
                   fallback_min=thresholds["fallback_min"], fallback_share=thresholds["fallback_share"])

    def to_thresholds(self) -> dict[str, float]:
        return {"line": self.threshold, "gap": self.gap, "fill": self.fill, "stray_lines": self.stray_lines,
                "stray_score": self.stray_score, "fallback_min": self.fallback_min,
                "fallback_share": self.fallback_share}


@lru_cache(maxsize=1)
def _shipped() -> ModelFile:
    return load_model(__package__, MODEL_FILE, MODEL_KIND)


@lru_cache(maxsize=1)
def load_text_model() -> TreeEnsemble:
    """The shipped model (read once per process; the ensemble is never mutated)."""
    return TreeEnsemble.from_dict(_shipped().model)


def shipped_settings() -> LineSettings:
    """The settings tuned with the shipped model."""
    return LineSettings.from_thresholds(_shipped().thresholds)
