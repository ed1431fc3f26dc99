"""Storing and exporting the corpus: SQLite (FTS5 search), JSONL, Parquet, CSV, quarantine."""
from __future__ import annotations

from .export import FORMATS, export, write_csv, write_jsonl, write_parquet
from .quarantine import QUARANTINE_FILENAME, write_quarantine
from .sqlite import STORE_FILENAME, SearchHit, Store, StoreError, open_store

__all__ = ["Store", "StoreError", "SearchHit", "open_store", "export", "write_jsonl", "write_parquet", "write_csv",
           "FORMATS", "STORE_FILENAME", "QUARANTINE_FILENAME", "write_quarantine"]
