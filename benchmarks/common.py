"""Shared helpers for the benchmarks: where the data is, scoring, timing, and the machine line."""
from __future__ import annotations

import datetime as _dt
import os
import platform
import resource
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The workplace's shared data folder: $NEWSMILL_SHARED, else ../shared beside the repository."""
    env = os.environ.get("NEWSMILL_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    for candidate in candidates:
        if (candidate / "bench").is_dir():
            return candidate
    sys.exit("benchmark data not found: set NEWSMILL_SHARED to the folder holding bench/ and gold/")


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
