"""Quotes: who said what, speakers resolved to names."""
from __future__ import annotations

from .finder import QuoteFinder, find_quotes

__all__ = ["QuoteFinder", "find_quotes"]
