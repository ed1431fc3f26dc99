"""Reader comments after the article: a numbered comment section ("1. …", "2. …") and its follow-on lines.

Comments read like prose, so a line scorer alone keeps them; the section's numbering tells them apart.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+\S")


def comment_section(lines: list[str], first: int, last: int, stop: set[int], forms: set[int]) -> range:
    """Lines of a numbered comment section that closes the article (lines `first`..`last`), or empty.

    The section opens with "1.", reaches "2.", holds at least one follow-on paragraph (a comment
    longer than a list item), and runs to page furniture (`stop`) or the page's end: nothing of the
    article comes after it. A comment form or heading (`forms`) must sit just before or after it.
    """
    for start in range(first + 1, min(len(lines), last + 4)):
        match = _NUMBER.match(lines[start])
        if not match or match.group(1) != "1":
            continue
        end, expected, follow_on = start + 1, 2, 0
        while end < len(lines) and end not in stop:
            match = _NUMBER.match(lines[end])
            if match:
                if int(match.group(1)) != expected:
                    break
                expected += 1
            else:
                follow_on += 1
            end += 1
        beside_form = any(i in forms for i in range(start - 3, start)) or end in forms
        if expected > 2 and follow_on and (end == len(lines) or end in stop) and end > last and beside_form:
            return range(start, end)
    return range(0)
