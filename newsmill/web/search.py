"""Faceted full-text search over the store's FTS5 index, for the web UI.

The user's words never reach FTS5 as syntax: each word becomes a quoted FTS5 string, so
`flood"`, a lone `"` or `<script>` are plain words. Supported: "exact phrases", word* prefixes,
OR between terms, -word to exclude. Each page ranks every match by BM25 inside SQLite and reads
the articles of only the best SCOPE after the cursor: the page, its copies folded, and the facets
come from those (exact whenever a query has at most SCOPE matches; the total is always exact).
"""
from __future__ import annotations

import base64
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from .views import MARK_CLOSE, MARK_OPEN, marked_html

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])")
FACET_SIZE = 12
SCOPE = 1000  # matches read per page: facets are counted over these
FACETS = ("source", "language", "month", "story", "speaker")


def fts_query(text: str) -> str | None:
    """The user's query as safe FTS5 syntax; None when it holds no searchable word."""
    positive: list[str] = []
    negative: list[str] = []
    for match in _TOKEN.finditer(text[:500]):
        phrase, token = match.group(1), match.group(2)
        if token == "OR":
            if positive and positive[-1] != "OR":
                positive.append("OR")
            continue
        target = positive
        if token and token.startswith("-") and len(token) > 1:
            target, token = negative, token[1:]
        words = _WORD.findall(phrase if phrase is not None else token)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if token and token.endswith("*") and len(words) == 1:
            term += "*"
        target.append(term)
    while positive and positive[-1] == "OR":
        positive.pop()
    if not positive:
        return None
    query = " ".join(positive)
    if negative:
        query = f"({query}) NOT ({' OR '.join(negative)})"
    return query


@dataclass(slots=True)
class SearchParams:
    """Everything that defines a results page; the URL carries all of it."""

    q: str = ""
    source: str | None = None
    language: str | None = None
    month: str | None = None
    story: str | None = None
    speaker: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    copies: bool = False  # True: list copies on their own instead of folding them under their canonical
    cursor: str | None = None
    limit: int = 20


@dataclass(slots=True)
class Hit:
    id: str
    title: str | None
    published: str | None
    source_name: str | None
    language: str | None
    story_id: str | None
    duplicate_of: str | None
    score: float
    folded_copies: list[str] = field(default_factory=list)
    title_html: str = ""
    snippet_html: str = ""


@dataclass(slots=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(slots=True)
class SearchResult:
    params: SearchParams
    fts: str | None
    total: int  # matching articles (copies included), exact
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    months: list[FacetValue]  # every month among the facet scope, in time order (the count-over-time chart)
    facet_scope: int  # how many of the best matches the facets count (== total unless it exceeds SCOPE)
    next_cursor: str | None


@dataclass(slots=True)
class _Row:
    rowid: int
    score: float
    id: str
    duplicate_of: str | None
    source_name: str | None
    language: str | None
    published: str | None
    story_id: str | None


def encode_cursor(score: float, rowid: int) -> str:
    return base64.urlsafe_b64encode(f"{score!r}~{rowid}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, int]:
    """(score, rowid) of the last hit shown; ValueError when the cursor was not made by us."""
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    score, rowid = raw.split("~")
    return float(score), int(rowid)


def _filters(params: SearchParams) -> tuple[str, list]:
    clauses, args = [], []
    for column, value in (("a.source_name", params.source), ("a.language", params.language),
                          ("substr(a.published, 1, 7)", params.month), ("a.story_id", params.story)):
        if value:
            clauses.append(f"{column} = ?")
            args.append(value)
    if params.date_from:
        clauses.append("a.published >= ?")
        args.append(params.date_from)
    if params.date_to:
        clauses.append("a.published <= ?")
        args.append(params.date_to)
    if params.speaker:
        clauses.append("a.id IN (SELECT article_id FROM quotes WHERE speaker = ?)")
        args.append(params.speaker)
    return "".join(f" AND {c}" for c in clauses), args


def rowids_aligned(db: sqlite3.Connection) -> bool:
    """True when every FTS row has its article's rowid (the store writes both in step).

    Then a hit joins its article by integer rowid; otherwise by the FTS `id` column, which makes
    SQLite load each hit's whole indexed text.
    """
    try:
        total, fts_rows, same = db.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM articles_fts_content), "
            "(SELECT COUNT(*) FROM articles a JOIN articles_fts_content c ON c.id = a.rowid AND c.c0 = a.id)"
        ).fetchone()
    except sqlite3.Error:  # not the FTS5 layout this was written for: take the slow, always-right join
        return False
    return total == fts_rows == same


