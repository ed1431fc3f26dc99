"""The cue and the speaker phrase next to a quote, read token by token from the words around it.

Patterns: speaker then verb after the quote ("…,” Lavrov said / the mayor told reporters), inverted ("…,”
said resident John Smith, 54 / сказал Иван Петров), speaker and verb before it ("Kremlin spokesman Dmitry
Peskov said the deal is “…”", "Lavrov said that “…”", "He said: “…”"), "according to X", and a closing
", it said." at the end of the quote's sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .vocab import (ABBREVIATIONS, ACCORDING, ALL_SPEECH_VERBS, BETWEEN, CUE_PARTICLES, DETERMINERS, PREPOSITIONS,
                    PRONOUNS, ROLE_WORDS, STOP_WORDS)

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'’]\w+)*|[^\w\s]")
_ABBREVIATED = ABBREVIATIONS
_INFIXES = frozenset("of de da del von van al bin der la le du".split())
_NAME_FRAME = frozenset("dubbed called named titled nicknamed entitled so-called known word term slogan".split())
_HEARER_VERBS = frozenset("told tell tells telling asked asks ask urged assured informed advised warned".split())
_DASHES = frozenset(",—–-―:")
_OPENING_PREPOSITIONS = frozenset("during in on at after before while when speaking asked as with from".split())
_SENTENCE_WORDS = frozenset("The A An In On At But And Or So Later Earlier Here There Then Now Still Also Meanwhile "
                            "However Yet Last Next This That These Those".split())


@dataclass(slots=True)
class Token:
    text: str
    start: int  # in the paragraph

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(slots=True)
class Attribution:
    """A speaker phrase and its cue as written, with where the phrase sits in the paragraph."""

    mention: list[str]
    mention_text: str
    cue: str
    at: int


def tokens(text: str, offset: int) -> list[Token]:
    return [Token(m.group(0), offset + m.start()) for m in _TOKEN.finditer(text)]


def _initial(text: str) -> bool:
    """"R" of "Ronald R. Fieldstone", "G.K" of "G.K. Butterfield"."""
    return text[:1].isupper() and (len(text) == 1 or (len(text) == 3 and text[1] == "."))


def _plain(token: Token) -> bool:
    low = token.lower
    return token.text.isalpha() and token.text[0].islower() and low not in ALL_SPEECH_VERBS \
        and low not in PREPOSITIONS and low not in STOP_WORDS


def _modifier(toks: list[Token], j: int) -> bool:
    """Plain lower-case words that lead, within three words, to a role word, a name or the speech verb."""
    for k in range(j, min(len(toks), j + 4)):
        if k > j and (toks[k].lower in ROLE_WORDS or _capital(toks[k].text) or _is_verb(toks[k])):
            return True
        if not _plain(toks[k]):
            return False
    return False


def _verb_like(word: str) -> bool:
    """"attacked", "tells": a verb after a name ends the phrase; "press", "police" do not."""
    return word.endswith(("ed", "s")) and not word.endswith(("ss", "us", "is"))


def _is_verb(token: Token) -> bool:
    """A speech verb as written mid-sentence: "said", not the "State" of "Secretary of State"."""
    return token.text[0].islower() and token.lower in ALL_SPEECH_VERBS


def _capital(text: str) -> bool:
    return text[0].isupper() and text not in ("I", "Q") and not text.startswith("QQ")


def _np_forward(toks: list[Token], i: int, limit: int = 9) -> int:
    """End (exclusive) of the speaker phrase starting at i; i when none starts there."""
    if i < len(toks) and toks[i].lower in PRONOUNS and not (
            toks[i].lower in DETERMINERS and i + 1 < len(toks) and _capital(toks[i + 1].text)
            or i + 1 < len(toks) and toks[i + 1].lower in ROLE_WORDS):  # Italian "il premier", not French "il"
        return i + 1
    j = i
    while j < len(toks) and j - i < limit:
        tok = toks[j]
        low = tok.lower
        if tok.text == "." and j > i and (toks[j - 1].text in _ABBREVIATED or _initial(toks[j - 1].text)):
            j += 1
            continue
        if tok.text == "(" and j > i:  # "Rep. Gwen Moore (D-Wis.)"
            close = next((c for c in range(j + 1, min(len(toks), j + 8)) if toks[c].text == ")"), None)
            if close is not None:
                j, limit = close + 1, limit + close + 1 - j
                continue
        if not tok.text[0].isalnum() or low in STOP_WORDS or (j > i and _is_verb(tok)):
            break
        nxt = toks[j + 1].text if j + 1 < len(toks) else ""
        if _capital(tok.text) or low in DETERMINERS or low in ROLE_WORDS or \
                (low in _INFIXES and j > i and nxt[:1].isupper()):
            j += 1
        elif _modifier(toks, j) and not (j > i and _capital(toks[j - 1].text) and _verb_like(low)):
            j += 1  # words before a role or a name: "the visiting official", "political scientist Brigid Harrison"
        else:
            break
    return j


def _np_backward(toks: list[Token], end: int, limit: int = 9) -> int:
    """Start of the speaker phrase ending just before `end`; `end` when none ends there."""
    i = end - 1
    if i >= 0 and toks[i].lower in PRONOUNS:
        return i
    while i >= 0 and end - i <= limit:
        tok = toks[i]
        low = tok.lower
        if tok.text == "." and i > 0 and (toks[i - 1].text in _ABBREVIATED or _initial(toks[i - 1].text)):
            i -= 1
            continue
        if tok.text == ")" and i == end - 1:
            opened = next((c for c in range(i - 1, max(-1, i - 8), -1) if toks[c].text == "("), None)
            if opened is not None:
                i = opened - 1
                continue
        if not tok.text[0].isalnum() or low in STOP_WORDS or low in PRONOUNS:
            break
        if low in DETERMINERS:
            return i
        if _capital(tok.text) or low in ROLE_WORDS or (low in _INFIXES and i > 0 and _capital(toks[i - 1].text)):
            i -= 1
        else:
            break
    return i + 1


def _skip_between_back(toks: list[Token], i: int) -> int:
    """Index just after the subject: skips adverbs and auxiliaries, and an apposition in commas."""
    while i > 0 and _adverb(toks[i - 1]):
        i -= 1
    if i > 1 and toks[i - 1].text == ",":  # "Ayvazian, who was appointed …, also reiterated"
        for c in range(i - 2, max(-1, i - 25), -1):
            if toks[c].text == ",":
                if c > 0 and (_capital(toks[c - 1].text) or toks[c - 1].text == ")") and \
                        (toks[c + 1].lower in ("who", "which") or not any(_is_verb(t) for t in toks[c + 1: i - 1])):
                    return c
                break
    return i


def _adverb(token: Token) -> bool:
    """"also", "has", "famously", "initially": words between a speaker and the verb."""
    return token.lower in BETWEEN or (token.lower.endswith("ly") and token.text[0].islower() and len(token.text) > 4)


def _main_subject(toks: list[Token], v: int) -> tuple[int, int] | None:
    """The subject of the sentence a trailing participle or colon hangs on: "Trump attacked Clinton …, saying,
    “…”", "Here in Columbia, Sanders stepped up …, saying", "Clinton has since apologized for it: “…”"."""
    comma = next((c + 1 for c in range(v) if toks[c].text == ","), None)
    starts = [0] if toks and toks[0].lower not in _OPENING_PREPOSITIONS else []
    for first in starts + ([comma] if comma is not None else []):
        end = _np_forward(toks, first)
        if first < end < v and any(_capital(t.text) and t.text not in _SENTENCE_WORDS for t in toks[first:end]) \
                or (first < end < v and toks[first].lower in PRONOUNS):
            return first, end
    return None


