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
# "MOSCOW —", "ST. JOSEPH, Mich. (AP) —", "WASHINGTON, DC (Reuters Health) -": a wire dateline opening a line.
# The one dateline pattern: describe reads the place from it, extract/ scores and places lines with it.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})(?:, [A-Z][A-Za-z. ]+)?"
    r"\s*(?:\((?P<agency>[A-Za-z/ ]{2,20})\))?\s*[—–-]{1,2}\s"
)


def find_dateline(paragraph: str) -> tuple[str | None, str | None]:
    """(place, agency code) from a paragraph opening with a dateline, else (None, None)."""
    match = DATELINE.match(paragraph)
    if not match or not paragraph[match.end():].strip():
        return None, None
    return match.group("place"), match.group("agency")


def agency_name(code: str | None) -> str | None:
    return AGENCIES.get(code.upper()) if code else None
