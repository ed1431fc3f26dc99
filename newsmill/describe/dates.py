"""Calendar dates in text, the one home of the date vocabulary and date patterns every stage reads.

Explicit dates ("December 7, 2020", "7 Dec 2020", "2020-12-07", "12/7/2020" when the numbers say which is
the day), day-and-month mentions with or without a year ("November 10", "10 Nov 2020"), month and
weekday names, and the dates of metadata values and URL paths. describe/ dates the article from its text
with them, extract/ reads page metadata, URLs and captions with them, `metadata_date` reads an input record's
date, stories/ bounds undated articles with them.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import NamedTuple

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))   # a regex alternation, longest name first
_MONTH = r"(?P<month>" + MONTH_NAMES + r")\.?"
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


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation ("Nov", "november", "Sept."), else None."""
    return MONTHS.get(name.lower().rstrip("."))


_OPTIONAL_YEAR = r"(?:,?\s+(?P<{}>(?:19|20)\d{{2}}))?"
# "10 November", "10th of Nov. 2020", "November 10, 2020": a day as writers name it, the year optional
# (the month word is any capitalised word here, checked against MONTHS after the match)
_DAY_MONTH = re.compile(
    r"\b(?:(?P<day1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month1>[A-Z][a-z]{2,8})\.?" + _OPTIONAL_YEAR.format("year1")
    + r"|(?P<month2>[A-Z][a-z]{2,8})\.?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?P<colon>:)?" + _OPTIONAL_YEAR.format("year2") + ")")


class DayMention(NamedTuple):
    """A day named by month and day ("November 10"), with its year when one follows."""

    month: int
    day: int
    year: int | None
    colon: bool   # the day runs into a colon: "May 5:30" may be a time of day ("April 27: the march")


# Every day mention, year and number holds a digit (\d, as the patterns read it): one scan for a digit spares
# a text or sentence without any the slower scans of those patterns, which test each position.
has_digit = re.compile(r"\d").search


def day_mentions(text: str) -> list[DayMention]:
    """Every day-and-month mention in `text`, in text order."""
    if not has_digit(text):
        return []
    out = []
    for match in _DAY_MONTH.finditer(text):
        if match.group("day1"):
            day, month, year = match.group("day1", "month1", "year1")
        else:
            day, month, year = match.group("day2", "month2", "year2")
        number = month_number(month)
        if number and 1 <= int(day) <= 31:
            out.append(DayMention(number, int(day), int(year) if year else None, bool(match.group("colon"))))
    return out


# Dates in metadata values and URLs: the page's machine-readable dates (extract/html_meta.py ranks them)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
_URL_DATE_NAMED = re.compile(r"/((?:19|20)\d{2})/(" + MONTH_NAMES + r")/(0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
                             re.I)   # /2013/may/03/ (the Guardian, the Los Angeles Times)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")


def iso_day(value: object) -> str | None:
    """YYYY-MM-DD from an ISO-like date string ('2019-11-20T08:00:00Z', '2019-11-20'), else None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.search(value)
    if match is None:
        return None
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day.isoformat() if 1990 <= day.year <= datetime.now().year + 1 else None


def url_date(url: str | None) -> str | None:
    """A date written in a URL path (/2019/11/20/, /20191120/, /2019/nov/20/)."""
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_DATE_COMPACT, _URL_DATE_NAMED):
        match = pattern.search(url)
        if match:
            year, month, day = match.groups()
            month = int(month) if month.isdigit() else month_number(month)
            try:
                return date(int(year), month, int(day)).isoformat()
            except ValueError:
                continue
    return None


def metadata_date(value: str) -> str | None:
    """A date an input record supplies ('2021-03-04T08:00:00Z', 'March 4, 2021') as YYYY-MM-DD."""
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return parse_date(value)
