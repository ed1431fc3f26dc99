"""Text-mode extraction on real pages: the seeds' roles line by line, clean input, bad input, dev pages."""
from __future__ import annotations

import pytest

from newsmill.extract.text import TextExtractor, extract_text_article
from newsmill.readers.document import Document
from newsmill.stage import StageError


@pytest.fixture(scope="module")
def extractor() -> TextExtractor:
    return TextExtractor()


def test_empty_page_is_a_stage_error(extractor):
    with pytest.raises(StageError):
        extractor(Document(id="x", source_path="x", content=" \n\n \t\n"))


def test_clean_text_keeps_every_paragraph(extractor):
    paragraphs = [
        "The council voted on Tuesday to extend the tram line across the river to the new hospital.",
        "Work is due to start next spring and will take about two years, the city said in a statement.",
        "Residents along the route will be consulted before the final plans are approved.",
        "Opponents say the money would be better spent on buses, which can reach more neighbourhoods.",
    ]
    article = extractor.extract("\n\n".join(paragraphs))
    assert article.body == paragraphs and not article.dropped


def test_a_page_opening_with_the_article_keeps_its_lede(seeds_dir):
    article = extract_text_article((seeds_dir / "004_76cf9ad062647976.txt").read_text(encoding="utf-8"))
    assert article.body[0].startswith("MOSCOW —") and article.title is None
    assert article.comments[0].startswith("1. ") and article.comments[-1].startswith("2. ")
    assert not set(article.comments) & set(article.body)


def test_a_dateline_after_a_sentence_makes_it_the_standfirst(seeds_dir):
    article = extract_text_article((seeds_dir / "003_1f898c961dd7184c.txt").read_text(encoding="utf-8"))
    assert article.subtitle and article.subtitle.endswith("in region.")
    assert article.body[0].startswith("MOSCOW (AA)")
    assert [d.kind for d in article.dropped] == ["related-link", "cookie-banner"]


def test_captions_printed_twice_come_out_once(seeds_dir):
    article = extract_text_article((seeds_dir / "000_01ee59e59d659b5a.txt").read_text(encoding="utf-8"))
    assert len(article.captions) == 2 and len(set(article.captions)) == 2
    assert not set(article.captions) & set(article.body)
    assert [d.kind for d in article.dropped] == ["accessibility", "widget", "widget", "widget", "widget"]


def test_headline_printed_twice_above_standfirst_and_byline(extractor):
    menu = ["Home", "World", "Business", "Sport", "Up next:"]
    head = ["Council backs the tram line to the hospital", "Council backs the tram line to the hospital",
            "The vote ends a decade of debate over how to reach the new hospital site", "by", "Ann Lee",
            "Nov 18, 2019", "• 2 min read"]
    body = [
        "The council voted on Tuesday to extend the tram line across the river to the new hospital, officials said.",
        "Work is due to start next spring and will take about two years, the city said in a statement on its site.",
        "Residents along the route will be consulted before the final plans are approved by the transport board.",
        "Opponents say the money would be better spent on buses, which can reach more of the city's neighbourhoods.",
    ]
    footer = ["About us", "Contact", "© 2019 Example Media"]
    article = extractor.extract("\n".join(menu + head + body + footer))
    assert article.title == head[0] and article.subtitle == head[2]
    assert article.body == body and head[0] not in article.captions
