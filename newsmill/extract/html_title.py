"""The headline of an HTML page from the agreement of its signals.

A page names its article in several places: og:title / twitter:title and the JSON-LD headline (the
metadata), the `<title>` (with the site's name around it) and one of the `<h1>`s (which may also be the
site's logo, a menu or a search box). A signal another one backs is trusted; the site's own name never is.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[\W_]+")
_SEGMENT_SEP = re.compile(r"\s+(?:[|\-–—:·»/•~]|::)\s+")
AGREE = 0.6  # character-trigram Dice two titles need to name the same article
MAX_TITLE_CHARS = 300
MIN_HEADLINE_WORDS = 3  # (twice as many characters of a script written without spaces)
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class TitleSignals:
    """What the page says its title is, each source as found (None where absent)."""

    meta: tuple[str, ...]  # og:title, JSON-LD headline, twitter:title (deduplicated, in that order)
    document_title: str | None
    h1s: tuple[str, ...]
    site_name: str | None


def title_key(text: str) -> str:
    """Case, accents of width, punctuation and spacing set aside: what two spellings of a title share."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _trigrams(key: str) -> set[str]:
    return {key[i:i + 3] for i in range(len(key) - 2)} or {key}


def similarity(a: str, b: str) -> float:
    """1.0 when one key holds the other (a site suffix, a kicker), else the Dice overlap of character
    trigrams (by characters, so it holds for scripts written without spaces)."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    short, long_ = sorted((ka, kb), key=len)
    if short in long_ and len(short) >= 0.4 * len(long_):
        return 1.0
    ta, tb = _trigrams(ka), _trigrams(kb)
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def _is_site_name(text: str, site: str | None) -> bool:
    if not site:
        return False
    key, site_key = title_key(text), title_key(site)
    return bool(key) and (key == site_key or (site_key in key and len(key) <= len(site_key) + 12))


def _minor_segment(heading: str, document: str) -> bool:
    """Whether the heading is a shorter segment of the <title> than another one ("Daily Bugle" in
    "Trams approved - Daily Bugle"): the site's name, so a logo."""
    parts = [title_key(p) for p in _SEGMENT_SEP.split(document)]
    key = title_key(heading)
    return len(parts) > 1 and key in parts and len(key) < max(map(len, parts))


def without_site_name(title: str, site: str | None) -> str:
    """The title with a leading or trailing segment that is the site's name removed."""
    parts = _SEGMENT_SEP.split(title)
    if len(parts) < 2 or not site:
        return title
    if _is_site_name(parts[-1], site):
        return title[:title.rfind(parts[-1])].rstrip(" |-–—:·»/•~").strip() or title
    if _is_site_name(parts[0], site):
        return title[len(parts[0]):].lstrip(" |-–—:·»/•~").strip() or title
    return title


def choose_title(signals: TitleSignals) -> tuple[str | None, int]:
    """(title, index in `h1s` of the heading that is the title or -1).

    Metadata backed by the `<title>` or an `<h1>` wins; else headline-shaped metadata (the publisher's
    declared title for the page); else an `<h1>` the `<title>` backs (metadata of a word or two names a
    section: "Pressemitteilungen"); else any metadata; else the first `<h1>` that is not a piece of the
    `<title>` (the logo); else the `<title>` without the site name."""
    site = signals.site_name
    meta = [m for m in signals.meta if m and len(m) <= MAX_TITLE_CHARS and not _is_site_name(m, site)]
    h1s = [(i, h) for i, h in enumerate(signals.h1s)
           if h and len(h) <= MAX_TITLE_CHARS and not _is_site_name(h, site) and title_key(h)]
    document = signals.document_title if signals.document_title and not _is_site_name(
        signals.document_title, site) else None
    for candidate in meta:
        best = max(h1s, key=lambda item: similarity(candidate, item[1]), default=None)
        if best is not None and similarity(candidate, best[1]) >= AGREE:
            return without_site_name(candidate, site), best[0]
        if document and similarity(candidate, document) >= AGREE:
            return without_site_name(candidate, site), -1
    headline_shaped = [m for m in meta if len(m.split()) >= MIN_HEADLINE_WORDS
                       or len(_WIDE.findall(m)) >= MIN_HEADLINE_WORDS * 2]
    if headline_shaped:
        return without_site_name(headline_shaped[0], site), -1
    if document:
        for i, heading in h1s:
            if similarity(heading, document) >= AGREE and not _minor_segment(heading, document):
                return heading, i
    if meta:
        return without_site_name(meta[0], site), -1
    # no metadata, no heading the <title> backs: the first heading that is not a piece of the <title>
    # (a piece of it is the site's name: the logo), else the <title>
    document_key = title_key(document) if document else ""
    for i, heading in h1s:
        if not document_key or title_key(heading) not in document_key:
            return heading, i
    if document:
        return without_site_name(document, site), -1
    return signals.document_title or (signals.h1s[0] if signals.h1s else None), -1
