"""The Ray engine against the local one: `newsmill run` on generated crawl-like text documents.

For each engine and worker count: end-to-end docs/s (wall), pass 0 alone (read, extract, describe and the
first step's features: the bulk of what the workers run) and the rest (each corpus step's learn on the
driver plus the pass that applies it on the workers, then the store), CPU seconds of
every process involved (this one, its pool or Ray's processes, sampled), and whether articles.jsonl is
byte-identical to the local one-worker run. Ray's fixed start-up (ray.init) is timed apart from the run.
The documents come from dedup_data.py: 50 sites with their own header/footer lines, ~1 in 4 a copy.

    python -m benchmarks.ray_scale [--docs 20000] [--workers 1 2] [--engines local ray] [--phase run|extract]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks.common import machine_line, markdown_table  # noqa: E402
from benchmarks.dedup_data import documents  # noqa: E402

import newsmill  # noqa: E402
from newsmill.engine import extract_documents  # noqa: E402

PER_DOCUMENT = ("extract",)  # pass 0; a step's seconds are its learn (driver) plus the next pass (workers)


def write_corpus(path: Path, count: int) -> Path:
    """`count` generated documents as one JSONL dump (id, url, text), the way a crawl export looks."""
    with path.open("w", encoding="utf-8") as handle:
        for doc in documents(count):
            record = {"id": doc["id"], "url": f"https://{doc['site']}/news/{doc['id']}", "text": doc["text"]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


class CpuMeter:
    """CPU seconds of this process and all its descendants (pool workers, Ray's raylet and actors).

    Descendants are sampled every 0.2 s from a thread, so processes that exit before the end (pool
    workers, killed actors) still count, up to their last sample.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        for proc in psutil.Process().children(recursive=True):
            try:
                times = proc.cpu_times()
                self._seen[(proc.pid, proc.create_time())] = times.user + times.system
            except psutil.Error:
                continue

    def _loop(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def __enter__(self) -> CpuMeter:
        self._sample()
        self._start = dict(self._seen)
        self._own = time.process_time()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.seconds = time.process_time() - self._own + sum(
            cpu - self._start.get(key, 0.0) for key, cpu in self._seen.items())


@dataclass
class Result:
    label: str
    workers: int
    wall: float
    cpu: float
    per_document: float
    central: float
    identical: str
    load: float
    startup: float | None
    stages: dict[str, float]


def one_run(corpus: Path, out: Path, engine: str, workers: int) -> tuple[float, float, newsmill.RunSummary]:
    load = os.getloadavg()[0]
    with CpuMeter() as meter:
        summary = newsmill.run([corpus], out, engine=engine, workers=workers, progress=False)
    return meter.seconds, load, summary


def one_extract(corpus: Path, out: Path, engine: str, workers: int) -> tuple[float, float, newsmill.RunSummary]:
    """The per-document stages alone (`newsmill extract`): what the workers scale, without the driver's part."""
    load = os.getloadavg()[0]
    out.mkdir()
    start = time.perf_counter()
    with CpuMeter() as meter, (out / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for item in extract_documents([corpus], engine=engine, workers=workers, progress=False):
            handle.write(json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    seconds = time.perf_counter() - start
    return meter.seconds, load, newsmill.RunSummary(str(out), seconds=seconds, stage_seconds={"extract": seconds})


def measure(corpus: Path, work: Path, engine: str, workers: int, reference: Path | None, phase: str) -> Result:
    out = work / f"{engine}-{workers}"
    startup = ray_start(workers, work) if engine == "ray" else None
    try:
        cpu, load, summary = (one_run if phase == "run" else one_extract)(corpus, out, engine, workers)
    finally:
        if engine == "ray":
            import ray

            ray.shutdown()
    per_doc = sum(summary.stage_seconds.get(name, 0.0) for name in PER_DOCUMENT)
    same = "reference" if reference is None else (
        "yes" if (out / "articles.jsonl").read_bytes() == reference.read_bytes() else "NO")
    return Result(engine, workers, summary.seconds, cpu, per_doc, summary.seconds - per_doc, same, load, startup,
                  dict(summary.stage_seconds))


def ray_start(cpus: int, work: Path) -> float:
    """Start a private Ray like the engine's (temp files under `work`): its wall seconds, kept out of the run."""
    import ray

    start = time.perf_counter()
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, configure_logging=False,
             _temp_dir=tempfile.mkdtemp(prefix="r", dir=work))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=["local", "ray"], choices=["local", "ray"])
    parser.add_argument("--phase", choices=["run", "extract"], default="run",
                        help="run: `newsmill run` end to end; extract: the per-document stages alone")
    args = parser.parse_args(argv)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    work = Path(tempfile.mkdtemp(prefix="nmscale-"))
    try:
        corpus = write_corpus(work / "docs.jsonl", args.docs)
        results: list[Result] = []
        reference = None
        for engine in args.engines:
            for workers in args.workers:
                results.append(measure(corpus, work, engine, workers, reference, args.phase))
                reference = reference or work / f"{engine}-{workers}" / "articles.jsonl"
                print(f"  {engine} x{workers}: {results[-1].wall:.1f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = {r.label: r for r in results if r.workers == min(args.workers)}
    rows = [[r.label, r.workers, round(r.wall, 1), round(args.docs / r.wall, 1),
             f"{base[r.label].wall / r.wall:.2f}x", round(args.docs / r.per_document, 1), round(r.central, 1),
             round(r.cpu, 1), round(args.docs / r.cpu, 1), f"{r.cpu / r.wall:.2f}", f"{r.load:.1f}", r.identical]
            for r in results]
    print(f"newsmill {args.phase} on {args.docs:,} generated crawl-like text documents; {machine_line()}")
    print(markdown_table(["engine", "workers", "wall s", "docs/s", "vs 1 worker", "pass 0 docs/s",
                          "later passes + store s", "CPU s (all processes)", "docs/CPU-s", "CPUs busy", "load before",
                          "articles.jsonl = local x1"], rows))
    names = list(results[0].stages)
    print("\nWall seconds per stage (extract: pass 0 on the workers; a step: its learn on the driver, then the pass "
          "applying it on the workers; store: the driver, writing the articles whichever pass they finish in):")
    print(markdown_table(["engine", "workers", *names], [[r.label, r.workers, *(f"{r.stages.get(n, 0.0):.1f}"
                                                                             for n in names)] for r in results]))
    for r in results:
        if r.startup is not None:
            print(f"Ray fixed start-up, {r.workers} worker(s): {r.startup:.1f} s (ray.init; not in the run's figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
