"""Short blocks whose text alone says they are not the article: pagers, ad labels, photo credits,
paywall notices.

The classifier sees them beside article paragraphs, inside the article's container, and keeps some;
their wording is the same on every site, so a few patterns (many languages) set them apart.
"""
from __future__ import annotations

import re

# a pager or a counter: digits and separators only ("1", "1 2 3 … 13", "2/7", "« 1 | 2 »"); not a score
# or a figure ("3:1", "12.5"), which a table in the article holds
_PAGER = re.compile(r"[\s|/…·<>«»‹›()\[\]-]*\d+(?:[\s|/…·<>«»‹›()\[\]-]+\d+)*[\s|/…·<>«»‹›()\[\]-]*")
_PAGER_FIRST = frozenset("0123456789 |/…·<>«»‹›()[]-")
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
MAX_PAYWALL_CHARS = 300
_PAYWALL = re.compile(
    r"subscribe (?:now )?to (?:continue|read)|(?:continue|keep) reading (?:with|for)|already a subscriber|"
    r"for subscribers only|subscribers only|this (?:article|content|story) is (?:only )?(?:available|reserved) "
    r"(?:to|for) (?:subscribers|members)|sign (?:up|in) to (?:continue|read)|log ?in to (?:continue|read)|"
    r"nur für abonnenten|für abonnenten|jetzt abonnieren und weiterlesen|weiterlesen mit|bereits abonnent|"
    r"réservé aux abonnés|déjà abonné|solo para suscriptores|ya eres suscriptor|riservato agli abbonati|"
    r"tylko dla subskrybentów|会員限定|有料会員|この記事は会員", re.I)
_EDGES = " \t-–—:|•·*()[]"


TABLE_TAGS = frozenset(("td", "tr", "th"))
# every paywall pattern holds one of these (lower-cased): the regex runs only where one occurs
_PAYWALL_KEYS = ("subscri", "abonn", "suscript", "member", "sign", "log", "reading", "weiterlesen", "riservato",
                 "subskryb", "会員")


def _paywall(text: str) -> bool:
    lowered = text.lower()
    return any(key in lowered for key in _PAYWALL_KEYS) and _PAYWALL.search(text) is not None


def block_label(text: str, tag: str = "p") -> str | None:
    """'pager', 'advertisement', 'credit' or 'paywall' for a block that is only that, else None (a table
    cell never)."""
    if not text or tag in TABLE_TAGS or len(text) > MAX_PAYWALL_CHARS:
        return None
    if len(text) > MAX_LABEL_CHARS:
        return "paywall" if _paywall(text) else None
    if text[0] in _PAGER_FIRST and len(text) <= 60 and _PAGER.fullmatch(text):
        return "pager"
    if text.strip(_EDGES).casefold() in _AD_LABELS:
        return "advertisement"
    if _CREDIT.match(text) or (_COPYRIGHT_SHORT.match(text) and len(text) <= 80):
        return "credit"
    return "paywall" if _paywall(text) else None
