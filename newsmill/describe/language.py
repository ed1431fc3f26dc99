"""Language identification with py3langid (model shipped inside the package, offline), as ISO 639-1."""
from __future__ import annotations

from itertools import repeat

import numpy as np
import py3langid

from ..extract.stopwords import LANGUAGES, language_hits, language_masks

# py3langid's cost grows with the sample; 300 characters of title and opening prose name the
# language as well as 600 did on the benchmark pages (identical on all 181) at half the cost.
_SAMPLE_CHARS = 300
_LETTERS_WITHIN = 600
# "too little text to tell": under 60 letters in the prefix (a headline alone is guessed wrong too often:
# `jv` for an English title), a character of a script written without spaces counting as three
_MIN_LETTERS = 60
_WIDE_FROM = "\u2e80"
# py3langid's codes that are not ISO 639-1: a variety maps to its language's 639-1 code where there is one;
# languages without one (and `zxx`, "no linguistic content") give None
_TO_639_1 = {"ary": "ar", "arz": "ar", "gug": "gn", "uzs": "uz", "wuu": "zh", "yue": "zh", "sdh": "ku", "fuv": "ff",
             "kik": "ki", "hbo": "he", "grc": "el"}


# A sample plainly in English is named without py3langid's n-gram model (a tenth of its cost in a run, where
# its 67 MB of tables are out of the cache at every page): ASCII letters, at least ENGLISH_MIN_WORDS words,
# ENGLISH_SHARE of them English stop words and ENGLISH_LEAD times as many as any other listed language's. On
# the 1,360 articles of the extraction benchmarks and the seeds (16 languages) it named 459 English; py3langid
# agreed on 458 and called the other (a US news page) Nigerian Pidgin; it named no article of another language.
ENGLISH_MIN_WORDS = 20
ENGLISH_SHARE = 0.15
ENGLISH_LEAD = 2
_TYPOGRAPHY = str.maketrans("", "", "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u00b7\u2022")   # quotes, dashes
_EDGE_PUNCTUATION = ".,;:!?\"'()[]|-"
_ENGLISH = LANGUAGES.index("en")


def plainly_english(sample: str) -> bool:
    """Whether the sample's words are plainly English by its stop words alone (see ENGLISH_SHARE)."""
    if not sample.translate(_TYPOGRAPHY).isascii():
        return False
    words = sample.lower().split()
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    masks = language_masks()
    stripped = [word.strip(_EDGE_PUNCTUATION) for word in words]
    hits = language_hits(np.fromiter(map(masks.get, stripped, repeat(0)), dtype=np.int64, count=len(stripped)))
    english = int(hits[_ENGLISH])
    hits[_ENGLISH] = 0
    return english >= ENGLISH_SHARE * len(words) and english >= ENGLISH_LEAD * int(hits.max())


def iso_639_1(code: str | None) -> str | None:
    """A py3langid code as ISO 639-1 (two letters), or None where the language has no such code."""
    if not code:
        return None
    if len(code) == 2:
        return code
    return _TO_639_1.get(code)


def enough_text(text: str) -> bool:
    head = text[:_LETTERS_WITHIN]
    letters = sum(map(str.isalpha, head))
    if letters >= _MIN_LETTERS:
        return True
    wide = sum(1 for ch in head if ch >= _WIDE_FROM and ch.isalpha())
    return letters + 2 * wide >= _MIN_LETTERS


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text or no 639-1 code."""
    if not enough_text(text):
        return None
    sample = text[:_SAMPLE_CHARS]
    if plainly_english(sample):
        return "en"
    code, _score = py3langid.classify(sample)
    return iso_639_1(code)
