"""From checked pairs to groups of copies, without letting hub pages chain unrelated groups.

A pair is a link when the two texts are near copies (high Jaccard), an edited update
(each holds most of the other), or one is contained in the other. Near and update
links join groups directly. A contained document joins only its best container, and
a container holding several texts that share nothing with each other, when those texts
also stand inside other groups' pages or are each a small part of it (a roundup quoting
the ledes of several articles), is a hub: nothing joins a group through it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

NEAR_JACCARD = 0.8       # near copies: same text give or take a few lines
CONTAINED_SHARE = 0.7    # share of the smaller text found in the larger: a contained copy
UPDATE_SHARE = 0.5       # with both shares at least this, neither text is a mere part of the other: an update
WHOLLY_INSIDE = 0.9      # a text this much inside another is its contained copy, not an update of it
HUB_COVER = 0.5          # a page whose contained texts are each less than this of it is made of parts: a hub
RELATED_SHARE = 0.2      # two texts sharing this much of either are parts of one article, not two articles
MIN_SHINGLES = 8         # a text shorter than this is matched only as an exact copy


@dataclass(slots=True, frozen=True)
class Pair:
    """An exactly checked candidate pair: a's and b's shingle sets compared."""

    a: int
    b: int
    jaccard: float
    a_in_b: float  # share of a's shingles found in b
    b_in_a: float

    def is_symmetric_link(self) -> bool:
        low, high = sorted((self.a_in_b, self.b_in_a))
        return self.jaccard >= NEAR_JACCARD or (low >= UPDATE_SHARE and CONTAINED_SHARE <= high < WHOLLY_INSIDE)

    def contained(self) -> tuple[int, int, float] | None:
        """(contained, container, share) when one text is mostly inside the other."""
        if self.a_in_b >= CONTAINED_SHARE and self.a_in_b >= self.b_in_a:
            return self.a, self.b, self.a_in_b
        if self.b_in_a >= CONTAINED_SHARE:
            return self.b, self.a, self.b_in_a
        return None


def relation(jaccard: float, copy_in_canonical: float, canonical_in_copy: float) -> tuple[str, float]:
    """How a copy relates to its canonical: (dup_kind, similarity)."""
    if jaccard >= 0.999:
        return "near", jaccard
    if copy_in_canonical >= WHOLLY_INSIDE and canonical_in_copy <= copy_in_canonical - 0.05:
        return "contained", copy_in_canonical
    if jaccard >= NEAR_JACCARD:
        return "near", jaccard
    if min(copy_in_canonical, canonical_in_copy) >= UPDATE_SHARE:
        return "update", jaccard
    return "contained", copy_in_canonical


class UnionFind:
    """Disjoint sets over hashable items (only the items that ever appear in a link)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_pairs(pairs: list[Pair], uf: UnionFind | None = None,
                overlap_of: Callable[[int, int], tuple[float, float, float]] | None = None) -> UnionFind:
    """Join documents linked by `pairs`, hub-safe; `uf` may hold groups known before (earlier runs).

    `overlap_of(a, b)` (Jaccard, a in b, b in a) lets the hub check compare two texts held by one
    container that were not a candidate pair; without it, only the given pairs relate them.
    """
    uf = uf or UnionFind()
    containers: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    contents: dict[int, list[int]] = defaultdict(list)
    related: set[tuple[int, int]] = set()
    covers: dict[int, float] = defaultdict(float)  # the largest share of a container one contained text makes up
    for pair in pairs:
        key = (min(pair.a, pair.b), max(pair.a, pair.b))
        if max(pair.a_in_b, pair.b_in_a) >= RELATED_SHARE:
            related.add(key)
        if pair.is_symmetric_link():
            uf.union(pair.a, pair.b)
            continue
        inside = pair.contained()
        if inside is not None:
            small, big, share = inside
            containers[small].append((share, pair.jaccard, big))
            contents[big].append(small)
            covers[big] = max(covers[big], pair.b_in_a if small == pair.a else pair.a_in_b)

    def is_hub(big: int, smalls: list[int]) -> bool:
        # Texts sharing nothing, inside one page: parts of one article (a teaser and the body without its
        # lede) or several articles (a roundup). A roundup shows itself by its parts also standing inside
        # other groups' pages, or by being made of small parts only.
        if len(smalls) < 2 or not _unrelated(smalls, related, uf, overlap_of):
            return False
        home = uf.find(big)
        elsewhere = any(uf.find(c[2]) != home for s in smalls for c in containers[s] if c[2] != big)
        return elsewhere or covers[big] < HUB_COVER

    hubs = {big for big, smalls in contents.items() if is_hub(big, smalls)}
    for small, found in containers.items():
        usable = [c for c in found if c[2] not in hubs]
        if usable and small not in hubs:
            uf.union(small, max(usable)[2])
    return uf


def _unrelated(smalls: list[int], related: set[tuple[int, int]], uf: UnionFind,
               overlap_of: Callable[[int, int], tuple[float, float, float]] | None) -> bool:
    """Whether texts held by one container share nothing with each other (two or more groups without it)."""
    local = UnionFind()
    for i, x in enumerate(smalls):
        for y in smalls[i + 1:]:
            if local.find(x) == local.find(y):
                continue
            if uf.find(x) == uf.find(y) or (min(x, y), max(x, y)) in related or (
                    overlap_of is not None and max(overlap_of(x, y)[1:]) >= RELATED_SHARE):
                local.union(x, y)
    return len({local.find(x) for x in smalls}) > 1
