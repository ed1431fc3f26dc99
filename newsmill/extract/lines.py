"""A flattened page as lines, and each line in its page: position, neighbours, repeats, the prose region.

The article is mostly one contiguous run of prose lines; where a line sits relative to that run
(and what its neighbours look like) tells as much as the line itself.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np

from .page_text import PageText
from .signals import SIGNAL_NAMES, text_signals

_NEIGHBOUR_SIGNALS = ("log_words", "terminal", "stopword_ratio", "titlecase_ratio", "furniture_any")
_CONTEXT = (
    "position", "repeated", "printed_twice", "prose", "prose_window5", "prose_window15", "prose_before",
    "prose_after", "region_distance", "page_log_lines", "page_prose_share", "page_is_clean", "relative_words",
    "furniture_any",
)
_OFFSETS = (-2, -1, 1, 2)
FEATURE_NAMES: tuple[str, ...] = (SIGNAL_NAMES + _CONTEXT
                                  + tuple(f"{name}@{o:+d}" for o in _OFFSETS for name in _NEIGHBOUR_SIGNALS))
_FURNITURE_COLUMNS = [i for i, name in enumerate(SIGNAL_NAMES) if name.startswith("furniture_")]
assert _FURNITURE_COLUMNS == list(range(_FURNITURE_COLUMNS[0], _FURNITURE_COLUMNS[-1] + 1))
_FURNITURE_COLUMNS = slice(_FURNITURE_COLUMNS[0], _FURNITURE_COLUMNS[-1] + 1)
_COL = {name: i for i, name in enumerate(SIGNAL_NAMES)}
_FURNITURE_ONES = np.ones(_FURNITURE_COLUMNS.stop - _FURNITURE_COLUMNS.start, dtype=np.float32)
_FURNITURE_ONES.flags.writeable = False
_NEIGHBOUR_COLUMNS = [_COL[name] if name in _COL else len(SIGNAL_NAMES) + _CONTEXT.index(name) for name in _NEIGHBOUR_SIGNALS]


# Every whitespace character (str.isspace) but space and newline: tabs, other line breaks, NBSP, wide spaces.
_OTHER_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _other_space_table() -> np.ndarray:
    table = np.zeros(0x10000, dtype=bool)  # all of them lie in the Basic Multilingual Plane
    table[[ord(c) for c in _OTHER_SPACES]] = True
    table.flags.writeable = False
    return table


_IS_OTHER_SPACE = _other_space_table()  # read-only lookup table, built once


def split_lines(text: str) -> list[str]:
    """The page's non-empty lines, whitespace collapsed, in order."""
    return split_page(text)[0]


def split_page(text: str) -> "tuple[list[str], tuple[np.ndarray, np.ndarray] | None]":
    """`split_lines(text)`, and the text's code points (uint32) with their Basic Multilingual Plane table
    indexes (intp, beyond the plane 0xFFFF) when the lines joined by newlines are the text itself (a clean
    page without blank lines), else None.

    Most pages are already clean (single spaces, no tabs or odd spaces, no spaces around line ends):
    one check of the page's code points in numpy then replaces a split and join per line; the result
    is the same as the general path's.
    """
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    space = points == 0x20
    plane = np.minimum(points, 0xFFFF, dtype=np.intp)
    if not (len(points) == 0 or _IS_OTHER_SPACE.take(plane).any() or space[0] or space[-1]):
        breaks = space | (points == 0x0A)
        if not (space[1:] & breaks[:-1]).any() and not (breaks[1:] & space[:-1]).any():
            segments = text.split("\n")
            lines = list(filter(None, segments))  # the non-empty ones
            return lines, (points, plane) if len(lines) == len(segments) else None
    return [" ".join(line.split()) for line in text.splitlines() if line and not line.isspace()], None


@lru_cache(maxsize=64)
def _window(n: int, half: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, end, size) of the window of `half` lines either side of each of n lines (read-only)."""
    index = np.arange(n)
    low, high = np.maximum(index - half, 0), np.minimum(index + half + 1, n)
    size = (high - low).astype(np.float64)
    for array in (low, high, size):
        array.flags.writeable = False
    return low, high, size


@lru_cache(maxsize=64)
def _positions(n: int) -> np.ndarray:
    """Each of n lines' position in the page, 0 to 1 (read-only)."""
    positions = np.arange(n) / max(n - 1, 1)
    positions.flags.writeable = False
    return positions


