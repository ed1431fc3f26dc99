"""Extraction: the article (title, body, captions, comments, dropped lines) from a page."""
from __future__ import annotations

import re
import warnings

from ..article import Article
from ..readers.document import Document
from ..stage import Extractor
from .html import HtmlExtractor
from .text import TextExtractor

MODES = ("auto", "text", "html")
_MARKUP = re.compile(r"<(?:p|div|span|a|script|meta|li|br|table|td|img|section|article|link|h[1-6])\b[^<>]{0,400}>",
                     re.I)
_MIN_TAGS = 5  # tags in the first 5,000 characters above which "text" is markup


def looks_like_html(content: str) -> bool:
    """Whether a document is HTML whatever its reader said: a doctype or <html> first, or markup throughout."""
    head = content[:5000]
    opening = head.lstrip()[:15].lower()
    if opening.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return sum(1 for _ in zip(range(_MIN_TAGS), _MARKUP.finditer(head))) >= _MIN_TAGS


class AutoExtractor(Extractor):
    """Chooses text or HTML extraction per document (by what the reader detected) or by a forced mode.

    A forced mode that does not fit the document (text mode on HTML: paragraphs of markup; HTML mode on
    plain text: no DOM to read) is overruled, with one warning per extractor."""

    def __init__(self, mode: str = "auto") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.text = TextExtractor()
        self.html = HtmlExtractor()
        self.warned = False

    def kind_of(self, doc: Document) -> str:
        is_html = doc.kind == "html" or looks_like_html(doc.content)
        kind = "html" if is_html else "text"
        if self.mode != "auto" and self.mode != kind and not self.warned:
            self.warned = True
            warnings.warn(f"--mode {self.mode} given, but {doc.source_path or doc.id} is "
                          f"{'HTML' if is_html else 'plain text'}: extracting it (and any other such document) "
                          f"as {kind}", UserWarning, stacklevel=3)
        return kind

    def __call__(self, doc: Document) -> Article:
        article = (self.html if self.kind_of(doc) == "html" else self.text)(doc)
        if not article.body:  # flagged rather than passed off as an article
            article.extra["empty_body"] = True
        return article


__all__ = ["AutoExtractor", "TextExtractor", "HtmlExtractor", "MODES", "looks_like_html"]
