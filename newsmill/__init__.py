"""newsmill: raw scraped news pages in, a clean, deduplicated, story-grouped corpus out.

Names are imported on first use (PEP 562), so `import newsmill` and `newsmill --version`
stay fast: the extractors and story models load numpy, lxml and their model files.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_LAZY = {
    "extract_text": ".api", "extract_html": ".api",
    "Article": ".article", "Dropped": ".article", "Entity": ".article", "Quote": ".article",
    "SCHEMA_VERSION": ".article",
    "run": ".engine", "RunSummary": ".engine", "OutputError": ".engine",
    "StageError": ".stage",
    "InputError": ".readers", "Document": ".readers", "Problem": ".readers",
    "UndecodableError": ".readers.decode",
    "StoreError": ".store", "Store": ".store", "open_store": ".store",
}

__all__ = [*_LAZY, "__version__"]

if TYPE_CHECKING:
    from .api import extract_html, extract_text
    from .article import SCHEMA_VERSION, Article, Dropped, Entity, Quote
    from .engine import OutputError, RunSummary, run
    from .readers import Document, InputError, Problem
    from .readers.decode import UndecodableError
    from .stage import StageError
    from .store import Store, StoreError, open_store


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
