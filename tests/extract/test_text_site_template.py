"""The site-template corpus stage: lines repeated across a site's different articles go, copies keep theirs."""
from __future__ import annotations

import json

from newsmill.article import Article, Dropped
from newsmill.extract.site_template import SiteTemplate
from newsmill.stage import CorpusContext
from newsmill.store.sqlite import Store

TEASER = "Ten things to know about the city budget"


def page(i: int, url: str, paragraphs: list[str]) -> Article:
    return Article(id=f"p{i}", source_path=f"p{i}", url=url, title=f"Headline number {i} about a local event",
                   body=paragraphs + [TEASER], dropped=[Dropped("Home", "navigation"), Dropped("Weather Sports", "other")])


def paragraph(i: int, k: int) -> str:
    return (f"Story {i} paragraph {k}: the council discussed item {i * 7 + k} at length on a long evening, "
            "and residents asked many questions about schools, roads, taxes, parks and the new library.")


def test_template_lines_leave_the_body_and_copies_keep_theirs():
    articles = [page(i, f"https://news.example.org/a{i}", [paragraph(i, 0), paragraph(i, 1)]) for i in range(4)]
    # Three copies of one article on another site, each with a short closing line of its own text.
    shared = [paragraph(9, 0), "The meeting ends at nine."]
    copies = [Article(id=f"c{i}", source_path="c", url=f"https://copies.example.com/{i}", body=list(shared))
              for i in range(3)]
    SiteTemplate().run(articles + copies, CorpusContext())
    for article in articles:
        assert TEASER not in article.body and len(article.body) == 2
        assert Dropped(TEASER, "template") in article.dropped
        assert Dropped("Weather Sports", "template") in article.dropped
        assert article.title is not None
    for copy in copies:
        assert copy.body == shared and not copy.dropped


def test_a_small_site_is_left_alone():
    articles = [page(i, f"https://tiny.example.net/{i}", [paragraph(i, 0)]) for i in range(2)]
    SiteTemplate().run(articles, CorpusContext())
    assert all(TEASER in a.body for a in articles)


def test_counts_carry_over_in_the_store_for_append(tmp_path):
    with Store(tmp_path / "n.sqlite") as store:
        first = [page(i, f"https://news.example.org/a{i}", [paragraph(i, 0)]) for i in range(2)]
        SiteTemplate().run(first, CorpusContext(store=store))
        assert all(TEASER in a.body for a in first)  # two articles: not enough yet
        second = [page(i, f"https://news.example.org/b{i}", [paragraph(i + 10, 0)]) for i in range(2)]
        SiteTemplate().run(second, CorpusContext(store=store))
        assert all(TEASER not in a.body for a in second)
        state = json.loads(store.get_state("template", "news.example.org"))
        assert state["articles"] == 4
