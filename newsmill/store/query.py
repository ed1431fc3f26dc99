"""Reading the stored corpus selectively: filters (date, language, source, canonicals) and ranked search.

One `ArticleFilter` serves `search` and `export`, so both commands take the same
options and mean the same thing by them.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from ..article import Article

_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which stored articles to keep. Dates are ISO days (inclusive); an undated article fails a date bound.

    `source` matches the article's source name (case-insensitive) or its URL's host
    or a subdomain of it ("bbc.co.uk" matches www.bbc.co.uk and news.bbc.co.uk).
    `languages` are ISO 639-1 codes.
    """

    since: str | None = None
    until: str | None = None
    languages: tuple[str, ...] = ()
    source: str | None = None
    canonical_only: bool = False

    def __post_init__(self) -> None:
        for value in (self.since, self.until):
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"--since {self.since} is after --until {self.until}")

    def where(self, table: str = "a") -> tuple[str, list[object]]:
        """A SQL condition over the articles table (aliased `table`) and its parameters ("1" when no filter)."""
        parts: list[str] = []
        params: list[object] = []
        if self.since:
            parts.append(f"{table}.published >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"substr({table}.published, 1, 10) <= ?")
            params.append(self.until)
        if self.languages:
            parts.append(f"{table}.language IN ({','.join('?' * len(self.languages))})")
            params.extend(code.lower() for code in self.languages)
        if self.source:
            host = self.source.lower().removeprefix("www.")
            hosts = [f"%://{host}/%", f"%://{host}", f"%.{host}/%", f"%.{host}"]  # the site or a subdomain of it
            parts.append(f"(LOWER({table}.source_name) = ? OR "
                         + " OR ".join(f"LOWER({table}.url) LIKE ?" for _ in hosts) + ")")
            params.extend([self.source.lower(), *hosts])
        if self.canonical_only:
            parts.append(f"{table}.duplicate_of IS NULL")
        return (" AND ".join(parts) or "1"), params


def iter_filtered(db: sqlite3.Connection, filters: ArticleFilter) -> Iterator[Article]:
    """Stored articles that pass `filters`, in the order they were first added."""
    condition, params = filters.where("a")
    for (record,) in db.execute(f"SELECT a.record_json FROM articles a WHERE {condition} ORDER BY a.seq", params):
        yield Article.from_dict(json.loads(record))


def one_line(text: str) -> str:
    """A snippet on one line: newlines and runs of spaces become one space."""
    return _WS.sub(" ", text).strip()


def search_rows(db: sqlite3.Connection, query: str, limit: int, filters: ArticleFilter,
                marks: tuple[str, str]) -> list[tuple]:
    """(id, title, body snippet, caption snippet, bm25, duplicate_of, published) rows, best first.

    The query is FTS5 syntax ("exact phrase", OR, NOT, prefix*); if it does not
    parse, its words are searched as plain terms instead.
    """
    condition, params = filters.where("a")
    opening, closing = marks
    sql = (
        "SELECT f.id, a.title, snippet(articles_fts, 2, ?, ?, '…', 16), snippet(articles_fts, 3, ?, ?, '…', 16), "
        "bm25(articles_fts, 0.0, 5.0, 1.0, 0.5) AS score, a.duplicate_of, a.published "
        f"FROM articles_fts f JOIN articles a ON a.id = f.id WHERE articles_fts MATCH ? AND {condition} "
        "ORDER BY score LIMIT ?"
    )
    head = [opening, closing, opening, closing]
    try:
        return db.execute(sql, [*head, query, *params, limit]).fetchall()
    except sqlite3.OperationalError:
        terms = " ".join('"' + term.replace('"', '""') + '"' for term in query.split())
        if not terms:
            return []
        return db.execute(sql, [*head, terms, *params, limit]).fetchall()
