"""A run's outputs, written as finished articles arrive: the store, JSONL appended, a Parquet part per run.

Nothing here holds more than one batch of articles. Story and thread rows are refreshed only for the
stories this run touched (read back from the store by story id), so an append costs what it adds.
"""
from __future__ import annotations

import json
import shutil
import time
from functools import wraps
from itertools import islice
from pathlib import Path
from typing import Iterable

import pyarrow.parquet as pq

from ..article import Article
from ..store import Store
from ..store.exports import PARQUET_SCHEMA, parquet_table
from ..stories.summary import grown_thread_row, story_row, thread_rows

BATCH = 500
REFRESH_CHUNK = 500   # stories whose rows are rebuilt at a time while the engine waits (RunOutputs.refresh_some)
JSONL = "articles.jsonl"
PARQUET = "articles.parquet"   # a folder of part files, one or more per run
PENDING_RECORD = "{}"   # a prewritten article's record until it is annotated, in the same transaction


def _timed(method):
    """Count the call's wall and CPU seconds in `RunOutputs.spent` (a call made inside another counts once)."""
    @wraps(method)
    def timed(self: "RunOutputs", *args, **kwargs):
        if self._timing:
            return method(self, *args, **kwargs)
        self._timing = True
        tick, cpu = time.perf_counter(), time.process_time()
        try:
            return method(self, *args, **kwargs)
        finally:
            self.spent[0] += time.perf_counter() - tick
            self.spent[1] += time.process_time() - cpu
            self._timing = False
    return timed


def _next_part(folder: Path) -> Path:
    numbers = [int(p.stem.split("-")[1]) for p in folder.glob("part-*.parquet") if p.stem.split("-")[1].isdigit()]
    return folder / f"part-{max(numbers, default=-1) + 1:05d}.parquet"


class RunOutputs:
    """Writes finished articles to the store and the exports in batches; `close` finishes the run's files."""

    def __init__(self, store: Store, out_dir: Path, append: bool) -> None:
        self.store = store
        self.jsonl = open(out_dir / JSONL, "a" if append else "w", encoding="utf-8")
        folder = out_dir / PARQUET
        if folder.is_file():           # a store written before part files: its single file becomes part 0
            folder.rename(out_dir / ".articles-0.parquet")
            folder.mkdir()
            (out_dir / ".articles-0.parquet").rename(folder / "part-00000.parquet")
        elif folder.exists() and not append:
            shutil.rmtree(folder)
        folder.mkdir(exist_ok=True)
        self.parquet = pq.ParquetWriter(str(_next_part(folder)), PARQUET_SCHEMA, compression="zstd")
        self.batch: list[Article] = []
        self.records: list[str | None] = []   # each article's JSON line when the worker encoded it
        self.places: dict[str, int] = {}      # id -> place in stored order, for articles given their run position
        self.stories: set[str] = set()   # stories whose rows must be rebuilt
        self.written = 0
        self.first_place = store.next_seq()   # where this run's articles start in stored order
        self.prewritten: set[str] = set()     # ids stored ahead of their last step (`prewrite`), to annotate
        # wall and CPU seconds spent writing so far: the engine counts them as the store stage's, whichever pass
        # the articles finished in
        self.spent = [0.0, 0.0]
        self._timing = False

    def add(self, article: Article, record: str | None = None, n: int | None = None) -> None:
        """A finished article; `n`, its position in the run, makes its place in stored order (run order, however
        the articles finish)."""
        self.batch.append(article)
        self.records.append(record)
        if n is not None:
            self.places[article.id] = self.first_place + n
        if len(self.batch) >= BATCH:
            self.flush()

    @_timed
    def prewrite(self, articles: list[tuple[int, Article]]) -> None:
        """Store articles (with their run positions) before the last corpus step annotates them, when that step
        `keeps_text`: what the engine does while it waits on that step's learn, so that once it releases them only
        their story, thread and record are left to write (`Store.annotate_articles`)."""
        if not articles:
            return
        self._old_stories([a.id for _, a in articles])
        self.store.put_articles([a for _, a in articles], [PENDING_RECORD] * len(articles),
                                {a.id: self.first_place + n for n, a in articles})
        self.prewritten.update(a.id for _, a in articles)

    def _old_stories(self, ids: list[str]) -> None:
        """A replaced article's old story must be rebuilt too."""
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            self.stories.update(row[0] for row in self.store.db.execute(
                f"SELECT story_id FROM articles WHERE story_id IS NOT NULL AND id IN ({','.join('?' * len(chunk))})",
                chunk))

    def add_all(self, articles: Iterable[Article]) -> None:
        for article in articles:
            self.add(article)
        self.flush()

    @_timed
    def flush(self) -> None:
        if not self.batch:
            return
        ahead = [a.id in self.prewritten for a in self.batch]
        self._old_stories([a.id for a, stored in zip(self.batch, ahead) if not stored])
        self.stories.update(a.story_id for a in self.batch if a.story_id)
        records = [r if r is not None else json.dumps(a.to_dict(), ensure_ascii=False)
                   for r, a in zip(self.records, self.batch)]
        if any(ahead):
            self.store.annotate_articles([a for a, stored in zip(self.batch, ahead) if stored],
                                         [r for r, stored in zip(records, ahead) if stored])
            self.prewritten.difference_update(a.id for a, stored in zip(self.batch, ahead) if stored)
        self.store.put_articles([a for a, stored in zip(self.batch, ahead) if not stored],
                                [r for r, stored in zip(records, ahead) if not stored], self.places)
        self.jsonl.write("".join(record + "\n" for record in records))
        self.parquet.write_table(parquet_table(self.batch, records))
        self.written += len(self.batch)
        self.batch, self.records, self.places = [], [], {}

    @_timed
    def refresh_some(self) -> bool:
        """Rebuild the rows of up to REFRESH_CHUNK of the stories waiting so far; whether more wait.

        What the engine does while it waits on a learn: a story touched again is rebuilt again, so the rows end
        as if all were rebuilt at `close`, and a run ends with fewer to rebuild."""
        chunk = set(islice(self.stories, REFRESH_CHUNK))
        self.stories -= chunk
        refresh_stories(self.store, chunk)
        return bool(self.stories)

    @_timed
    def close(self) -> None:
        self.flush()
        if self.written == 0:
            self.parquet.write_table(PARQUET_SCHEMA.empty_table())
        self.parquet.close()
        self.jsonl.close()
        refresh_stories(self.store, self.stories)


