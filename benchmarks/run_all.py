"""Run every benchmark in turn (the ones whose data is present) and print their tables."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ["extraction.py", "--mode", "text"],
    ["extraction.py", "--mode", "html"],
    ["dedup.py"],
    ["stories.py"],
    ["dates.py"],
    ["quotes.py"],
    ["quotes.py", "--split", "train-late"],
    ["pipeline.py"],
    ["startup.py"],
    ["warc_samples.py"],
]


def main() -> int:
    failed = []
    for command in BENCHMARKS:
        script = HERE / command[0]
        if not script.exists() or (command[0] == "extraction.py" and not (HERE / f"extraction_{command[2]}.py").exists()):
            continue
        print(f"\n## {' '.join(command)}\n", flush=True)
        if subprocess.run([sys.executable, str(script), *command[1:]]).returncode != 0:
            failed.append(" ".join(command))
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
