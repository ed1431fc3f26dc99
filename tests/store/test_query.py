"""Filters shared by search and export, on a real store."""
import pytest

from newsmill.article import Article
from newsmill.store import Store
from newsmill.store.query import ArticleFilter, iter_filtered


@pytest.fixture
def store(tmp_path):
    rows = [Article(id="a", source_path="a", url="https://www.bbc.co.uk/news/1", published="2021-03-04", language="en",
                    body=["Trams approved."]),
            Article(id="b", source_path="b", url="https://news.bbc.co.uk/2", published="2021-05-01T10:00",
                    language="en", duplicate_of="a", body=["Trams approved."]),
            Article(id="c", source_path="c", url="https://lemonde.fr/3", source_name="Le Monde", language="fr",
                    body=["Tramways approuvés."]),
            Article(id="d", source_path="d", url="https://notbbc.co.uk/4", published="2020-01-01", language="en",
                    body=["Buses."])]
    with Store.in_dir(tmp_path) as s:
        s.put_articles(rows)
        yield s


def ids(store, **kwargs):
    return [a.id for a in iter_filtered(store.db, ArticleFilter(**kwargs))]


def test_each_filter(store):
    assert ids(store) == ["a", "b", "c", "d"]
    assert ids(store, since="2021-01-01") == ["a", "b"]
    assert ids(store, until="2021-05-01") == ["a", "b", "d"]
    assert ids(store, languages=("fr",)) == ["c"]
    assert ids(store, source="bbc.co.uk") == ["a", "b"] and ids(store, source="www.bbc.co.uk") == ["a", "b"]
    assert ids(store, source="le monde") == ["c"]
    assert ids(store, canonical_only=True, source="bbc.co.uk") == ["a"]


def test_bad_filters_are_refused():
    with pytest.raises(ValueError, match="not a date"):
        ArticleFilter(since="yesterday")
    with pytest.raises(ValueError, match="after"):
        ArticleFilter(since="2021-02-01", until="2021-01-01")


def test_search_applies_filters_and_marks(store):
    hits = store.search("trams", filters=ArticleFilter(canonical_only=True), marks=("»", "«"))
    assert [h.id for h in hits] == ["a"] and "»Trams«" in hits[0].snippet
