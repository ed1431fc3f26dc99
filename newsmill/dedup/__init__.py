"""Dedup: find copies of an article and keep one canonical; every document stays."""
from __future__ import annotations

from .finder import DedupTemplates, DuplicateFinder

__all__ = ["DedupTemplates", "DuplicateFinder", "find_copies"]


def find_copies(articles, context=None):
    """Both dedup steps over an in-memory list (tests, benchmarks): copies marked in place; the states."""
    from ..engine.memory import run_steps
    from ..steps import CorpusContext
    context = context or CorpusContext()
    run_steps([DedupTemplates(), DuplicateFinder()], articles, context)
    return context.states
