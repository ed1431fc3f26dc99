"""Extraction: the article (title, body, captions, comments, dropped lines) from a page."""
from __future__ import annotations

from ..article import Article
from ..readers.document import Document
from ..stage import Extractor
from .html import HtmlExtractor
from .text import TextExtractor

MODES = ("auto", "text", "html")


class AutoExtractor(Extractor):
    """Chooses text or HTML extraction per document (by what the reader detected) or by a forced mode."""

    def __init__(self, mode: str = "auto") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.text = TextExtractor()
        self.html = HtmlExtractor()

    def __call__(self, doc: Document) -> Article:
        kind = doc.kind if self.mode == "auto" else self.mode
        return (self.html if kind == "html" else self.text)(doc)


__all__ = ["AutoExtractor", "TextExtractor", "HtmlExtractor", "MODES"]
