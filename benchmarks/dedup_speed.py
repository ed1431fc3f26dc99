"""Dedup speed and peak memory on generated documents, each tool in its own subprocess (clean peak RSS).

Every worker gets the same generated texts (made before the clock starts) and runs in
one thread; "docs per CPU-s" divides by the process's CPU time, which a busy shared
machine does not inflate the way it does wall-clock time. The whole pipeline's memory on
large corpora (streamed from the store) is measured by benchmarks/scale.py.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from benchmarks.common import REPO, markdown_table

def peak_mb() -> float:
    """Peak resident memory of this process (VmHWM, MiB). Unlike getrusage's ru_maxrss, which a child
    inherits from its parent across fork+exec, VmHWM belongs to the new program only."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


SPEED_TOOLS = ["newsmill", "datasketch defaults (.9, 128 perm)", "datasketch .5 + Jaccard check",
               "rensa 32 bands + check >= .5", "exact containment 5-grams >= .8"]


def _worker(tool: str, count: int) -> dict:
    from benchmarks.dedup_scoring import score
    from benchmarks.dedup_data import documents
    from benchmarks.dedup_tools import METHODS
    docs = list(documents(count))
    texts, urls = [d["text"] for d in docs], [f"https://{d['site']}/{d['id']}" for d in docs]
    gold = [d["original"] for d in docs]
    del docs
    if tool == "newsmill":  # the stage itself: its input is articles, made before the clock starts
        from benchmarks.dedup_tools import as_articles, labels_from_articles
        from newsmill.engine.memory import find_copies
        articles = as_articles(texts, urls=urls)
        del texts
        base = peak_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        find_copies(articles)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        labels = labels_from_articles(articles)
    else:
        base = peak_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        labels = METHODS[tool](texts, urls=urls)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    p, r, f1, ari = score(labels, gold)
    return {"tool": tool, "docs": count, "seconds": seconds, "docs_per_s": count / seconds,
            "cpu_seconds": cpu, "docs_per_cpu_s": count / cpu,
            "peak_mb": peak_mb(), "input_mb": base, "P": p, "R": r, "F1": f1}


def speed(counts: list[int], tools: list[str] | None = None, timeout: int = 3600) -> list[dict]:
    tools = tools or SPEED_TOOLS
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "RAYON_NUM_THREADS": "1"}
    results = []
    for count in counts:
        rows = []
        for tool in tools:
            try:
                done = subprocess.run([sys.executable, "-m", "benchmarks.dedup_speed", "--worker", tool, str(count)],
                                      env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
                result = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None
            except subprocess.TimeoutExpired:
                result = None
            if result is None:
                rows.append([tool, count, "failed/timeout", "", "", "", "", "", ""])
                continue
            results.append(result)
            rows.append([tool, count, result["docs_per_s"], result["docs_per_cpu_s"], result["peak_mb"],
                         result["input_mb"],
                         result["P"], result["R"], result["F1"]])
        newsmill = next((r for r in results if r["tool"] == "newsmill" and r["docs"] == count), None)
        print(f"## Generated documents: {count:,} (~445 words, planted copies), one process per tool\n")
        print(markdown_table(["method", "docs", "docs/s (wall)", "docs per CPU-s", "peak MiB", "MiB before dedup",
                              "P", "R", "F1"], rows))
        if newsmill:
            ratios = [[r["tool"], newsmill["docs_per_s"] / r["docs_per_s"],
                       newsmill["docs_per_cpu_s"] / r["docs_per_cpu_s"]] for r in results
                      if r["docs"] == count and r["tool"] not in ("newsmill",)]
            if ratios:
                print("\nnewsmill speed ratio (newsmill ÷ tool):")
                print(markdown_table(["tool", "wall-clock ratio", "CPU-time ratio"], ratios))
        print(flush=True)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        print(json.dumps(_worker(sys.argv[2], int(sys.argv[3]))))
    else:
        speed([int(a) for a in sys.argv[1:]] or [20_000])
