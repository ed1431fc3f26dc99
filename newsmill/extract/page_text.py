"""A page's lines lower-cased once, with their offsets, and literal keys found in it in one pass.

Shared by every text-mode pass that looks for literal keys (furniture, photo credits, comment headers), so
a page is lower-cased, indexed and scanned once instead of once per pass and key.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from itertools import accumulate

import numpy as np


_GRAM = 4  # keys are found by their first four characters
_MULTIPLIER = np.uint32(0x9E3779B1)


_NO_LOWER = 0xFFFFFFFF  # in _lower_table: no single lower-case character to stand for
_TABLE_LOWER_MIN = 2048  # characters from which a table lower-cases a page faster than str.lower


@lru_cache(maxsize=1)
def _lower_table() -> np.ndarray:
    """The lower case of each Basic Multilingual Plane character as one code point (uint32, read-only);
    _NO_LOWER where str.lower gives several, depends on context (capital sigma) or 0xFFFF stands for
    characters beyond the plane."""
    lowers = list(map(str.lower, map(chr, range(0x10000))))  # C-level maps: milliseconds
    table = np.array([ord(lower) if len(lower) == 1 else _NO_LOWER for lower in lowers], dtype=np.uint32)
    table[[0x3A3, 0xFFFF]] = _NO_LOWER
    table.flags.writeable = False
    return table


class PageText:
    """A page's lines lower-cased once, with their offsets: shared by every pass that looks for literal
    keys in a page (furniture, photo credits, comment headers), which each used to lower-case, index and
    scan the whole page again. Lines are whitespace-normalized (single spaces, no newline inside)."""

    __slots__ = ("lines", "joined", "_lowered", "_lower_lines", "_starts", "_buckets", "_keys", "_hits", "_points",
                 "_lengths", "_offsets", "_plane_index", "_lower_points")

    def __init__(self, lines: "list[str]", lowered: "str | None" = None, keys: "KeySet | None" = None, *,
                 joined: "str | None" = None, points: "np.ndarray | None" = None,
                 plane_index: "np.ndarray | None" = None) -> None:
        """`keys`: the union of the key sets the page's passes will ask for, found in one pass. `joined`
        ("\\n".join(lines)), `points` (its code points, uint32) and `plane_index` (see the property), when
        known, are not computed again."""
        self.lines = lines
        self.joined = "\n".join(lines) if joined is None else joined
        self._lowered = lowered
        self._lower_lines: "list[str] | None" = None
        self._plane_index: "np.ndarray | None" = plane_index
        self._lower_points: "np.ndarray | None" = None
        self._starts: "list[int] | None" = None
        self._buckets: "np.ndarray | None" = None
        self._keys = keys
        self._hits: "dict[str, list[int]] | None" = None
        self._points: "np.ndarray | None" = points
        self._lengths: "np.ndarray | None" = None
        self._offsets: "np.ndarray | None" = None

    @property
    def lowered(self) -> str:
        """`joined` lower-cased (computed on first use)."""
        if self._lowered is None:
            self._lowered = self._lower_case()
        return self._lowered

    @property
    def lower_lines(self) -> list[str]:
        """Each line lower-cased."""
        if self._lower_lines is None:
            self._lower_lines = self.lowered.split("\n")
        return self._lower_lines

    def _lower_case(self) -> str:
        """`joined.lower()`: for a long page whose code points are known, from a table of each character's
        lower case (cheaper than str.lower on the 2-byte strings of most pages). Characters the table
        cannot stand for (a lower case of several characters, the context-dependent capital sigma, any
        beyond the Basic Multilingual Plane) leave it to str.lower."""
        if self._points is not None and len(self.joined) >= _TABLE_LOWER_MIN:
            points = _lower_table().take(self.plane_index)
            if not (points == _NO_LOWER).any():
                self._lower_points = points
                return points.tobytes().decode("utf-32-le")
        return self.joined.lower()

    @property
    def plane_index(self) -> np.ndarray:
        """`points` as indexes of tables over the Basic Multilingual Plane (beyond it: 0xFFFF), intp."""
        if self._plane_index is None:
            self._plane_index = np.minimum(self.points, 0xFFFF, dtype=np.intp)
        return self._plane_index

    @property
    def points(self) -> np.ndarray:
        """The code points of `joined` (uint32, read-only; computed on first use)."""
        if self._points is None:
            self._points = np.frombuffer(self.joined.encode("utf-32-le"), dtype=np.uint32)
        return self._points

    @property
    def lengths(self) -> np.ndarray:
        """Each line's length in characters (int64, read-only)."""
        if self._lengths is None:
            self._lengths = np.fromiter(map(len, self.lines), dtype=np.int64, count=len(self.lines))
            self._lengths.flags.writeable = False
        return self._lengths

    @property
    def offsets(self) -> np.ndarray:
        """Each line's offset in `joined` (int64, read-only)."""
        if self._offsets is None:
            lengths = self.lengths
            self._offsets = np.zeros(len(lengths), dtype=np.int64)
            np.cumsum(lengths[:-1] + 1, out=self._offsets[1:])
            self._offsets.flags.writeable = False
        return self._offsets

    def key_lines(self, keys: "KeySet") -> "dict[str, list[int]]":
        """`keys.lines(self)`, or the union's lines (found once per page) when the union covers `keys`
        (then the dict may hold other keys too: look keys up, do not iterate it)."""
        if self._keys is None or not keys.key_set <= self._keys.key_set:
            return keys.lines(self)
        if self._hits is None:
            self._hits = self._keys.lines(self)
        return self._hits

    @property
    def starts(self) -> list[int]:
        """Offset of each line in `lowered` (computed on first use: most pages need it, a few never)."""
        if self._starts is None:  # lower-casing that keeps the page's length keeps every line's
            self._starts = (self.offsets.tolist() if len(self.lowered) == len(self.joined)
                            else line_starts(self.lower_lines))
        return self._starts

    def containing(self, key: str) -> list[int]:
        """Indexes of the lines whose lower-cased text contains `key`, each once, in order."""
        if self.lowered.find(key) < 0:
            return []
        return lines_containing(self.lowered, self.starts, key)

    def containing_at(self, key: str, probe: str) -> list[int]:
        """`containing(key)`, looking only where `probe` (one character of the key) occurs: one-character
        searches are several times faster than a search for the whole key in most pages' strings."""
        lowered, starts, found = self.lowered, self.starts, []
        offset = key.index(probe)
        position = lowered.find(probe, offset)
        while position >= 0:
            start = position - offset
            if lowered.startswith(key, start):
                line = bisect.bisect_right(starts, start) - 1
                if not found or found[-1] != line:
                    found.append(line)
            position = lowered.find(probe, position + 1)
        return found

    def gram_buckets(self) -> np.ndarray:
        """A 16-bit hash of the four characters starting at each offset of `lowered` (once per page)."""
        if self._buckets is None:
            lowered = self.lowered
            points = (self._lower_points if self._lower_points is not None
                      else np.frombuffer(lowered.encode("utf-32-le"), dtype=np.uint32))
            if len(points) < _GRAM:
                self._buckets = np.zeros(0, dtype=np.uint32)
            else:
                h = points[:1 - _GRAM] * _MULTIPLIER
                for k in range(1, _GRAM):
                    h += points[k:len(points) - _GRAM + 1 + k]
                    if k < _GRAM - 1:
                        h *= _MULTIPLIER
                h *= _MULTIPLIER
                h >>= np.uint32(16)
                self._buckets = h
        return self._buckets


