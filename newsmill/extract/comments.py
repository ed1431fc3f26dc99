"""Reader comments after the article: a numbered comment section ("1. …", "2. …"), or a run of comment
headers ("Alex on May 2, 2019 at 6:34 am said:", "Jane says:"), with the lines that follow them.

Comments read like prose, so a line scorer alone keeps them; numbering and headers tell them apart.
"""
from __future__ import annotations

import re

import numpy as np

from .page_text import KeySet, PageText

HEADER_KEYS = (" ago", "said", "says", "wrote", "comment", "replied", ":")
_HEADER_KEY_SET = KeySet(HEADER_KEYS)  # read-only
_ARTICLE_LINES = 3
_HEADER_GAP = 40
_ONE = ("1.", "1)")
_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+\S")
_HEADER = re.compile(
    r"^[^.!?]{0,80}?(?:\b(?:says|said|wrote|commented|replied)\s*:?|\bat\s+\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)?\s*(?:said|says)?\s*:?"
    r"|\b\d{1,2}\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago)$",
    re.I)


# Every character `_HEADER` may end with (case-insensitively, as re matches it: "ſ" is an "s"), besides
# white space, decimal digits and the full stop of "a.m.": the cue words' last letters, a colon, "ago".
_HEADER_LAST = frozenset(":dDeEmMoOsS\u017f")
_M = frozenset("mM")


def _may_end_header(line: str) -> bool:
    """Whether `line` may match `_HEADER` by its last characters (most lines holding "said" end with a
    full stop after prose, and are ruled out here without running the regex)."""
    last = line[-1:]
    if last == ".":
        return line[-2:-1] in _M  # "6:34 a.m."
    return last in _HEADER_LAST or last.isspace() or last.isdecimal()


def comment_section(lines: list[str], first: int, last: int, stop: set[int], forms: set[int]) -> range:
    """Lines of a numbered comment section that closes the article (lines `first`..`last`), or empty.

    The section opens with "1.", reaches "2.", holds at least one follow-on paragraph (a comment
    longer than a list item), and runs to page furniture (`stop`) or the page's end: nothing of the
    article comes after it. A comment form or heading (`forms`) must sit just before or after it.
    """
    for start in range(first + 1, min(len(lines), last + 4)):
        if not lines[start].startswith(_ONE):  # what `_NUMBER` needs for a "1": cheaper than the regex
            continue
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


def comment_zone(lines: list[str], scores, threshold: float, page: PageText | None = None) -> range:
    """A run of reader comments found by their headers ("Alex on May 2, 2019 at 6:34 am said:", "2 days ago").

    Needs two headers close together, with article text (a few lines scored well) before the first;
    runs to the first line past the last header where two lines in a row score below `threshold`.
    `page` (a `PageText` of the lines) shares the lower-cased page with the other passes.
    """
    candidates: set[int] = set()
    hits = (page or PageText(lines)).key_lines(_HEADER_KEY_SET)
    for key in HEADER_KEYS:
        candidates.update(hits.get(key, ()))
    headers = [i for i in sorted(candidates)
               if len(lines[i]) <= 120 and _may_end_header(lines[i]) and _HEADER.match(lines[i])]
    if len(headers) < 2:
        return range(0)
    before = np.cumsum(np.asarray(scores) > max(threshold, 0.5))  # article lines up to each line
    start = next((h for k, h in enumerate(headers[:-1])
                  if before[h] >= _ARTICLE_LINES and headers[k + 1] - h <= _HEADER_GAP), None)
    if start is None:
        return range(0)
    if start > 0 and len(lines[start - 1].split()) <= 3 and not lines[start - 1].endswith((".", "!", "?")):
        start -= 1  # the commenter's name on its own line
    end = headers[-1] + 1
    while end + 1 < len(lines) and not (scores[end] < threshold and scores[end + 1] < threshold):
        end += 1
    return range(start, end)
