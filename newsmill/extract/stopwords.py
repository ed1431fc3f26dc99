"""Small stop-word lists per language, so "how much of a line is function words" works beyond English.

Stop words are the surest sign of running prose. Space-separated languages get word lists; Korean
gets its particles (attached to word ends), Japanese and Chinese get character classes (kana and
function characters), since they do not separate words with spaces.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import repeat

import numpy as np

_LISTS = {
    "en": """a about after all also an and any are as at be because been but by can could did do does for
        from had has have he her his how i if in into is it its just more most my no not of on one or our
        out over said she so some than that the their them then there these they this to up was we were
        what when where which who will with would you your while we've it's i'm don't""",
    "es": """a al algo como con de del el ella en entre es esta este fue ha han hay la las le les lo los más
        mas me mi muy no nos o para pero por que qué se ser si sin sobre su sus también un una uno y ya
        fueron está son""",
    "fr": """à au aux avec ce ces cette dans de des du elle en est et été il ils je la le les leur lui mais
        ne nous on ou où par pas plus pour qu que qui sa se ses son sont sur un une vous y été était""",
    "de": """aber als am an auch auf aus bei das dass dem den der des die durch ein eine einem einen einer
        es für hat ich ihr im in ist ja mit nach nicht noch nur oder sich sie sind so über um und von vor
        war wie wir wird zu zum zur""",
    "it": """a al alla anche che chi con da dal dei del della di e è gli ha i il in la le lo ma nel non per
        più si sono su tra un una uno""",
    "pt": """a ao as com como da das de do dos e é ela ele em entre foi mais mas na nas no nos não o os ou
        para pela pelo por que se sem seu sua são também um uma""",
    "nl": """aan als bij dat de den der des die dit door een en er het hij in is je met naar niet nog of om
        ook op over te tot uit van voor was wat ze zijn""",
    "ru": """а без более бы был была были было в вы да для до его ее её если есть же за и из или им их к как
        когда который которые ли на над не него нет но о об однако он она они от по при с со так также
        то только уже что чтобы это этот я""",
    "tr": """ama bir bu da de daha gibi için ile ise kadar ki o olan olarak ve veya ya çok şu""",
    "pl": """a aby ale bez być czy dla do i jak jest jego już na nie o od po przez się to w z za że""",
}
# Korean particles and endings that close a word (은/는/이/가…), and Japanese/Chinese function characters.
KOREAN_ENDINGS = frozenset("은는이가을를의에도로와과다며고서만")
CHINESE_FUNCTION = frozenset("的了是在和有也就不这我他们个上中")

LANGUAGES = tuple(_LISTS)


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    """The stop words of `language` (ISO 639-1), empty for languages without a list."""
    return frozenset(_LISTS.get(language, "").split())


@lru_cache(maxsize=1)
def language_masks() -> dict[str, int]:
    """Word → bit mask of the languages (bit i = LANGUAGES[i]) whose list holds it."""
    masks: dict[str, int] = {}
    for bit, language in enumerate(LANGUAGES):
        for word in stopwords(language):
            masks[word] = masks.get(word, 0) | (1 << bit)
    return masks


def language_hits(masks: np.ndarray) -> np.ndarray:
    """For each of LANGUAGES, how many tokens are its stop words, from the tokens' `language_masks` bits."""
    return ((masks[masks > 0][:, None] >> np.arange(len(LANGUAGES))) & 1).sum(axis=0)


# Token codes: every stop word is at most 7 characters from a small alphabet, so a token's first 8
# characters, one byte each, make an exact 64-bit key (tokens longer than 7 get key 0, matching none).
_KEY_CHARS = 8
_OTHER_CHAR = 254  # a character no stop word holds (never 0, so "ab€" cannot look like "ab")
SEPARATOR = 255  # space or newline: what separates the tokens of normalized lines
OTHER_SPACE = 253  # any other whitespace (tabs, NBSP, ...): the page is not normalized


