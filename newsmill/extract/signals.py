"""What a reader sees in a line or block of text, as numbers: the shared feature API for both extractors.

Stable API (the HTML extractor uses it for block text, the text extractor for lines):

- ``SIGNAL_NAMES``: the column names of the matrices below, in order.
- ``text_signals(texts, language=None) -> np.ndarray``: float32 array, shape ``(len(texts), len(SIGNAL_NAMES))``,
  one row per text (newlines inside a text are treated as spaces). ``language`` (ISO 639-1) picks the
  stop-word list; None guesses it from the texts themselves (``guess_language``).
- ``guess_language(texts) -> str | None``: a fast page-level guess (script, then stop-word hits) good
  enough to choose a stop-word list; not a language-ID (use ``newsmill.describe.language`` for that).
- ``furniture_kinds`` / ``furniture_kind`` (re-exported from ``furniture.py``): the drop kind a line looks like.

Columns: sizes (chars, words), punctuation (terminal, commas, quotes, ellipsis end), letter classes
(caps, digits, title-case words), the stop-word ratio in the page's language, the line's script
against the page's, a leading bullet/number, one 0/1 column per furniture kind, then words glued
across a case change ("HeadlineThe text") and a wire dateline opening the line.
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np

from ..describe.dateline import DATELINE
from .furniture import KINDS as FURNITURE_KINDS
from .furniture import furniture_kind, furniture_kinds
from .page_text import PageText
from .stopwords import CHINESE_FUNCTION, KOREAN_ENDINGS, LANGUAGES, char_codes, language_hits, language_masks, stopword_masks, stopwords

_BASE = (
    "log_chars", "log_words", "terminal", "comma_rate", "quote", "ellipsis_end", "caps_ratio", "digit_ratio",
    "titlecase_ratio", "stopword_ratio", "foreign_script", "bullet", "avg_word_len", "has_colon",
)
_EXTRA = ("glued_case", "dateline_start")  # appended last so earlier columns keep their places
SIGNAL_NAMES: tuple[str, ...] = _BASE + tuple(f"furniture_{kind}" for kind in FURNITURE_KINDS) + _EXTRA

# Scripts by code point range: 0 other/none, 1 Latin, 2 Cyrillic, 3 Greek, 4 Armenian/Georgian, 5 Hebrew/Arabic,
# 6 Hangul, 7 Kana, 8 Han, 9 Indic/Thai.
_SCRIPT_RANGES = (
    (0x41, 0x5B, 1), (0x61, 0x7B, 1), (0xC0, 0x250, 1), (0x370, 0x400, 3), (0x400, 0x530, 2),
    (0x530, 0x590, 4), (0x10A0, 0x1100, 4), (0x590, 0x700, 5), (0x900, 0xE80, 9), (0x1100, 0x1200, 6),
    (0x3130, 0x3190, 6), (0xAC00, 0xD7B0, 6), (0x3040, 0x3100, 7), (0x4E00, 0xA000, 8), (0x3400, 0x4DC0, 8),
)
_SCRIPT_LANGUAGE = {6: "ko", 7: "ja", 8: "zh"}
_TERMINALS = frozenset(".!?…。！？")
_CLOSERS = frozenset("\"'”’»)]」』")
_QUOTES = frozenset("\"“”«»„「『")
_BULLETS = frozenset("•·▪►-–—*›»")


def _script_table() -> np.ndarray:
    table = np.zeros(0x10000, dtype=np.int8)  # the Basic Multilingual Plane; 0xFFFF (no script) stands for beyond
    for low, high, script in _SCRIPT_RANGES:
        table[low:high] = script
    table.flags.writeable = False
    return table


_SCRIPT_OF = _script_table()  # read-only lookup table, built once


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _scripts(points: np.ndarray) -> np.ndarray:
    return _SCRIPT_OF.take(np.minimum(points, 0xFFFF, dtype=np.intp))


def page_script(points: np.ndarray) -> int:
    """The dominant script of a text's code points (0 when it has no letters)."""
    return _dominant_script(_scripts(points))


def _dominant_script(scripts: np.ndarray) -> int:
    total = np.count_nonzero(scripts)
    if total and np.count_nonzero(scripts == 7) <= 0.05 * total and 2 * np.count_nonzero(scripts == 1) > total:
        return 1  # the common case, without a full count of every script: Latin holds most letters
    counts = np.bincount(scripts, minlength=10)
    counts[0] = 0
    if counts[7] > 0.05 * counts.sum():  # Japanese mixes kana with Han; kana decides
        return 7
    return int(counts.argmax()) if counts.any() else 0


