"""Scores of a dedup grouping against gold groups: pairwise precision/recall/F1, ARI, recall per variant."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations


def pairs_of(labels: list) -> set[tuple[int, int]]:
    groups: dict[object, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[label].append(i)
    return {pair for members in groups.values() for pair in combinations(members, 2)}


def score(predicted: list, gold: list) -> tuple[float, float, float, float]:
    from sklearn.metrics import adjusted_rand_score
    pred, ref = pairs_of(predicted), pairs_of(gold)
    tp = len(pred & ref)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(ref) if ref else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), adjusted_rand_score(gold, predicted)


def variant_recall(predicted: list, docs: list[dict]) -> dict[str, float]:
    """Per variant: share of its gold pairs found."""
    pred = pairs_of(predicted)
    found: dict[str, list[int]] = defaultdict(list)
    for i, j in pairs_of([d["cluster"] for d in docs]):
        for k in (i, j):
            found[docs[k]["variant"]].append(int((i, j) in pred))
    return {v: sum(hits) / len(hits) for v, hits in sorted(found.items())}
