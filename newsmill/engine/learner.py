"""The last corpus step's learn, streamed: settled articles are released while later ones are still learned.

A step that can learn in windows (`learn_windows`, e.g. the story grouper) releases, window by window,
what `apply` needs for the articles that window settled; the engine's last pass starts on them at once.
With a parallel engine (a worker pool, or Ray) the learn runs in a process of its own, so the workers
finish one window's articles while the next window is learned; otherwise it runs inline. Both give the
same releases in the same order: the process only moves where the work happens.

In its own process the learn reads stored parts of its state through a read-only connection to the
store (they are committed: the run writes its parts only at the end) and writes the parts it changes
to a private SQLite file; the engine copies those into the store when the learn is done.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import sqlite3
import threading
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, MutableMapping

from ..steps import CorpusStep, PartedState, Recall, State
from ..store.state_parts import StateParts

if TYPE_CHECKING:
    from ..store import Store

PART_ROWS = 2000   # parts copied into the store per statement


def can_stream(step: CorpusStep) -> bool:
    """Whether the step releases settled articles during its learn (`learn_windows`, `stored_copies`,
    `apply_released`)."""
    return all(hasattr(step, name) for name in ("learn_windows", "stored_copies", "apply_released"))


class StreamedLearn:
    """A streamed learn: `feed` it features as they come, `finish` it, then iterate it for the releases
    (article id -> what `apply_released` takes), in order; `.state` is the learned state afterwards.

    `separate`: learn in a forked process of its own, started at once, so that a window can be placed
    while the pass computing the features is still running, and the next pass can apply it while the
    following window is placed; the answer is the same as inline. `read_stored`: the state was loaded
    from `store`, whose committed parts that process may read (parts changed in this run are its own)."""

    BATCH = 256   # features sent to the learn process per message

    def __init__(self, step: CorpusStep, state: State, *, separate: bool = False, store: "Store | None" = None,
                 read_stored: bool = False, temp_dir: Path | None = None) -> None:
        self.step = step
        self.state = state
        self.separate = separate and isinstance(state, PartedState) and store is not None
        self.store = store
        self.read_stored = read_stored
        self.temp_dir = temp_dir or Path.cwd()
        self.features: list = []
        self.assigned: dict[str, Any] = {}
        self._batch: list = []
        self._early: list = []   # releases that came while features were still being fed
        self._stored: dict = {}
        self._process: Any = None
        self.idle: Callable[[], bool] | None = None
        if self.separate:
            self._start()

    def feed(self, features: list) -> None:
        """More features, in run order."""
        self.features += features
        if self._process is None:
            return
        self._batch += features
        if len(self._batch) >= self.BATCH:
            self._send(("features", self._batch))
            self._batch = []

    def finish(self, recall: Recall) -> None:
        """No more features: the copies of articles not canonical in the run are settled from `recall`."""
        self._stored = self.step.stored_copies(self.state, self.features, recall)   # type: ignore[attr-defined]
        if self._process is not None:
            self._send(("features", self._batch))
            self._send(("end", self._stored))
            self._batch, self.features = [], []

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._process is not None:
            releases = self._from_process()
        else:   # each feature let go of once handed out: the learn holds its window, not the run
            features, self.features = self.features, []
            releases = self.step.learn_windows(self.state, _handed_out(features),   # type: ignore[attr-defined]
                                               lambda: self._stored)
        for released in releases:
            self.assigned.update(released)
            yield released
        self.state.assigned = self.assigned   # type: ignore[attr-defined]
        self.features = []

    def _start(self) -> None:
        # forked, like the worker pool: the process starts with the state, nothing pickled (and a
        # caller's script is not run again, as a spawned process's would be)
        context = multiprocessing.get_context("fork")
        self._receive, child_send = context.Pipe(duplex=False)
        child_receive, self._send_end = context.Pipe(duplex=False)
        self._temp = self.temp_dir / f".newsmill-learn-{os.getpid()}-{id(self)}.sqlite"
        self._process = context.Process(target=_learn_apart, name=f"newsmill-learn-{self.step.name}", daemon=True,
                                        args=(self.step, self.state, str(self.store.path) if self.read_stored else None,
                                              str(self._temp), child_receive, child_send))
        self._process.start()
        child_send.close()
        child_receive.close()

    def _send(self, message: tuple) -> None:
        self._send_end.send(message)
        while self._receive.poll():   # never let its releases fill the pipe while it waits to be read
            self._early.append(self._message())

    def _message(self) -> tuple:
        try:
            kind, payload = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"the {self.step.name} learn process died (exit code {self._process.exitcode})") from None
        if kind == "error":
            raise RuntimeError(f"the {self.step.name} learn failed: {payload}")
        return kind, payload

    def _next_message(self) -> tuple:
        while self.idle is not None and not self._receive.poll() and self.idle():
            pass
        return self._message()

    def _from_process(self) -> Iterator[dict[str, Any]]:
        try:
            while True:
                kind, payload = self._early.pop(0) if self._early else self._next_message()
                if kind == "released":
                    yield payload
                    continue
                self.state = payload
                break
            self._process.join()
            parts = self.store.state_parts(self.state.NAME, fresh=False)   # type: ignore[union-attr]
            _copy_parts(self._temp, self.state.NAME, parts)
            self.state.attach(parts)   # type: ignore[attr-defined]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the learn process (if any) and remove its file; safe to call twice."""
        if self._process is None:
            return
        for end in (self._receive, self._send_end):
            end.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._process = None
        for leftover in (self._temp, self._temp.with_name(self._temp.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _handed_out(items: list) -> Iterator:
    """The items in order, each dropped from the list as it is handed out."""
    items.reverse()
    while items:
        yield items.pop()


class _LayeredParts(MutableMapping[int, bytes]):
    """Parts written in this process (a private file) over the store's committed ones (read-only)."""

    def __init__(self, own: StateParts, stored: StateParts | None) -> None:
        self.own, self.stored = own, stored

    def __getitem__(self, key: int) -> bytes:
        try:
            return self.own[key]
        except KeyError:
            if self.stored is None:
                raise
            return self.stored[key]

    def get_many(self, keys: list[int]) -> dict[int, bytes]:
        found = self.own.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing and self.stored is not None:
            found.update(self.stored.get_many(missing))
        return found

    def __setitem__(self, key: int, blob: bytes) -> None:
        self.own[key] = blob

    def update_many(self, items: list[tuple[int, bytes]]) -> None:
        self.own.update_many(items)

    def __delitem__(self, key: int) -> None:
        del self.own[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self.own)

    def __len__(self) -> int:
        return len(self.own)


def _learn_apart(step: CorpusStep, state: PartedState, store_path: str | None, temp: str, receive: Any,
                 send: Any) -> None:
    """The learn process: features from `receive` (a thread drains the pipe, so the engine never waits on
    it), releases and then the learned state (its head: its parts are in `temp`) to `send`."""
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_drain, args=(receive, inbox), daemon=True).start()
    stored: dict = {}

    def features() -> Iterator:
        nonlocal stored
        while True:
            kind, payload = inbox.get()
            if kind == "end":
                stored = payload
                return
            if kind == "gone":
                raise RuntimeError("the engine stopped sending features")
            yield from payload

    try:
        state.detach()   # the store's connection is the parent's: never used here
        own = sqlite3.connect(temp)
        own.execute("CREATE TABLE state_parts (name TEXT, key INTEGER, blob BLOB NOT NULL, PRIMARY KEY (name, key))")
        read = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) if store_path else None
        state.attach(_LayeredParts(StateParts(own, state.NAME), StateParts(read, state.NAME) if read else None))
        for released in step.learn_windows(state, features(), lambda: stored):   # type: ignore[attr-defined]
            send.send(("released", released))
        state.flush()
        own.commit()
        own.close()
        send.send(("done", state))
    except BaseException as exc:   # noqa: BLE001 - reported to the engine, which raises it there
        send.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"))
    finally:
        send.close()


def _drain(receive: Any, inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            message = receive.recv()
            inbox.put(message)
            if message[0] == "end":
                return
    except (EOFError, OSError):
        inbox.put(("gone", None))


def _copy_parts(temp: Path, name: str, parts: MutableMapping[int, bytes]) -> None:
    """The parts the learn process wrote, into the store's parts (inside the run's transaction)."""
    db = sqlite3.connect(str(temp))
    try:
        rows = db.execute("SELECT key, blob FROM state_parts WHERE name = ? ORDER BY key", (name,))
        while chunk := rows.fetchmany(PART_ROWS):
            items = [(key, bytes(blob)) for key, blob in chunk]
            if hasattr(parts, "update_many"):
                parts.update_many(items)   # type: ignore[attr-defined]
            else:
                parts.update(items)
    finally:
        db.close()
