"""newsmill: raw scraped news pages in, a clean, deduplicated, story-grouped corpus out."""
from __future__ import annotations

from .api import extract_html, extract_text
from .article import SCHEMA_VERSION, Article, Dropped, Entity, Quote
from .engine import RunSummary, run

__version__ = "0.1.0"
__all__ = ["Article", "Dropped", "Quote", "Entity", "SCHEMA_VERSION", "extract_text", "extract_html", "run",
           "RunSummary", "__version__"]
