"""Bylines ("By Jane Doe and John Roe") to author names."""
from __future__ import annotations

import re

_BYLINE = re.compile(r"^By\s+(?P<names>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})*)\s*$")


def authors_from_byline(line: str) -> list[str]:
    """Author names from a byline line; [] when the line is not a byline."""
    match = _BYLINE.match(line.strip())
    if not match:
        return []
    return [name.strip() for name in re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names")) if name.strip()]