def guess_language(texts: Sequence[str]) -> str | None:
    """A quick page-level language guess for choosing stop words: script first, then stop-word hits."""
    text = "\n".join(texts)
    return _guess_language(text, page_script(_codepoints(text[:20000])))


def _guess_language(text: str, script: int, lowered_head: str | None = None) -> str | None:
    """`lowered_head` (text[:3000].lower(), optional) saves lower-casing it again."""
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script]
    masks = language_masks()
    head = text[:_HEAD].lower() if lowered_head is None else lowered_head
    tokens = head.split()
    return _language_of(np.fromiter(map(masks.get, tokens, repeat(0, len(tokens))), dtype=np.int64, count=len(tokens)))


def _language_of(masks: np.ndarray) -> str | None:
    """The language whose stop words the most tokens are (`language_masks` bits per token, 0 for none)."""
    hits = language_hits(masks)
    return LANGUAGES[int(hits.argmax())] if hits.any() else None


_HEAD = 3000  # characters the language guess reads


def _head_masks(lowered: str, masks: np.ndarray) -> np.ndarray:
    """The stop-word masks of the tokens of lowered[:_HEAD], from those of all of lowered's tokens.

    Needs single separators (one space or newline) and none leading: normalized, non-empty lines.
    The head's last token may be a word cut short: its own mask then.
    """
    if len(lowered) <= _HEAD:
        return masks
    head = lowered[:_HEAD]
    started = head.count(" ") + head.count("\n") + 1
    if head[-1] in " \n":
        return masks[:started - 1]
    if lowered[_HEAD] in " \n":
        return masks[:started]
    cut = head[max(head.rfind(" "), head.rfind("\n")) + 1:]
    return np.append(masks[:started - 1], language_masks().get(cut, 0))


