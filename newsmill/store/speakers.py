"""Who speaks in the corpus: the `speakers` table, derived from the `quotes` table, and quotes in time order.

Only canonical articles count (a copy repeats its canonical's quotes). `aliases` are the names the speaker was
written as (pronouns and role phrases left out), including a surname another article used alone ("Lavrov" under
"Sergei Lavrov"). A run rebuilds only the families of the speakers whose quotes it changed (a family: the names
sharing a last word, which is all that folding a lone surname looks at), so an append costs what it adds and the
table stays what a rebuild from every quote would give.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Collection

SPEAKERS_SCHEMA = """
CREATE TABLE IF NOT EXISTS speakers (
    speaker TEXT PRIMARY KEY, aliases TEXT, quote_count INTEGER, first_quote TEXT, last_quote TEXT, family TEXT)
"""
SPEAKERS_FAMILY_INDEX = "CREATE INDEX IF NOT EXISTS speakers_family ON speakers(family)"


@dataclass(slots=True)
class Speaker:
    speaker: str
    aliases: list[str]
    quote_count: int
    first_quote: str | None
    last_quote: str | None


@dataclass(slots=True)
class QuoteRow:
    """One stored quote with the article and story it belongs to."""

    published: str | None
    article_id: str
    story_id: str | None
    title: str | None
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    kind: str
    text: str

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def _is_alias(mention: str | None, speaker: str) -> bool:
    """A mention that names the speaker ("Lavrov", "Mr. Obama"), not "he" or "the minister"."""
    return bool(mention) and mention != speaker and mention[:1].isupper() and \
        any(word in speaker for word in mention.replace(".", " ").split() if word[:1].isupper())


def _fold_surnames(found: dict[str, Speaker]) -> None:
    """"Lavrov" (an article that never gives the first name) is the corpus's one "… Lavrov", if there is one."""
    full: dict[str, list[str]] = {}
    for name in found:
        if " " in name:
            full.setdefault(name.rsplit(" ", 1)[1], []).append(name)
    for name in [n for n in found if " " not in n and len(full.get(n, [])) == 1]:
        short, target = found.pop(name), found[full[name][0]]
        target.quote_count += short.quote_count
        target.aliases = sorted(set(target.aliases) | {name} | set(short.aliases))
        for day in (short.first_quote, short.last_quote):
            if day:
                target.first_quote = min(target.first_quote or day, day)
                target.last_quote = max(target.last_quote or day, day)


def _names(db: sqlite3.Connection, query: str) -> dict[str, str]:
    """Every stored speaker name of the speakers whose name or alias contains `query`, mapped to the canonical."""
    names = {}
    needle = query.casefold()
    for speaker, aliases in db.execute("SELECT speaker, aliases FROM speakers"):
        written = [speaker, *json.loads(aliases or "[]")]
        if any(needle in name.casefold() for name in written):
            names.update({name: speaker for name in written})
    return names


def family(name: str) -> str:
    """The last word of a speaker's name: a lone surname folds only into a full name of its own family."""
    return name.rsplit(" ", 1)[-1]


def _table_is_current(db: sqlite3.Connection) -> bool:
    columns = {row[1] for row in db.execute("PRAGMA table_info(speakers)")}
    return "family" in columns


def _note_family_names(db: sqlite3.Connection, families: list[str], changed: Collection[str]) -> None:
    """Every speaker name of these families into `temp.refreshed_speakers`: the changed ones, the stored rows',
    and each family's own word (a lone surname, folded into a full name's row or not)."""
    names = set(changed) | set(families)
    for start in range(0, len(families), 500):
        chunk = families[start:start + 500]
        names.update(row[0] for row in db.execute(
            f"SELECT speaker FROM speakers WHERE family IN ({','.join('?' * len(chunk))})", chunk))
    db.execute("CREATE TEMP TABLE IF NOT EXISTS refreshed_speakers (name TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.refreshed_speakers")
    db.executemany("INSERT INTO temp.refreshed_speakers VALUES (?)", [(name,) for name in names])