def _cue_text(toks: list[Token], v: int) -> str:
    words = [toks[v].text]
    for tok in toks[v + 1: v + 4]:
        if tok.lower in CUE_PARTICLES or tok.lower == "reporters":
            words.append(tok.text)
        else:
            break
    return " ".join(words)


def _attribution(toks: list[Token], start: int, end: int, paragraph: str, cue: str) -> Attribution | None:
    if start >= end:
        return None
    words, depth = [], 0
    for tok in toks[start:end]:  # less "." and any "(D-Wis.)"
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and tok.text not in ".)":
            words.append(tok.text)
    while words and words[0].lower() in ("and", "but", "then", "so") or (words and words[0] in ("And", "But")):
        words = words[1:]
    if not words:
        return None
    text = paragraph[toks[start].start: toks[end - 1].start + len(toks[end - 1].text)]
    return Attribution(words, text, cue, toks[start].start)


def after_quote(toks: list[Token], paragraph: str) -> Attribution | None:
    """Speaker and verb right after the closing mark: "…,” Lavrov said" / "…,” said Lavrov"."""
    k = 0
    while k < len(toks) and k < 3 and toks[k].text in _DASHES:
        k += 1
    j = k
    while j < len(toks) and toks[j].lower in BETWEEN and j + 1 < len(toks) and _is_verb(toks[j + 1]):
        j += 1
    if j < len(toks) and _is_verb(toks[j]):  # inverted
        end = _np_forward(toks, j + 1)
        if end == j + 1 and j + 1 < len(toks) and toks[j + 1].lower in CUE_PARTICLES:
            end = _np_forward(toks, j + 2)
            return _attribution(toks, j + 2, end, paragraph, _cue_text(toks, j))
        return _attribution(toks, j + 1, end, paragraph, _cue_text(toks, j))
    end = _np_forward(toks, k)
    if end == k:
        return None
    if end >= len(toks) - 1 and k > 0 and toks[k - 1].text in "—―–-":  # "…” ― Pamela Padilla"
        return _attribution(toks, k, end, paragraph, toks[k - 1].text)
    v = _skip_between_forward(toks, end)
    if v < len(toks) and _is_verb(toks[v]):
        return _attribution(toks, k, end, paragraph, _cue_text(toks, v))
    return None


