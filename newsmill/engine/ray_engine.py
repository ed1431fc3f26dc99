"""The Ray engine: a run's per-document work as Ray actor tasks over deterministic shards.

`RayMapper` keeps the contract of `workers.ordered_map` (fn(context, item) for each item, in input
order, a bounded number of shards in flight), so a run's passes (engine/passes.py) swap one mapper for
the other and nothing else changes: corpus steps learn on the driver, output is written by the same code.
Each pass's context (pipeline and learned states) goes to the object store once; every actor fetches it
once per pass, so the states are never shipped with the shards.
Ray is an optional extra and is imported only here, only when the Ray engine is asked for.
"""
from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import shutil
import socket
import tempfile
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..article import pack_article, unpack_article
from ..readers.document import Problem
from . import ENGINES, EngineError
from .passes import Done, PassContext, apply_learned, featurize, finished, next_pass
from .workers import GC_THRESHOLDS, ordered_map, step_back

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "the Ray engine needs Ray: pip install 'newsmill[ray]'"
# Documents per Ray task: SHARD_SIZE at first, doubling every RAMP_SHARDS shards up to MAX_SHARD_SIZE. A task
# costs the raylet and the driver about 3 ms of CPU whatever its size (64 -> 256 documents: 9 % less CPU over
# a 20k run), while the small first shards still spread a small input over several actors. The cut depends
# on the input only, never on the cluster.
SHARD_SIZE = 64
MAX_SHARD_SIZE = 256
RAMP_SHARDS = 8
MAX_RETRIES = 3  # a task whose worker died (killed, out of memory) runs again this many times
# Ray puts Unix sockets at TEMP/session_<date>_<time>_<usec>_<pid>/sockets/plasma_store (~62 characters
# below TEMP); a socket path longer than 107 bytes cannot be bound, so TEMP must stay this short.
MAX_TEMP_DIR = 40


def crash_problem(item: Any, reason: str) -> Problem:
    """The quarantine entry for a document whose processing killed its worker every time it ran."""
    file = getattr(item, "source_path", None) or getattr(item, "file", None) or "<unknown>"
    return Problem(file, reason, record=getattr(item, "record", None), id=getattr(item, "id", None),
                   stage="worker")


def _crash_reason(exc: BaseException) -> str:
    """One line: what Ray said when the task failed for good (first line only, bounded)."""
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return f"its worker failed on it every time, even alone ({type(exc).__name__}: {first})"


def _quarantine(context: object, item: Any, reason: str) -> Problem:
    return crash_problem(item, reason)


def _next_pass_crashed(context: PassContext, item: tuple, reason: str) -> Done:
    """A document of a later pass killed its worker every time: like a failed stage locally (passes.py
    `_keep_without`), the article is kept, with the step applied here but without this pass's document stages."""
    n, record, *released = item
    article = apply_learned(context, unpack_article(record), tuple(released))
    problem = crash_problem(article, reason + "; the article was kept without this pass's document stages")
    if context.featurizes is None:
        return finished(n, article, problem)
    return Done(n, article.id, pack_article(article),
                featurize(context.featurizes, context.states, article), problem)


def crash_handler(fn: Callable[..., Any]) -> Callable[[Any, Any, str], Any]:
    """What replaces the result of a document that crashed every time: a quarantined Problem, except in a
    later pass, where the article already exists and is kept."""
    return _next_pass_crashed if fn is next_pass else _quarantine


class _PassActor:
    """One Ray worker process; it keeps the context of the pass it last worked on, fetched once per pass.

    Once a pass runs beside a learn process it steps back (workers.step_back) for the rest of the run: a
    process cannot raise its priority again, and every later pass runs beside that learn too."""

    def __init__(self) -> None:
        gc.set_threshold(*GC_THRESHOLDS)   # a process of this run only: collected as the local engine's are
        self._key: int | None = None
        self._context: object = None
        self._behind = False

    def run(self, fn: Callable[[object, Any], Any], key: int, box: list[Any], items: list[Any],
            behind_learn: bool = False) -> list[Any]:
        # `box` holds the context's ObjectRef in a list, so Ray hands over the ref instead of resolving it per task
        if behind_learn and not self._behind:
            step_back()
            self._behind = True
        if key != self._key:
            import ray

            self._context, self._key = ray.get(box[0]), key
        return [fn(self._context, item) for item in items]


