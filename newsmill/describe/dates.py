"""Explicit calendar dates in text ("December 7, 2020", "7 Dec 2020", "2020-12-07", "12/7/2020" when the
numbers say which is the day)."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR_END = r"(?P<year>(?:19|20)\d\d)(?:(?!\d)|(?=\d{1,2}:\d\d))"   # "2019" or "20195:45 AM" (a flattened page)
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR_END, re.I)
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+" + _YEAR_END, re.I)
_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)")   # also 2019-11-19T12:48Z
_NUMERIC = re.compile(r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/.])")
_YEAR = re.compile(r"(?:19|20)\d\d")  # every full date has one: a cheap scan before the three patterns


def _make(year: str, month: str, day: str) -> date | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    try:
        return date(int(year), m, int(day)) if m else None
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, date]]:
    """(character offset, date) for every explicit full date in `text`, in text order."""
    found: list[tuple[int, date]] = []
    if not _YEAR.search(text):
        return found
    for pattern in (_MDY, _DMY, _ISO):
        for match in pattern.finditer(text):
            value = _make(match.group("year"), match.group("month"), match.group("day"))
            if value:
                found.append((match.start(), value))
    for match in _NUMERIC.finditer(text):   # 11/19/2019, 21/06/2014, 11.14.2019: only when one part must be the day
        first, second = int(match.group("first")), int(match.group("second"))
        if (first > 12) == (second > 12):
            continue   # 06/07/2019 could be June or July
        month, day = (second, first) if first > 12 else (first, second)
        value = _make(match.group("year"), str(month), str(day))
        if value:
            found.append((match.start(), value))
    return sorted(found)


def without_dates(text: str) -> str:
    """The text with its explicit dates blanked out (what else a date line says)."""
    for pattern in (_MDY, _DMY, _ISO, _NUMERIC):
        text = pattern.sub(" ", text)
    return text


def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata value such as '2020-12-07T10:00:00Z' or 'Dec 7, 2020'."""
    dates = find_dates(value)
    return dates[0][1].isoformat() if dates else None
