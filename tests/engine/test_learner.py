"""The streamed stories learn: in a process of its own with a worker pool, inline without; same answer."""
import json
import sqlite3
import time

import newsmill
from newsmill.blobs import unsqueeze
from newsmill.engine.learner import StreamedLearn
from newsmill.stories import StoryGrouper
from newsmill.stories.centroid import Centroid
from newsmill.stories.profile import StoryProfile
from newsmill.stories.state import StoryState
from newsmill.store import Store
from tests.helpers import generated_corpus, windowed_pipeline


def _profile(blob: bytes) -> dict:
    """A stored story profile as comparable data (counters compare as mappings: their key order follows
    set iteration, which differs from process to process)."""
    profile = StoryProfile.from_bytes(unsqueeze(blob))
    return {name: value.weights if isinstance(value, Centroid) else value for name, value in vars(profile).items()}


def _head(blob: bytes) -> dict:
    """A stored stories head as comparable data."""
    state = StoryState.from_bytes(blob)
    return {"df": (state.df.n_docs, dict(state.df.df)), "index": ({k: list(v) for k, v in state.index.postings.items() if v},
                                               state.index.filed),
            "threads": state.threads, "merged": state.merged, "apart": state.apart,
            "ids": state.stories.story_ids(), "thread_ids": state.stories.thread_ids()}


def _stored(out) -> tuple[list, list, list, list]:
    db = sqlite3.connect(str(out / "newsmill.sqlite"))
    try:
        articles = db.execute("SELECT id, story_id, thread_id, duplicate_of FROM articles ORDER BY id").fetchall()
        rows = [db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in ("stories", "threads")]
        parts = [(name, key, _profile(blob) if name == "stories" else blob) for name, key, blob in db.execute(
            "SELECT name, key, blob FROM state_parts ORDER BY name, key")]
        states = [(name, version, _head(blob) if name == "stories" else blob)
                  for name, version, blob in db.execute("SELECT name, version, blob FROM states ORDER BY name")]
        return articles, parts, states, rows
    finally:
        db.close()


def test_a_learn_in_its_own_process_gives_the_inline_answer_and_appends_alike(tmp_path):
    first, second = generated_corpus(tmp_path / "a.jsonl", 0, 260), generated_corpus(tmp_path / "b.jsonl", 260, 140)
    inline, apart = tmp_path / "inline", tmp_path / "apart"
    for out, workers in ((inline, 1), (apart, 2)):
        newsmill.run([first], out, workers=workers, pipeline=windowed_pipeline(), progress=False)
        newsmill.run([second], out, workers=workers, append=True, pipeline=windowed_pipeline(), progress=False)
    assert (inline / "articles.jsonl").read_bytes() == (apart / "articles.jsonl").read_bytes()
    articles, parts, states, rows = _stored(inline)   # story rows rebuilt while waiting on the learn: the same
    assert (articles, parts, states, rows) == _stored(apart)
    assert len(articles) == 400 and len({row[1] for row in articles}) > 100 and len(parts) > 100
    assert len(rows[0]) == len({row[1] for row in articles}) and rows[1]
    assert not list(apart.glob(".newsmill-learn-*"))   # the learn process's own file is gone


def _twelve_articles():
    from newsmill.article import Article
    articles = [Article(id=f"a{i}", source_path=f"a{i}.txt", title=f"Title {i}", body=[f"Body of article {i} about topic {i % 7}."])
                for i in range(12)]
    articles[5].duplicate_of = "a1"
    return articles


RELEASES = [["a0", "a1", "a2", "a3"],          # 11 canonicals in windows of 4, in run order
            ["a4", "a5", "a6", "a7", "a8"],    # a5, a copy of a1, once it came
            ["a9", "a10", "a11"]]


def test_articles_are_released_window_by_window_each_with_its_copies():
    articles = _twelve_articles()
    step = StoryGrouper(window=4)
    streamed = StreamedLearn(step, StoryState())
    streamed.feed(step.features({}, articles))
    streamed.finish(lambda ids: {})
    releases = [list(released) for released in streamed]
    assert releases == RELEASES
    assert set(streamed.state.assigned) == {a.id for a in articles}
    assert streamed.state.assigned["a5"][:2] == streamed.state.assigned["a1"][:2]


class _SlowGrouper(StoryGrouper):
    """Takes a second before its first window: the engine surely waits on it."""

    def learn_windows(self, *args, **kwargs):
        time.sleep(1.0)
        yield from super().learn_windows(*args, **kwargs)


def test_the_engine_works_while_it_waits_on_the_learn_process(tmp_path):
    """`idle` is called while no release has come (until it says nothing is left); the releases are the same."""
    articles, waiting = _twelve_articles(), [1, 2, 3]   # three chunks of work that may be done any time
    step = _SlowGrouper(window=4)
    with Store.in_dir(tmp_path) as store:
        streamed = StreamedLearn(step, StoryState(), separate=True, store=store, temp_dir=tmp_path)
        streamed.idle = lambda: bool(waiting and waiting.pop() and waiting)
        streamed.feed(step.features({}, articles))
        streamed.finish(lambda ids: {})
        assert [list(released) for released in streamed] == RELEASES
    assert waiting == []


class _WindowsSlowly(StoryGrouper):
    """Waits before each window it places: the engine surely waits on it, and stores articles ahead meanwhile."""

    def _release(self, *args, **kwargs):
        time.sleep(0.3)
        return super()._release(*args, **kwargs)


def _whole_store(out) -> list:
    db = sqlite3.connect(str(out / "newsmill.sqlite"))
    try:
        tables = ["articles ORDER BY seq", "articles_fts ORDER BY rowid"] + [
            f"{table} ORDER BY 1, 2" for table in ("paragraphs", "captions", "dropped", "duplicates", "quotes", "entities",
                                                  "stories", "threads")]
        return [db.execute(f"SELECT * FROM {table}").fetchall() for table in tables]
    finally:
        db.close()


def test_articles_stored_ahead_of_their_release_end_as_if_stored_after_it(tmp_path, monkeypatch):
    """With a learn process to wait on, the engine stores articles before their stories come and annotates them
    after: the store ends the same as a one-worker run's, rows, places (run order) and search index alike."""
    from newsmill.engine.outputs import RunOutputs
    ahead: list[int] = []
    prewrite = RunOutputs.prewrite
    monkeypatch.setattr(RunOutputs, "prewrite", lambda self, articles: (ahead.append(len(articles)),
                                                                         prewrite(self, articles)))
    first, second = generated_corpus(tmp_path / "a.jsonl", 0, 260), generated_corpus(tmp_path / "b.jsonl", 260, 140)
    inline, apart = tmp_path / "inline", tmp_path / "apart"
    for out, workers in ((inline, 1), (apart, 2)):
        pipeline = windowed_pipeline(grouper=_WindowsSlowly if workers == 2 else None)
        newsmill.run([first], out, workers=workers, pipeline=pipeline, progress=False)
        newsmill.run([second], out, workers=workers, append=True, pipeline=pipeline, progress=False)
    assert sum(ahead) > 100   # most articles were stored ahead
    assert _whole_store(apart) == _whole_store(inline)
    assert (apart / "articles.jsonl").read_bytes() == (inline / "articles.jsonl").read_bytes()
    db = sqlite3.connect(str(apart / "newsmill.sqlite"))
    stored = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY seq")]
    db.close()
    read = [json.loads(line)["id"] for path in (first, second) for line in open(path, encoding="utf-8")]
    assert stored == read   # stored in run order, however the articles were released
