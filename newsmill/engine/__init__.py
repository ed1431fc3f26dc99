"""Engines run the same pipeline locally (process pool) or, later, on Ray."""
from __future__ import annotations

import importlib

__all__ = ["run", "extract_documents", "RunSummary", "OutputError", "Pipeline", "default_pipeline", "process_document"]
_HOMES = {"run": "local", "extract_documents": "local", "RunSummary": "local", "OutputError": "local",
          "Pipeline": "pipeline", "default_pipeline": "pipeline", "process_document": "pipeline"}


def __getattr__(name: str):
    """Lazy: `engine.memory` (find_copies, tests) does not pay for the local engine's imports (readers, store, pyarrow)."""
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
