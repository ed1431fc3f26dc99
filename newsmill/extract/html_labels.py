"""Short blocks whose text alone says they are not the article: pagers, ad labels, photo credits.

The classifier sees them beside article paragraphs, inside the article's container, and keeps some;
their wording is the same on every site, so a few patterns (many languages) set them apart.
"""
from __future__ import annotations

import re

# a pager or a counter: digits and separators only ("1", "1 2 3 … 13", "2/7", "« 1 | 2 »"); not a score
# or a figure ("3:1", "12.5"), which a table in the article holds
_PAGER = re.compile(r"[\s|/…·<>«»‹›()\[\]-]*\d+(?:[\s|/…·<>«»‹›()\[\]-]+\d+)*[\s|/…·<>«»‹›()\[\]-]*")
_AD_LABELS = frozenset((
    "werbung", "anzeige", "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored",
    "sponsored content", "publicité", "publicite", "publicidad", "pubblicità", "pubblicita", "reklama", "reklame",
    "annonce", "annonse", "publicidade", "advertentie", "mainos", "reklam", "реклама", "广告", "広告", "광고",
    "story continues below advertisement", "article continues below advertisement", "continue reading below",
    "scroll to continue with content", "advertisement - scroll to continue", "weiter nach der anzeige",
    "artikel wird nach der anzeige fortgesetzt", "lesen sie nach der anzeige weiter"))
_CREDIT = re.compile(
    r"^[(\[]?(?:fotos?|photos?|bild(?:er)?|image|images|credit|photo credit|image credit|picture|foto\s?credit|"
    r"crédit(?:s)? photo|crédito|zdjęcie|fot\.|quelle foto|copyright)\s*[:©]", re.I)
_COPYRIGHT_SHORT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
MAX_LABEL_CHARS = 120
_EDGES = " \t-–—:|•·*()[]"


TABLE_TAGS = frozenset(("td", "tr", "th"))


def block_label(text: str, tag: str = "p") -> str | None:
    """'pager', 'advertisement' or 'credit' for a block that is only that, else None (a table cell never)."""
    if len(text) > MAX_LABEL_CHARS or tag in TABLE_TAGS:
        return None
    if _PAGER.fullmatch(text) and len(text) <= 60:
        return "pager"
    if text.strip(_EDGES).casefold() in _AD_LABELS:
        return "advertisement"
    if _CREDIT.match(text) or (_COPYRIGHT_SHORT.match(text) and len(text) <= 80):
        return "credit"
    return None