def _gram_bucket(head: str) -> int:
    """`PageText.gram_buckets` for one four-character string."""
    h = 0
    for k, char in enumerate(head):
        h = (h + ord(char)) & 0xFFFFFFFF
        h = (h * int(_MULTIPLIER)) & 0xFFFFFFFF
    return h >> 16


class KeySet:
    """Literal keys found in a page in one pass instead of one scan of the whole page per key.

    Every four-character window of the page is hashed once (`PageText.gram_buckets`); a table of the
    keys' first four characters picks the few offsets where some key may start, and only there is the
    key compared. Keys shorter than four characters are looked up one by one. Read-only once built.
    """

    def __init__(self, keys: "tuple[str, ...]") -> None:
        self.keys = tuple(dict.fromkeys(keys))
        self.key_set = frozenset(self.keys)
        self.short = tuple(key for key in self.keys if len(key) < _GRAM)
        # A single-character probe per short key (a symbol if it has one): a one-character search is
        # several times faster than a multi-character one, and most pages lack most probes.
        self.probes = tuple(next((c for c in key if not (c.isalnum() or c.isspace())), key[0]) for key in self.short)
        heads: dict[str, list[str]] = {}
        for key in self.keys:
            if len(key) >= _GRAM:
                heads.setdefault(key[:_GRAM], []).append(key)
        self.by_head = {head: tuple(found) for head, found in heads.items()}
        self.table = np.zeros(1 << 16, dtype=bool)
        self.table[[_gram_bucket(head) for head in self.by_head]] = True
        by_bucket: dict[int, list[str]] = {}  # the keys whose head falls in each bucket
        for key in self.keys:
            if len(key) >= _GRAM:
                by_bucket.setdefault(_gram_bucket(key[:_GRAM]), []).append(key)
        self.by_bucket = {bucket: tuple(found) for bucket, found in by_bucket.items()}

    def lines(self, page: PageText) -> dict[str, list[int]]:
        """{key: indexes of the lines containing it, each once, in order} for the keys the page holds."""
        found: dict[str, list[int]] = {}
        lowered = page.lowered
        for key, probe in zip(self.short, self.probes):
            if probe not in lowered:
                continue
            hits = page.containing(key) if len(key) == 1 else page.containing_at(key, probe)
            if hits:
                found[key] = hits
        if not self.by_head:
            return found
        buckets = page.gram_buckets()
        positions = np.flatnonzero(self.table.take(buckets))  # take: faster than [] here
        if not len(positions):
            return found
        lowered, by_bucket = page.lowered, self.by_bucket
        starts = page.offsets if len(lowered) == len(page.joined) else np.asarray(page.starts)  # (same offsets)
        line_of = np.searchsorted(starts, positions, side="right") - 1
        for position, bucket, line in zip(positions.tolist(), buckets.take(positions).tolist(), line_of.tolist()):
            for key in by_bucket[bucket]:  # compared whole: no slice of the page per offset
                if lowered.startswith(key, position):
                    hits = found.setdefault(key, [])
                    if not hits or hits[-1] != line:
                        hits.append(line)
        return found


def line_starts(lines: list[str]) -> list[int]:
    """Offset of each line in "\\n".join(lines)."""
    return list(accumulate(map(_PLUS_ONE, map(len, lines[:-1])), initial=0))


_PLUS_ONE = (1).__add__


def lines_containing(joined: str, starts: list[int], key: str) -> list[int]:
    """Indexes of the lines of `joined` (line offsets `starts`) that contain `key`, each once, in order."""
    found: list[int] = []
    position = joined.find(key)
    while position >= 0:
        line = bisect.bisect_right(starts, position) - 1
        found.append(line)
        following = starts[line + 1] if line + 1 < len(starts) else len(joined)
        position = joined.find(key, following)
    return found
