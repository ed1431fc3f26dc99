"""Clustering scores used by the story benchmark and tests: B-cubed and pairwise P/R/F1."""
from __future__ import annotations

from collections import Counter
from typing import Hashable, Mapping


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over the items of `gold` (average over items)."""
    items = list(gold)
    if not items:
        return 1.0, 1.0, 1.0
    both = Counter((predicted[i], gold[i]) for i in items)
    pred_sizes = Counter(predicted[i] for i in items)
    gold_sizes = Counter(gold[i] for i in items)
    p = sum(both[(predicted[i], gold[i])] / pred_sizes[predicted[i]] for i in items) / len(items)
    r = sum(both[(predicted[i], gold[i])] / gold_sizes[gold[i]] for i in items) / len(items)
    return p, r, _f1(p, r)


def pairwise(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """Precision, recall, F1 over the pairs of items put in one cluster."""
    items = list(gold)

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter((predicted[i], gold[i]) for i in items))
    pred = pairs(Counter(predicted[i] for i in items))
    true = pairs(Counter(gold[i] for i in items))
    p = both / pred if pred else 1.0
    r = both / true if true else 1.0
    return p, r, _f1(p, r)