def short_temp_dir(root: str | os.PathLike[str] | None) -> tuple[str, bool]:
    """A folder for Ray's session files: RAY_TMPDIR if set, else a new one under `root` when its path
    is short enough for Ray's sockets, else under the system temp folder. Returns (path, created)."""
    env = os.environ.get("RAY_TMPDIR")
    if env:
        return env, False
    for base in ([os.path.abspath(root)] if root else []) + [tempfile.gettempdir()]:
        if len(base) + len("/nmray-12345678") <= MAX_TEMP_DIR and os.access(base, os.W_OK):
            return tempfile.mkdtemp(prefix="nmray-", dir=base), True
    return tempfile.mkdtemp(prefix="nmray-", dir="/tmp"), True


def check_reachable(address: str, timeout: float = 10.0) -> None:
    """Fail fast on a HOST:PORT nothing listens on: Ray itself would retry for minutes, printing as it goes."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", "ray://...": left to Ray
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise EngineError(f"cannot reach a Ray cluster at {address}: {exc.strerror or exc}") from None


def import_ray() -> Any:
    """Ray, or a one-line EngineError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise EngineError(INSTALL_HINT) from None
    return ray


@dataclass
class RayMapper:
    """A drop-in for `ordered_map` running on Ray: one actor per worker, each with its own pipeline.

    Use as a context manager: it joins the cluster at `address` ("auto", "HOST:PORT"), or starts a
    private Ray on this machine when there is none (temp files in a short folder under `temp_root`,
    removed at the end), and shuts down only what it started.
    """

    address: str | None = None
    workers: int | None = None  # actors; None: one per CPU of the cluster
    temp_root: str | os.PathLike[str] | None = None
    shard_size: int = SHARD_SIZE
    max_shard_size: int = MAX_SHARD_SIZE
    max_retries: int = MAX_RETRIES
    _ray: Any = field(default=None, init=False, repr=False)
    _started: bool = field(default=False, init=False, repr=False)
    _temp: str | None = field(default=None, init=False, repr=False)
    _actors: list[Any] = field(default_factory=list, init=False, repr=False)
    _passes: Any = field(default_factory=itertools.count, init=False, repr=False)

    def __enter__(self) -> RayMapper:
        ray = self._ray = import_ray()
        if not ray.is_initialized():
            if self.address:
                check_reachable(self.address)
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            options: dict[str, Any] = dict(include_dashboard=False, log_to_driver=False,
                                           logging_level=logging.WARNING, configure_logging=False)
            try:
                if self.address:
                    ray.init(address=self.address, **options)
                else:
                    temp, created = short_temp_dir(self.temp_root)
                    self._temp = temp if created else None  # removed at the end; $RAY_TMPDIR is not ours
                    ray.init(num_cpus=self.workers or None, _temp_dir=temp, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                self._remove_temp()
                where = f"at {self.address}" if self.address else "on this machine"
                raise EngineError(f"cannot start or reach a Ray cluster {where}: {exc}") from None
            self._started = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []
        if self._started:
            self._ray.shutdown()
            self._started = False
        self._remove_temp()

    def _remove_temp(self) -> None:
        if self._temp:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None

    def _pool(self) -> list[Any]:
        """The actors, made once and kept for every pass of the run."""
        if not self._actors:
            cpus = max(1, int(self._ray.cluster_resources().get("CPU", 1)))
            count = min(self.workers or cpus, cpus)  # an actor beyond the cluster's CPUs would wait forever
            remote = self._ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=self.max_retries)(_PassActor)
            self._actors = [remote.remote() for _ in range(count)]
        return self._actors

    def __call__(self, fn: Callable[[object, T], R], items: Iterable[T], *, context: object,
                 on_crash: Callable[[object, T, str], R] | None = None, behind_learn: bool = False,
                 **_ignored: object) -> Iterator[R]:
        """Yield fn(context, item) for each item, in input order, computed by the actors (`behind_learn`: see
        `workers.ordered_map`).

        A shard whose task fails even after its retries is run again one document per task; a document
        that still fails is replaced by on_crash(context, item, reason) (default: `crash_handler(fn)`).
        """
        actors = self._pool()
        run = _ShardRun(self._ray, actors, fn, self._ray.put(context), next(self._passes), context,
                        on_crash or crash_handler(fn), 4 * len(actors), behind_learn)
        return run.results(cut_into_shards(items, self.shard_size, self.max_shard_size))


