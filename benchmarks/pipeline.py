"""End-to-end throughput: `newsmill run` (every stage, store and exports) on the ScrapingHub pages.

Beside it, in the same run and on the same pages, trafilatura's extraction alone (no dedup, stories,
quotes or store): the cost of a whole newsmill run against a peer's extraction step.

    python -m benchmarks.pipeline [--workers 1 2] [--repeat 3]
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine_line, markdown_table, shared_dir

import newsmill


def time_run(inputs: list[Path], workers: int, repeat: int) -> tuple[float, newsmill.RunSummary]:
    seconds, summary = [], None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            summary = newsmill.run(inputs, out, workers=workers, progress=False)
            seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), summary  # type: ignore[return-value]


def time_trafilatura(pages: list[str], repeat: int) -> float:
    import trafilatura

    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for html in pages:
            trafilatura.extract(html)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    base = shared_dir() / "bench" / "extraction" / "scrapinghub"
    html_dir, text_dir = base / "html", base / "text"
    html_pages = [gzip.decompress(p.read_bytes()).decode("utf-8") for p in sorted(html_dir.glob("*.html.gz"))]
    rows = []
    traf = time_trafilatura(html_pages, args.repeat)
    rows.append(["trafilatura.extract, HTML (extraction only)", 1, len(html_pages), round(len(html_pages) / traf, 1), "1.00"])
    for label, inputs, count in (("newsmill run, HTML", [html_dir], len(html_pages)),
                                 ("newsmill run, flattened text", [text_dir], len(list(text_dir.glob("*.txt"))))):
        for workers in args.workers:
            seconds, summary = time_run(inputs, workers, args.repeat)
            assert summary.articles == count, f"{summary.articles} articles from {count} pages"
            ratio = (count / seconds) / (len(html_pages) / traf)
            rows.append([label, workers, count, round(count / seconds, 1), f"{ratio:.2f}"])
    print(f"machine: {machine_line()}; median of {args.repeat} runs")
    print(markdown_table(["what", "workers", "docs", "docs/s", "÷ trafilatura docs/s"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