def _skip_between_forward(toks: list[Token], v: int) -> int:
    """Index of the verb after a subject: skips adverbs and an apposition in commas ("Quina Jones, 25, said")."""
    for _ in range(2):  # "Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said"
        if v >= len(toks) or toks[v].text != ",":
            break
        head = toks[v + 1].lower if v + 1 < len(toks) else ""
        if not (head in ("who", "which", "a", "an", "the", "of", "one") or head.isdigit() or head in ROLE_WORDS
                or (v + 1 < len(toks) and _capital(toks[v + 1].text))):
            break
        close = next((c for c in range(v + 1, min(len(toks), v + 30)) if toks[c].text == ","), None)
        if close is None:
            break
        v = close
    if v < len(toks) and toks[v].text == ",":
        v += 1
    while v < len(toks) and toks[v].lower in BETWEEN:
        v += 1
    return v


def before_quote(toks: list[Token], paragraph: str) -> Attribution | None:
    """Speaker and verb earlier in the quote's sentence: "Peskov said the deal is “…”", "Lavrov: “…”"."""
    if len(toks) >= 2 and toks[-1].text == ":" and not _is_verb(toks[-2]):
        start = _np_backward(toks, len(toks) - 1)
        if start < len(toks) - 1:
            return _attribution(toks, start, len(toks) - 1, paragraph, ":")
    for v in range(len(toks) - 1, -1, -1):
        low = toks[v].lower
        if v + 1 < len(toks) and (low, toks[v + 1].lower) in ACCORDING or (low,) in ACCORDING:
            first = v + (2 if (low,) not in ACCORDING else 1)
            return _attribution(toks, first, _np_forward(toks, first), paragraph, " ".join(
                t.text for t in toks[v:first]))
        if low not in ALL_SPEECH_VERBS or (v > 0 and toks[v - 1].lower in _NAME_FRAME):
            continue
        if v > 0 and toks[v - 1].lower in ("is", "was") and low in ("called", "named"):
            continue
        if low.endswith("ing") and v > 0 and toks[v - 1].text in (",", "by"):  # ", saying," / "continued by saying"
            found = _main_subject(toks, v)
            if found is not None:
                return _attribution(toks, found[0], found[1], paragraph, _cue_text(toks, v))
        subject_end = _skip_between_back(toks, v)
        start = _np_backward(toks, subject_end)
        if start < subject_end:
            return _attribution(toks, start, subject_end, paragraph, _cue_text(toks, v))
        if low not in _HEARER_VERBS:  # "said Lavrov: “…”"
            end = _np_forward(toks, v + 1)
            if end > v + 1:
                return _attribution(toks, v + 1, end, paragraph, _cue_text(toks, v))
        return None
    if toks and toks[-1].text == ":":  # "Clinton has since apologized for what happened: “…”"
        found = _main_subject(toks, len(toks) - 1)
        if found is not None:
            return _attribution(toks, found[0], found[1], paragraph, ":")
    return None


def sentence_end_cue(toks: list[Token], paragraph: str) -> Attribution | None:
    """A closing ", it said." or ", Peskov added." after the quote, at the end of its sentence."""
    for c in range(len(toks) - 2, -1, -1):
        if toks[c].text == ",":
            found = after_quote(toks[c + 1:], paragraph)
            if found is not None:
                return found
    return None


def framed_as_name(toks: list[Token]) -> bool:
    """The quote follows "dubbed", "called", "known as": a name or a title, not speech."""
    last = [t.lower for t in toks[-2:]]
    return bool(last) and (last[-1] in _NAME_FRAME or last == ["known", "as"]
                           or (len(last) > 1 and last[-1] == "the" and last[0] in _NAME_FRAME))
