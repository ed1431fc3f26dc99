"""The site-template corpus stage: lines repeated across a site's different articles go, copies keep theirs."""
from __future__ import annotations

import json

from newsmill.article import Article, Dropped
from newsmill.extract.site_template import SiteTemplate, TemplateState
from newsmill.steps import CorpusContext
from newsmill.store.sqlite import Store
from newsmill.engine.memory import run_step

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
    run_step(SiteTemplate(), articles + copies, CorpusContext())
    for article in articles:
        assert TEASER not in article.body and len(article.body) == 2
        assert Dropped(TEASER, "template") in article.dropped
        assert Dropped("Weather Sports", "template") in article.dropped
        assert article.title is not None
    for copy in copies:
        assert copy.body == shared and not copy.dropped


def test_a_small_site_is_left_alone():
    articles = [page(i, f"https://tiny.example.net/{i}", [paragraph(i, 0)]) for i in range(2)]
    run_step(SiteTemplate(), articles, CorpusContext())
    assert all(TEASER in a.body for a in articles)


def test_counts_carry_over_in_the_store_for_append(tmp_path):
    with Store(tmp_path / "n.sqlite") as store:
        first = [page(i, f"https://news.example.org/a{i}", [paragraph(i, 0)]) for i in range(2)]
        run_step(SiteTemplate(), first, CorpusContext(store=store))
        assert all(TEASER in a.body for a in first)  # two articles: not enough yet
        second = [page(i, f"https://news.example.org/b{i}", [paragraph(i + 10, 0)]) for i in range(2)]
        run_step(SiteTemplate(), second, CorpusContext(store=store))
        assert all(TEASER not in a.body for a in second)
        state = store.load_state(TemplateState)
        assert state.sites["news.example.org"].articles == 4


BOILER = "The council meets every Tuesday evening at the town hall, and residents are always welcome to attend."


def _dump(path, ids):
    """A JSONL dump of flattened pages from one site: each its own article, all with the site's boilerplate."""
    records = []
    for i in ids:
        text = "\n".join(["Home", "News", f"Headline number {i} about the vote on the new library",
                          paragraph(i, 0), BOILER, paragraph(i, 1), paragraph(i, 2), "Share", "© 2021 Example News"])
        records.append(json.dumps({"id": f"a{i}", "url": f"https://news.example.org/a{i}", "text": text}))
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_append_cleans_articles_stored_by_earlier_runs(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "corpus"

    def run(*args):
        proc = subprocess.run([sys.executable, "-m", "newsmill", "run", *map(str, args), "--out", str(out), "--quiet"],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        return {record["id"]: record for record in map(json.loads, lines)}

    first = run(_dump(tmp_path / "one.jsonl", [0, 1]))
    assert all(BOILER in article["body"] for article in first.values())  # two articles: not template yet
    second = run(_dump(tmp_path / "two.jsonl", [2, 3]), "--append")
    assert sorted(second) == ["a0", "a1", "a2", "a3"]
    for article in second.values():  # the earlier run's articles lose it too
        assert BOILER not in article["body"] and len(article["body"]) == 3
        assert {"text": BOILER, "kind": "template"} in article["dropped"]