_BM25 = "bm25(articles_fts, 0.0, 5.0, 1.0, 0.5)"
_ROW = "a.id, a.duplicate_of, a.source_name, a.language, a.published, a.story_id"
_AFTER = " AND (score > ? OR (score = ? AND f.rowid > ?))"


def _ranked(db: sqlite3.Connection, fts: str, params: SearchParams, aligned: bool,
            after: tuple[float, int] | None) -> list[_Row]:
    """The best SCOPE matches after the cursor, best first (ties by rowid)."""
    where, args = _filters(params)
    cursor_sql, cursor_args = (_AFTER, [after[0], after[0], after[1]]) if after else ("", [])
    join = "a.rowid = t.rowid" if aligned else "a.id = t.id"
    if where:  # filters need each match's article before ranking
        sql = (f"SELECT f.rowid, {_BM25} AS score, {_ROW} FROM articles_fts f JOIN articles a ON "
               f"{'a.rowid = f.rowid' if aligned else 'a.id = f.id'} WHERE articles_fts MATCH ?{where}{cursor_sql} "
               "ORDER BY score, f.rowid LIMIT ?")
        rows = db.execute(sql, [fts, *args, *cursor_args, SCOPE])
    else:  # rank inside FTS5 alone, then read just the articles kept
        sql = (f"SELECT t.rowid, t.score, {_ROW} FROM (SELECT f.rowid AS rowid, {_BM25} AS score"
               f"{'' if aligned else ', f.id AS id'} FROM articles_fts f WHERE articles_fts MATCH ?{cursor_sql} "
               f"ORDER BY score, f.rowid LIMIT ?) t JOIN articles a ON {join} ORDER BY t.score, t.rowid")
        rows = db.execute(sql, [fts, *cursor_args, SCOPE])
    return [_Row(*row) for row in rows]


def _total(db: sqlite3.Connection, fts: str, params: SearchParams, aligned: bool) -> int:
    where, args = _filters(params)
    if not where:
        return db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts,)).fetchone()[0]
    return db.execute(f"SELECT COUNT(*) FROM articles_fts f JOIN articles a ON "
                      f"{'a.rowid = f.rowid' if aligned else 'a.id = f.id'} WHERE articles_fts MATCH ?{where}",
                      [fts, *args]).fetchone()[0]


def _matching(db: sqlite3.Connection, fts: str, ids: list[str], aligned: bool) -> set[str]:
    """Which of these article ids match the query (each probed by rowid, not by scanning the matches)."""
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    if aligned:
        sql = (f"SELECT a.id FROM articles a CROSS JOIN articles_fts f ON f.rowid = a.rowid "
               f"WHERE a.id IN ({marks}) AND articles_fts MATCH ?")
        return {i for (i,) in db.execute(sql, [*ids, fts])}
    return {i for (i,) in db.execute(f"SELECT id FROM articles_fts WHERE articles_fts MATCH ? AND id IN ({marks})",
                                     [fts, *ids])}


def _fold(db: sqlite3.Connection, fts: str, rows: list[_Row], aligned: bool, complete: bool,
          need: int) -> tuple[list[_Row], dict[str, list[str]]]:
    """Copies whose canonical also matches leave the list; their ids are listed under that canonical.

    A canonical among `rows` is known to match. When `rows` are not every match (`complete` is
    False), the canonicals of copies that would be among the first `need` kept rows are asked of
    FTS5 too; further down (facets only) a copy whose canonical ranks past the scope stays listed.
    """
    canonicals = {r.duplicate_of for r in rows if r.duplicate_of}
    if not canonicals:
        return rows, {}
    folded = {r.id for r in rows} & canonicals
    kept = [r for r in rows if r.duplicate_of not in folded]
    asked: set[str] = set()
    while not complete:
        unsure = {r.duplicate_of for r in kept[:need] if r.duplicate_of and r.duplicate_of not in asked}
        found = _matching(db, fts, sorted(unsure), aligned) if unsure else set()
        if not found:
            break
        asked |= unsure
        folded |= found
        kept = [r for r in kept if r.duplicate_of not in folded]
    under: dict[str, list[str]] = {}
    for row in rows:
        if row.duplicate_of in folded:
            under.setdefault(row.duplicate_of, []).append(row.id)
    return kept, under


