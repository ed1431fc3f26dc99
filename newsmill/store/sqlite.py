"""The corpus store: one SQLite file with the articles, their parts, and an FTS5 index.

The `articles.record` column holds each Article's full JSON (the source of truth
for exports); the other tables are its parts, normalised for querying. Writing
an article replaces every row it had, so re-running never duplicates.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from ..article import SCHEMA_VERSION, Article, site_of
from ..steps import PartedState, State
from .rows import StoryMember
from .state_parts import StateParts
from .query import ArticleFilter, one_line, search_rows

STORE_FILENAME = "newsmill.sqlite"
STORE_VERSION = 2   # 2: FTS rows numbered by the article's seq (replaced without a scan)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    source_path TEXT, record INTEGER, url TEXT, input_format TEXT,
    title TEXT, subtitle TEXT, published TEXT, dateline TEXT, source_name TEXT,
    authors TEXT, language TEXT, content_hash TEXT,
    duplicate_of TEXT, dup_kind TEXT, dup_similarity REAL,
    story_id TEXT, thread_id TEXT,
    record_json TEXT NOT NULL, site TEXT
);
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_dup ON articles(duplicate_of);
CREATE TABLE IF NOT EXISTS paragraphs (article_id TEXT, idx INTEGER, text TEXT, PRIMARY KEY (article_id, idx));
CREATE TABLE IF NOT EXISTS captions (article_id TEXT, idx INTEGER, text TEXT, PRIMARY KEY (article_id, idx));
CREATE TABLE IF NOT EXISTS comments (article_id TEXT, idx INTEGER, text TEXT, PRIMARY KEY (article_id, idx));
CREATE TABLE IF NOT EXISTS dropped (article_id TEXT, idx INTEGER, kind TEXT, text TEXT, PRIMARY KEY (article_id, idx));
CREATE TABLE IF NOT EXISTS duplicates (
    article_id TEXT PRIMARY KEY, canonical_id TEXT, kind TEXT, similarity REAL);
CREATE INDEX IF NOT EXISTS duplicates_canonical ON duplicates(canonical_id);
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT, idx INTEGER, text TEXT, speaker TEXT, speaker_mention TEXT, cue TEXT, kind TEXT,
    paragraph INTEGER, PRIMARY KEY (article_id, idx));
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE TABLE IF NOT EXISTS entities (article_id TEXT, text TEXT, label TEXT, count INTEGER);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY, thread_id TEXT, title TEXT, first_seen TEXT, last_seen TEXT,
    article_count INTEGER, sources TEXT, people TEXT, places TEXT);
CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id);
CREATE TABLE IF NOT EXISTS threads (
    thread_id TEXT PRIMARY KEY, title TEXT, first_seen TEXT, last_seen TEXT, story_count INTEGER,
    article_count INTEGER, timeline TEXT);
CREATE TABLE IF NOT EXISTS states (name TEXT PRIMARY KEY, version INTEGER NOT NULL, blob BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS state_parts (name TEXT, key INTEGER, blob BLOB NOT NULL, PRIMARY KEY (name, key));
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, title, body, captions, tokenize = 'porter unicode61 remove_diacritics 2');
"""
FTS_PENDING_BYTES = 16 << 20   # the search index's in-memory buffer of new terms (Store._size_search_buffer)
_SUMMARY = ("story_id", "thread_id", "title", "first_seen", "last_seen", "article_count")   # a story's row, as a
# thread's row is built from it
_CHILD_TABLES = ("paragraphs", "captions", "comments", "dropped", "duplicates", "quotes", "entities")


class StoreError(Exception):
    """The store cannot be opened or written (the message names the path)."""


@dataclass(slots=True)
class SearchHit:
    id: str
    title: str | None
    snippet: str
    score: float
    duplicate_of: str | None
    published: str | None