def refresh_speakers(db: sqlite3.Connection, changed: Collection[str] | None = None) -> list[Speaker]:
    """Rebuild the speakers table from the quotes of canonical articles: whole (`changed` None), or only the
    families of the `changed` speaker names. Returns the rows rebuilt, most quoted first."""
    if not _table_is_current(db):   # none yet, or one from before families: made whole
        db.execute("DROP TABLE IF EXISTS speakers")
        changed = None
    db.execute(SPEAKERS_SCHEMA)   # not executescript: that would commit the run's writes half-way
    db.execute(SPEAKERS_FAMILY_INDEX)
    where, canonical, families = "", "a.duplicate_of IS NULL", []
    if changed is not None:
        families = sorted({family(name) for name in changed})
        if not families:
            return []
        _note_family_names(db, families, changed)
        where = "AND q.speaker IN (SELECT name FROM temp.refreshed_speakers) "
        canonical = "+a.duplicate_of IS NULL"   # not through its index: the speakers' quotes come first
    # one row per (speaker, mention): SQLite does the counting (through the speaker index for a few families)
    rows = db.execute(
        "SELECT q.speaker, q.speaker_mention, COUNT(*), MIN(a.published), MAX(a.published) "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
        f"WHERE q.speaker IS NOT NULL AND {canonical} {where}"
        "GROUP BY q.speaker, q.speaker_mention").fetchall()
    found: dict[str, Speaker] = {}
    for speaker, mention, count, first, last in rows:
        entry = found.setdefault(speaker, Speaker(speaker, [], 0, None, None))
        entry.quote_count += count
        if _is_alias(mention, speaker) and mention not in entry.aliases:
            entry.aliases.append(mention)
        if first:
            entry.first_quote = min(entry.first_quote or first, first)
            entry.last_quote = max(entry.last_quote or last, last)
    _fold_surnames(found)
    speakers = sorted(found.values(), key=lambda s: (-s.quote_count, s.speaker))
    if changed is None:
        db.execute("DELETE FROM speakers")
    else:
        for start in range(0, len(families), 500):
            chunk = families[start:start + 500]
            db.execute(f"DELETE FROM speakers WHERE family IN ({','.join('?' * len(chunk))})", chunk)
    db.executemany("INSERT INTO speakers VALUES (?,?,?,?,?,?)",
                   [(s.speaker, json.dumps(sorted(s.aliases), ensure_ascii=False), s.quote_count, s.first_quote,
                     s.last_quote, family(s.speaker)) for s in speakers])
    return speakers


def read_speakers(db: sqlite3.Connection) -> list[Speaker]:
    """The speakers table as a run left it, most quoted first (made whole first if the store has none yet)."""
    if not _table_is_current(db):
        return refresh_speakers(db)
    return [Speaker(speaker, json.loads(aliases or "[]"), count, first, last) for speaker, aliases, count, first, last
            in db.execute("SELECT speaker, aliases, quote_count, first_quote, last_quote FROM speakers "
                          "ORDER BY quote_count DESC, speaker")]


def quotes_in_time_order(db: sqlite3.Connection, *, speaker: str | None = None, story: str | None = None,
                         since: str | None = None) -> list[QuoteRow]:
    """Quotes of canonical articles, oldest first (undated last).

    `speaker` matches any part of a speaker's name or aliases in the speakers table (refresh it first); the rows
    then name the speaker by its corpus-wide canonical form ("Lavrov" -> "Sergei Lavrov").
    """
    where: list[str] = ["a.duplicate_of IS NULL"]
    params: list[str] = []
    canonical: dict[str, str] = {}
    if speaker:
        canonical = _names(db, speaker)
        where.append(f"q.speaker IN ({','.join('?' * len(canonical))})" if canonical else "0")
        params += list(canonical)
    if story:
        where.append("a.story_id = ?")
        params.append(story)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    sql = ("SELECT a.published, a.id, a.story_id, a.title, q.speaker, q.speaker_mention, q.cue, q.kind, q.text "
           "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE " + " AND ".join(where) +
           " ORDER BY a.published IS NULL, a.published, a.seq, q.idx")
    rows = [QuoteRow(*row) for row in db.execute(sql, params)]
    for row in rows:
        row.speaker = canonical.get(row.speaker, row.speaker)
    return rows