def _facets(db: sqlite3.Connection, rows: list[_Row]) -> dict[str, list[FacetValue]]:
    counts = {
        "source": Counter(r.source_name for r in rows if r.source_name),
        "language": Counter(r.language for r in rows if r.language),
        "month": Counter(r.published[:7] for r in rows if r.published),
        "story": Counter(r.story_id for r in rows if r.story_id),
    }
    facets = {name: [FacetValue(value, value, n) for value, n in counter.most_common(FACET_SIZE)]
              for name, counter in counts.items()}
    facets["month"].sort(key=lambda f: f.value)
    story_ids = [f.value for f in facets["story"]]
    if story_ids:
        titles = dict(db.execute(f"SELECT story_id, title FROM stories WHERE story_id IN "
                                 f"({','.join('?' * len(story_ids))})", story_ids))
        for value in facets["story"]:
            value.label = titles.get(value.value) or value.value
    ids = [r.id for r in rows]
    speakers: Counter[str] = Counter()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        speakers.update(name for _article, name in db.execute(
            f"SELECT DISTINCT article_id, speaker FROM quotes WHERE article_id IN ({','.join('?' * len(chunk))}) "
            "AND speaker IS NOT NULL", chunk))
    facets["speaker"] = [FacetValue(name, name, n) for name, n in
                         sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]]
    return facets


def _decorate(db: sqlite3.Connection, fts: str, page: list[_Row], others: dict[str, list[str]]) -> list[Hit]:
    """Titles and highlighted snippets for the rows on this page only."""
    if not page:
        return []
    marks = ",".join("?" * len(page))
    shown = {}
    for rowid, title, body, captions in db.execute(
            f"SELECT rowid, highlight(articles_fts, 1, ?, ?), snippet(articles_fts, 2, ?, ?, '…', 24), "
            f"snippet(articles_fts, 3, ?, ?, '…', 24) FROM articles_fts WHERE articles_fts MATCH ? "
            f"AND rowid IN ({marks})", [MARK_OPEN, MARK_CLOSE] * 3 + [fts, *[r.rowid for r in page]]):
        shown[rowid] = (title, body if MARK_OPEN in body or MARK_OPEN not in captions else captions)
    titles = dict(db.execute(f"SELECT id, title FROM articles WHERE id IN ({marks})", [r.id for r in page]))
    hits = []
    for row in page:
        title_marked, snippet = shown.get(row.rowid, ("", ""))
        hits.append(Hit(id=row.id, title=titles.get(row.id), published=row.published, source_name=row.source_name,
                        language=row.language, story_id=row.story_id, duplicate_of=row.duplicate_of,
                        score=float(f"{-row.score:.4g}"), folded_copies=others.get(row.id, []),
                        title_html=marked_html(title_marked) if title_marked else "", snippet_html=marked_html(snippet)))
    return hits


def search(db: sqlite3.Connection, params: SearchParams, aligned: bool = False) -> SearchResult:
    """One page of BM25-ranked hits (best first), the facets, the exact total, the next cursor.

    `aligned`: what rowids_aligned() said of this store (False is always correct, only slower).
    """
    fts = fts_query(params.q)
    if fts is None:
        return SearchResult(params, None, 0, [], {name: [] for name in FACETS}, [], 0, None)
    after = decode_cursor(params.cursor) if params.cursor else None
    rows = _ranked(db, fts, params, aligned, after)
    full = len(rows) == SCOPE  # more matches may lie past this scope
    # Facets describe the whole result, whatever the page: the best SCOPE matches from the start.
    first = rows if after is None else _ranked(db, fts, params, aligned, None)
    total = _total(db, fts, params, aligned) if len(first) == SCOPE else len(first)
    others: dict[str, list[str]] = {}
    if not params.copies:
        rows, others = _fold(db, fts, rows, aligned, after is None and not full, params.limit + 1)
        first = rows if after is None else _fold(db, fts, first, aligned, len(first) < SCOPE, 0)[0]
    page = rows[:params.limit]
    more = len(rows) > params.limit or (full and bool(page))
    cursor = encode_cursor(page[-1].score, page[-1].rowid) if page and more else None
    return SearchResult(params, fts, total, _decorate(db, fts, page, others), _facets(db, first),
                        _per_month(first), min(total, SCOPE), cursor)


def _per_month(rows: list[_Row]) -> list[FacetValue]:
    """Matches per month from the first dated month to the last, empty months included."""
    counts = Counter(r.published[:7] for r in rows if r.published and _MONTH.match(r.published))
    if not counts:
        return []
    year, month = map(int, min(counts).split("-"))
    last, out = max(counts), []
    while (key := f"{year:04d}-{month:02d}") <= last and len(out) < 600:
        out.append(FacetValue(key, key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