def cut_into_shards(items: Iterable[T], size: int, largest: int | None = None) -> Iterator[list[T]]:
    """Consecutive runs of items in input order: `size` items each at first, twice as many after every
    RAMP_SHARDS shards, up to `largest` (default: `size`)."""
    iterator = iter(items)
    largest = max(size, largest or size)
    for made in itertools.count(1):
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk
        if made % RAMP_SHARDS == 0:
            size = min(2 * size, largest)


@dataclass
class _ShardRun:
    """Shards to actors (the least busy first), results back in shard order, at most `window` held."""

    ray: Any
    actors: list[Any]
    fn: Callable[[object, Any], Any]
    ref: Any  # the pass's context in the object store
    key: int  # the pass, for the actors' cache
    context: object
    on_crash: Callable[[object, Any, str], Any]
    window: int
    behind_learn: bool = False
    load: list[int] = field(default_factory=list)

    def results(self, shards: Iterator[list[Any]]) -> Iterator[Any]:
        self.load = [0] * len(self.actors)
        held: dict[int, list[Any]] = {}  # shard index -> its items, until its results are yielded
        done: dict[int, list[Any]] = {}
        running: dict[Any, tuple[int, int]] = {}  # object ref -> (shard index, actor index)
        submitted = next_out = 0
        exhausted = False
        while True:
            while not exhausted and len(held) < self.window and min(self.load) < 2:
                shard = next(shards, None)
                if shard is None:
                    exhausted = True
                    break
                held[submitted] = shard
                actor = self.load.index(min(self.load))
                self.load[actor] += 1
                running[self._submit(actor, shard)] = (submitted, actor)
                submitted += 1
            if next_out in done:
                held.pop(next_out)
                yield from done.pop(next_out)
                next_out += 1
                continue
            if not running:
                return
            ready, _ = self.ray.wait(list(running), num_returns=1)
            index, actor = running.pop(ready[0])
            self.load[actor] -= 1
            try:
                done[index] = self.ray.get(ready[0])
            except self.ray.exceptions.RayError:
                done[index] = self._isolate(held[index])

    def _submit(self, actor: int, items: list[Any]) -> Any:
        return self.actors[actor].run.remote(self.fn, self.key, [self.ref], items, self.behind_learn)

    def _isolate(self, shard: list[Any]) -> list[Any]:
        """Run a failed shard one document per task, one task per actor at a time: a worker that dies
        then takes down only the document it was running, and only that document is quarantined."""
        results: list[Any] = [None] * len(shard)
        queue = deque(range(len(shard)))
        idle = deque(range(len(self.actors)))
        running: dict[Any, tuple[int, int]] = {}
        while queue or running:
            while queue and idle:
                index, actor = queue.popleft(), idle.popleft()
                running[self._submit(actor, [shard[index]])] = (index, actor)
            ready, _ = self.ray.wait(list(running), num_returns=1)
            index, actor = running.pop(ready[0])
            idle.append(actor)
            try:
                results[index] = self.ray.get(ready[0])[0]
            except self.ray.exceptions.RayError as exc:
                results[index] = self.on_crash(self.context, shard[index], _crash_reason(exc))
        return results


def local_map(fn: Callable[[object, T], R], items: Iterable[T], *, context: object, workers: int | None = None,
              on_crash: object = None, behind_learn: bool = False) -> Iterator[R]:
    """`ordered_map` with the mapper signature (a worker that dies locally ends the run; no on_crash)."""
    return ordered_map(fn, items, context=context, workers=workers or 1, behind_learn=behind_learn)


@contextlib.contextmanager
def open_mapper(engine: str = "local", *, workers: int | None = None, ray_address: str | None = None,
                temp_root: str | os.PathLike[str] | None = None) -> Iterator[Callable[..., Iterator[Any]]]:
    """The per-document map of a run: the local process pool, or Ray (the `newsmill[ray]` extra).

    Both are called as mapper(fn, items, context=..., workers=..., on_crash=...).
    """
    if engine == "local":
        yield local_map
        return
    if engine != "ray":
        raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    with RayMapper(address=ray_address, workers=workers, temp_root=temp_root) as mapper:
        yield mapper