@lru_cache(maxsize=1)
def char_codes() -> np.ndarray:
    """uint8 code of each Basic Multilingual Plane character for the stop-word keys (read-only): the
    alphabet index (1..) of its lower-case form, SEPARATOR, OTHER_SPACE or _OTHER_CHAR. Beyond the plane
    (0xFFFF stands for it) nothing is a stop-word letter or a space."""
    alphabet = {c: k + 1 for k, c in enumerate(sorted(set("".join(language_masks()))))}
    assert len(alphabet) < OTHER_SPACE
    chars = list(map(chr, range(0x10000)))  # C-level maps over the plane: milliseconds, not a Python loop
    table = np.fromiter(map(alphabet.get, map(str.lower, chars), repeat(_OTHER_CHAR)), dtype=np.uint8, count=0x10000)
    table[np.fromiter(map(str.isspace, chars), dtype=bool, count=0x10000)] = OTHER_SPACE
    table[[ord(" "), ord("\n")]] = SEPARATOR
    table.flags.writeable = False
    return table


def _key(codes: np.ndarray) -> int:
    """The key of a token given its characters' codes (at most _KEY_CHARS - 1 of them)."""
    window = np.zeros(_KEY_CHARS, dtype=np.uint8)
    window[:len(codes)] = codes
    return int(window.view(np.uint64)[0])


class _KeyTable:
    """The stop words' keys in a collision-free hash table: a key's slot is the top 16 bits of key x a
    multiplier (found once, when built); each slot holds the index of its word (0: none)."""

    BITS = 16

    def __init__(self) -> None:
        codes = char_codes()
        words = {_key(codes[[ord(c) for c in word]]): mask for word, mask in language_masks().items()}
        # Index 0 stands for "no word": a key no token has (a token's bytes are never all SEPARATOR).
        self.keys = np.array([np.iinfo(np.uint64).max, *words], dtype=np.uint64)
        self.masks = np.array([0, *words.values()], dtype=np.int64)
        self.shift = np.uint64(64 - self.BITS)
        rng = np.random.default_rng(0)
        while True:  # a few tries: 375 keys in 65,536 slots
            self.multiplier = np.uint64(int(rng.integers(1, 2**63)) * 2 + 1)
            slots = self.slots(self.keys[1:])
            if len(np.unique(slots)) == len(slots):
                break
        self.index = np.zeros(1 << self.BITS, dtype=np.uint16)
        self.index[slots] = np.arange(1, len(self.keys))
        # Keeps the first L bytes of a key (L = 0..8); 8 or more characters: key 0 (no stop word is that long).
        self.low = np.array([_key(np.full(k, 255, dtype=np.uint8)) for k in range(_KEY_CHARS)] + [0], dtype=np.uint64)
        for array in (self.keys, self.masks, self.index, self.low):
            array.flags.writeable = False

    def slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * self.multiplier) >> self.shift).view(np.int64)  # under 2**16: the same bits

    def masks_of(self, keys: np.ndarray) -> np.ndarray:
        at = self.index.take(self.slots(keys)).astype(np.intp)  # take on intp indexes: the fast gather
        return np.where(self.keys.take(at) == keys, self.masks.take(at), 0)


@lru_cache(maxsize=1)
def _key_table() -> _KeyTable:
    return _KeyTable()  # read-only once built


def stopword_masks(codes: np.ndarray) -> "tuple[np.ndarray, np.ndarray, np.ndarray] | None":
    """(`language_masks` of each token, token starts, token ends) of a text given as `char_codes` of its
    characters, for a text of tokens separated by single spaces or newlines (normalized non-empty lines);
    None for any other text. The same masks as looking up each token of `text.lower().split()`, without
    making a string per token (for a text whose lower-casing keeps its length)."""
    n = len(codes)
    separators = np.flatnonzero(codes == SEPARATOR)
    bounds = np.empty(len(separators) + 2, dtype=np.intp)  # -1, the separators, n
    bounds[0], bounds[1:-1], bounds[-1] = -1, separators, n
    lengths = bounds[1:] - bounds[:-1] - 1
    if not n or np.minimum.reduce(lengths) < 1 or (codes == OTHER_SPACE).any():
        return None
    starts, ends = bounds[:-1] + 1, bounds[1:]
    # The 8 bytes from each offset as one unaligned uint64 (a view, no copy): one gather per token.
    padded = np.concatenate((codes, np.zeros(_KEY_CHARS, dtype=np.uint8)))
    windows = np.ndarray((n,), dtype=np.uint64, buffer=padded, strides=(1,))
    table = _key_table()
    keys = windows.take(starts) & table.low.take(np.minimum(lengths, _KEY_CHARS))
    return table.masks_of(keys), starts, ends
