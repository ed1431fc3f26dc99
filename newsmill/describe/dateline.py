"""Datelines ("MOSCOW —", "MOSCOW (AA) –", "WASHINGTON, DC —") and the agencies they name."""
from __future__ import annotations

import re

AGENCIES = {
    "AA": "Anadolu Agency (AA)",
    "AP": "Associated Press (AP)",
    "AFP": "Agence France-Presse (AFP)",
    "RFE/RL": "Radio Free Europe/Radio Liberty (RFE/RL)",
    "UPI": "United Press International (UPI)",
    "DPA": "Deutsche Presse-Agentur (dpa)",
    "PTI": "Press Trust of India (PTI)",
}
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})(?:, [A-Z][A-Za-z.]+)?"
    r"\s*(?:\((?P<agency>[A-Za-z/]{2,10})\))?\s*[—–-]{1,2}\s+\S"
)


def find_dateline(paragraph: str) -> tuple[str | None, str | None]:
    """(place, agency code) from a paragraph opening with a dateline, else (None, None)."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, None
    return match.group("place"), match.group("agency")


def agency_name(code: str | None) -> str | None:
    return AGENCIES.get(code.upper()) if code else None
