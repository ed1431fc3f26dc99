"""Bylines ("By Jane Doe and John Roe | Special to the Times", "By ANA LEE - 2019-04-10") to author names.

The names run from "By" to the first separator (|, a dash, a comma before a job or outlet, a date,
"on", "Updated", a time): what follows is the outlet, the role or the date, not a person.
"""
from __future__ import annotations

import re

from .dates import MONTHS, WEEKDAYS

_BYLINE = re.compile(r"^(?:by|written by|posted by|words by)\s+(?P<rest>\S.*)$", re.I)
# "on Mon...", "on Nov...": a byline's date begins (the three-letter stems of the day and month names)
_DAY_OR_MONTH = "|".join(dict.fromkeys(name[:3].title() for name in (*WEEKDAYS, *MONTHS)))
_CUT = re.compile(
    r"\s*(?:\||\s[-–—]\s|,\s*(?=(?:[A-Z][\w.]*\s*)*(?:Staff|Business|News|Reporter|Writer|Editor|Correspondent|"
    r"Columnist|CNN|Times|Post|Press|Journal|Herald|Tribune)\b)|\bon\s+(?:" + _DAY_OR_MONTH + r")"
    r"|\b(?:Updated|Published|Posted)\b|\d|\bSpecial to\b).*$")
_GLUED_ROLE = re.compile(r"(?<=[a-z])(?:Staff Writer|Business Columnist|Columnist|Reporter|FOXBusiness|[A-Z]{3,}\w*)$")
_NAME = re.compile(r"^[A-Z][\w.'\-]*(?:\s+(?:[A-Z][\w.'\-]*|de|da|van|von|der|del|bin|al)){0,4}$")
_AGENCY_WORDS = {"REUTERS", "Reuters", "AP", "AFP", "Staff", "STAFF", "Admin", "Editor", "Editors"}


def _title_case(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())


def authors_from_byline(line: str) -> list[str]:
    """Author names from a byline line; [] when the line is not a byline of people."""
    match = _BYLINE.match(line.strip())
    if not match:
        return []
    rest = _CUT.sub("", match.group("rest")).strip().rstrip(",;:")
    rest = _GLUED_ROLE.sub("", rest).strip()
    if not rest or len(rest.split()) > 12:
        return []
    rest = re.sub(r"\s*\([^)]*\)", "", rest)
    names = [part.strip() for part in re.split(r"\s*(?:,|\band\b|&)\s*", rest) if part.strip()]
    names = [name for name in names if " " in name or len(name) > 4 or names.index(name) == 0]  # "MS", "RD"
    if not names or not all(_NAME.match(name) for name in names):
        return []
    if any(word in _AGENCY_WORDS for name in names for word in name.split()):
        return []
    return [_title_case(name) for name in names]
