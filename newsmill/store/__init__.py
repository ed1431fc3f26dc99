"""Storing and exporting the corpus: SQLite (FTS5 search), JSONL, Parquet, CSV, quarantine.

The exports load pyarrow, so they are imported on first use: `newsmill search` opens
the store without paying for them.
"""
from __future__ import annotations

from typing import Any

from .quarantine import QUARANTINE_FILENAME, write_quarantine
from .sqlite import STORE_FILENAME, SearchHit, Store, StoreError, open_store

_EXPORTS = ("FORMATS", "export", "write_jsonl", "write_parquet", "write_csv")

__all__ = ["Store", "StoreError", "SearchHit", "open_store", "export", "write_jsonl", "write_parquet", "write_csv",
           "FORMATS", "STORE_FILENAME", "QUARANTINE_FILENAME", "write_quarantine"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        module = importlib.import_module(".exports", __name__)
        globals().update({key: getattr(module, key) for key in _EXPORTS})
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
