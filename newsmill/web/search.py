"""Faceted full-text search over the store's FTS5 index, for the web UI.

The user's words never reach FTS5 as syntax: each word becomes a quoted FTS5 string, so
`flood"`, a lone `"` or `<script>` are plain words. Supported: "exact phrases", word* prefixes,
OR between terms, -word to exclude. Every match is ranked by BM25 in one query; facets, copy
folding and the keyset cursor are computed from those rows so each page costs one FTS pass.
"""
from __future__ import annotations

import base64
import bisect
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from .views import MARK_CLOSE, MARK_OPEN, marked_html

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
FACET_SIZE = 12
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
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    next_cursor: str | None


@dataclass(slots=True)
class _Row:
    rowid: int
    id: str
    seq: int
    score: float
    duplicate_of: str | None
    source_name: str | None
    language: str | None
    published: str | None
    story_id: str | None


def encode_cursor(score: float, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{score!r}~{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, int]:
    """(score, seq) of the last hit shown; ValueError when the cursor was not made by us."""
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    score, seq = raw.split("~")
    return float(score), int(seq)


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


def _matches(db: sqlite3.Connection, fts: str, params: SearchParams) -> list[_Row]:
    where, args = _filters(params)
    sql = ("SELECT f.rowid, a.id, a.seq, bm25(articles_fts, 0.0, 5.0, 1.0, 0.5), a.duplicate_of, a.source_name, "
           "a.language, a.published, a.story_id FROM articles_fts f JOIN articles a ON a.id = f.id "
           f"WHERE articles_fts MATCH ?{where}")
    return [_Row(*row) for row in db.execute(sql, [fts, *args])]


def _fold(rows: list[_Row]) -> tuple[list[_Row], dict[str, list[str]]]:
    """One row per duplicate group (its best match); the group's other matches listed under it."""
    best: dict[str, _Row] = {}
    others: dict[str, list[str]] = {}
    for row in rows:  # rows arrive best first
        key = row.duplicate_of or row.id
        if key in best:
            others.setdefault(best[key].id, []).append(row.id)
        else:
            best[key] = row
    return list(best.values()), others


def _facets(db: sqlite3.Connection, rows: list[_Row], fts: str, params: SearchParams) -> dict[str, list[FacetValue]]:
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
    where, args = _filters(params)
    facets["speaker"] = [FacetValue(name, name, n) for name, n in db.execute(
        "SELECT q.speaker, COUNT(DISTINCT q.article_id) AS n FROM articles_fts f JOIN articles a ON a.id = f.id "
        f"JOIN quotes q ON q.article_id = a.id WHERE articles_fts MATCH ?{where} AND q.speaker IS NOT NULL "
        f"{'' if params.copies else 'AND a.duplicate_of IS NULL '}"
        "GROUP BY q.speaker ORDER BY n DESC, q.speaker LIMIT ?", [fts, *args, FACET_SIZE])]
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


def search(db: sqlite3.Connection, params: SearchParams) -> SearchResult:
    """One page of BM25-ranked hits (best first), the facets of the whole result, the next cursor."""
    fts = fts_query(params.q)
    if fts is None:
        return SearchResult(params, None, 0, [], {name: [] for name in FACETS}, None)
    rows = _matches(db, fts, params)
    rows.sort(key=lambda r: (r.score, r.seq))
    others: dict[str, list[str]] = {}
    if not params.copies:
        rows, others = _fold(rows)
    facets = _facets(db, rows, fts, params)
    start = 0
    if params.cursor:
        after = decode_cursor(params.cursor)
        start = bisect.bisect_right(rows, after, key=lambda r: (r.score, r.seq))
    page = rows[start:start + params.limit]
    more = start + params.limit < len(rows)
    cursor = encode_cursor(page[-1].score, page[-1].seq) if page and more else None
    return SearchResult(params, fts, len(rows), _decorate(db, fts, page, others), facets, cursor)
