"""The date an article's text fixes: the date stamp the page printed with it (a line that is mostly a date,
such as "Updated: 18 Nov 2019 9:38 pm", removed as furniture or kept in the body); else an anniversary of a
dated event, a weekday resolved against the nearest explicit date, else the latest explicit date printed
with the article (its captions, headline, subtitle and first lines). Dates deeper in the body are what it reports on: an obituary's "born April 22,
1923" never dates the article (stories/ takes a lower bound on an undated article's date from them).

"On the first anniversary of the agreement" + "On Nov. 10, 2020, ... signed ... agreement" → 2021-11-10;
"Lavrov said on Monday" + a caption dated December 7, 2020 (a Monday) → 2020-12-07.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .dates import WEEKDAY_ABBREVIATIONS, WEEKDAYS, find_dates, without_dates

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "twentieth": 20, "fiftieth": 50, "hundredth": 100}
_ANNIVERSARY = re.compile(
    r"\b(?P<nth>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))\s+anniversary\s+of\s+(?:the\s+|this\s+|its\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?P<noun>[a-z][\w-]{3,})\b", re.I)
PRINTED_LINES = 3   # first body lines, whose dates are printed with the article ("April 4, 2012. Police said ...")
STAMP_OTHER_WORDS = 6   # words a date stamp line holds besides its date, time and "published / by": a name
_STAMP_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|modified|original|on|at|by|am|pm|a\.m|p\.m|utc|gmt|est|edt|cst|cdt|pst|pdt"
    r"|et|pt|ct|bst|cet|" + "|".join(WEEKDAYS + WEEKDAY_ABBREVIATIONS) + r")\b\.?"
    r"|\d{1,2}:\d\d(?::\d\d)?|[|/–—\-,:()@]", re.I)
_WEEKDAY = re.compile(r"\b(?:on|last|this|late|early)\s+(?P<day>" + "|".join(WEEKDAYS) + r")\b", re.I)


def _years(nth: str) -> int:
    return _ORDINALS.get(nth.lower()) or int(re.sub(r"\D", "", nth))


def anniversary_date(lede: str, paragraphs: list[str]) -> date | None:
    """The date `lede` marks as the Nth anniversary of an event the other paragraphs date explicitly."""
    match = _ANNIVERSARY.search(lede)
    if not match:
        return None
    noun = re.compile(rf"\b{re.escape(match.group('noun'))}\b", re.I)
    for paragraph in paragraphs:
        mentions = [m.start() for m in noun.finditer(paragraph)]
        dated = find_dates(paragraph) if mentions else []
        if dated:  # the explicit date nearest a mention of the event
            _, event = min(dated, key=lambda d: min(abs(d[0] - m) for m in mentions))
            years = _years(match.group("nth"))
            try:
                return event.replace(year=event.year + years)
            except ValueError:  # 29 February
                return event.replace(year=event.year + years, day=28)
    return None


def weekday_date(lede: str, anchors: list[date]) -> date | None:
    """The weekday `lede` names ("said on Monday"), as the date of that weekday nearest the latest anchor."""
    match = _WEEKDAY.search(lede)
    if not match or not anchors:
        return None
    anchor = max(anchors)
    weekday = WEEKDAYS.index(match.group("day").lower())
    back = (anchor.weekday() - weekday) % 7  # days back to that weekday, on or before the anchor
    return anchor - timedelta(days=back) if back <= 3 else anchor + timedelta(days=7 - back)


# dropped lines that belong to other pages or to the readers: their dates are never the article's stamp
OTHER_PAGES_KINDS = frozenset(("related-articles", "related-link", "advertisement", "comment-form", "footer"))


# ...unless the line says it is a byline or a publication stamp (a byline inside a container marked "related")
_OWN_STAMP = re.compile(r"\b(?:by|von|par|por|door|written|published|updated|posted|veröffentlicht|aktualisiert|"
                        r"publié|publicado|pubblicato)\b", re.I)


def stamp_lines(dropped: list, body: list[str]) -> list[str]:
    """The lines that may carry the article's date stamp: its dropped lines but teasers', ads' and
    comments' (a byline or stamp among them excepted), then its body."""
    return [d.text for d in dropped if d.kind not in OTHER_PAGES_KINDS or _OWN_STAMP.search(d.text)] + body


def stamp_date(lines: list[str]) -> str | None:
    """The first date of the first line that is mostly a date: the page's stamp for the article
    ("Updated: 18 Nov 2019 9:38 pm", "By Chris Davies - Nov 19, 2019, 10:31 pm CST"; published before updated)."""
    for line in lines:
        found = find_dates(line)
        if found:
            rest = _STAMP_FILLER.sub(" ", without_dates(line)).split()
            if sum(1 for word in rest if word.strip(".")) <= STAMP_OTHER_WORDS:
                return found[0][1].isoformat()
    return None


def infer_published(body: list[str], captions: list[str], subtitle: str | None = None,
                    title: str | None = None) -> str | None:
    """YYYY-MM-DD the text fixes, or None when it fixes none."""
    if not body:
        return None
    lede = body[0]
    anniversary = anniversary_date(lede, body[1:] + captions)
    if anniversary:
        return anniversary.isoformat()
    top = ([title] if title else []) + ([subtitle] if subtitle else []) + body[:PRINTED_LINES]
    stamped = [value for text in captions + top for _, value in find_dates(text)]
    lead = " ".join(([subtitle] if subtitle else []) + body[:2])
    resolved = weekday_date(lead, stamped)
    if resolved:
        return resolved.isoformat()
    return max(stamped).isoformat() if stamped else None
