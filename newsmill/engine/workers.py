"""Ordered, bounded parallel map over documents with a process pool.

Results come back in input order whatever the number of workers, and at most
`window` chunks are in flight, so a huge input is never read into memory ahead
of the workers. Workers are forked, so they start with the parent's `context`
(the pipeline and the states learned so far) without pickling it.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_worker_state: dict[str, object] = {}  # per worker process: the context it was forked with


def _init_worker(context: object) -> None:
    _worker_state["context"] = context


def _run_chunk(fn: Callable[[object, T], R], chunk: list[T]) -> list[R]:
    context = _worker_state["context"]
    return [fn(context, item) for item in chunk]


def ordered_map(fn: Callable[[object, T], R], items: Iterable[T], *, context: object, workers: int = 1,
                chunk_size: int = 16) -> Iterator[R]:
    """Yield fn(context, item) for each item, in order; `fn` must be a module-level function."""
    if workers <= 1:
        for item in items:
            yield fn(context, item)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_worker, initargs=(context,))
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
