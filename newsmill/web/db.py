"""Read-only access to a store's SQLite file: the web UI can never write to the corpus.

Each connection is opened with `mode=ro` (SQLite refuses every write); a small pool lends one
connection per request so requests on the server's worker threads never share a cursor.
"""
from __future__ import annotations

import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from ..store import STORE_FILENAME, StoreError

POOL_SIZE = 8


def store_path(store_dir: str | Path) -> Path:
    """The SQLite file inside a folder written by `newsmill run` (or the file itself)."""
    path = Path(store_dir)
    if path.is_dir():
        path = path / STORE_FILENAME
    if not path.is_file():
        raise StoreError(f"no newsmill store at {path} (run `newsmill run INPUT --out DIR` first)")
    return path


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection (`mode=ro`): any INSERT/UPDATE/DELETE fails inside SQLite."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        db.execute("PRAGMA query_only = ON")
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("PRAGMA cache_size = -32000")  # 32 MB page cache per connection
        db.execute("SELECT COUNT(*) FROM articles LIMIT 1").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open store {path} read-only: {exc}") from exc
    return db


class ReadOnlyPool:
    """Up to `size` read-only connections, created on demand and reused across requests."""

    def __init__(self, path: Path, size: int = POOL_SIZE) -> None:
        self.path = path
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._slots = queue.Queue(maxsize=size)
        for _ in range(size):
            self._slots.put(None)
        self._idle.put(connect_readonly(path))  # fail at start-up, not on the first request
        self._slots.get()
        self.tables = {name for (name,) in self._peek().execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def _peek(self) -> sqlite3.Connection:
        db = self._idle.get()
        self._idle.put(db)
        return db

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        try:
            db = self._idle.get_nowait()
        except queue.Empty:
            try:
                self._slots.get_nowait()
                db = connect_readonly(self.path)
            except queue.Empty:
                db = self._idle.get()  # every connection is busy: wait for one
        try:
            yield db
        finally:
            self._idle.put(db)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
