"""When an undated article was written, at the earliest: the latest past date it refers to.

An article without a publication date still names dates ("the meeting on January 11"). Whatever it
reports as past had happened when it was written, so the latest such date is a lower bound on its
own date, and the article cannot be about a dated story that ended weeks before that bound (news of
one event comes within days of it). Day-and-month mentions rarely carry a year; the year comes from
the years the article names: the latest of them, and early-year months wrap into the next year when
that makes the referenced dates a compact run (an article looking back on "work in 2020" that names
November 9 and January 11 is from January 2021, not about two dates ten months apart).

The bound lives in `article.extra["written_after"]`, never in `published` (which stays what the
page said).
"""
from __future__ import annotations

import re
from datetime import date

from ..describe.dates import day_mentions, has_digit

_YEAR_WORD = re.compile(r"(?<![\w.,])((?:19|20)\d{2})(?![\w.,]\d)")
_FUTURE_WORDS = r"will|next|upcoming|scheduled|planned|plans|due to|is to|are to|expected to"
_FUTURE = re.compile(rf"\b({_FUTURE_WORDS})\b", re.I)
# a year named "until 2030" is no more past than one "planned for 2030": the year bound skips those too
_FUTURE_OR_UNTIL = re.compile(rf"\b({_FUTURE_WORDS}|until|through)\b", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")

COMPACT_DAYS = 120   # referenced dates within four months: one period the article looks back on
SPREAD_DAYS = 180    # spread over more than six months in one year: the early months wrap

WRITTEN_AFTER = "written_after"
AFTER_GRACE_DAYS = 21   # a story that ended three weeks before the bound is an earlier event
WRITTEN_WINDOW_DAYS = 30  # an article is written within about a month of the latest past date it names
WRITTEN_GAP_DAYS = 45     # ... and a story beginning more than this after that month is another event


def outside_window(bound: str | None, first: str | None, last: str | None) -> bool:
    """True when an undated article written on or after `bound` cannot be about a story dated first..last.

    The story ended more than AFTER_GRACE_DAYS before the bound, or began more than WRITTEN_GAP_DAYS
    after the article's plausible window (bound + WRITTEN_WINDOW_DAYS). This window is its own, not the
    story model's date window: an undated article's date is only bounded, so it stays tight.
    """
    if not bound or not first:
        return False
    try:
        after, start, end = (date.fromisoformat(v[:10]) for v in (bound, first, last or first))
    except ValueError:
        return False
    if (after - end).days > AFTER_GRACE_DAYS:
        return True
    return (start - after).days > WRITTEN_WINDOW_DAYS + WRITTEN_GAP_DAYS


def latest_past_year(text: str) -> int | None:
    """The latest year named in a sentence that does not speak of the future: when an undated article was
    written, at the earliest (and, for news, most often the year itself)."""
    if not has_digit(text) or not _YEAR_WORD.search(text):
        return None
    years = []
    for sentence in _SENTENCE.findall(text):
        named = _YEAR_WORD.findall(sentence)   # most sentences name no year: the future test only where one does
        if named and not _FUTURE_OR_UNTIL.search(sentence):
            years += map(int, named)
    return max(years) if years else None


def _past_dates(text: str) -> list[tuple[int, int, int | None]]:
    """(month, day, year or None) of the dates named in sentences that do not speak of the future."""
    out = []
    for sentence in _SENTENCE.findall(text):
        named = [m for m in day_mentions(sentence) if not m.colon]   # "May 5:30" may be a time of day
        if named and not _FUTURE.search(sentence):   # the future test only where a date is named
            out += [(m.month, m.day, m.year) for m in named]
    return out


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def written_after(text: str) -> str | None:
    """The ISO date the article was written on or after, or None when its dates give no year."""
    return infer_written_after(text)[0]


def infer_written_after(text: str) -> tuple[str | None, bool]:
    """(the bound, whether it is sure enough to veto with).

    Sure = the referenced dates run across a new year after the latest year the article names: it looks
    back on that year from the next. Other bounds are kept as information only: on ECB+ an explicit or
    single-year date often belongs to a follow-up of the same event, or the year named is another one.
    """
    mentions = _past_dates(text)
    if not mentions:
        return None, False
    explicit = [d for d in (_safe_date(y, m, dd) for m, dd, y in mentions if y) if d]
    years = [int(y) for y in _YEAR_WORD.findall(text)]
    bare = [(m, dd) for m, dd, y in mentions if not y]
    resolved = list(explicit)
    wrapped = False
    if bare and years:
        base = max(years)
        plain = [d for d in (_safe_date(base, m, dd) for m, dd in bare) if d]
        best, wrapped = plain, False
        if plain and (max(plain) - min(plain)).days > SPREAD_DAYS:
            for pivot in range(2, 13):   # months before the pivot belong to the next year
                shifted = [d for d in (_safe_date(base + (m < pivot), m, dd) for m, dd in bare) if d]
                if shifted and (max(shifted) - min(shifted)).days <= COMPACT_DAYS:
                    best, wrapped = shifted, True
                    break
        if explicit:   # a bare date months after every dated one is last year's
            latest = max(explicit)
            best = [d.replace(year=d.year - 1) if (d - latest).days > COMPACT_DAYS and not (d.month == 2 and d.day == 29)
                    else d for d in best]
        resolved.extend(best)
    if not resolved:
        return None, False
    bound = max(resolved)
    return bound.isoformat(), wrapped and not explicit and bound.year > max(years)
