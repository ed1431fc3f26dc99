"""Fitted scikit-learn estimators as the arrays newsmill's runtime evaluates (the train extra only).

The runtime package reads models with newsmill/models.py and never imports scikit-learn; turning a
fitted estimator into those arrays reads estimator internals, so it lives here beside the training.
"""
from __future__ import annotations

import numpy as np

from newsmill.extract.text_model import TreeEnsemble


def text_ensemble(model, feature_names: list[str]) -> TreeEnsemble:
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
    return TreeEnsemble(features, thresholds, leaves, bias, feature_names)


def block_ensemble_spec(model, feature_names: list[str]) -> dict:
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
    return {"feature_names": list(feature_names), "baseline": baseline, "trees": trees}
