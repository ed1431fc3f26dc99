"""Page metadata: JSON-LD, meta tags, <time>, URL dates; and the dev pages' own metadata."""
from __future__ import annotations

import gzip
import json

from selectolax.lexbor import LexborHTMLParser

from newsmill.describe.dates import iso_day, url_date
from newsmill.extract.html_meta import page_meta


def meta_of(html: str, url: str | None = None):
    return page_meta(LexborHTMLParser(html), url)


def test_json_ld_graph_wins_over_meta_tags():
    html = """<html lang="de"><head><meta property="article:published_time" content="2020-01-02">
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Tagesblatt"},
    {"@type": ["NewsArticle"], "datePublished": "2020-01-01T23:00:00+01:00",
     "author": {"@type": "Person", "name": "Jana Berg"}, "publisher": {"name": "Tagesblatt GmbH"}}]}</script>
    </head><body><p>x</p></body></html>"""
    meta = meta_of(html)
    assert meta.published == "2020-01-01" and meta.published_source == "json-ld"
    assert meta.authors == ["Jana Berg"]
    assert meta.site_name == "Tagesblatt"
    assert meta.language == "de"


def test_fallbacks_meta_then_time_then_url():
    assert meta_of('<meta name="pubdate" content="2019-07-08T10:00">').published == "2019-07-08"
    assert meta_of('<body><time datetime="2018-03-04">4 March</time></body>').published == "2018-03-04"
    assert meta_of("<p>x</p>", url="https://e.example/news/2017/12/31/story.html").published == "2017-12-31"
    assert meta_of("<p>x</p>", url="https://e.example/news/story").published is None


def test_broken_json_ld_and_bad_dates_are_ignored():
    html = """<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>
    <meta property="article:published_time" content="2019-02-30"><meta name="author" content="https://x.example/a">"""
    meta = meta_of(html)
    assert meta.published is None and meta.authors == []
    assert iso_day("1850-01-01") is None and iso_day(42) is None
    assert url_date("https://e.example/20210315/x") == "2021-03-15"
    assert url_date("http://www.theguardian.com/world/2013/sep/16/climber-dies") == "2013-09-16"
    assert url_date("http://www.utsandiego.com/news/2009/Feb/04/williams-dui/") == "2009-02-04"
    assert url_date("https://e.example/2013/mayor/16/x") is None


def test_dev_pages_metadata(shared):
    data = shared / "bench" / "extraction" / "scrapinghub"
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    found = {"published": 0, "site": 0, "canonical": 0, "language": 0}
    for key in sorted(gold):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        meta = meta_of(html, gold[key]["url"])
        found["published"] += bool(meta.published)
        found["site"] += bool(meta.site_name)
        found["canonical"] += bool(meta.canonical_url)
        found["language"] += bool(meta.language)
        day = url_date(gold[key]["url"])
        if day and meta.published_source in ("json-ld", "meta"):
            # a page's own date and its URL's date are at most a day or two apart (time zones, late edits)
            from datetime import date
            assert abs((date.fromisoformat(meta.published) - date.fromisoformat(day)).days) <= 31, key
    assert found["published"] >= 140 and found["site"] >= 120 and found["canonical"] >= 150
