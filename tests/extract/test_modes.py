"""A forced mode that does not fit the document is overruled with one warning; an empty body is flagged."""
from __future__ import annotations

import warnings

import pytest

from newsmill.extract import AutoExtractor, looks_like_html
from newsmill.readers.document import Document
from tests.helpers import ARTICLE_PARAGRAPHS

HTML = ("<!DOCTYPE html><html><head><title>Trams cross the river</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Trams cross the river</h1>" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
        + "</article></body></html>")
TEXT = "Trams cross the river\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS)


def doc(content: str, kind: str, name: str = "a") -> Document:
    return Document(id=name, source_path=name, content=content, kind=kind)


def test_text_mode_on_html_warns_once_and_reads_the_dom():
    extractor = AutoExtractor("text")
    with pytest.warns(UserWarning, match="--mode text given, but a is HTML"):
        article = extractor(doc(HTML, "text"))
    assert article.body == ARTICLE_PARAGRAPHS and not any("<p>" in p for p in article.body)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extractor(doc(HTML, "text", "b"))  # a second one: no second warning


def test_html_mode_on_plain_text_warns_and_reads_the_lines():
    extractor = AutoExtractor("html")
    with pytest.warns(UserWarning, match="is plain text"):
        article = extractor(doc(TEXT, "text"))
    assert article.input_format == "text" and ARTICLE_PARAGRAPHS[1] in article.body


def test_auto_mode_reads_markup_a_jsonl_text_field_holds_as_html():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        article = AutoExtractor("auto")(doc(HTML, "text"))
    assert article.input_format == "html" and article.body == ARTICLE_PARAGRAPHS


def test_looks_like_html_needs_markup_not_one_angle_bracket():
    assert looks_like_html(HTML) and not looks_like_html(TEXT)
    assert not looks_like_html("The score was 3 < 4 and <b>bold</b> claims followed. " * 20)


def test_an_empty_body_is_flagged():
    article = AutoExtractor("auto")(doc("<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav>"
                                       "<p>Menu</p></body></html>", "html"))
    assert article.body == [] and article.extra["empty_body"] is True
    full = AutoExtractor("auto")(doc(HTML, "html"))
    assert "empty_body" not in full.extra


def test_the_run_summary_counts_empty_bodies(tmp_path):
    import newsmill
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "full.html").write_text(HTML, encoding="utf-8")
    (pages / "menu.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav><p>Menu</p>"
                                     "</body></html>", encoding="utf-8")
    summary = newsmill.run([str(pages)], str(tmp_path / "out"), workers=1)
    assert summary.articles == 2 and summary.empty_bodies == 1
    assert "1 article with an empty body" in summary.to_text()
