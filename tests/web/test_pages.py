"""Every page and its JSON/CSV form, on the store newsmill builds from the seeds (the issue's acceptance)."""
from __future__ import annotations

import csv
import html as html_text
import io
import re
import sqlite3
from urllib.parse import quote

import pytest

from newsmill.store import STORE_FILENAME

COPY, CANONICAL = "001_98a7db490f32b566.txt", "000_01ee59e59d659b5a.txt"


def _db(store_dir):
    return sqlite3.connect(store_dir / STORE_FILENAME)


def _csv(response):
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_home_shows_the_four_stories_in_one_thread(client, store_dir):
    data = client.get("/?format=json").json()
    assert data["total_threads"] == 1 and len(data["threads"]) == 1
    thread = data["threads"][0]
    assert len(thread["stories"]) == 4 and thread["article_count"] == 5
    assert data["counts"]["articles"] == 5 and data["counts"]["copies"] == 1
    html = client.get("/").text
    for story in thread["stories"]:
        assert f'href="/stories/{story["story_id"]}"' in html
    assert html.count("<svg") == 1 and html.count("<circle") == 3  # three dated stories, one dot each
    undated = _db(store_dir).execute("SELECT COUNT(*) FROM articles WHERE published IS NULL").fetchone()[0]
    assert f"{undated} undated not drawn" in html
    rows = _csv(client.get("/?format=csv"))
    assert {r["story_id"] for r in rows} == {s["story_id"] for s in thread["stories"]}


def test_thread_page_lists_every_article_with_copies_folded(client, store_dir):
    thread_id = _db(store_dir).execute("SELECT thread_id FROM threads").fetchone()[0]
    html = client.get(f"/threads/{thread_id}").text
    assert html.count('<section class="story"') == 4
    assert f'href="/articles/{COPY}"' in html and "1 copy" in html and "contained" in html
    assert len(_csv(client.get(f"/threads/{thread_id}?format=csv"))) == 5
    assert client.get(f"/threads/{thread_id}?format=json").json()["story_count"] == 4


def test_story_page_has_timeline_articles_and_quotes_by_speaker(client, store_dir):
    story_id = _db(store_dir).execute("SELECT story_id FROM articles WHERE id = ?", (CANONICAL,)).fetchone()[0]
    response = client.get(f"/stories/{story_id}")
    assert response.status_code == 200
    html = response.text
    assert "<svg" in html and f'href="/articles/{CANONICAL}"' in html
    data = client.get(f"/stories/{story_id}?format=json").json()
    assert [a["id"] for a in data["articles"]] == [CANONICAL]
    assert [c["id"] for c in data["articles"][0]["copies"]] == [COPY]
    stored = _db(store_dir).execute("SELECT COUNT(*) FROM quotes WHERE article_id = ?", (CANONICAL,)).fetchone()[0]
    assert sum(len(g["quotes"]) for g in data["quotes"]) == stored  # the copy's repeated quotes left out
    assert {r["id"] for r in _csv(client.get(f"/stories/{story_id}?format=csv"))} == {CANONICAL, COPY}


def test_copy_article_links_its_canonical(client):
    html = client.get(f"/articles/{COPY}").text
    assert re.search(rf'<a rel="canonical" href="/articles/{CANONICAL}">', html)
    data = client.get(f"/articles/{COPY}?format=json").json()
    assert data["article"]["duplicate_of"] == CANONICAL and data["canonical"]["id"] == CANONICAL
    canonical = client.get(f"/articles/{CANONICAL}?format=json").json()
    assert [c["id"] for c in canonical["copies"]] == [COPY]


