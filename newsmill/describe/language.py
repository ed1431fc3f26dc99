"""Language identification with py3langid (model shipped inside the package, offline)."""
from __future__ import annotations

import py3langid

_SAMPLE_CHARS = 600


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    code, _score = py3langid.classify(sample)
    return code
