"""Story and thread rows refreshed after a change: a thread updated from its stored row equals one rebuilt whole."""
from newsmill.article import Article
from newsmill.engine.outputs import refresh_stories
from newsmill.store import Store
from newsmill.stories.summary import grown_thread_row, thread_row


def make(article_id, story_id, thread_id, published=None, title=None):
    return Article(id=article_id, source_path=f"in/{article_id}", title=title or f"About {article_id}",
                   body=[f"Text of {article_id}."], story_id=story_id, thread_id=thread_id, published=published)


def rebuilt_threads(store):
    """Every thread's row built from all its stories (what the refresh must leave)."""
    ids = [r[0] for r in store.db.execute("SELECT DISTINCT thread_id FROM stories WHERE thread_id IS NOT NULL")]
    return {t: thread_row(t, members) for t, members in store.stories_of_threads(sorted(ids)).items() if members}


def stored_threads(store):
    columns = ("thread_id", "title", "first_seen", "last_seen", "story_count", "article_count", "timeline")
    return {r[0]: dict(zip(columns, r)) for r in store.db.execute("SELECT * FROM threads")}


def test_a_grown_thread_row_equals_the_rebuilt_one():
    stories = [{"story_id": "s1", "title": "A", "first_seen": "2021-03-01", "last_seen": "2021-03-09", "article_count": 2},
               {"story_id": "s2", "title": "B", "first_seen": None, "last_seen": None, "article_count": 1},
               {"story_id": "s3", "title": "C", "first_seen": "2021-01-05", "last_seen": "2021-01-05", "article_count": 1}]
    before = thread_row("t", stories[:2])
    grown = [dict(stories[0], last_seen="2021-04-02", article_count=3), stories[2]]   # s1 grew, s3 joined
    row = grown_thread_row("t", (before["first_seen"], before["last_seen"], before["timeline"]), grown)
    assert row == thread_row("t", [grown[0], stories[1], grown[1]])
    assert (row["title"], row["first_seen"], row["last_seen"], row["story_count"], row["article_count"]) == \
        ("C", "2021-01-05", "2021-04-02", 3, 5)


def test_refreshed_threads_equal_threads_rebuilt_from_all_their_stories(tmp_path):
    with Store.in_dir(tmp_path) as store:
        store.put_articles([make("a", "s1", "t1", "2021-03-04"), make("b", "s2", "t1", "2021-06-01"),
                            make("c", "s3", "t2"), make("d", "s5", "t2", "2021-02-01")])
        refresh_stories(store, {"s1", "s2", "s3", "s5"})
        assert stored_threads(store) == rebuilt_threads(store)
        steps = [
            [make("e", "s1", "t1", "2021-09-30")],             # s1 grows later: t1 from its stored row
            [make("f", "s4", "t1", "2020-12-24", "Early")],    # a new story joins t1 and leads its timeline
            [make("b", "s2", "t1", "2021-07-01")],             # s2's span shrinks: t1 rebuilt
            [make("c", "s3", "t1")],                           # s3 leaves t2 for t1
            [make("d", "s6", "t3", "2021-02-01")],             # s5 loses its only article, t2 its last story
        ]
        for changed in steps:
            touched = {a.story_id for a in changed} | {
                r[0] for r in store.db.execute(
                    f"SELECT story_id FROM articles WHERE id IN ({','.join('?' * len(changed))})", [a.id for a in changed])}
            store.put_articles(changed)
            refresh_stories(store, touched)
            assert stored_threads(store) == rebuilt_threads(store)
        threads = stored_threads(store)
        assert sorted(threads) == ["t1", "t3"]
        assert (threads["t1"]["first_seen"], threads["t1"]["last_seen"], threads["t1"]["story_count"]) == \
            ("2020-12-24", "2021-09-30", 4)


def test_writing_time_is_counted_once_however_the_calls_nest(tmp_path):
    import time

    from newsmill.engine.outputs import RunOutputs

    with Store.in_dir(tmp_path) as store:
        outputs = RunOutputs(store, tmp_path, append=False)
        for n in range(3):
            outputs.add(make(f"a{n}", "s1", "t1", "2021-03-04"), n=n)
        assert outputs.spent == [0.0, 0.0]          # nothing written yet: one batch is still gathering
        started = time.perf_counter()
        outputs.close()                              # flushes, then refreshes the story rows: one count
        took = time.perf_counter() - started
    assert 0.0 < outputs.spent[0] <= took
    assert store_rows(tmp_path) == 3


def store_rows(directory):
    with Store.in_dir(directory) as store:
        return store.count()