class Store:
    """An open corpus store. Use as a context manager; writes are committed on exit."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._first_load = False
        self.quoted: set[str] = set()   # speakers whose stored quotes this connection added or removed
        if not create and not self.path.exists():
            raise StoreError(f"no newsmill store at {self.path} (run `newsmill run INPUT --out DIR` first)")
        try:
            self.db = sqlite3.connect(str(self.path))
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-65536")
            self.db.executescript(_SCHEMA)
            self._add_site_column()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        fresh = self.db.execute("SELECT COUNT(*) FROM meta WHERE key = 'store_version'").fetchone()[0] == 0
        if create:
            self._size_search_buffer()
        self._set_meta_default("store_version", str(STORE_VERSION))
        self.fts_by_seq = fresh or int(self._meta("store_version") or 1) >= 2
        self._set_meta_default("schema_version", str(SCHEMA_VERSION))

    def _size_search_buffer(self) -> None:
        """FTS5 keeps `FTS_PENDING_BYTES` of new terms in memory before writing a segment (its default, 1 MB,
        writes and then merges many small segments: 20k articles index in 1.6 s instead of 2.5-3 s)."""
        set_to = self.db.execute("SELECT v FROM articles_fts_config WHERE k = 'hashsize'").fetchone()
        if set_to is None or set_to[0] != FTS_PENDING_BYTES:
            self.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', ?)", (FTS_PENDING_BYTES,))

    @classmethod
    def in_dir(cls, directory: str | Path, *, create: bool = True) -> "Store":
        return cls(Path(directory) / STORE_FILENAME, create=create)

    def __enter__(self) -> "Store":
        return self

    def commit(self) -> None:
        """Make this run's writes durable now (closing does it too): the search index writes its last segment."""
        self.db.commit()

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.db.commit()
        if self._first_load:
            self.db.rollback()   # nothing left after the commit; after an error, what it did not commit
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.close()

    def begin_first_load(self) -> bool:
        """An empty store's first corpus goes straight into the database file (a rollback journal) until the
        commit on exit, which turns WAL on again: a WAL would hold every page twice, in the log and then in
        the checkpoint at close (1.2 s at the end of a 20k run, 0.3 s without). A store with articles keeps
        its WAL (readers never block its writes). Whether it did."""
        if self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None:
            return False
        self.db.commit()
        self._first_load = self.db.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
        return self._first_load

    # -- metadata and state -------------------------------------------------
    def _set_meta_default(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _add_site_column(self) -> None:
        """Stores written before the `site` column get it (empty: their sites are found by reading records)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        if "site" not in columns:
            self.db.execute("ALTER TABLE articles ADD COLUMN site TEXT")
        self.db.execute("CREATE INDEX IF NOT EXISTS articles_site ON articles(site)")

    def load_state(self, state_type: type[State]) -> State | None:
        """A corpus step's stored state; None when there is none or it has another version."""
        row = self.db.execute("SELECT version, blob FROM states WHERE name = ?", (state_type.NAME,)).fetchone()
        if row is None or row[0] != state_type.VERSION:
            return None
        return state_type.from_bytes(bytes(row[1]))

    def save_state(self, state: State) -> None:
        if isinstance(state, PartedState):
            state.flush()
        self.db.execute("INSERT OR REPLACE INTO states(name, version, blob) VALUES (?, ?, ?)",
                        (state.NAME, state.VERSION, state.to_bytes()))

    def state_parts(self, name: str, *, fresh: bool) -> StateParts:
        """The parts of a `PartedState` (fresh: the state starts empty, so parts stored before go)."""
        parts = StateParts(self.db, name)
        if fresh:
            parts.clear()
        return parts

    def clear(self) -> None:
        """Remove every article and all derived state (a fresh run into the same store)."""
        for table in ("articles", *_CHILD_TABLES, "stories", "threads", "states", "state_parts", "articles_fts"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'store_version'", (str(STORE_VERSION),))
        self.fts_by_seq = True

    # -- articles -----------------------------------------------------------
    def next_seq(self) -> int:
        """The place the next new article takes in stored order."""
        return (self.db.execute("SELECT COALESCE(MAX(seq), -1) FROM articles").fetchone()[0]) + 1

    def put_articles(self, articles: Iterable[Article], records: Iterable[str] | None = None,
                     places: Mapping[str, int] | None = None) -> int:
        """Insert or replace articles (by id); new ones keep their order after the stored ones.

        `records`: each article's JSON (`to_dict()`) when the caller already has it. `places`: id -> place in
        stored order (`seq`) for new articles that have one (a replaced article keeps its place); the others go
        after the stored ones in the order given."""
        seq = self.next_seq()
        articles = list(articles)
        places = places or {}
        encoded = dict(zip((a.id for a in articles), records)) if records is not None else {}
        batch = list({a.id: a for a in articles}.values())   # an id given twice: its last version
        cur = self.db.cursor()
        known: dict[str, int] = {}
        for start in range(0, len(batch), 500):
            chunk = [a.id for a in batch[start:start + 500]]
            known.update(cur.execute(f"SELECT id, seq FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        rows = _Rows()
        for article in batch:
            if article.id in known:
                self._delete_parts(cur, article.id, known[article.id])
            elif article.id in places:
                known[article.id] = places[article.id]
            else:
                known[article.id], seq = seq, seq + 1
            rows.add(article, known[article.id], encoded.get(article.id))
            self.quoted.update(q.speaker for q in article.quotes if q.speaker)
        rows.insert(cur, self.fts_by_seq)
        return len(batch)

    def annotate_articles(self, articles: list[Article], records: list[str]) -> None:
        """Stored articles given their story and thread, and their record as it now reads: what a corpus step
        whose `apply` leaves the text alone (`CorpusStep.keeps_text`) changes of an article written before it."""
        self.db.executemany("UPDATE articles SET story_id = ?, thread_id = ?, record_json = ? WHERE id = ?",
                            [(a.story_id, a.thread_id, record, a.id) for a, record in zip(articles, records)])

    def _delete_parts(self, cur: sqlite3.Cursor, article_id: str, seq: int) -> None:
        cur.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        if self.fts_by_seq:
            cur.execute("DELETE FROM articles_fts WHERE rowid = ?", (seq,))
        else:   # a store from before FTS rows were numbered by seq: a scan
            cur.execute("DELETE FROM articles_fts WHERE id = ?", (article_id,))
        self.quoted.update(row[0] for row in cur.execute(
            "SELECT speaker FROM quotes WHERE article_id = ? AND speaker IS NOT NULL", (article_id,)).fetchall())
        for table in _CHILD_TABLES:
            cur.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT record_json FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, in the order it was first added."""
        for (record,) in self.db.execute("SELECT record_json FROM articles ORDER BY seq"):
            yield Article.from_dict(json.loads(record))

    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """Stored articles by id (the ids not stored are absent)."""
        ids = list(ids)
        found: dict[str, Article] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for article_id, record in self.db.execute(
                    f"SELECT id, record_json FROM articles WHERE id IN ({marks})", chunk):
                found[article_id] = Article.from_dict(json.loads(record))
        return found

    def ids_of_sites(self, sites: Iterable[str]) -> list[str]:
        """Ids of the stored articles of these sites (a store from before the `site` column: read every record)."""
        sites = set(sites)
        if not sites:
            return []
        ids = [row[0] for row in self.db.execute(
            f"SELECT id FROM articles WHERE site IN ({','.join('?' * len(sites))}) ORDER BY seq", list(sites))]
        unknown = self.db.execute("SELECT id, record_json FROM articles WHERE site IS NULL ORDER BY seq")
        return ids + [i for i, record in unknown if site_of(Article.from_dict(json.loads(record))) in sites]

    def count(self, table: str = "articles", where: str = "") -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM {table} {where}").fetchone()[0]

    def duplicates_of(self, canonical_id: str) -> list[tuple[str, str, float | None]]:
        return self.db.execute(
            "SELECT article_id, kind, similarity FROM duplicates WHERE canonical_id = ? ORDER BY article_id",
            (canonical_id,)).fetchall()

    # -- stories ------------------------------------------------------------
    def replace_stories(self, story_ids: list[str], rows: Iterable[dict]) -> None:
        """Remove these stories' rows and insert `rows` (a story with no article left gets none)."""
        for start in range(0, len(story_ids), 500):
            chunk = story_ids[start:start + 500]
            self.db.execute(f"DELETE FROM stories WHERE story_id IN ({','.join('?' * len(chunk))})", chunk)
        self.db.executemany(
            "INSERT INTO stories VALUES (:story_id,:thread_id,:title,:first_seen,:last_seen,:article_count,"
            ":sources,:people,:places)", list(rows))

    def replace_threads(self, thread_ids: list[str], rows: Iterable[dict]) -> None:
        for start in range(0, len(thread_ids), 500):
            chunk = thread_ids[start:start + 500]
            self.db.execute(f"DELETE FROM threads WHERE thread_id IN ({','.join('?' * len(chunk))})", chunk)
        self.db.executemany(
            "INSERT INTO threads VALUES (:thread_id,:title,:first_seen,:last_seen,:story_count,:article_count,"
            ":timeline)", list(rows))

    def story_members(self, story_ids: list[str]) -> dict[str, list[StoryMember]]:
        """The articles of these stories (at most 500), in stored order, as story rows need them."""
        members: dict[str, list[StoryMember]] = {}
        by_id: dict[str, StoryMember] = {}
        for row in self.db.execute(
                "SELECT a.story_id, a.id, a.duplicate_of, a.published, a.title, "
                "(SELECT text FROM paragraphs p WHERE p.article_id = a.id AND p.idx = 0), a.source_name, a.thread_id "
                f"FROM articles a WHERE a.story_id IN ({','.join('?' * len(story_ids))}) ORDER BY a.seq", story_ids):
            member = StoryMember(*row[1:])
            members.setdefault(row[0], []).append(member)
            by_id[member.id] = member
        wanted = [i for i, m in by_id.items() if m.duplicate_of is None]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for article_id, text, label, count in self.db.execute(
                    f"SELECT article_id, text, label, count FROM entities WHERE article_id IN "
                    f"({','.join('?' * len(chunk))}) ORDER BY rowid", chunk):
                by_id[article_id].entities.append((text, label, count))
        return members

    def stories_of_threads(self, thread_ids: list[str]) -> dict[str, list[dict]]:
        """The story rows of these threads (at most 500), each thread's by story id (`story_summaries`' fields)."""
        found: dict[str, list[dict]] = {thread_id: [] for thread_id in thread_ids}
        for story in self._summaries("thread_id", thread_ids):
            found[story["thread_id"]].append(story)
        return found

    def story_summaries(self, story_ids: list[str]) -> list[dict]:
        """The stored rows of these stories (at most 500), by story id: the fields a thread row is built from."""
        return self._summaries("story_id", story_ids)

    def _summaries(self, column: str, values: list[str]) -> list[dict]:
        return [dict(zip(_SUMMARY, r)) for r in self.db.execute(
            f"SELECT {','.join(_SUMMARY)} FROM stories WHERE {column} IN ({','.join('?' * len(values))}) "
            "ORDER BY story_id", values)]

    def thread_timelines(self, thread_ids: list[str]) -> dict[str, tuple[str | None, str | None, str]]:
        """The stored rows of these threads (at most 500): thread id -> (first seen, last seen, timeline JSON)."""
        return {r[0]: (r[1], r[2], r[3]) for r in self.db.execute(
            f"SELECT thread_id, first_seen, last_seen, timeline FROM threads WHERE thread_id IN "
            f"({','.join('?' * len(thread_ids))})", thread_ids)}

    # -- search -------------------------------------------------------------
    def search(self, query: str, limit: int = 10, *, filters: ArticleFilter | None = None,
               marks: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """BM25-ranked hits (title weighted over body) with a one-line snippet, its matches between `marks`.

        The query is FTS5 syntax; `filters` narrows by date, language, source, canonicals (store/query.py).
        """
        rows = search_rows(self.db, query, limit, filters or ArticleFilter(), marks)
        # Show where the match is: the body, else a caption, else the body's opening.
        return [SearchHit(id=r[0], title=r[1],
                          snippet=one_line(r[2] if marks[0] in r[2] or marks[0] not in r[3] else r[3]),
                          score=-r[4], duplicate_of=r[5], published=r[6]) for r in rows]


class _Rows:
    """The rows of a batch of articles, table by table, inserted with one executemany per table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple]] = {name: [] for name in ("articles", *_CHILD_TABLES, "articles_fts")}

    def add(self, a: Article, seq: int, record: str | None = None) -> None:
        t = self.tables
        t["articles"].append((
            a.id, seq, a.source_path, a.record, a.url, a.input_format, a.title, a.subtitle, a.published, a.dateline,
            a.source_name, json.dumps(a.authors, ensure_ascii=False), a.language, a.content_hash, a.duplicate_of,
            a.dup_kind, a.dup_similarity, a.story_id, a.thread_id, record or json.dumps(a.to_dict(), ensure_ascii=False),
            site_of(a)))
        t["paragraphs"] += [(a.id, i, text) for i, text in enumerate(a.body)]
        t["captions"] += [(a.id, i, text) for i, text in enumerate(a.captions)]
        t["comments"] += [(a.id, i, text) for i, text in enumerate(a.comments)]
        t["dropped"] += [(a.id, i, d.kind, d.text) for i, d in enumerate(a.dropped)]
        t["quotes"] += [(a.id, i, q.text, q.speaker, q.speaker_mention, q.cue, q.kind, q.paragraph)
                        for i, q in enumerate(a.quotes)]
        t["entities"] += [(a.id, e.text, e.label, e.count) for e in a.entities]
        if a.duplicate_of is not None:
            t["duplicates"].append((a.id, a.duplicate_of, a.dup_kind, a.dup_similarity))
        t["articles_fts"].append((seq, a.id, a.title or "", "\n\n".join(a.body), "\n".join(a.captions)))

    def insert(self, cur: sqlite3.Cursor, fts_by_seq: bool) -> None:
        for table, rows in self.tables.items():
            if not rows:
                continue
            if table == "articles_fts" and fts_by_seq:
                cur.executemany("INSERT INTO articles_fts(rowid, id, title, body, captions) VALUES (?,?,?,?,?)", rows)
            elif table == "articles_fts":   # a store from before: its search rows are numbered by SQLite
                cur.executemany("INSERT INTO articles_fts(id, title, body, captions) VALUES (?,?,?,?)",
                                [row[1:] for row in rows])
            else:
                cur.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)


def open_store(directory: str | Path) -> Store:
    """Open an existing store in `directory` for reading (raises StoreError if there is none)."""
    return Store.in_dir(directory, create=False)

