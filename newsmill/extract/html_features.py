"""Numeric features of a page's blocks for the block classifier: text, DOM and page context.

General signals only (punctuation, link density, tags, class/id word groups, depth,
position, where the page's prose concentrates), so the classifier carries to unseen sites.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np

from .dom import FLAG_TAGS, GROUPS, MAX_BLOCK_CHARS, Block, PageBlocks
from .signals import SIGNAL_NAMES, text_signals

_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "td", "blockquote", "pre", "figcaption", "dd", "section", "span")
_TAG_INDEX = {tag: i for i, tag in enumerate(_TAGS)}
_TAG_INDEX.update({"h5": _TAG_INDEX["h4"], "h6": _TAG_INDEX["h4"], "tr": _TAG_INDEX["td"], "dt": _TAG_INDEX["dd"],
                   "article": _TAG_INDEX["section"], "main": _TAG_INDEX["section"]})
_TERMINALS = frozenset(".!?…:;。！？．：；")
_CLOSERS = "\"'”’»)]」』）】"
# scripts written without spaces (CJK ideographs, kana, full-width forms): a word is about 1.7 characters
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
_CHARS_PER_WIDE_WORD = 1.7
_SPACE_POOR = 12.0  # characters per space-separated word above which a text may be written without spaces
_SEPARATOR = re.compile(r"[|•·»›]|\s/\s")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
# The same two tests as plain scans (a case-insensitive alternation tries every position): the separator
# characters and slashes, a slash kept only between spaces; the copyright words in lower-cased text, where
# lower() maps one character to one and leaves none of the two that re.I folds to "i"/"s" but lower() keeps.
_SEPARATOR_CANDIDATES = re.compile(r"[|•·»›/]")
_COPYRIGHT_WORDS = ("©", "(c)", "copyright", "all rights reserved")
_FOLDED_BY_RE_ONLY = ("ı", "ſ")

TEXT_FEATURES = ("log_chars", "log_words", "link_density", "terminal", "sentences", "separators", "copyright",
                 "repeats_in_page", "title_overlap", "description_overlap", "is_prose")
CONTEXT_FEATURES = ("rel_index", "rel_offset", "depth", "depth_vs_best", "in_best", "parent_prose_share",
                    "grand_prose_share", "siblings_log", "siblings_prose", "window_prose", "page_log_blocks",
                    "page_prose_share", "after_h1", "prose_before", "prose_after")
NEIGHBOUR_FEATURES = ("prev_log_words", "prev_link", "prev_terminal", "next_log_words", "next_link",
                      "next_terminal", "prev_same_parent", "next_same_parent")
_LINK_DENSITY = TEXT_FEATURES.index("link_density")
_LOG_WORDS = TEXT_FEATURES.index("log_words")
_TERMINAL = TEXT_FEATURES.index("terminal")
FEATURE_NAMES = (
    TEXT_FEATURES + CONTEXT_FEATURES + NEIGHBOUR_FEATURES
    + tuple(f"tag_{t}" for t in _TAGS) + ("tag_other",)
    + tuple(f"in_{t}" for t in FLAG_TAGS)
    + tuple(f"kw_any_{g}" for g in GROUPS)
    + tuple(f"kw_near_{g}" for g in GROUPS)
    + tuple(f"signal_{name}" for name in SIGNAL_NAMES)  # the text mode's line signals, shared
)
_SIGNALS_AT = len(FEATURE_NAMES) - len(SIGNAL_NAMES)
_TEXT = attrgetter("text")
_ANCESTORS = attrgetter("ancestors")
_BLOCK_INTS = attrgetter("link_chars", "depth", "flags", "kw_any", "kw_near")  # read in one pass over the blocks


def _terminal(text: str) -> float:
    return 1.0 if text.rstrip(_CLOSERS)[-1:] in _TERMINALS else 0.0


def _separator_hits(joined: str) -> list[int]:
    """Positions in `joined` inside every stretch `_SEPARATOR` would match (joined by a non-space)."""
    hits = []
    last = len(joined) - 1
    for match in _SEPARATOR_CANDIDATES.finditer(joined):
        i = match.start()
        if joined[i] != "/" or (0 < i < last and joined[i - 1].isspace() and joined[i + 1].isspace()):
            hits.append(i)
    return hits


def _copyright_hits(joined: str) -> list[int]:
    """Positions of `_COPYRIGHT` matches in `joined` (all of them, or at least one per matching text)."""
    lowered = joined.lower()
    if len(lowered) != len(joined) or any(ch in lowered for ch in _FOLDED_BY_RE_ONLY):
        return [m.start() for m in _COPYRIGHT.finditer(joined)]
    hits = []
    for word in _COPYRIGHT_WORDS:
        i = lowered.find(word)
        while i >= 0:
            hits.append(i)
            i = lowered.find(word, i + 1)
    return hits


@dataclass(slots=True)
class BlockArrays:
    """Per-block arrays both classifier stages need, built once per page (not once per use).

    `parent_groups` / `grand_groups` number the distinct parents / grandparents, so a sum over
    the blocks sharing one is a single bincount (`group_total`) without sorting the keys again.
    """

    chars: np.ndarray  # float64 text lengths
    parents: np.ndarray  # block-level ancestor ids one, two and three levels up (-1 where none)
    grands: np.ndarray
    greats: np.ndarray
    parent_groups: np.ndarray
    grand_groups: np.ndarray
    flat: np.ndarray  # every block's ancestor ids, block after block
    owner: np.ndarray  # the block each entry of `flat` belongs to

    def within(self, element: int) -> np.ndarray:
        """1.0 for the blocks inside `element` (among their block-level ancestors), else 0.0."""
        inside = np.zeros(len(self.chars))
        inside[self.owner[self.flat == element]] = 1.0
        return inside


def block_arrays(blocks: list[Block]) -> BlockArrays:
    """The BlockArrays of a page's blocks: ancestor levels read from one flat array of all ancestor ids."""
    n = len(blocks)
    ancestors = list(map(_ANCESTORS, blocks))
    lengths = np.array(list(map(len, ancestors)), dtype=np.int64).reshape(n)
    total = int(lengths.sum())
    flat = np.array(list(chain.from_iterable(ancestors)), dtype=np.int64).reshape(total)
    ends = np.cumsum(lengths)

    def level(k: int) -> np.ndarray:
        if not total:
            return np.full(n, -1, dtype=np.int64)
        return np.where(lengths >= k, flat[np.maximum(ends - k, 0)], -1)

    parents, grands = level(2), level(3)
    chars = np.array(list(map(len, map(_TEXT, blocks))), dtype=np.float64).reshape(n)
    return BlockArrays(chars, parents, grands, level(4), np.unique(parents, return_inverse=True)[1],
                       np.unique(grands, return_inverse=True)[1], flat, np.repeat(np.arange(n), lengths))


