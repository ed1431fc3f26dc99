"""Text mode on input that is already a clean article keeps the whole body."""
from __future__ import annotations

import json

import newsmill


def test_an_article_on_one_line_keeps_its_whole_body(shared):
    """JSONL dumps often hold a whole article on one line: neither dropped as furniture nor made a caption."""
    gold = json.loads((shared / "bench" / "extraction" / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
    short = []
    for key in sorted(gold)[::2]:
        line = " ".join(gold[key]["articleBody"].split())
        article = newsmill.extract_text(line)
        kept = " ".join(" ".join(article.body).split())
        if len(kept) < 0.9 * len(line):
            short.append(key)
    assert not short


def test_a_long_line_ending_with_a_photo_credit_stays_body():
    line = ("The council voted on Tuesday to expand the tram network across the river, officials said. " * 20
            + "(Image credit: City Post)")
    article = newsmill.extract_text(line)
    assert article.body == [line] and not article.captions
