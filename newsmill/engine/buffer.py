"""The run's articles between passes (a temporary table of the store's connection), and what corpus steps
read back from it: features of articles by id (`recall_for`) and, for a streamed learn, the articles in the
order their releases come (`released_rows`)."""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from ..article import Article, unpack_article
from ..steps import CorpusStep, State
from ..store import Store
from .learner import StreamedLearn
from .outputs import RunOutputs


class RunBuffer:
    """The run's articles between passes, packed (article.pack_article) in a temporary table of the store's connection.

    The table goes with the connection when the run closes the store: dropping it first would free its pages one
    by one (0.3 s for 20,000 articles), closing discards the temporary file at once."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS run_articles (n INTEGER PRIMARY KEY, id TEXT, record BLOB)")
        self.db.execute("DELETE FROM temp.run_articles")
        self.db.execute("CREATE INDEX IF NOT EXISTS temp.run_articles_id ON run_articles(id)")
        self.count = 0

    def put(self, rows: list[tuple[int, str, str]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO temp.run_articles VALUES (?, ?, ?)", rows)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        last = -1
        while True:
            rows = self.db.execute("SELECT n, record FROM temp.run_articles WHERE n > ? ORDER BY n LIMIT 256",
                                   (last,)).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def rows_after(self, n: int, limit: int) -> list[tuple[int, str, str]]:
        """(n, id, record) of the next `limit` articles after position `n`, in run order."""
        return self.db.execute("SELECT n, id, record FROM temp.run_articles WHERE n > ? ORDER BY n LIMIT ?",
                               (n, limit)).fetchall()

    def rows_of(self, ids: list[str]) -> list[tuple[int, str, str]]:
        """(n, id, record) of these articles."""
        found: list[tuple[int, str, str]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found += self.db.execute(
                f"SELECT n, id, record FROM temp.run_articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return found

    def get(self, ids: list[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for article_id, record in self.db.execute(
                    f"SELECT id, record FROM temp.run_articles WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                found[article_id] = unpack_article(record)
        return found


def recall_for(step: CorpusStep, done: list[CorpusStep], states: dict[str, State], buffer: RunBuffer, store: Store):
    """Features of articles by id for `step.learn`: this run's (from the buffer) else stored ones (earlier
    steps applied again first, so they look as they will after this run)."""
    def recall(ids: list[str]) -> dict:
        found = buffer.get(ids)
        stored = store.get_articles([i for i in ids if i not in found])
        for article in stored.values():
            for earlier in done:
                earlier.apply(states[earlier.name], article)
        items = list(found.values()) + list(stored.values())
        return dict(zip((a.id for a in items), step.features(states, items, recalled=True)))
    return recall




def released_rows(streamed: StreamedLearn, buffer: RunBuffer) -> Iterator[tuple]:
    """The buffer's articles as a streamed learn settles them, each with what it released for it (run order
    within a release); any article it released nothing for comes last, in run order, left as it is."""
    done: set[int] = set()
    for released in streamed:
        rows = {article_id: (n, record) for n, article_id, record in buffer.rows_of(list(released))}
        for article_id, value in released.items():
            if article_id in rows:
                n, record = rows[article_id]
                done.add(n)
                yield n, record, value
    for n, record in buffer:
        if n not in done:
            yield n, record, None


class WriteAhead:
    """While the engine waits on a streamed learn whose step `keeps_text`, the articles it has not released yet
    are stored ahead (`RunOutputs.prewrite`), a chunk per call, in run order (the search index takes rows in
    order of place); once they are released only their story, thread and record are left to write. A call
    returns whether more articles are left to look at."""

    CHUNK = 256

    def __init__(self, buffer: RunBuffer, outputs: RunOutputs, released: Mapping[str, Any]) -> None:
        self.buffer, self.outputs, self.released = buffer, outputs, released
        self.after = -1

    def __call__(self) -> bool:
        rows = self.buffer.rows_after(self.after, self.CHUNK)
        if not rows:
            return False
        self.after = rows[-1][0]
        self.outputs.prewrite([(n, unpack_article(record)) for n, article_id, record in rows
                               if article_id not in self.released])
        return True
