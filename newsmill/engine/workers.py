"""Ordered, bounded parallel map over documents with a process pool.

Results come back in input order whatever the number of workers, and at most
`window` chunks are in flight, so a huge input is never read into memory ahead
of the workers.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Executor, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_worker_state: dict[str, object] = {}


def _init_worker(factory: Callable[[], object]) -> None:
    _worker_state["pipeline"] = factory()


def _run_chunk(fn: Callable[[object, T], R], chunk: list[T]) -> list[R]:
    pipeline = _worker_state["pipeline"]
    return [fn(pipeline, item) for item in chunk]


def ordered_map(fn: Callable[[object, T], R], items: Iterable[T], *, pipeline: object,
                factory: Callable[[], object], workers: int = 1, chunk_size: int = 16,
                executor: Executor | None = None) -> Iterator[R]:
    """Yield fn(pipeline, item) for each item, in order.

    With one worker it runs in this process on `pipeline`; otherwise each worker
    process builds its own pipeline with `factory` (a picklable callable) once.
    """
    if workers <= 1:
        for item in items:
            yield fn(pipeline, item)
        return
    own = executor is None
    pool = executor or ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker, initargs=(factory,))
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
        if own:
            pool.shutdown(cancel_futures=True)
