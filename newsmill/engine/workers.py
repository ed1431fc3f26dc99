"""Ordered, bounded parallel map over documents with a process pool.

Results come back in input order whatever the number of workers, and at most
`window` chunks are in flight, so a huge input is never read into memory ahead
of the workers. Workers are forked, so they start with the parent's `context`
(the pipeline and the states learned so far) without pickling it.

`behind_learn`: a corpus step learns in a process of its own beside this pass (engine/learner.py).
That learn is the run's critical path (the next pass waits for what it releases), so the workers
step back (`STEP_BACK` niceness) and take the CPU it leaves; with more cores than processes, nothing changes.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_worker_state: dict[str, object] = {}  # per worker process: the context it was forked with
STEP_BACK = 10   # niceness added to workers running beside a learn process
CHUNK_SIZE = 64  # documents per task sent to a worker: each task costs the parent a pickle and a pipe round trip


# a run allocates millions of lasting objects (story profiles, features): Python's default (700) would scan
# the young ones every 700 allocations, the older every 7,000 and the whole heap every 70,000 (5 % of a run's
# CPU, most of it full scans)
GC_THRESHOLDS = (50_000, 20, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Cyclic garbage collected less often for the length of a run (processes forked in it inherit it)."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def step_back() -> None:
    """Lower this process's CPU priority (`STEP_BACK`); a platform without `os.nice` keeps it."""
    if hasattr(os, "nice"):
        os.nice(STEP_BACK)


def _init_worker(context: object, behind_learn: bool = False) -> None:
    _worker_state["context"] = context
    if behind_learn:
        step_back()


def _run_chunk(fn: Callable[[object, T], R], chunk: list[T]) -> list[R]:
    context = _worker_state["context"]
    return [fn(context, item) for item in chunk]


def ordered_map(fn: Callable[[object, T], R], items: Iterable[T], *, context: object, workers: int = 1,
                chunk_size: int = CHUNK_SIZE, behind_learn: bool = False) -> Iterator[R]:
    """Yield fn(context, item) for each item, in order; `fn` must be a module-level function."""
    if workers <= 1:
        for item in items:
            yield fn(context, item)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_worker, initargs=(context, behind_learn))
    try:
        iterator = iter(items)
        pending: deque = deque()
        window = workers * 4

        def submit() -> bool:
            chunk = list(islice(iterator, chunk_size))
            if chunk:
                pending.append(pool.submit(_run_chunk, fn, chunk))
            return bool(chunk)

        for _ in range(window):
            if not submit():
                break
        while pending:
            results = pending.popleft().result()
            submit()
            yield from results
    finally:
        pool.shutdown(cancel_futures=True)
