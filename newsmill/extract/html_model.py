"""The block classifier: a small boosted tree ensemble stored as JSON, evaluated with numpy.

Trained by `training/html_blocks.py` (grouped k-fold cross-validation on the dev pages);
nothing is learned or downloaded at run time. The file format and loader are newsmill/models.py's.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..models import ModelFile, load_model

MODEL_FILE = "html_model.json"
MODEL_KIND = "html-blocks"


class TreeEnsemble:
    """Boosted trees as padded arrays: feature, threshold, left, right, value per node; leaves loop to themselves."""

    def __init__(self, spec: dict) -> None:
        self.feature_names: list[str] = list(spec["feature_names"])
        self.baseline = float(spec["baseline"])
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



@dataclass(frozen=True)
class HtmlThresholds:
    """The cut-offs chosen with the block models (training/html_blocks.py), shipped in their file."""

    block: float = 0.5   # a block is article text at this second-stage score
    alone: float = 0.7   # ... and at this one when no other kept block shares its parent or grandparent:
    # 0.7 was the best of 0.6-0.9 on the cross-validated scores of both dev sets (html_blocks.py --sweep)


@dataclass(frozen=True)
class BlockModels:
    """The two stages' ensembles by name ('first', 'second') and their thresholds."""

    stages: dict[str, TreeEnsemble]
    thresholds: HtmlThresholds


def block_models(model: ModelFile) -> BlockModels:
    return BlockModels({stage: TreeEnsemble(spec) for stage, spec in model.model["stages"].items()},
                       HtmlThresholds(block=model.threshold("block"), alone=model.threshold("alone")))


@lru_cache(maxsize=1)
def shipped_block_models() -> BlockModels:
    """The shipped models (read once per process; never mutated)."""
    return block_models(load_model(__package__, MODEL_FILE, MODEL_KIND))
