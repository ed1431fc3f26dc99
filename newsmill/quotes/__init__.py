"""Quotes: who said what, speakers resolved to names."""
from __future__ import annotations

from .marks import QuoteFinder

__all__ = ["QuoteFinder"]