def _head_of(lowered: str, masks: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """`_head_masks` from the tokens' offsets: the masks of the tokens starting in lowered[:_HEAD], the
    last one's cut to its part in the head."""
    if len(lowered) <= _HEAD:
        return masks
    started = int(np.searchsorted(starts, _HEAD))
    if started and ends[started - 1] > _HEAD:
        return np.append(masks[:started - 1], language_masks().get(lowered[starts[started - 1]:_HEAD], 0))
    return masks[:started]


def _stopword_counts(lines: list[str], language: str | None, words: np.ndarray, lowered: str) -> np.ndarray:
    """Stop words per line (for Japanese/Chinese: function characters, counted against characters)."""
    n = len(lines)
    if language == "ko":
        hits = [sum(1 for token in line.split() if token[-1] in KOREAN_ENDINGS) for line in lines]
        return np.asarray(hits, dtype=np.float32)
    if language in ("ja", "zh"):
        function = CHINESE_FUNCTION
        if language == "ja":  # hiragana carry the particles and endings
            return np.asarray([sum(1 for ch in line if "\u3041" <= ch <= "\u309f" or ch in function)
                               for line in lines], dtype=np.float32)
        return np.asarray([sum(1 for ch in line if ch in function) for line in lines], dtype=np.float32)
    words_list = stopwords(language or "en")
    tokens = lowered.split()
    if not tokens:
        return np.zeros(n, dtype=np.float32)
    is_stop = np.fromiter(map(words_list.__contains__, tokens), dtype=np.float32, count=len(tokens))
    owner = np.repeat(np.arange(n), words.astype(np.int64))
    return np.bincount(owner, weights=is_stop, minlength=n).astype(np.float32)


def _member_table(chars: "set[str] | frozenset[str]") -> np.ndarray:
    table = np.zeros(0x10000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


# Read-only membership tables over the Basic Multilingual Plane, built once.
_IS_TERMINAL, _IS_CLOSER = _member_table(_TERMINALS), _member_table(_CLOSERS)
_IS_QUOTE, _IS_BULLET = _member_table(_QUOTES), _member_table(_BULLETS)


def _class_bits() -> np.ndarray:
    """Bit k set for class k of each Basic Multilingual Plane character (0xFFFF, standing for beyond the
    plane, has none): upper (ASCII), lower (ASCII), digit (ASCII), letter (any script), comma, space,
    quote, colon."""
    points = np.arange(0x10000)
    classes = (((points >= 0x41) & (points <= 0x5A)), ((points >= 0x61) & (points <= 0x7A)),
               ((points >= 0x30) & (points <= 0x39)), _SCRIPT_OF > 0,
               (points == 0x2C) | (points == 0x3001) | (points == 0xFF0C), points == 0x20, _IS_QUOTE, points == 0x3A)
    table = np.zeros(0x10000, dtype=np.uint8)
    for bit, members in enumerate(classes):
        table[members] |= np.uint8(1 << bit)
    table[0xFFFF] = 0
    table.flags.writeable = False
    return table


_CLASS_BITS = _class_bits()  # read-only lookup table, built once
_CLASS_SHIFTS = np.arange(8, dtype=np.int32)[:, None]
_CLASS_VALUES = (1 << np.arange(8, dtype=np.uint8))[:, None]
_BACK, _FORWARD = np.arange(3)[:, None], np.arange(1, 4)[:, None]  # offsets from a line's last / before its first
for _constant in (_CLASS_SHIFTS, _CLASS_VALUES, _BACK, _FORWARD):
    _constant.flags.writeable = False  # read-only constants


def _member(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
    return table.take(np.minimum(codes, 0xFFFF, dtype=np.intp))


def text_signals(texts: Sequence[str], language: str | None = None, *, normalized: bool = False,
                 page: PageText | None = None) -> np.ndarray:
    """One row of SIGNAL_NAMES per text (see the module docstring).

    `normalized=True` promises every text is already one line with single spaces (saves a pass);
    `page` (a `PageText` of those normalized texts) shares the lower-cased page with later passes.
    """
    lines = list(texts) if normalized else [" ".join(text.split()) for text in texts]
    n = len(lines)
    out = np.zeros((n, len(SIGNAL_NAMES)), dtype=np.float32, order="F")  # columns written one by one
    if n == 0:
        return out
    if page is None:
        page = PageText(lines)
    joined = page.joined
    points, lengths, starts = page.points, page.lengths, page.offsets  # shared with later passes
    empty = lengths == 0
    if not len(points):
        return out

    # Per-character classes, summed per line with one reduceat (empty lines get 0 below).
    # Table index of each code point (beyond the plane: 0xFFFF, in no class), as intp: `take` with intp
    # indexes is several times faster than fancy indexing with uint32 ones.
    in_plane = page.plane_index
    scripts = _SCRIPT_OF.take(in_plane)
    script = _dominant_script(scripts)
    lowered = page.lowered
    token_masks = token_starts = None
    if (language is None and script not in _SCRIPT_LANGUAGE and len(lowered) == len(joined)
            and not empty.any()):  # the page's tokens looked up once, for the guess and the stop words
        found = stopword_masks(char_codes().take(in_plane))  # the tokens' masks from their characters' codes
        if found is not None:
            token_masks, token_starts, token_ends = found
            language = _language_of(_head_of(lowered, token_masks, token_starts, token_ends))
        else:  # separators other than single spaces and newlines (rare): a string per token
            tokens = lowered.split()
            token_masks = np.fromiter(map(language_masks().get, tokens, repeat(0, len(tokens))), dtype=np.int64,
                                      count=len(tokens))
            language = _language_of(_head_masks(lowered, token_masks))
    elif language is None:  # lower() may change lengths (rarely): then lower-case the head itself
        language = _guess_language(joined, script, lowered[:_HEAD] if len(lowered) == len(joined) else None)
    native = scripts == script
    if script in (7, 8):  # Japanese mixes kana and Han
        native |= (scripts == 7) | (scripts == 8)
    # One row per class, written in place: eight from one lookup of each character's class bits
    # (upper, lower, digit, letter, comma, space, quote, colon: row k holds bit k's value, 0 or 2**k), then
    # titled, native and glued (0 or 1), which depend on the page's script or on the next character.
    classes = _CLASS_BITS.take(in_plane)
    # A twelfth row, when the tokens' offsets are known: 1 where a stop word starts (counted per line too).
    table = np.empty((11 if token_starts is None else 12, len(points)), dtype=np.uint8)
    if token_starts is not None:
        stop_starts = table[11]
        stop_starts[:] = 0
        stop_starts[token_starts[(token_masks >> LANGUAGES.index(language or "en")) & 1 == 1]] = 1
    np.bitwise_and(classes, _CLASS_VALUES, out=table[:8])  # row k: bit k of every character
    upper, lower, space = table[0], table[1], table[5]
    titled = table[8]  # a capital letter opening a word
    titled[0] = upper[0]
    np.logical_and(upper[1:], space[:-1] | (points[:-1] == 0x0A), out=titled[1:])
    table[9] = native
    glued = table[10]  # "SteakhouseA party": a teaser's headline glued to its text
    glued[0] = 0
    np.logical_and(lower[:-1], upper[1:], out=glued[1:])
    any_empty = bool(empty.any())  # never in text mode: then the guards against empty lines are skipped
    safe_starts = np.minimum(starts, len(points) - 1) if any_empty else starts
    # Counts summed as integers (bytes into int32: twice as fast as summing bools in float32), then
    # float32: exact, as the float32 sums were, for lines under 2**24 characters.
    sums = np.add.reduceat(table, safe_starts, axis=1, dtype=np.int32)
    sums[:8] >>= _CLASS_SHIFTS  # counts of each class bit
    sums = sums.astype(np.float32)
    if any_empty:
        sums[:, empty] = 0
    n_upper, n_lower, n_digit, n_letters, n_comma, n_space, n_quote, n_colon, n_titled, n_native, n_glued = sums[:11]
    words = np.where(empty, 0, n_space + 1).astype(np.float32) if any_empty else n_space + 1
    chars = np.maximum(lengths, 1).astype(np.float32)
    cased = np.maximum(n_upper + n_lower, 1)
    foreign = ((n_letters > 0) & (n_native < 0.5 * n_letters)).astype(np.float32) if script else np.zeros(n, np.float32)

    padded = np.zeros(len(points) + 4, dtype=np.uint32)  # index i+1 = points[i]
    padded[1:-3] = points
    last = np.where(empty, 0, starts + lengths) if any_empty else starts + lengths  # padded index of each line's last character
    c1, c2, c3 = padded.take(np.maximum(last - _BACK, 0))  # each line's last three characters (0 before the page)
    terminal = _member(_IS_TERMINAL, c1) | (_member(_IS_CLOSER, c1) & _member(_IS_TERMINAL, c2))
    ellipsis = (c1 == 0x2026) | ((c1 == 0x2E) & (c2 == 0x2E) & (c3 == 0x2E) & (lengths >= 3))
    f1, f2, f3 = padded.take(starts + _FORWARD)  # each line's first three characters
    is_digit = lambda c: (c >= 0x30) & (c <= 0x39)  # noqa: E731
    number_mark = lambda c: (c == 0x2E) | (c == 0x29)  # noqa: E731
    bullet = (~empty) & (_member(_IS_BULLET, f1)
                         | (is_digit(f1) & (number_mark(f2) | (is_digit(f2) & number_mark(f3)))))
    quote, colon = n_quote > 0, n_colon > 0
    if token_starts is not None:
        stop = sums[11]
    elif token_masks is not None and len(token_masks):
        is_stop = (token_masks >> LANGUAGES.index(language or "en")) & 1
        stop = np.bincount(np.repeat(np.arange(n), words.astype(np.int64)), weights=is_stop,
                           minlength=n).astype(np.float32)
    else:
        stop = _stopword_counts(lines, language, words, lowered)
    cjk = language in ("ja", "zh")

    out[:, 0] = np.log1p(lengths)
    out[:, 1] = np.log1p(words)
    out[:, 2] = terminal
    per_word = np.maximum(words, 1)
    out[:, 3] = n_comma / per_word
    out[:, 4] = quote
    out[:, 5] = ellipsis
    out[:, 6] = n_upper / cased
    out[:, 7] = n_digit / chars
    out[:, 8] = n_titled / per_word
    out[:, 9] = stop / (chars if cjk else per_word)
    out[:, 10] = foreign
    out[:, 11] = bullet
    out[:, 12] = lengths / per_word / 10.0
    out[:, 13] = colon
    out[:, -2] = n_glued / per_word
    upper_start = upper.take(safe_starts) & (f2 >= 0x41) & (f2 <= 0x5A)  # f2: each line's second character
    for i in np.flatnonzero(upper_start & ~empty).tolist():
        line = lines[i]
        if ("-" in line or "–" in line or "—" in line) and DATELINE.match(line):  # it needs one of the dashes
            out[i, -1] = 1.0
    base = len(_BASE)
    for line, kind in furniture_kinds(lines, page=page).items():
        out[line, base + FURNITURE_KINDS.index(kind)] = 1.0
    return out


__all__ = ["SIGNAL_NAMES", "FURNITURE_KINDS", "text_signals", "guess_language", "page_script",
           "furniture_kind", "furniture_kinds"]
