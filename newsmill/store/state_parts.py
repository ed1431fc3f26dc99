"""The parts of a large corpus-step state (newsmill/steps.py `PartedState`), one row each in `state_parts`.

A mapping from part number to bytes over the store's open connection: a part is read when the step
asks for it and written when the step hands it back, inside the run's transaction like every write.
"""
from __future__ import annotations

import sqlite3
from typing import Iterator, MutableMapping


class StateParts(MutableMapping[int, bytes]):
    """`state_parts` rows of one state name, as a mapping."""

    def __init__(self, db: sqlite3.Connection, name: str) -> None:
        self.db = db
        self.name = name

    def __getitem__(self, key: int) -> bytes:
        row = self.db.execute("SELECT blob FROM state_parts WHERE name = ? AND key = ?", (self.name, key)).fetchone()
        if row is None:
            raise KeyError(key)
        return bytes(row[0])

    def get_many(self, keys: list[int]) -> dict[int, bytes]:
        """The parts of these keys that exist, in one query (at most 500 keys)."""
        rows = self.db.execute(f"SELECT key, blob FROM state_parts WHERE name = ? AND key IN ({','.join('?' * len(keys))})",
                               (self.name, *keys))
        return {key: bytes(blob) for key, blob in rows}

    def __setitem__(self, key: int, blob: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO state_parts(name, key, blob) VALUES (?, ?, ?)", (self.name, key, blob))

    def update_many(self, items: list[tuple[int, bytes]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO state_parts(name, key, blob) VALUES (?, ?, ?)",
                            [(self.name, key, blob) for key, blob in items])

    def __delitem__(self, key: int) -> None:
        if self.db.execute("DELETE FROM state_parts WHERE name = ? AND key = ?", (self.name, key)).rowcount == 0:
            raise KeyError(key)

    def __iter__(self) -> Iterator[int]:
        return (row[0] for row in self.db.execute("SELECT key FROM state_parts WHERE name = ? ORDER BY key",
                                                 (self.name,)).fetchall())

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM state_parts WHERE name = ?", (self.name,)).fetchone()[0]

    def clear(self) -> None:
        self.db.execute("DELETE FROM state_parts WHERE name = ?", (self.name,))
