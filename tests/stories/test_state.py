"""The stories state: a head plus one part per profile; a run reads and writes only the profiles it touches."""
from newsmill.article import Article
from newsmill.stories import StoryGrouper
from newsmill.stories.state import StoryState
from newsmill.engine.memory import run_step

from .test_ecbplus import ecbplus_articles


class CountingParts(dict):
    """An in-memory parts mapping that counts reads and writes."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.reads = self.writes = 0

    def __getitem__(self, key):
        self.reads += 1
        return super().__getitem__(key)

    def __setitem__(self, key, value) -> None:
        self.writes += 1
        super().__setitem__(key, value)


def test_state_round_trip_decodes_and_writes_only_what_a_run_touches(shared):
    _, articles = ecbplus_articles(shared, {1, 2, 3})
    state = run_step(StoryGrouper(), articles)
    parts = CountingParts()
    state.attach(parts)
    state.flush()
    assert len(parts) == len(state.stories) and parts.writes == len(state.stories)
    head = state.to_bytes()
    again = StoryState.from_bytes(head)
    again.attach(parts)
    parts.reads = parts.writes = 0
    assert len(again.stories) == len(state.stories) and not again.stories._loaded
    assert again.stories.story_ids() == [s.story_id for s in state.stories]
    assert again.stories.thread_ids() == [s.thread_id for s in state.stories]
    again.flush()
    assert again.to_bytes() == head and parts.reads == parts.writes == 0   # nothing read: nothing written
    size = again.stories[0].size
    again.flush()
    assert parts.reads == 1 and parts.writes == 0                           # read, unchanged: not written
    again.stories[0].thread_id = "t-changed"                                # read and changed: written anew
    again.flush()
    assert parts.writes == 1
    third = StoryState.from_bytes(again.to_bytes())
    third.attach(parts)
    assert third.stories[0].thread_id == "t-changed" and third.stories[0].size == size


def test_windows_freeze_profiles_and_write_one_only_when_it_leaves_or_the_state_is_flushed():
    from newsmill.steps import CorpusContext

    topics = ["harbour strike dockers wages", "volcano eruption ash flights", "election recount ballots court"]
    articles = [Article(id=f"a{i}", source_path=f"a{i}.txt", title=f"{topics[i % 3]} report {i}",
                        body=[f"Report {i}: {topics[i % 3]} again, {topics[i % 3]} today."]) for i in range(12)]
    state, parts = StoryState(), CountingParts()
    state.attach(parts)
    run_step(StoryGrouper(window=4), articles, CorpusContext(states={"stories": state}))
    profiles = state.stories
    assert len(profiles) >= 3 and len(profiles._loaded) == len(profiles)
    assert parts.writes == 0 and all(p.frozen for p in profiles._loaded.values())   # settled between windows
    state.flush()
    assert parts.writes == len(profiles)
    profiles[0].thread_id = "t-changed"
    profiles.keep = 0
    profiles.settle()                   # every profile leaves memory: only the changed one is written
    assert parts.writes == len(profiles) + 1 and StoryState.from_bytes(state.to_bytes()).stories.thread_ids()[0] == \
        "t-changed"


def test_trim_keeps_only_the_most_recently_used_profiles(shared):
    _, articles = ecbplus_articles(shared, {1, 2})
    state = run_step(StoryGrouper(), articles)
    profiles = state.stories
    profiles.keep = 2
    assert len(profiles) > 3
    state.flush()                       # everything written; only the two most recently used stay decoded
    assert len(profiles._loaded) == 2
    profiles[3], profiles[0]
    profiles.trim()
    assert list(profiles._loaded) == [3, 0]
    seen = profiles.version(3)
    profiles[1]                         # read back from its part
    profiles.trim()
    assert list(profiles._loaded) == [0, 1]   # the least recently used left
    assert profiles[3].story_id == profiles.story_ids()[3]
    assert profiles.version(3) != seen  # decoded again: a new object, never taken for the one seen before


def test_a_run_in_windows_groups_as_appends_of_those_windows_would(shared, tmp_path):
    """A run larger than its window is placed window by window in run order, exactly like appends of the
    same articles: memory holds one window, and the answer is that of a crawl appended piece by piece."""
    from newsmill.steps import CorpusContext
    from newsmill.store import Store

    _, articles = ecbplus_articles(shared, {1, 2, 3})
    windowed = [Article.from_dict(a.to_dict()) for a in articles]
    run_step(StoryGrouper(window=10), windowed)
    appended = [Article.from_dict(a.to_dict()) for a in articles]
    with Store(tmp_path / "s.sqlite") as store:
        for start in range(0, len(appended), 10):
            run_step(StoryGrouper(), appended[start:start + 10], CorpusContext(store=store))
    assert len(articles) > 50
    story_of = {a.id: (a.story_id, a.thread_id) for a in appended}
    assert {a.id: (a.story_id, a.thread_id) for a in windowed} == story_of
    whole = [Article.from_dict(a.to_dict()) for a in articles]
    run_step(StoryGrouper(), whole)   # one window: the cut does change the answer (so the test can tell)
    assert {a.id: a.story_id for a in whole} != {a.id: a.story_id for a in windowed}


def test_read_ahead_decodes_stored_profiles_in_one_query_as_reading_them_one_by_one_would(tmp_path):
    from newsmill.steps import CorpusContext
    from newsmill.store import Store

    topics = ["harbour strike dockers wages", "volcano eruption ash flights", "election recount ballots court",
              "bridge collapse river rescue", "vaccine trial results approval"]
    articles = [Article(id=f"a{i}", source_path=f"a{i}.txt", title=f"{topics[i % 5]} report {i}",
                        body=[f"Report {i}: {topics[i % 5]} again, {topics[i % 5]} today."]) for i in range(10)]
    with Store.in_dir(tmp_path) as store:
        state = StoryState()
        state.attach(store.state_parts("stories", fresh=True))
        run_step(StoryGrouper(), articles, CorpusContext(states={"stories": state}))
        state.flush()
        head = state.to_bytes()
        one_by_one, ahead = (StoryState.from_bytes(head) for _ in range(2))
        for loaded in (one_by_one, ahead):
            loaded.attach(store.state_parts("stories", fresh=False))
        numbers = [3, 0, 4]
        queries = []
        store.db.set_trace_callback(queries.append)
        ahead.stories.read_ahead(numbers)
        store.db.set_trace_callback(None)
        assert len(queries) == 1 and sorted(ahead.stories._loaded) == sorted(numbers)
        for number in numbers:
            assert ahead.stories[number].to_bytes() == one_by_one.stories[number].to_bytes()
        assert list(ahead.stories._loaded) == list(one_by_one.stories._loaded) == numbers   # used in the same order
