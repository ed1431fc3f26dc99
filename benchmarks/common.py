"""Shared helpers for the benchmarks: where the data is, scoring, timing, and the machine line."""
from __future__ import annotations

import datetime as _dt
import os
import platform
import resource
import sys
from collections import Counter
from pathlib import Path
from typing import Hashable, Mapping

REPO = Path(__file__).resolve().parent.parent


def find_shared() -> Path | None:
    """The workplace's shared data folder: $NEWSMILL_SHARED, else ../shared beside the repository; None
    when none holds bench/."""
    env = os.environ.get("NEWSMILL_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    return next((candidate for candidate in candidates if (candidate / "bench").is_dir()), None)


def shared_dir() -> Path:
    """The shared data folder (see `find_shared`); exits with a clear message without one."""
    found = find_shared()
    if found is None:
        sys.exit("benchmark data not found: set NEWSMILL_SHARED to the folder holding bench/ and gold/")
    return found


def bow_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 over whitespace tokens (multiset overlap)."""
    pred, ref = Counter(predicted.split()), Counter(gold.split())
    overlap = sum((pred & ref).values())
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(ref.values()) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{_dt.date.today().isoformat()}")


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    def fmt(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"
        return str(value)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# -- clustering scores (stories benchmark, training and tests) ---------------------------------------
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
