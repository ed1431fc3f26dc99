"""What each page shows, read from the store's tables (articles, stories, threads, quotes, duplicates).

Every function takes a read-only connection and returns typed rows; none formats HTML.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from ..article import Article
from .views import AuditLine, DiffLine, Series, Timeline, audit_lines, build_timeline, line_diff

TIMELINE_ROWS = 12
_ARTICLE_COLS = "id, title, published, source_name, language, duplicate_of, dup_kind, dup_similarity, story_id, thread_id"


@dataclass(slots=True)
class ArticleRow:
    id: str
    title: str | None
    published: str | None
    source_name: str | None
    language: str | None
    duplicate_of: str | None
    dup_kind: str | None
    dup_similarity: float | None
    story_id: str | None
    thread_id: str | None
    copies: list[ArticleRow] = field(default_factory=list)


@dataclass(slots=True)
class CorpusCounts:
    articles: int
    copies: int
    stories: int
    threads: int
    quotes: int
    sources: int


@dataclass(slots=True)
class StoryRow:
    story_id: str
    thread_id: str | None
    title: str | None
    first_seen: str | None
    last_seen: str | None
    article_count: int
    sources: list[str]
    people: list[str]
    places: list[str]


@dataclass(slots=True)
class ThreadView:
    thread_id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    story_count: int
    article_count: int
    stories: list[StoryRow]
    timeline: Timeline
    articles: dict[str, list[ArticleRow]] = field(default_factory=dict)  # story id -> its articles (thread page)


@dataclass(slots=True)
class QuoteRow:
    article_id: str
    idx: int
    text: str
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    kind: str
    published: str | None
    article_title: str | None
    story_id: str | None


@dataclass(slots=True)
class SpeakerGroup:
    speaker: str | None
    quotes: list[QuoteRow]


@dataclass(slots=True)
class StoryView:
    story: StoryRow
    articles: list[ArticleRow]  # canonicals first-dated first, their copies folded under them
    timeline: Timeline
    quotes: list[SpeakerGroup]


@dataclass(slots=True)
class ArticleView:
    article: Article
    canonical: ArticleRow | None
    copies: list[ArticleRow]
    story: StoryRow | None
    audit: list[AuditLine]


@dataclass(slots=True)
class SpeakerView:
    name: str
    aliases: list[str]
    total: int
    quotes: list[QuoteRow]
    timeline: Timeline
    suggestions: list[str]


@dataclass(slots=True)
class CopyDiff:
    article: ArticleRow
    diff: list[DiffLine]
    added: int
    removed: int


@dataclass(slots=True)
class DuplicateView:
    canonical: ArticleRow
    copies: list[CopyDiff]


def _articles(db: sqlite3.Connection, where: str, args: list) -> list[ArticleRow]:
    return [ArticleRow(*row) for row in db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE {where}", args)]


def _fold_copies(rows: list[ArticleRow]) -> list[ArticleRow]:
    """Canonicals in date order with their copies nested; a copy whose canonical is absent stays on top."""
    rows.sort(key=lambda r: (r.published is None, r.published or "", r.id))
    by_id = {r.id: r for r in rows}
    top = []
    for row in rows:
        if row.duplicate_of and row.duplicate_of in by_id:
            by_id[row.duplicate_of].copies.append(row)
        else:
            top.append(row)
    return top


def _story_row(row: tuple) -> StoryRow:
    story_id, thread_id, title, first, last, count, sources, people, places = row
    return StoryRow(story_id, thread_id, title, first, last, count or 0, json.loads(sources or "[]"),
                    json.loads(people or "[]"), json.loads(places or "[]"))


_STORY_COLS = "story_id, thread_id, title, first_seen, last_seen, article_count, sources, people, places"


def corpus_counts(db: sqlite3.Connection) -> CorpusCounts:
    one = lambda sql: db.execute(sql).fetchone()[0]
    return CorpusCounts(articles=one("SELECT COUNT(*) FROM articles"), copies=one("SELECT COUNT(*) FROM duplicates"),
                        stories=one("SELECT COUNT(*) FROM stories"), threads=one("SELECT COUNT(*) FROM threads"),
                        quotes=one("SELECT COUNT(*) FROM quotes"),
                        sources=one("SELECT COUNT(DISTINCT source_name) FROM articles"))


def _thread_view(db: sqlite3.Connection, row: tuple, story_limit: int | None) -> ThreadView:
    thread_id, title, first, last, story_count, article_count = row
    stories = [_story_row(r) for r in db.execute(
        f"SELECT {_STORY_COLS} FROM stories WHERE thread_id = ? "
        "ORDER BY first_seen IS NULL, first_seen, story_id", (thread_id,))]
    shown = stories[:story_limit] if story_limit else stories
    per_day: dict[str, Counter] = {s.story_id: Counter() for s in shown}
    if shown:
        for story_id, day, n in db.execute(
                f"SELECT story_id, COALESCE(published, ''), COUNT(*) FROM articles WHERE story_id IN "
                f"({','.join('?' * len(shown))}) GROUP BY story_id, published", [s.story_id for s in shown]):
            per_day[story_id][day] += n
    timeline = build_timeline([Series(s.title or s.story_id, f"/stories/{s.story_id}",
                                      {d: n for d, n in per_day[s.story_id].items() if d}, per_day[s.story_id][""])
                               for s in shown])
    return ThreadView(thread_id, title, first, last, story_count or 0, article_count or 0, stories, timeline)


_THREAD_COLS = "thread_id, title, first_seen, last_seen, story_count, article_count"


def threads(db: sqlite3.Connection, offset: int, limit: int) -> tuple[list[ThreadView], int]:
    """The largest threads first, each with the timeline of its first stories."""
    total = db.execute("SELECT COUNT(*) FROM threads").fetchone()[0]
    rows = db.execute(f"SELECT {_THREAD_COLS} FROM threads ORDER BY article_count DESC, thread_id LIMIT ? OFFSET ?",
                      (limit, offset)).fetchall()
    return [_thread_view(db, row, TIMELINE_ROWS) for row in rows], total


def thread(db: sqlite3.Connection, thread_id: str) -> ThreadView | None:
    row = db.execute(f"SELECT {_THREAD_COLS} FROM threads WHERE thread_id = ?", (thread_id,)).fetchone()
    if row is None:
        return None
    view = _thread_view(db, row, None)
    ids = [s.story_id for s in view.stories]
    members = _articles(db, f"story_id IN ({','.join('?' * len(ids))})", ids) if ids else []
    for article in _fold_copies(members):
        view.articles.setdefault(article.story_id or "", []).append(article)
    return view


def _quotes(db: sqlite3.Connection, where: str, args: list, limit: int = -1, offset: int = 0) -> list[QuoteRow]:
    return [QuoteRow(*row) for row in db.execute(
        "SELECT q.article_id, q.idx, q.text, q.speaker, q.speaker_mention, q.cue, q.kind, a.published, a.title, "
        f"a.story_id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where} "
        "ORDER BY a.published IS NULL, a.published, a.seq, q.idx LIMIT ? OFFSET ?", [*args, limit, offset])]


def story(db: sqlite3.Connection, story_id: str) -> StoryView | None:
    row = db.execute(f"SELECT {_STORY_COLS} FROM stories WHERE story_id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    members = _articles(db, "story_id = ?", [story_id])
    by_source: dict[str, Counter] = {}
    for a in members:
        by_source.setdefault(a.source_name or "(unknown source)", Counter())[a.published or ""] += 1
    biggest = sorted(by_source.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:TIMELINE_ROWS]
    timeline = build_timeline([Series(name, "", {d: n for d, n in days.items() if d}, days[""])
                               for name, days in biggest])
    groups: dict[str | None, list[QuoteRow]] = {}
    for quote in _quotes(db, "a.story_id = ? AND a.duplicate_of IS NULL", [story_id]):
        groups.setdefault(quote.speaker, []).append(quote)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or ""))
    return StoryView(_story_row(row), _fold_copies(members), timeline, [SpeakerGroup(k, v) for k, v in ordered])


def article(db: sqlite3.Connection, article_id: str) -> ArticleView | None:
    row = db.execute("SELECT record_json FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    record = Article.from_dict(json.loads(row[0]))
    canonical = None
    if record.duplicate_of:
        found = _articles(db, "id = ?", [record.duplicate_of])
        canonical = found[0] if found else None
    copies = _articles(db, "duplicate_of = ?", [record.id])
    story_rows = db.execute(f"SELECT {_STORY_COLS} FROM stories WHERE story_id = ?", (record.story_id,)).fetchall()
    return ArticleView(record, canonical, copies, _story_row(story_rows[0]) if story_rows else None,
                       audit_lines(record))


def _speaker_entry(db: sqlite3.Connection, name: str, tables: set[str]) -> list[str]:
    """Aliases from a `speakers` table when the store has one (written by the quotes stage)."""
    if "speakers" not in tables:
        return []
    columns = [r[1] for r in db.execute("PRAGMA table_info(speakers)")]
    key = next((c for c in ("name", "speaker", "canonical", "canonical_name") if c in columns), None)
    if key is None or "aliases" not in columns:
        return []
    row = db.execute(f"SELECT aliases FROM speakers WHERE {key} = ?", (name,)).fetchone()
    if not row or not row[0]:
        return []
    try:
        aliases = json.loads(row[0])
    except (TypeError, ValueError):
        aliases = [a.strip() for a in str(row[0]).split(";")]
    return [str(a) for a in aliases if a and a != name]


def speaker(db: sqlite3.Connection, name: str, tables: set[str], offset: int, limit: int) -> SpeakerView:
    """One person's quotes over time (copies left out: a copy repeats its canonical's quotes)."""
    every = _quotes(db, "q.speaker = ? AND a.duplicate_of IS NULL", [name])  # one pass over quotes
    total = len(every)
    per_day = Counter(q.published or "" for q in every)
    timeline = build_timeline([Series(name, "", {d: n for d, n in per_day.items() if d}, per_day[""])] if total else [])
    suggestions: list[str] = []
    if total == 0:
        words = [w for w in name.split() if len(w) > 2][-2:]
        for word in words:
            suggestions += [s for (s,) in db.execute(
                "SELECT DISTINCT speaker FROM quotes WHERE speaker LIKE ? ESCAPE '\\' LIMIT 5",
                ("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",))
                if s not in suggestions]
    return SpeakerView(name, _speaker_entry(db, name, tables), total, every[offset:offset + limit], timeline,
                       suggestions[:8])


def top_speakers(db: sqlite3.Connection, limit: int) -> list[tuple[str, int]]:
    return db.execute("SELECT speaker, COUNT(*) AS n FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker "
                      "ORDER BY n DESC, speaker LIMIT ?", (limit,)).fetchall()


def duplicates(db: sqlite3.Connection, article_id: str) -> DuplicateView | None:
    """A canonical and its copies (from either's id), each copy diffed against the canonical."""
    found = _articles(db, "id = ?", [article_id])
    if not found:
        return None
    canonical_id = found[0].duplicate_of or found[0].id
    canonical = _articles(db, "id = ?", [canonical_id])
    if not canonical:
        return None
    copies = _articles(db, "duplicate_of = ?", [canonical_id])
    bodies: dict[str, list[str]] = {}
    ids = [canonical_id, *[c.id for c in copies]]
    for aid, text in db.execute(f"SELECT article_id, text FROM paragraphs WHERE article_id IN "
                                f"({','.join('?' * len(ids))}) ORDER BY article_id, idx", ids):
        bodies.setdefault(aid, []).append(text)
    diffs = []
    for copy in copies:
        diff = line_diff(bodies.get(canonical_id, []), bodies.get(copy.id, []))
        diffs.append(CopyDiff(copy, diff, sum(d.op == "added" for d in diff), sum(d.op == "removed" for d in diff)))
    return DuplicateView(canonical[0], diffs)

