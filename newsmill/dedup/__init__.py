"""Dedup: find copies of an article and keep one canonical; every document stays."""
from __future__ import annotations

from .finder import DuplicateFinder

__all__ = ["DuplicateFinder"]
