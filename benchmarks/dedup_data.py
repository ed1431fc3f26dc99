"""Generated news-like documents with planted copies, for the dedup speed and memory runs.

Document i is a pure function of (i, seed), so a run of a million documents is a
generator: no text is held, and a document can be made again when it is needed.
About 1 in 4 documents is a copy of an earlier one: exact, near (a few words
changed), contained (paragraphs dropped) or syndicated (new headline, dateline,
footer). Documents come from 50 sites, each with its own header and footer lines.
"""
from __future__ import annotations

import random
from typing import Iterator

SITES = 50
PARAGRAPHS = (5, 9)
WORDS = (45, 65)           # words per paragraph: ~445 words per document
COPY_SHARE = 0.25

_SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "sor", "vel", "an", "dru", "pe", "qua", "zo", "ne", "ti", "ber",
              "mon", "sa", "gu", "fi", "ly", "cor", "wen", "da", "ho", "rin", "ul", "bre", "ski", "tor", "e"]
_COMMON = ("the of and to in a is that for on was with he it as at by said from his an be has have which "
           "were are but not they this had its after who been their also more one two year new first would "
           "people will government city police minister president country than when some about over").split()


def _vocabulary(size: int = 30_000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


VOCAB = _vocabulary()


def _sentence_words(rng: random.Random, count: int) -> list[str]:
    # Zipf-like: common words often, rare words from a large vocabulary
    return [rng.choice(_COMMON) if rng.random() < 0.45 else VOCAB[int(rng.paretovariate(1.1) * 40) % len(VOCAB)]
            if rng.random() < 0.5 else rng.choice(VOCAB) for _ in range(count)]


def _original(i: int, seed: int) -> tuple[str, list[str]]:
    rng = random.Random(f"{seed}:{i}")
    title = " ".join(_sentence_words(rng, rng.randint(6, 11))).capitalize()
    paragraphs = []
    for _ in range(rng.randint(*PARAGRAPHS)):
        words = _sentence_words(rng, rng.randint(*WORDS))
        paragraphs.append(" ".join(words).capitalize() + ".")
    return title, paragraphs


def _site_lines(site: int) -> tuple[list[str], list[str]]:
    rng = random.Random(f"site:{site}")
    name = " ".join(rng.choice(VOCAB) for _ in range(2)).title()
    header = [name, "Home | World | Business | Sport | Opinion", f"Subscribe to {name}"]
    footer = [f"© {name} Media. All rights reserved.", "About | Contact | Privacy | Terms",
              "Trending: " + " ".join(_sentence_words(rng, 9))]
    return header, footer


def make_document(i: int, seed: int = 1) -> dict:
    """Document i: {id, site, text, original} where original is the document number it copies (itself if none)."""
    rng = random.Random(f"{seed}:doc:{i}")
    site = rng.randrange(SITES)
    original, kind = i, "original"
    if i > 10 and rng.random() < COPY_SHARE:
        original = rng.randrange(max(0, i - 5000), i)  # copies appear near their original in a crawl
        original_rng = random.Random(f"{seed}:doc:{original}")
        if original_rng.random() < COPY_SHARE and original > 10:  # the original is itself a copy: use its source
            original = make_document(original, seed)["original"]
        kind = rng.choice(["exact", "near", "contained", "syndicated"])
    title, paragraphs = _original(original, seed)
    if kind == "near":
        paragraphs = [" ".join(w if rng.random() > 0.02 else rng.choice(VOCAB) for w in p.split())
                      for p in paragraphs]
    elif kind == "contained":
        keep = max(2, int(len(paragraphs) * rng.uniform(0.5, 0.9)))
        start = rng.randint(0, len(paragraphs) - keep)
        paragraphs = paragraphs[start:start + keep]
    elif kind == "syndicated":
        title = title.upper()
        paragraphs = [f"{rng.choice(VOCAB).upper()} (Wire) - " + paragraphs[0], *paragraphs[1:],
                      "Distributed by a syndication partner."]
    header, footer = _site_lines(site)
    text = "\n".join([*header, "", title, "", *paragraphs, "", *footer])
    return {"id": f"g{i}", "site": f"site{site}.example", "text": text, "original": original}


def documents(count: int, seed: int = 1) -> Iterator[dict]:
    for i in range(count):
        yield make_document(i, seed)
