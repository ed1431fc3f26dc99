"""Bad HTML never crashes extraction: malformed, lying charsets, XML declarations, huge, deep, bodiless."""
from __future__ import annotations

import time

import pytest

import newsmill
from newsmill.extract.dom import BlockWalker
from newsmill.extract.html import MAX_NESTING, HtmlBlockExtractor, HtmlExtractor, nests_deeper_than
from newsmill.readers import Document, read_file
from newsmill.stage import StageError
from tests.helpers import ARTICLE_PARAGRAPHS, html_page, write_warc

PAGE = html_page("Council expands tram network", ARTICLE_PARAGRAPHS)


def _words(article) -> set[str]:
    return set(" ".join(article.body).split())


def test_plain_page_gives_its_paragraphs():
    article = newsmill.extract_html(PAGE)
    assert article.title == "Council expands tram network"
    assert article.body == ARTICLE_PARAGRAPHS
    assert article.input_format == "html"


def test_malformed_html_unclosed_and_stray_tags():
    broken = ("<html><head><title>x</title><body><div><p>" + ARTICLE_PARAGRAPHS[0] + "<p>" + ARTICLE_PARAGRAPHS[1]
              + "</span></div></td><p>" + ARTICLE_PARAGRAPHS[2] + "<div><b><i>unclosed")
    article = newsmill.extract_html(broken)
    assert ARTICLE_PARAGRAPHS[:2] == article.body[:2]
    assert ARTICLE_PARAGRAPHS[2] in article.body + [d.text for d in article.dropped]  # parsed, nothing lost


def test_lying_charset_declared_latin1_really_utf8(tmp_path):
    text = "Zürich's mayor said the café would reopen — “soon”, officials confirmed to reporters on Monday."
    page = html_page("Café in Zürich", [text] + ARTICLE_PARAGRAPHS, charset="ISO-8859-1")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    (doc,) = list(read_file(str(path), "page.html"))
    assert isinstance(doc, Document) and doc.kind == "html"
    article = HtmlExtractor()(doc)
    assert text in article.body
    assert "Ã" not in " ".join(article.body)


def test_xml_declaration_in_a_str():
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.replace("<!DOCTYPE html>", "")
    article = newsmill.extract_html(page)
    assert article.body == ARTICLE_PARAGRAPHS


def test_no_body_element():
    page = "<title>Only a fragment</title>" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    article = newsmill.extract_html(page)
    assert article.body == ARTICLE_PARAGRAPHS


def test_ten_thousand_deep_dom_is_bounded():
    page = "<html><body>" + "<div>" * 10_000 + " ".join(ARTICLE_PARAGRAPHS) + "</div>" * 10_000 + "</body></html>"
    start = time.perf_counter()
    article = HtmlExtractor()(Document(id="deep", source_path="deep.html", content=page, kind="html"))
    assert time.perf_counter() - start < 10
    assert "tram" in " ".join(article.body + [d.text for d in article.dropped])


def _extract_ten_megabytes(page: str):
    """`newsmill.extract_html` of a page over 10 MB, which must finish within 30 s."""
    assert len(page) > 10_000_000
    start = time.perf_counter()
    article = newsmill.extract_html(page)
    assert time.perf_counter() - start < 30
    return article


def test_ten_megabyte_page_is_bounded():
    """10 MB of inline data and reader comments after the article: read in bounded time, article found."""
    data = "<script>var state = " + "[" + ",".join(f'{{"id": {i}, "t": "item {i}"}}' for i in range(250_000)) + "];</script>"
    comments = "".join(f'<div class="comment"><p>Comment {i}: I think the trams are a fine idea.</p></div>'
                       for i in range(60_000))
    page = PAGE.replace("</article>", f"</article>{data}<section id='comments'>{comments}</section>")
    article = _extract_ten_megabytes(page)
    assert article.body == ARTICLE_PARAGRAPHS
    assert article.comments and all(c.startswith("Comment") for c in article.comments)


def test_ten_megabyte_site_menu_is_read_as_one_block():
    filler = "".join(f'<li><a href="/s/{i}">Story number {i} of the day</a></li>' for i in range(170_000))
    page = PAGE.replace("<article>", f"<nav><ul>{filler}</ul></nav><article>")
    article = _extract_ten_megabytes(page)
    assert article.body == ARTICLE_PARAGRAPHS
    assert [d.kind for d in article.dropped if d.text.startswith("Story number 0 ")] == ["navigation"]


def test_ten_megabyte_of_teasers_before_the_article_stops_at_the_budget():
    filler = "".join(f'<div class="teaser"><a href="/s/{i}">Story number {i} of the day</a></div>' for i in range(135_000))
    page = PAGE.replace("<article>", f"<div class='list'>{filler}</div><article>")
    assert len(page) > 10_000_000
    start = time.perf_counter()
    try:
        article = HtmlExtractor()(Document(id="big", source_path="big.html", content=page, kind="html"))
    except StageError as exc:  # hopeless within the budget is an acceptable, explained outcome
        assert str(exc)
    else:
        assert "truncated" in article.extra
    assert time.perf_counter() - start < 30


def test_node_budget_truncates_instead_of_hanging():
    page = "<html><body>" + "<p>word</p>" * 5000 + "</body></html>"
    walker = BlockWalker(max_nodes=1000)
    extractor = HtmlBlockExtractor(walker=walker)
    article = extractor.extract(page)
    assert "truncated" in article.extra


@pytest.mark.parametrize("page", ["", "   ", "<html><head><script>var a=1;</script></head><body></body></html>",
                                  "<html><body><!-- only a comment --></body></html>"])
def test_hopeless_page_raises_stage_error_with_reason(page):
    with pytest.raises(StageError, match="no visible text"):
        HtmlExtractor()(Document(id="x", source_path="x.html", content=page, kind="html"))


def test_warc_html_takes_the_html_path(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://example.org/2024/05/06/tram", PAGE.encode("utf-8"), "text/html; charset=utf-8")])
    (doc,) = list(read_file(str(path), "crawl.warc.gz"))
    assert doc.kind == "html"
    article = HtmlExtractor()(doc)
    assert article.body == ARTICLE_PARAGRAPHS
    assert article.published == "2024-05-06"


def test_two_hundred_thousand_deep_dom_is_refused_quickly():
    """lexbor's parse is quadratic in depth: a hostile page is quarantined before parsing, not parsed for minutes."""
    page = "<html><body>" + "<div>" * 200_000 + " ".join(ARTICLE_PARAGRAPHS) + "</div>" * 200_000 + "</body></html>"
    start = time.process_time()
    with pytest.raises(StageError, match="nests more than"):
        HtmlExtractor()(Document(id="deep", source_path="deep.html", content=page, kind="html"))
    assert time.process_time() - start < 5


def test_many_flat_tags_are_not_deep():
    """Twenty-five thousand unclosed <p> and <br> are siblings to the parser, so the page is read, not refused."""
    page = "<html><body>" + "<p>filler<br>" * 25_000 + "</body></html>"
    assert not nests_deeper_than(page, MAX_NESTING)
    article = HtmlExtractor()(Document(id="flat", source_path="flat.html", content=page, kind="html"))
    assert "filler" in " ".join(article.body + [d.text for d in article.dropped])
