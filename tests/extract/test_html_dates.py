"""Published dates of HTML pages: the article's own, never a teaser's; the local date over a UTC shift."""
from __future__ import annotations

import newsmill
from tests.helpers import ARTICLE_PARAGRAPHS

BODY = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)


def page(head: str = "", header: str = "", sidebar: str = "") -> str:
    return (f"<html><head><title>Trams cross the river</title>{head}</head><body>{sidebar}<main><article>"
            f"<h1>Trams cross the river</h1>{header}{BODY}</article></main>{sidebar}</body></html>")


SIDEBAR = ('<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/older">Older story '
           '<time datetime="2022-02-16T08:00:00Z">16 February 2022</time></a></li></ul></aside>')
TEASERS = ('<div class="related-teasers"><div><h3>Before this</h3>'
           '<time datetime="2022-02-16">16.02.2022</time></div></div>')


def test_a_dated_sidebar_before_the_article_never_dates_it():
    html = page(header='<div class="byline">By A. Writer <time datetime="2021-05-03T10:00:00+02:00">3 May 2021'
                       '</time></div>', sidebar=SIDEBAR)
    assert newsmill.extract_html(html).published == "2021-05-03"


def test_teasers_alone_leave_the_page_undated_by_metadata():
    article = newsmill.extract_html(page(sidebar=TEASERS))
    assert article.published != "2022-02-16"


def test_the_time_marked_as_published_wins_over_an_earlier_one():
    html = page(header='<p class="x"><time datetime="2020-01-01">1 Jan</time></p>'
                       '<time itemprop="datePublished" datetime="2021-05-03">3 May 2021</time>')
    assert newsmill.extract_html(html).published == "2021-05-03"


def test_the_local_date_the_page_prints_beats_a_utc_timestamp_a_day_later():
    head = '<meta property="article:published_time" content="2021-05-04T02:30:00Z">'
    header = '<div class="article-meta"><time datetime="2021-05-04T02:30:00Z">May 3, 2021, 10:30 pm ET</time></div>'
    assert newsmill.extract_html(page(head, header)).published == "2021-05-03"


def test_a_timestamp_with_a_local_offset_beats_the_same_moment_in_utc():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-05-04T02:30:00Z"}'
            '</script><meta property="article:published_time" content="2021-05-03T22:30:00-04:00">')
    assert newsmill.extract_html(page(head)).published == "2021-05-03"


def test_a_utc_timestamp_stands_without_a_local_date_beside_it():
    head = '<meta property="article:published_time" content="2021-05-04T02:30:00Z">'
    assert newsmill.extract_html(page(head)).published == "2021-05-04"
