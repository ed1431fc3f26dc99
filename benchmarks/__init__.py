"""Speed and quality benchmarks: run from the repository root as `python -m benchmarks.NAME`."""
