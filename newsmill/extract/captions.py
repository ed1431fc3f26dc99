"""Photo captions in flattened text: lines printed twice in a row, photo credits, "PLACE - ..., <date>" lines.

Pages print a caption once for the image and once for its zoom or alt text, so an exact repeat of
the previous line is the strongest sign; credits and the wire-caption shape cover single captions.
"""
from __future__ import annotations

import re
from itertools import compress

import numpy as np

from ..describe.dates import MONTHS
from .page_text import KeySet, PageText

_CREDIT = re.compile(
    r"(?:\((?:AP|AFP|Reuters|EPA|Getty)(?: Photo)?[/ ][^)]{2,60}\)|\b(?:REUTERS|AFP|EPA|AP)/[A-Z][\w. -]{2,40}|"
    r"\b(?:Photo(?:graph)?|Image|Picture|Foto|Credit|Photo credit|Image credit)s?\s*(?:by)?\s*[:©]|"
    r"\((?:AP|AFP|Reuters|EPA|Getty Images|Xinhua)\)$|\bGetty Images\b|\bShutterstock\b|\bFILE PHOTO\b|\(Image(?: credit)?:[^)]{2,60}\)|\(Photo(?: by)?:?[^)]{2,60}\))"
)
# "COUNTRY -- Person does something in Place, December 7, 2020": a wire-photo caption.
_MONTH = r"(?:" + "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_WIRE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40} (?:--|-|–|—) (?=[A-Z]).{10,300}" + _MONTH + r" \d{1,2}, (?:19|20)\d\d\.?$")


CREDIT_KEYS = ("photo", "image", "picture", "foto", "credit", "getty", "shutterstock", "reuters/", "afp/", "epa/", "ap/", "(ap)",
                "(afp)", "(reuters)", "(epa)", "(xinhua)")
_CREDIT_KEY_SET = KeySet(CREDIT_KEYS)  # read-only


def is_caption_line(line: str) -> bool:
    """A line shaped like a photo caption or credit (on its own, without the printed-twice signal)."""
    tail = line[-5:]
    if tail[-4:].isdigit() or tail[:4].isdigit():
        if _WIRE.match(line):
            return True
    lowered = line.lower()
    return any(key in lowered for key in CREDIT_KEYS) and bool(_CREDIT.search(line))


# A literal every match of `_CREDIT` holds (its alternatives in order: "(", "/", ":" or "©", "(", then the
# three names; the last two open with "("): a line with none of them is not searched.
_CREDIT_LITERALS = ("(", "/", ":", "©", "Getty Images", "Shutterstock", "FILE PHOTO")


MAX_CAPTION_CHARS = 1500  # a longer line ending with a photo credit is an article flattened onto one line


def _may_credit(line: str) -> bool:
    return any(literal in line for literal in _CREDIT_LITERALS)


def caption_lines(lines: list[str], page: PageText | None = None) -> list[bool]:
    """`is_caption_line` for every line of a page, testing the costly patterns only where a key occurs.

    `page` (a `PageText` of the lines) shares the lower-cased page with the other passes.
    """
    flags = [False] * len(lines)
    page = page or PageText(lines)
    for i in _year_ending(page):  # the wire shape ends with a year: test only those lines
        line = lines[i]
        if (line[-4:].isdigit() or line[-5:-1].isdigit()) and _WIRE.match(line):
            flags[i] = True
    keys = page.key_lines(_CREDIT_KEY_SET)
    for key in CREDIT_KEYS:
        for i in keys.get(key, ()):
            if not flags[i] and len(lines[i]) <= MAX_CAPTION_CHARS and _may_credit(lines[i]) and _CREDIT.search(lines[i]):
                flags[i] = True
    return flags


def _digit_like(points: np.ndarray) -> np.ndarray:
    """True for ASCII digits and every non-ASCII character (which holds all other decimal digits)."""
    return ((points - 0x30) < 10) | (points >= 0x80)


def _year_ending(page: PageText) -> list[int]:
    """Lines that may end with a year: a digit last, or a full stop after a digit (what `_WIRE` needs),
    found from the page's code points in a few array operations instead of a Python test per line."""
    points, lengths = page.points, page.lengths
    if not len(points):
        return []
    ends = page.offsets + lengths
    last, before = points.take(np.maximum(ends - 1, 0)), points.take(np.maximum(ends - 2, 0))
    maybe = (lengths >= 2) & (_digit_like(last) | ((last == 0x2E) & _digit_like(before)))
    return np.flatnonzero(maybe).tolist()


def printed_twice(lines: list[str], twice: np.ndarray | None = None) -> list[bool]:
    """True for each line that equals its neighbour (a caption printed for the image and its zoom).

    `twice` (optional: the line feature "printed_twice", nonzero where a line equals a neighbour) limits
    the comparisons to lines flagged with the line before them.
    """
    flags = [False] * len(lines)
    if twice is not None:
        candidates = (np.flatnonzero(twice[1:] * twice[:-1]) + 1).tolist()
        repeats = (i for i in candidates if lines[i] == lines[i - 1])
    else:  # neighbours compared at C level; Python work only where a line repeats the one before it
        repeats = compress(range(1, len(lines)), map(str.__eq__, lines[1:], lines))
    for i in repeats:
        if len(lines[i].split()) >= 4:
            flags[i] = flags[i - 1] = True
    return flags
