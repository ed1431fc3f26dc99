"""The outlet a page names in its own furniture: "the latest updates from MassisPost", "© 2021 Example News".

Only dropped furniture lines are read (newsletter boxes, footers, cookie banners), never the article.
"""
from __future__ import annotations

import re

from ..article import Dropped

_NAME = r"(?P<name>[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3})"
_PATTERNS = (
    re.compile(r"\b(?:updates|news|stories|headlines)\s+from\s+(?:the\s+)?" + _NAME + r"\s*[.!]?\s*$"),
    re.compile(r"(?i:©|\(c\)|copyright)\s*\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*" + _NAME),
    re.compile(r"\b(?i:subscribe to) (?:the\s+)?" + _NAME + r"(?:'s)?\s+(?i:newsletter)"),
)
_SOURCE_KINDS = ("newsletter", "footer", "cookie-banner", "template", "other")
_GENERIC = {"All", "All Rights Reserved", "The", "Our", "Us", "Copyright", "Inc", "Ltd"}
_PERSON_TITLES = ("Editor ", "Editor-in-Chief ", "Publisher ", "Mr ", "Mrs ", "Ms ", "Dr ")


def source_from_furniture(dropped: list[Dropped]) -> str | None:
    """A site name from the page's furniture lines, or None."""
    for pattern in _PATTERNS:
        for line in dropped:
            if line.kind not in _SOURCE_KINDS:
                continue
            match = pattern.search(line.text)
            if match:
                name = re.split(r"\.\s|\s+(?i:all rights)\b", match.group("name"))[0]
                name = re.sub(r"[\s.,]+(?:Inc|Ltd|LLC)?\.?$", "", name)
                if name and name not in _GENERIC and not name.startswith(_PERSON_TITLES):
                    return name
    return None
