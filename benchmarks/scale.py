"""Scale: the whole `newsmill run` on generated crawl-like corpora, 1 and 2 workers, and the cost of an append.

    python -m benchmarks.scale                      # 2k, 20k and 100k documents
    python -m benchmarks.scale --sizes 2000 20000   # a smaller run
    python -m benchmarks.scale --engine ray         # local and Ray engines, 1 and 2 workers, 20k (ray_scale.py)
    python -m benchmarks.scale --repeat 3           # each run three times, alternating: medians and ratio ranges

The corpora are benchmarks/dedup_data.py's documents (distinct articles, exact / near / contained /
syndicated copies of earlier ones, 50 sites each with its own header and footer lines) as a JSONL dump
of flattened page text with URLs. Each run is its own process, so peak RSS (VmHWM of the run and
its workers) is the run's own. "CPU s" is the CPU time of the run's process and its workers together;
docs per CPU-second divides by it. Per stage, the CPU seconds of the run's main process (with one
worker, all of the stage's work; with two, the central part: learn, store); writing the articles (store rows,
search index, exports) is the store stage's, whichever pass they finish in. The append rows add the next 1,000
documents of the same stream (they copy earlier ones as a crawl's next day does) to the largest corpus, and to
an empty folder. The smallest corpus is run again (one worker, at least twice) after the largest, and each
stage's cost per document at the smallest size is the median over its runs before and after: a slow or fast
spell of a shared host during one short run would otherwise set the ratio of the two sizes.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


from benchmarks.common import machine_line, markdown_table  # noqa: E402
from benchmarks.dedup_data import make_document  # noqa: E402

APPEND = 1000


def write_corpus(path: Path, first: int, count: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(first, first + count):
            doc = make_document(i)
            out.write(json.dumps({"id": doc["id"], "url": f"https://{doc['site']}/{doc['id']}",
                                  "text": doc["text"]}) + "\n")


def one_run(inputs: str, out: str, workers: int, append: bool) -> dict:
    """The measured run, in this (fresh) process."""
    import newsmill

    cpu = time.process_time()
    summary = newsmill.run([inputs], out, workers=workers, append=append, progress=False)
    own = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children.ru_maxrss)
    return {"documents": summary.documents, "seconds": summary.seconds, "cpu": own + children.ru_utime + children.ru_stime,
            "peak_mb": peak_kib / 1024, "stages": summary.stage_seconds, "stage_cpu": summary.stage_cpu, "corpus": summary.corpus_articles,
            "stories": summary.corpus_stories, "duplicates": summary.duplicates}


def measure(inputs: Path, out: Path, workers: int, append: bool = False) -> dict:
    command = [sys.executable, "-m", "benchmarks.scale", "--one", str(inputs), str(out), str(workers)]
    result = subprocess.run(command + (["--append"] if append else []), capture_output=True, text=True, check=False,
                            cwd=Path(__file__).resolve().parent.parent)
    if result.returncode != 0:
        raise SystemExit(f"run failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_run(runs: list[dict]) -> dict:
    """One row for repeated runs: the run of median wall clock, with the median CPU and the largest peak RSS."""
    middle = dict(sorted(runs, key=lambda m: m["seconds"])[(len(runs) - 1) // 2])
    middle["cpu"] = statistics.median(m["cpu"] for m in runs)
    middle["peak_mb"] = max(m["peak_mb"] for m in runs)
    return middle


def stage_median(runs: list[dict], stage: str) -> float:
    return statistics.median(m["stage_cpu"].get(stage, 0.0) for m in runs)


def ratio_text(slow: list[dict], fast: list[dict], key: str = "seconds") -> str:
    """slow / fast per alternating pair: one value, or the median of several with their range."""
    ratios = sorted(a[key] / b[key] for a, b in zip(slow, fast))
    if len(ratios) == 1:
        return f"{ratios[0]:.2f}x"
    return f"{statistics.median(ratios):.2f}x (median of {len(ratios)} alternating pairs, {ratios[0]:.2f}-{ratios[-1]:.2f})"


def row(label: str, size: int, workers: int, m: dict, stages: list[str]) -> list:
    per_stage = " / ".join(f"{m['stage_cpu'].get(s, 0.0):.1f}" for s in stages)
    return [label, f"{size:,}", workers, f"{m['seconds']:.1f}", f"{m['documents'] / m['seconds']:,.0f}",
            f"{m['cpu']:.1f}", f"{m['documents'] / m['cpu']:,.0f}", f"{1e3 * m['cpu'] / m['documents']:.2f}",
            f"{m['peak_mb']:,.0f}", per_stage]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 100000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--one", nargs=3, metavar=("INPUT", "OUT", "WORKERS"), help=argparse.SUPPRESS)
    parser.add_argument("--append", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each row this many times, the workers (and the two appends) alternating; "
                             "rows show medians, ratios their median over the pairs and its range")
    parser.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="ray: the local and Ray engines side by side (benchmarks/ray_scale.py)")
    args = parser.parse_args(argv)
    if args.engine == "ray":
        from benchmarks import ray_scale
        size = 20000 if args.sizes == parser.get_default("sizes") else max(args.sizes)
        return ray_scale.main(["--docs", str(size), "--workers", *map(str, args.workers)])
    if args.one:
        print(json.dumps(one_run(args.one[0], args.one[1], int(args.one[2]), args.append)))
        return 0
    rows, results, after = [], {}, []
    with tempfile.TemporaryDirectory(prefix="newsmill-scale-") as tmp:
        base = Path(tmp)
        for size in args.sizes:
            corpus = base / f"corpus-{size}.jsonl"
            write_corpus(corpus, 0, size)
            for _ in range(args.repeat):   # alternating, so a drift of the host's speed touches both alike
                for workers in args.workers:
                    results.setdefault((size, workers), []).append(
                        measure(corpus, base / f"out-{size}-{workers}", workers))
            for workers in args.workers:
                m = median_run(results[size, workers])
                stages = list(m["stage_cpu"])
                rows.append(row("fresh run", size, workers, m, stages))
                print(rows[-1], file=sys.stderr, flush=True)
            if size != min(args.sizes):
                corpus.unlink()
        smallest, largest = min(args.sizes), max(args.sizes)
        corpus = base / f"corpus-{smallest}.jsonl"
        if len(args.sizes) > 1 and 1 in args.workers:   # the smallest again after the largest: a drift of the
            for _ in range(max(args.repeat, 2)):        # host's speed then touches both sizes' per-stage costs
                after.append(measure(corpus, base / f"out-{smallest}-1", 1))
            rows.append(row(f"fresh run, again after {largest:,}", smallest, 1, median_run(after), stages))
        corpus.unlink(missing_ok=True)
        extra = base / "append.jsonl"
        write_corpus(extra, largest, APPEND)
        into_big, into_empty = [], []
        for _ in range(args.repeat):   # each append into a fresh copy of the largest corpus, and of nothing
            for target, runs in ((base / f"out-{largest}-{args.workers[0]}", into_big), (None, into_empty)):
                scratch = base / "out-append"
                shutil.rmtree(scratch, ignore_errors=True)
                if target is not None:
                    shutil.copytree(target, scratch)
                    os.sync()   # the copy on disk first, as yesterday's corpus is: not flushed by the append's commit
                runs.append(measure(extra, scratch, 1, append=True))
        rows.append(row(f"append {APPEND:,} to the {largest:,} corpus", APPEND, 1, median_run(into_big), stages))
        rows.append(row(f"the same {APPEND:,} into an empty folder", APPEND, 1, median_run(into_empty), stages))
    print(f"machine: {machine_line()}\n")
    print(markdown_table(["run", "documents", "workers", "seconds", "docs/s", "CPU s", "docs/CPU-s", "CPU ms/doc",
                          "peak RSS MiB", "main-process CPU s per stage (" + " / ".join(stages) + ")"], rows))
    print()
    for size in args.sizes:
        if (size, 1) in results and (size, 2) in results:
            print(f"{size:,}: 2 workers ÷ 1, wall clock: {ratio_text(results[size, 1], results[size, 2])}")
    if after:
        small_runs = results[smallest, 1] + after
        print(f"per stage, one worker, the median of each stage's CPU seconds over the runs ({len(small_runs)} at "
              f"{smallest:,}, before and after the {largest:,} ones; {len(results[largest, 1])} at {largest:,}):")
        for stage in stages:
            a = stage_median(small_runs, stage) / smallest
            b = stage_median(results[largest, 1], stage) / largest
            if a > 0:
                print(f"{stage}: CPU seconds per document at {largest:,} / at {smallest:,} = {b / a:.2f}")
    print(f"append of {APPEND:,}: into the {largest:,} corpus {median_run(into_big)['seconds']:.1f} s, into an empty "
          f"folder {median_run(into_empty)['seconds']:.1f} s; wall clock {ratio_text(into_big, into_empty)}, "
          f"CPU {ratio_text(into_big, into_empty, 'cpu')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
