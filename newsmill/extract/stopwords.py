"""Small stop-word lists per language, so "how much of a line is function words" works beyond English.

Stop words are the surest sign of running prose. Space-separated languages get word lists; Korean
gets its particles (attached to word ends), Japanese and Chinese get character classes (kana and
function characters), since they do not separate words with spaces.
"""
from __future__ import annotations

from functools import lru_cache

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