def _window_mean(cumulative: np.ndarray, half: int) -> np.ndarray:
    """Mean over the window of `half` lines either side, from the values' cumulative sums (0 first)."""
    low, high, size = _window(len(cumulative) - 1, half)
    return (cumulative.take(high) - cumulative.take(low)) / size


def _median(values: np.ndarray) -> float:
    """np.median of a non-empty float32 array, to the bit, without its per-call overhead."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    return float(ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2)


def line_features(lines: list[str], language: str | None = None, page: PageText | None = None) -> np.ndarray:
    """One row of FEATURE_NAMES per line: the line's own signals, then its place in the page.

    `page` (a `PageText` of the lines) shares the lower-cased page with the extractor's later passes.
    """
    n = len(lines)
    signals = text_signals(lines, language, normalized=True, page=page)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32, order="F")  # columns contiguous: X.T for the trees
    if n == 0:
        return out
    base = len(SIGNAL_NAMES)
    out[:, :base] = signals
    words = np.expm1(signals[:, _COL["log_words"]])
    terminal = signals[:, _COL["terminal"]]
    # At most one furniture column is 1 in a row (one kind per line), so their sum is their max: a
    # matrix-vector product, much cheaper than a reduction along rows of a dozen columns.
    furniture = signals[:, _FURNITURE_COLUMNS] @ _FURNITURE_ONES
    prose = ((terminal > 0) & (words >= 8) & (furniture == 0)).astype(np.float32)
    counts = Counter(lines)  # C-level maps below: no Python code runs per line
    repeated = np.fromiter(map(counts.__getitem__, lines), dtype=np.int64, count=n) > 1
    twice = np.zeros(n, dtype=np.float32)
    same = np.zeros(max(n - 1, 0), dtype=bool)  # a line equal to the next: both are repeated lines
    for i in np.flatnonzero(repeated[:-1] & repeated[1:]).tolist():
        same[i] = lines[i] == lines[i + 1]
    twice[:-1] = same
    twice[1:] = np.maximum(twice[1:], same)
    cumulative = np.zeros(n + 1)  # prose lines before each line (and in all): exact small integers
    np.cumsum(prose, out=cumulative[1:])
    window5 = _window_mean(cumulative, 2)
    window15 = _window_mean(cumulative, 7)
    total = np.add.reduce(prose)  # prose.sum() without its Python-level wrapper (the same float32)
    before = cumulative[:-1]
    # The densest prose region: the centre of the best 15-line window; distance in lines, scaled.
    centre = int(window15.argmax())
    prose_index = np.nonzero(prose)[0]
    if len(prose_index):
        # extend the region around the centre over gaps of a few lines
        low = high = centre
        # prose_index is sorted: ranges of it by binary search instead of masks
        near = prose_index[prose_index.searchsorted(centre - 7):prose_index.searchsorted(centre + 7, "right")]
        if len(near):
            low, high = int(near[0]), int(near[-1])
        for i in prose_index[prose_index.searchsorted(high, "right"):].tolist():
            if i - high > 6:
                break
            high = i
        for i in prose_index[:prose_index.searchsorted(low)][::-1].tolist():
            if low - i > 6:
                break
            low = i
        index = np.arange(n)
        distance = np.maximum(np.maximum(low - index, index - high), 0)  # lines outside [low, high]
    else:
        distance = np.full(n, n)
    column = base
    for values in (  # page-wide values as scalars, broadcast into their columns
        _positions(n), repeated, twice, prose, window5, window15,
        before / max(total, 1), (total - before - prose) / max(total, 1), np.log1p(distance),
        np.log1p(n), total / n, float(total >= 0.8 * n and not furniture.any()),
        words / max(_median(words[prose > 0]) if total else 1.0, 1.0), furniture,
    ):
        out[:, column] = values
        column += 1
    neighbours = out[:, _NEIGHBOUR_COLUMNS]  # (lines, signals): each offset's columns written as one block
    out[:, column:] = -1.0  # neighbours beyond the page's ends
    width = len(_NEIGHBOUR_COLUMNS)
    for offset in _OFFSETS:
        if offset < 0 and n > -offset:
            out[-offset:, column:column + width] = neighbours[:offset]
        elif offset > 0 and n > offset:
            out[:-offset, column:column + width] = neighbours[offset:]
        column += width
    return out
