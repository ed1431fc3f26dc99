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
import sqlite3
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, MutableMapping

from ..steps import CorpusStep, PartedState, Recall, State
from ..store.state_parts import StateParts

if TYPE_CHECKING:
    from ..store import Store

PART_ROWS = 2000   # parts copied into the store per statement


def can_stream(step: CorpusStep) -> bool:
    """Whether the step releases settled articles during its learn (`learn_windows`, `apply_released`)."""
    return hasattr(step, "learn_windows") and hasattr(step, "apply_released")


class StreamedLearn:
    """Iterate it for the releases (article id -> what `apply_released` takes), in order; then `.state`."""

    def __init__(self, step: CorpusStep, state: State, features: list, recall: Recall, *,
                 separate: bool = False, store: "Store | None" = None, read_stored: bool = False,
                 temp_dir: Path | None = None) -> None:
        """`separate`: learn in a process of its own (needs `store` and a parted state); `read_stored`: the
        state was loaded from `store`, whose committed parts that process may read."""
        self.step = step
        self.state = state
        self.features = features
        self.settled = step.stored_copies(state, features, recall)   # type: ignore[attr-defined]
        # a process of its own pays off only when there is a later window to learn while one is applied
        self.separate = separate and isinstance(state, PartedState) and store is not None and len(features) > getattr(
            step, "window", 0)
        self.store = store
        self.read_stored = read_stored
        self.temp_dir = temp_dir or Path.cwd()
        self.assigned: dict[str, Any] = {}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        releases = self._in_process() if self.separate else self.step.learn_windows(  # type: ignore[attr-defined]
            self.state, self.features, self.settled)
        for released in releases:
            self.assigned.update(released)
            yield released
        self.state.assigned = self.assigned   # type: ignore[attr-defined]
        self.features = []

    def _in_process(self) -> Iterator[dict[str, Any]]:
        # forked, like the worker pool: the process starts with the state and features, nothing pickled
        # (and a caller's script is not run again, as a spawned process would)
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        temp = self.temp_dir / f".newsmill-learn-{os.getpid()}-{id(self)}.sqlite"
        process = context.Process(target=_learn_apart, name=f"newsmill-learn-{self.step.name}", daemon=True,
                                  args=(self.step, self.state, self.features, self.settled,
                                        str(self.store.path) if self.read_stored else None, str(temp), send))
        process.start()
        send.close()
        try:
            while True:
                try:
                    kind, payload = receive.recv()
                except EOFError:
                    process.join()
                    raise RuntimeError(f"the {self.step.name} learn process died (exit code {process.exitcode})") from None
                if kind == "released":
                    yield payload
                elif kind == "error":
                    raise RuntimeError(f"the {self.step.name} learn failed: {payload}")
                else:
                    self.state = payload
                    break
            process.join()
            parts = self.store.state_parts(self.state.NAME, fresh=False)
            _copy_parts(temp, self.state.NAME, parts)
            self.state.attach(parts)   # type: ignore[attr-defined]
        finally:
            receive.close()
            if process.is_alive():
                process.terminate()
                process.join()
            for leftover in (temp, temp.with_name(temp.name + "-journal")):
                leftover.unlink(missing_ok=True)


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


def _learn_apart(step: CorpusStep, state: PartedState, features: list, settled: dict, store_path: str | None,
                 temp: str, send: Any) -> None:
    """The learn process: releases as they come, then the learned state (its head: parts are in `temp`)."""
    try:
        state.detach()   # the store's connection is this process's parent's: never used here
        own = sqlite3.connect(temp)
        own.execute("CREATE TABLE state_parts (name TEXT, key INTEGER, blob BLOB NOT NULL, PRIMARY KEY (name, key))")
        stored = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) if store_path else None
        state.attach(_LayeredParts(StateParts(own, state.NAME), StateParts(stored, state.NAME) if stored else None))
        for released in step.learn_windows(state, features, settled):   # type: ignore[attr-defined]
            send.send(("released", released))
        state.flush()
        own.commit()
        own.close()
        send.send(("done", state))
    except BaseException as exc:   # noqa: BLE001 - reported to the engine, which raises it there
        send.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"))
    finally:
        send.close()


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
