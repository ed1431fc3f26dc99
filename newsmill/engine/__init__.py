"""Engines run the same steps locally (a process pool) or on Ray (`ray_engine.py`), with the same results."""
from __future__ import annotations

import importlib

ENGINES = ("local", "ray")


class EngineError(Exception):
    """The engine asked for cannot run (unknown name, Ray not installed, cluster unreachable)."""


__all__ = ["ENGINES", "EngineError", "run", "extract_documents", "RunSummary", "OutputError", "Pipeline", "default_pipeline", "process_document"]
_HOMES = {"run": "local", "extract_documents": "local", "RunSummary": "local", "OutputError": "local",
          "Pipeline": "pipeline", "default_pipeline": "pipeline", "process_document": "pipeline"}


def __getattr__(name: str):
    """Lazy: `engine.memory` (find_copies, tests) does not pay for the local engine's imports (readers, store, pyarrow)."""
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
