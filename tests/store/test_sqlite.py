"""The SQLite store: parts tables, replace-by-id, FTS5 search with phrases and snippets."""
import sqlite3

import pytest

from newsmill.article import Article, Dropped, Entity, Quote
from newsmill.store import Store, StoreError, open_store


def make(article_id, title, body, **kw):
    return Article(id=article_id, source_path=f"in/{article_id}", title=title, body=body, **kw)


@pytest.fixture
def store(tmp_path):
    with Store.in_dir(tmp_path) as s:
        s.put_articles([
            make("a", "Trams approved", ["The council approved the tram network.", "Eleven new stations."],
                 captions=["A tram in Lisbon"], dropped=[Dropped("Subscribe now", "newsletter")],
                 quotes=[Quote("We are ready", "Ana Costa", "Costa", "said", "direct", 0)],
                 entities=[Entity("Ana Costa", "PERSON", 2)], published="2021-03-04"),
            make("b", "Bus fares rise", ["Bus fares will rise by ten percent in the city."], duplicate_of=None),
            make("c", None, ["The council approved the tram network."], duplicate_of="a", dup_kind="contained",
                 dup_similarity=0.97),
        ])
        yield s


def test_parts_are_stored_in_their_tables(store):
    db = store.db
    assert db.execute("SELECT text FROM paragraphs WHERE article_id='a' ORDER BY idx").fetchall() == [
        ("The council approved the tram network.",), ("Eleven new stations.",)]
    assert db.execute("SELECT kind, text FROM dropped").fetchall() == [("newsletter", "Subscribe now")]
    assert db.execute("SELECT speaker, text FROM quotes").fetchall() == [("Ana Costa", "We are ready")]
    assert db.execute("SELECT canonical_id, kind FROM duplicates WHERE article_id='c'").fetchone() == ("a", "contained")
    assert store.duplicates_of("a") == [("c", "contained", 0.97)]


def test_put_replaces_by_id_and_keeps_order(store):
    store.put_articles([make("a", "Trams approved again", ["Only one paragraph now."])])
    assert store.count() == 3
    assert [a.id for a in store.iter_articles()] == ["a", "b", "c"]
    assert store.get_article("a").body == ["Only one paragraph now."]
    assert store.count("paragraphs", "WHERE article_id='a'") == 1
    assert [h.id for h in store.search("stations")] == []


def test_new_articles_take_the_places_given_and_replaced_ones_keep_theirs(store):
    store.put_articles([make("e", "Late", ["Written first, placed last."]), make("d", "Early", ["Placed before e."]),
                        make("b", "Bus fares rise again", ["Replaced where it was."])], places={"d": 10, "e": 11, "b": 99})
    assert [a.id for a in store.iter_articles()] == ["a", "b", "c", "d", "e"]
    assert {h.id for h in store.search("placed")} == {"d", "e"}
    store.put_articles([make("f", "Next", ["After every stored one."])])
    assert [a.id for a in store.iter_articles()][-1] == "f"


def test_an_annotated_article_reads_as_if_written_with_its_story(store):
    article = store.get_article("b")
    article.story_id, article.thread_id = "s-1", "t-1"
    store.annotate_articles([article], ['{"id": "b", "story_id": "s-1"}'])
    assert store.db.execute("SELECT story_id, thread_id, record_json FROM articles WHERE id = 'b'").fetchone() == (
        "s-1", "t-1", '{"id": "b", "story_id": "s-1"}')
    assert [h.id for h in store.search("fares")] == ["b"]


def test_round_trip_keeps_every_field(store):
    article = store.get_article("a")
    assert article.quotes[0].speaker == "Ana Costa" and article.entities[0].label == "PERSON"
    assert article.dropped == [Dropped("Subscribe now", "newsletter")]


def test_search_ranks_title_matches_and_supports_phrases(store):
    hits = store.search("tram")
    assert [h.id for h in hits][:1] == ["a"] and "[tram]" in hits[0].snippet.lower()  # stemmed: trams ~ tram
    assert {h.id for h in store.search('"tram network"')} == {"a", "c"}
    assert [h.id for h in store.search('"network tram"')] == []
    assert [h.id for h in store.search("Lisbon")] == ["a"]  # captions are searchable


def test_search_falls_back_when_query_is_not_fts_syntax(store):
    assert [h.id for h in store.search('fares "rise')] == ["b"]
    assert store.search("   ") == []


def test_clear_and_missing_store(store, tmp_path):
    store.clear()
    assert store.count() == 0 and store.search("tram") == []
    with pytest.raises(StoreError, match="no newsmill store"):
        open_store(tmp_path / "elsewhere")