def test_article_page_shows_body_captions_quotes_and_the_audit(client, store_dir):
    db = _db(store_dir)
    html = client.get(f"/articles/{CANONICAL}").text
    first_paragraph = db.execute("SELECT text FROM paragraphs WHERE article_id = ? AND idx = 0",
                                 (CANONICAL,)).fetchone()[0]
    assert html_text.escape(first_paragraph[:40], quote=True) in html
    assert "Captions" in html and "Quotes" in html
    dropped = db.execute("SELECT kind, text FROM dropped WHERE article_id = ? ORDER BY idx", (CANONICAL,)).fetchall()
    audit = re.findall(r'<li class="dropped"><span class="tag">removed: ([\w-]+)</span> <del>(.*?)</del>', html)
    assert [(kind, html_text.unescape(text)) for kind, text in audit] == dropped
    data = client.get(f"/articles/{CANONICAL}?format=json").json()
    kept = [line["text"] for line in data["audit"] if line["part"] == "body"]
    assert kept == [t for (t,) in db.execute("SELECT text FROM paragraphs WHERE article_id = ? ORDER BY idx",
                                              (CANONICAL,))]


def test_speaker_page_lists_the_quotes_of_one_person(client, store_dir):
    db = _db(store_dir)
    name, count = db.execute(
        "SELECT q.speaker, COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.speaker IS NOT NULL AND a.duplicate_of IS NULL GROUP BY q.speaker ORDER BY 2 DESC").fetchone()
    data = client.get(f"/speakers/{quote(name)}?format=json").json()
    assert data["total"] == count and len(data["quotes"]) == count
    assert all(q["speaker"] == name for q in data["quotes"])
    days = [q["published"] for q in data["quotes"] if q["published"]]
    assert days == sorted(days)  # over time
    assert len(_csv(client.get(f"/speakers/{quote(name)}?format=csv"))) == count
    assert f'href="/speakers/{quote(name, safe="")}"' in client.get("/speakers").text


def test_sergei_lavrov_page(client, store_dir):
    """The run builds the speakers table, so "Lavrov" in seed 001 (never given his first name) is his too."""
    count, aliases = _db(store_dir).execute(
        "SELECT quote_count, aliases FROM speakers WHERE speaker = 'Sergei Lavrov'").fetchone()
    assert count >= 10 and "Lavrov" in aliases
    response = client.get("/speakers/Sergei%20Lavrov")
    assert response.status_code == 200 and response.text.count("<blockquote>") == count


def test_search_highlights_the_phrase(client):
    html = client.get("/search?q=%22prisoners+of+war%22").text
    marks = re.findall(r"<mark>(.*?)</mark>", html)
    assert marks and all(m.lower() == "prisoners of war" for m in marks)
    data = client.get("/search?q=%22prisoners+of+war%22&format=json").json()
    assert data["total"] == len(data["hits"]) + sum(len(h["folded_copies"]) for h in data["hits"]) >= 3
    rows = _csv(client.get("/search?q=%22prisoners+of+war%22&format=csv"))
    assert [r["id"] for r in rows] == [h["id"] for h in data["hits"]]


def test_duplicates_page_shows_what_differs(client, store_dir):
    db = _db(store_dir)
    for asked in (COPY, CANONICAL):
        data = client.get(f"/duplicates/{asked}?format=json").json()
        assert data["canonical"]["id"] == CANONICAL and [c["article"]["id"] for c in data["copies"]] == [COPY]
    diff = data["copies"][0]["diff"]
    copy_body = [t for (t,) in db.execute("SELECT text FROM paragraphs WHERE article_id = ? ORDER BY idx", (COPY,))]
    canon_body = [t for (t,) in db.execute("SELECT text FROM paragraphs WHERE article_id = ? ORDER BY idx",
                                            (CANONICAL,))]
    assert [d["text"] for d in diff if d["op"] != "removed"] == copy_body
    assert [d["text"] for d in diff if d["op"] != "added"] == canon_body
    assert len(_csv(client.get(f"/duplicates/{COPY}?format=csv"))) == 1
    assert "what differs" in client.get(f"/articles/{COPY}").text.lower()


@pytest.mark.parametrize("path", ["/threads/t-nope", "/stories/s-nope", "/articles/nope.txt", "/duplicates/nope",
                                  "/speakers/Nobody%20Here", "/no/such/page"])
def test_unknown_things_are_a_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "<main" in response.text and "Traceback" not in response.text
    assert client.get(path + "?format=json").status_code == 404
