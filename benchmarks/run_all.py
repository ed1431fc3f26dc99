"""Run every benchmark in turn (the ones whose data is present) and print their tables.

    python -m benchmarks.run_all     # from the repository root
"""
from __future__ import annotations

import subprocess
import sys

from benchmarks.common import REPO

BENCHMARKS = [
    ["extraction", "--mode", "text"],
    ["extraction", "--mode", "html"],
    ["dedup"],
    ["stories"],
    ["dates"],
    ["quotes"],
    ["quotes", "--split", "train-late"],
    ["pipeline"],
    ["startup"],
    ["warc_samples"],
]


def main() -> int:
    failed = []
    here = REPO / "benchmarks"
    for command in BENCHMARKS:
        if not (here / f"{command[0]}.py").exists() or (
                command[0] == "extraction" and not (here / f"extraction_{command[2]}.py").exists()):
            continue
        print(f"\n## {' '.join(command)}\n", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{command[0]}", *command[1:]], cwd=REPO).returncode != 0:
            failed.append(" ".join(command))
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