def _chunks(items: list[str], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def refresh_stories(store: Store, story_ids: set[str]) -> None:
    """Rebuild the rows of these stories from their stored articles, and the rows of their threads.

    A thread whose changed stories only joined it or grew is updated from its stored row (`grown_thread_row`:
    the cost follows the changed stories, not the thread's length); one that a story left, or in which a
    story's span shrank, is rebuilt from all its stories."""
    changed: dict[str, list[str]] = {}   # thread -> its changed stories, as they are now
    rebuild: set[str] = set()
    for chunk in _chunks(sorted(story_ids)):   # a chunk at a time: memory holds 500 stories' members
        before = store.story_summaries(chunk)
        members = store.story_members(chunk)
        rows = [story_row(story_id, members[story_id]) for story_id in chunk if story_id in members]
        now = {row["story_id"]: row for row in rows}
        rebuild.update(old["thread_id"] for old in before if old["thread_id"] and not _grew(old, now.get(old["story_id"])))
        for row in rows:
            if row["thread_id"]:
                changed.setdefault(row["thread_id"], []).append(row["story_id"])
        store.replace_stories(chunk, rows)
    for chunk in _chunks(sorted(changed.keys() | rebuild)):
        stored = store.thread_timelines(chunk)
        grown = [t for t in chunk if t in stored and t not in rebuild]
        stories = {t: [] for t in grown}
        for ids in _chunks([story_id for t in grown for story_id in changed[t]]):
            for story in store.story_summaries(ids):
                stories[story["thread_id"]].append(story)
        rows = {t: grown_thread_row(t, stored[t], stories[t]) for t in grown}
        rows.update((row["thread_id"], row) for row in thread_rows(store.stories_of_threads(
            [t for t in chunk if t not in rows])))
        store.replace_threads(chunk, [rows[t] for t in chunk if t in rows])


def _grew(before: dict, now: dict | None) -> bool:
    """Whether a story stayed in its thread and its span of dates did not shrink."""
    if now is None or now["thread_id"] != before["thread_id"]:
        return False
    return before["first_seen"] is None or (now["first_seen"] is not None and now["first_seen"] <= before["first_seen"]
                                            and now["last_seen"] >= before["last_seen"])