def group_total(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each row, the sum of `values` over the rows of its group (an inverse index from np.unique)."""
    return np.bincount(groups, weights=values)[groups]


def trivial_blocks(features: np.ndarray) -> np.ndarray:
    """Short link-only blocks (menus, tag lists): never article text, so the classifier skips them."""
    return (features[:, _LINK_DENSITY] >= 0.8) & (features[:, _LOG_WORDS] <= np.log1p(8))



def page_features(page: PageBlocks, title: str | None = None, description: str | None = None,
                  arrays: BlockArrays | None = None) -> np.ndarray:
    """Feature matrix (blocks x FEATURE_NAMES) of one page (`arrays`: the page's BlockArrays, if already built)."""
    blocks = page.blocks
    n = len(blocks)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    if arrays is None:
        arrays = block_arrays(blocks)
    chars = arrays.chars
    # block text is whitespace-normalised (single spaces, stripped), so words are spaces plus one
    texts = list(map(_TEXT, blocks))
    words = np.array([text.count(" ") for text in texts], dtype=np.float64).reshape(n) + 1.0
    for i in np.flatnonzero(chars > _SPACE_POOR * words):  # length signals by characters, not spaces
        words[i] += len(_WIDE.findall(texts[i])) / _CHARS_PER_WIDE_WORD
    ints = np.array(list(map(_BLOCK_INTS, blocks)), dtype=np.int64).reshape(n, 5)
    link_density = ints[:, 0] / np.maximum(chars, 1.0)
    terminal = np.array(list(map(_terminal, texts)), dtype=np.float64).reshape(n)
    prose = ((words >= 8) & (terminal > 0) & (link_density < 0.35)).astype(np.float64)
    counts = Counter(texts)
    out[:, 0] = np.log1p(chars)
    out[:, 1] = np.log1p(words)
    out[:, 2] = link_density
    out[:, 3] = terminal
    out[:, 7] = [min(counts[text] - 1, 5) for text in texts]
    out[:, 10] = prose
    live = np.flatnonzero(~trivial_blocks(out))
    title_words = frozenset(w.lower() for w in title.split()) if title else frozenset()
    description_words = frozenset(w.lower() for w in description.split()) if description else frozenset()
    if len(live):
        live_texts = [blocks[i].text for i in live]
        out[live, 4] = np.minimum([t.count(". ") + t.count("。") for t in live_texts] + terminal[live], 20.0)
        # one regex pass over all live blocks, joined by a character no pattern matches
        joined = "\x00".join(live_texts)
        starts = np.cumsum([0] + [len(t) + 1 for t in live_texts[:-1]])
        for column, hits in ((5, _separator_hits(joined)), (6, _copyright_hits(joined))):
            if hits:
                out[live[np.unique(np.searchsorted(starts, hits, side="right") - 1)], column] = 1.0
        if title_words or description_words:
            # share of the reference's distinct words among the block's first 300 (no set of the block's words)
            n_title, n_description = max(len(title_words), 1), max(len(description_words), 1)
            overlaps = []
            for text in live_texts:
                head = text[:3000].lower().split()[:300]
                overlaps.append((len(title_words.intersection(head)) / n_title,
                                 len(description_words.intersection(head)) / n_description))
            out[live, 8:10] = overlaps
    nt = len(TEXT_FEATURES)
    text_stats = out[:, :nt]
    prose_chars = chars * prose
    total_prose = max(prose_chars.sum(), 1.0)

    # where the prose concentrates: each block's prose counts for its parent and (half) its grandparent
    parents, grands = arrays.parents, arrays.grands
    keys = np.concatenate([parents, grands])
    mass = np.concatenate([prose_chars, prose_chars / 2])
    real = (keys >= 0) & (mass > 0)
    if real.any():
        elements, inverse = np.unique(keys[real], return_inverse=True)
        best = int(elements[np.argmax(np.bincount(inverse, weights=mass[real]))])
    else:
        best = -1
    parent_prose = group_total(arrays.parent_groups, prose_chars)
    grand_prose = group_total(arrays.grand_groups, prose_chars)
    parent_count = group_total(arrays.parent_groups, np.ones(n))
    parent_prose_blocks = group_total(arrays.parent_groups, prose)
    in_best = arrays.within(best)
    depths = ints[:, 1].astype(np.float64)
    best_depth = depths[in_best.astype(bool) & (prose > 0)].mean() if (in_best * prose).any() else depths.mean()
    cum = np.cumsum(chars) - chars
    # prose share of the 7 blocks around each (0/1 values: the running sums are exact, as the mean was)
    running = np.concatenate([np.zeros(4), np.cumsum(prose), np.full(3, prose.sum())])
    window = (running[7:] - running[:-7]) / 7
    h1_index = next((i for i, b in enumerate(blocks) if b.tag == "h1"), -1)
    cum_prose = np.cumsum(prose_chars)
    c = nt
    ctx = np.column_stack([
        np.arange(n) / max(n - 1, 1), cum / max(chars.sum(), 1.0), depths, depths - best_depth, in_best,
        parent_prose / total_prose, grand_prose / total_prose, np.log1p(parent_count), parent_prose_blocks / parent_count,
        window, np.full(n, np.log1p(n)), np.full(n, prose_chars.sum() / max(chars.sum(), 1.0)),
        (np.arange(n) > h1_index).astype(float) if h1_index >= 0 else np.full(n, 0.5),
        (cum_prose - prose_chars) / total_prose, (cum_prose[-1] - cum_prose) / total_prose,
    ])
    out[:, c:c + len(CONTEXT_FEATURES)] = ctx
    c += len(CONTEXT_FEATURES)
    stats = text_stats[:, [_LOG_WORDS, _LINK_DENSITY, _TERMINAL]]  # of the previous and the next block
    out[1:, c:c + 3] = stats[:-1]
    out[0, c:c + 3] = (0, 1, 0)
    out[:-1, c + 3:c + 6] = stats[1:]
    out[-1, c + 3:c + 6] = (0, 1, 0)
    same_prev = np.zeros(n)
    same_next = np.zeros(n)
    same_prev[1:] = parents[1:] == parents[:-1]
    same_next[:-1] = parents[:-1] == parents[1:]
    out[:, c + 6] = same_prev
    out[:, c + 7] = same_next
    c += len(NEIGHBOUR_FEATURES)
    tag_idx = np.array([_TAG_INDEX.get(b.tag, len(_TAGS)) for b in blocks])
    out[np.arange(n), c + tag_idx] = 1.0
    c += len(_TAGS) + 1
    flags = ints[:, 2]
    out[:, c:c + len(FLAG_TAGS)] = (flags[:, None] >> np.arange(len(FLAG_TAGS))) & 1
    c += len(FLAG_TAGS)
    kw_any = ints[:, 3]
    out[:, c:c + len(GROUPS)] = (kw_any[:, None] >> np.arange(len(GROUPS))) & 1
    c += len(GROUPS)
    kw_near = ints[:, 4]
    out[:, c:c + len(GROUPS)] = (kw_near[:, None] >> np.arange(len(GROUPS))) & 1
    if len(live):
        # block text is already one line of single spaces (unless cut at MAX_BLOCK_CHARS, maybe after a space)
        out[live, _SIGNALS_AT:] = text_signals(live_texts, normalized=max(map(len, live_texts)) < MAX_BLOCK_CHARS)
    return out
