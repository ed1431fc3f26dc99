"""Named things in the article: runs of capitalised words, counted, with a rough label."""
from __future__ import annotations

import re
from collections import Counter

from ..article import Entity

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*(?:\s+(?:of\s+)?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*)*")
_ORG_WORDS = re.compile(r"\b(Ministry|Group|Agency|Committee|Council|Union|Party|Office|Organization|Bank|Court|Army|Forces|Government|Commission)\b")
_PLACE_BEFORE = re.compile(r"\b(in|at|from|to|near)\s+$")
_STOP = {"The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "They", "We", "I", "This", "That",
         "However", "According", "After", "Also", "As", "If", "For", "Of", "To", "By", "With", "Meanwhile"}


def find_entities(paragraphs: list[str], limit: int = 50) -> list[Entity]:
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for paragraph in paragraphs:
        for match in _NAME.finditer(paragraph):
            words = match.group(0).split()
            while words and words[0] in _STOP:
                words.pop(0)
            if not words:
                continue
            name = " ".join(words)
            counts[name] += 1
            if name not in labels:
                if _ORG_WORDS.search(name):
                    labels[name] = "ORG"
                elif _PLACE_BEFORE.search(paragraph[: match.start()]):
                    labels[name] = "PLACE"
                elif len(words) >= 2:
                    labels[name] = "PERSON"
                else:
                    labels[name] = "OTHER"
    return [Entity(name, labels[name], count) for name, count in counts.most_common(limit)]
