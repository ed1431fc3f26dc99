"""Search: the safe FTS5 query, facets that filter, copies folded or shown, cursor pages, date ranges."""
from __future__ import annotations

import sqlite3

import pytest

from newsmill.store import STORE_FILENAME
from newsmill.web.search import decode_cursor, encode_cursor, fts_query


@pytest.mark.parametrize("text, expected", [
    ("Lavrov", '"Lavrov"'),
    ('"prisoners of war"', '"prisoners of war"'),
    ('flood"', '"flood"'),
    ('"', None),
    ("", None),
    ("<script>", '"script"'),
    ("peace* talks", '"peace"* "talks"'),
    ("Baku OR Yerevan", '"Baku" OR "Yerevan"'),
    ("OR Baku OR", '"Baku"'),
    ("Karabakh -Turkey", '("Karabakh") NOT ("Turkey")'),
    ("-Turkey", None),
    ("don't", '"don t"'),
])
def test_fts_query(text, expected):
    assert fts_query(text) == expected


def test_every_fts_query_parses(store_dir):
    db = sqlite3.connect(store_dir / STORE_FILENAME)
    for text in ['"a" "', "x OR", "a -b -c", "ü*", 'NEAR("x" "y")', "(a", "a:b", "^x", "1.5"]:
        query = fts_query(text)
        if query is not None:
            db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,)).fetchone()


def test_cursor_round_trip():
    assert decode_cursor(encode_cursor(-1.2345678901234567, 42)) == (-1.2345678901234567, 42)


def test_cursor_pages_cover_every_hit_once(client):
    everything = client.get("/search", params={"q": "Lavrov", "copies": "show", "format": "json"}).json()
    assert everything["total"] >= 3
    seen, cursor = [], None
    while True:
        params = {"q": "Lavrov", "copies": "show", "limit": 2, "format": "json", **({"cursor": cursor} if cursor else {})}
        page = client.get("/search", params=params).json()
        assert len(page["hits"]) <= 2
        seen += [h["id"] for h in page["hits"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [h["id"] for h in everything["hits"]]


def test_copies_fold_under_their_canonical_or_show(client):
    folded = client.get("/search", params={"q": "Lavrov", "format": "json"}).json()
    shown = client.get("/search", params={"q": "Lavrov", "copies": "show", "format": "json"}).json()
    assert shown["total"] == folded["total"] == len(shown["hits"])
    folded_ids = {c for h in folded["hits"] for c in h["folded_copies"]}
    assert folded_ids and folded_ids == {h["id"] for h in shown["hits"]} - {h["id"] for h in folded["hits"]}
    assert all(h["duplicate_of"] is None for h in folded["hits"])


@pytest.mark.parametrize("copies", ["show", "fold"])
def test_past_the_scope_totals_stay_exact_and_pages_go_on(client, monkeypatch, copies):
    """With more matches than SCOPE, facets count the best SCOPE; the total and the pages still cover all."""
    from newsmill.web import search

    full = client.get("/search", params={"q": "Karabakh", "copies": copies, "format": "json"}).json()
    monkeypatch.setattr(search, "SCOPE", 2)
    seen, cursor = [], None
    for _ in range(10):
        params = {"q": "Karabakh", "copies": copies, "limit": 1, "format": "json", **({"cursor": cursor} if cursor else {})}
        page = client.get("/search", params=params).json()
        assert page["total"] == full["total"] and page["facet_scope"] == 2
        assert sum(f["count"] for f in page["facets"]["language"]) <= 2
        seen += [h["id"] for h in page["hits"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [h["id"] for h in full["hits"]]


def test_a_facet_filters_and_the_url_carries_it(client):
    result = client.get("/search", params={"q": "Lavrov", "format": "json"}).json()
    month = result["facets"]["month"][0]
    narrowed = client.get("/search", params={"q": "Lavrov", "month": month["value"], "format": "json"}).json()
    assert narrowed["total"] == month["count"]
    assert all(h["published"].startswith(month["value"]) for h in narrowed["hits"])
    html = client.get("/search", params={"q": "Lavrov"}).text
    assert f'/search?q=Lavrov&amp;month={month["value"]}"' in html


def test_speaker_and_source_facets(client, store_dir):
    db = sqlite3.connect(store_dir / STORE_FILENAME)
    result = client.get("/search", params={"q": "Karabakh", "format": "json"}).json()
    speakers = {f["value"]: f["count"] for f in result["facets"]["speaker"]}
    expected = dict(db.execute(
        "SELECT q.speaker, COUNT(DISTINCT q.article_id) FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.speaker IS NOT NULL AND a.duplicate_of IS NULL GROUP BY q.speaker"))
    assert speakers == expected
    source = result["facets"]["source"][0]["value"]
    only = client.get("/search", params={"q": "Karabakh", "source": source, "format": "json"}).json()
    assert only["total"] >= 1 and {h["source_name"] for h in only["hits"]} == {source}
    name = next(iter(expected))
    quoted = client.get("/search", params={"q": "Karabakh", "speaker": name, "format": "json"}).json()
    assert len(quoted["hits"]) == expected[name]  # listed canonicals; the total also counts their copies


def test_date_range(client):
    result = client.get("/search", params={"q": "Lavrov", "from": "2021-01-01", "to": "2021-12-31",
                                           "format": "json"}).json()
    assert result["hits"] and all("2021-01-01" <= h["published"] <= "2021-12-31" for h in result["hits"])


def test_matches_per_month_fill_the_gaps_and_link_their_filter(client):
    result = client.get("/search", params={"q": "Lavrov", "format": "json"}).json()
    months = [m["value"] for m in result["months"]]
    assert months[0] == "2020-12" and months[-1] == "2021-05" and len(months) == 6  # Dec..May, empty ones too
    dated = [h for h in result["hits"] if h["published"]]
    assert sum(m["count"] for m in result["months"]) == len(dated)
    html = client.get("/search", params={"q": "Lavrov"}).text
    assert html.count('<rect x=') == 6 and 'href="/search?q=Lavrov&amp;month=2021-05"><rect' in html
