"""Start-up cost of the command line: `newsmill --version` and `newsmill search`, beside trafilatura's CLI.

CPU time (user + system) of each child process, median of N runs, so a busy shared
machine inflates it less than wall time. `--baseline DIR` also times another checkout
of newsmill (for example the code before the lazy imports: `git archive 10f768e | tar -x -C DIR`).

    .venv/bin/python -m benchmarks.startup [--runs 15] [--baseline /tmp/nm-before]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import REPO


def child_cpu(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds one child process used (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Run outside the repository: the current folder comes first on sys.path and would shadow PYTHONPATH.
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   cwd=tempfile.gettempdir())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(command: list[str], env: dict[str, str], runs: int) -> float:
    child_cpu(command, env)  # warm the file cache and the bytecode
    return statistics.median(child_cpu(command, env) for _ in range(runs))


def newsmill_env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}


def newsmill_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsmill", *args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=Path, help="another newsmill checkout to time the same way")
    args = parser.parse_args()
    corpus = Path(tempfile.mkdtemp(prefix="newsmill-startup-"))
    try:
        env = newsmill_env(REPO)
        subprocess.run([sys.executable, "-m", "newsmill", "run", str(REPO / "examples" / "seeds"), "--out",
                        str(corpus), "--quiet"], env=env, stdout=subprocess.DEVNULL, check=True)
        rows: list[tuple[str, float]] = [("python -c pass (interpreter alone)",
                                          median_cpu([sys.executable, "-c", "pass"], env, args.runs))]
        trafilatura = shutil.which("trafilatura", path=str(Path(sys.executable).parent))
        if trafilatura:
            rows.append(("trafilatura --version", median_cpu([trafilatura, "--version"], env, args.runs)))
        trees = [("this tree", REPO)] + ([("baseline", args.baseline)] if args.baseline else [])
        for label, tree in trees:
            tree_env = newsmill_env(tree)
            rows.append((f"newsmill --version ({label})",
                         median_cpu(newsmill_command("--version"), tree_env, args.runs)))
            rows.append((f"newsmill search corpus Lachin ({label})",
                         median_cpu(newsmill_command("search", str(corpus), "Lachin"), tree_env, args.runs)))
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    peer = dict(rows).get("trafilatura --version")
    print(f"| command | CPU s (median of {args.runs}) | ÷ trafilatura --version |")
    print("|---|---|---|")
    for label, seconds in rows:
        ratio = f"{seconds / peer:.2f}" if peer else "-"
        print(f"| {label} | {seconds:.3f} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