def test_schema_is_versioned(store):
    meta = dict(store.db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["schema_version"] == "2" and meta["store_version"] == "2"
    assert isinstance(store.db, sqlite3.Connection)


def test_replacing_an_article_replaces_its_search_row(tmp_path):
    with Store.in_dir(tmp_path) as store:
        store.put_articles([make("a", "Trams", ["Trams return to the city"]), make("b", "Buses", ["Buses stay"])])
        store.put_articles([make("a", "Ferries", ["Ferries replace the trams plan"]),
                            make("a", "Ferries", ["Ferries only"])])
        assert [hit.id for hit in store.search("ferries")] == ["a"] and not store.search("return")
        assert [hit.id for hit in store.search("buses")] == ["b"]
        assert (store.count(), store.count("articles_fts"), store.count("paragraphs")) == (2, 2, 2)


def test_a_store_from_before_numbered_search_rows_still_replaces_them(tmp_path):
    with Store.in_dir(tmp_path) as store:
        store.db.execute("INSERT INTO articles_fts(id, title, body, captions) VALUES ('x', 'Old', 'old row', '')")
        store.db.execute("UPDATE meta SET value = '1' WHERE key = 'store_version'")
    with Store.in_dir(tmp_path) as store:
        assert not store.fts_by_seq
        store.put_articles([make("a", "Trams", ["Trams return"]), make("b", "Buses", ["Buses stay"])])
        store.put_articles([make("a", "Ferries", ["Ferries only"])])
        assert [hit.id for hit in store.search("ferries")] == ["a"] and not store.search("trams")
        assert store.count("articles_fts") == 3   # the old row, a and b


def test_an_empty_store_is_first_loaded_without_a_log_and_returns_to_wal(tmp_path):
    with Store.in_dir(tmp_path) as s:
        assert s.begin_first_load()
        s.put_articles([make("a", "Trams approved", ["The council approved the tram network."])])
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert not (tmp_path / "newsmill.sqlite-wal").exists()   # pages go straight into the file
    with open_store(tmp_path) as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal" and s.count() == 1
        assert not s.begin_first_load()   # it has articles now: its writes keep the WAL
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_first_load_that_fails_leaves_an_empty_store_in_wal(tmp_path):
    with pytest.raises(RuntimeError):
        with Store.in_dir(tmp_path) as s:
            s.begin_first_load()
            s.put_articles([make("a", "Trams approved", ["The council approved the tram network."])])
            raise RuntimeError("the run failed")
    with open_store(tmp_path) as s:
        assert s.count() == 0 and s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_search_index_buffers_new_terms_in_memory_in_new_and_older_stores(tmp_path):
    from newsmill.store.sqlite import FTS_PENDING_BYTES

    def hashsize(path):
        with sqlite3.connect(path) as db:
            row = db.execute("SELECT v FROM articles_fts_config WHERE k = 'hashsize'").fetchone()
        return row[0] if row else None

    with Store.in_dir(tmp_path) as store:
        path = store.path
    assert hashsize(path) == FTS_PENDING_BYTES
    with sqlite3.connect(path) as db:   # a store written before the setting
        db.execute("DELETE FROM articles_fts_config WHERE k = 'hashsize'")
    assert hashsize(path) is None
    with Store.in_dir(tmp_path) as store:
        store.put_articles([make(f"a{i}", "Trams", [f"Tram line {i} opens"]) for i in range(50)])
        assert len(store.search("tram", limit=100)) == 50
    assert hashsize(path) == FTS_PENDING_BYTES


def test_story_and_thread_rows_are_rebuilt_from_the_stored_articles(tmp_path):
    from newsmill.engine.outputs import refresh_stories
    with Store.in_dir(tmp_path) as s:
        s.put_articles([make("a", "Trams approved", ["The council approved trams."], story_id="s1", thread_id="t1",
                             published="2021-03-04"),
                        make("b", "Trams built", ["Work on the trams began."], story_id="s2", thread_id="t1",
                             published="2021-06-01"),
                        make("c", "Bus fares", ["Fares rise."], story_id="s3", thread_id="t2")])
        refresh_stories(s, {"s1", "s2", "s3"})
        assert s.stories_of_threads(["t1", "t2", "t3"]) == {
            "t1": [{"story_id": "s1", "thread_id": "t1", "title": "Trams approved", "first_seen": "2021-03-04",
                    "last_seen": "2021-03-04", "article_count": 1},
                   {"story_id": "s2", "thread_id": "t1", "title": "Trams built", "first_seen": "2021-06-01",
                    "last_seen": "2021-06-01", "article_count": 1}],
            "t2": [{"story_id": "s3", "thread_id": "t2", "title": "Bus fares", "first_seen": None, "last_seen": None,
                    "article_count": 1}],
            "t3": []}
        threads = dict(s.db.execute("SELECT thread_id, story_count FROM threads"))
        assert threads == {"t1": 2, "t2": 1}
