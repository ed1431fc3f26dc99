"""Per-article event anchors for story grouping: weighted terms, names, numbers, years, date.

Two articles about two events of the same kind share vocabulary; what tells them apart
are the anchors (who, where, how many, when), so each is kept as its own set here.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..article import Article
from ..describe.dates import MONTHS, WEEKDAYS, day_mentions, has_digit
from ..describe.entities import find_entities
from .timing import WRITTEN_AFTER, infer_written_after, latest_past_year

STOP_WORDS = frozenset("""
a about above after again against all almost also although always am among an and another any are around as at
be became because become been before being below between both but by can cannot could did do does doing done down
during each either else even ever every few for from further get gets got had has have having he her here hers
herself him himself his how however i if in into is it its itself just last least less like made make many may me
might more most much must my myself near neither never new next no nor not now of off often on once one only or
other others our ours ourselves out over own per perhaps put rather really said same say says see seen several
shall she should since so some still such than that the their theirs them themselves then there these they this
those though through thus to too toward under until up upon us very via was we well were what whatever when where
whether which while who whom whose why will with within without would yet you your yours yourself yourselves
told according added including including told today
yesterday week weeks year years day days time times people percent mr mrs ms dr two three four five six seven
eight nine ten first second third week's today's news report reports reported reporting reuters ap afp
""".split()) | frozenset(WEEKDAYS)


_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")


def _tidy(word: str) -> str:
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.strip("'-")


def words(text: str) -> list[str]:
    """Lower-cased word tokens without possessive endings."""
    lowered = text.lower()
    found = _WORD.findall(lowered)
    if "'" not in lowered and "’" not in lowered and "-" not in lowered:
        return found   # no word to tidy
    out = []
    for word in found:
        if "'" in word or "’" in word or word[-1] == "-":
            word = _tidy(word)
            if not word:
                continue
        out.append(word)
    return out


_SKIP = STOP_WORDS | frozenset(MONTHS)


def content_terms(text: str) -> list[str]:
    """Words worth weighting: no stop words, no month names, at least three letters."""
    return [w for w in words(text) if len(w) > 2 and w not in _SKIP]


def mentioned_days(text: str) -> frozenset[str]:
    """Calendar days the text names ("November 10", "10 Nov") as MM-DD: when the events it reports happened."""
    return frozenset(f"{m.month:02d}-{m.day:02d}" for m in day_mentions(text))


def _numbers_and_years(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Counts and amounts in the text (not days of a month), and the years it names."""
    numbers: set[str] = set()
    years: set[str] = set()
    if not has_digit(text):
        return frozenset(), frozenset()
    for match in _NUMBER.finditer(text):
        raw = match.group(1).replace(",", "")
        before = text[max(0, match.start() - 12):match.start()].lower()
        after = text[match.end():match.end() + 12].lower()
        if len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2100:
            years.add(raw)
            continue
        if any(before.rstrip(" .").endswith(m) for m in MONTHS) or any(after.lstrip().startswith(m) for m in MONTHS):
            continue  # a day of a month: part of a date, not a count
        if after.lstrip().startswith((":", "a.m", "p.m", "am ", "pm ")) or before.endswith(":"):
            continue  # a time of day
        try:
            value = float(raw)
        except ValueError:
            continue
        if value < 2 and "." not in raw:
            continue
        numbers.add(raw.lstrip("0") or "0")
    return frozenset(numbers), frozenset(years)


def _name_key(name: str) -> str:
    return " ".join(words(name))


@dataclass(slots=True)
class ArticleSignals:
    """What the grouper compares: term counts, title terms, names by kind, numbers, years, date."""

    terms: Counter
    title_terms: frozenset
    lead: Counter              # terms of the headline and the first sentence: what happened
    proper: Counter            # capitalised words inside sentences, with counts (names the entity rules may miss)
    people: frozenset          # surnames of people
    cast: dict                 # surname -> share of the article's mentions of people: who it is about
    places: frozenset
    orgs: frozenset
    numbers: frozenset
    years: frozenset
    days: frozenset            # calendar days named in the text (MM-DD)
    published: str | None
    keys: list = field(default_factory=list)  # index keys, filled by the grouper
    written_after: str | None = None  # undated articles: a sure lower bound on their date (filled by the grouper)
    year: int | None = None    # the year it was written in: its date's, else the latest past year it names


_CAPITAL = re.compile(r"(?<=[a-z,;:)] )([A-Z][\w'’-]+)")


def article_signals(article: Article) -> ArticleSignals:
    """The event anchors of one article (its entities come from describe when it ran)."""
    title = article.title or ""
    body = "\n".join(article.body)
    if not title and article.body:
        title = article.body[0]
    text = title + "\n" + body
    title_terms = content_terms(title)
    terms = Counter(content_terms(body))
    terms.update(title_terms)
    terms.update(title_terms)  # the headline counts twice: it says what the event is
    entities = article.entities or find_entities(([article.title] if article.title else []) + article.body)
    people, places, orgs = set(), set(), set()
    mentions: Counter = Counter()
    for entity in entities:
        key = _name_key(entity.text)
        if not key:
            continue
        if entity.label == "PERSON":
            people.add(key.split()[-1])
            mentions[key.split()[-1]] += entity.count
        elif entity.label == "PLACE":
            places.add(key)
        elif entity.label == "ORG":
            orgs.add(key)
    if article.dateline:
        places.add(_name_key(article.dateline))
    proper: Counter = Counter()
    for token in _CAPITAL.findall(text):
        word = _tidy(token.lower())
        if len(word) > 2 and word not in _SKIP:
            proper[word] += 1
    numbers, years = _numbers_and_years(text)
    first = article.body[0] if article.body and article.body[0] != title else (article.body[1:2] or [""])[0]
    lead = Counter(title_terms)
    lead.update(content_terms(first))
    norm = math.sqrt(sum(c * c for c in mentions.values())) or 1.0
    dated = article.published and article.published[:4].isdigit()
    year = int(article.published[:4]) if dated else latest_past_year(text)
    return ArticleSignals(year=year, terms=terms, title_terms=frozenset(title_terms), lead=lead, proper=proper,
                          people=frozenset(people), cast={k: c / norm for k, c in mentions.items()}, places=frozenset(places), orgs=frozenset(orgs),
                          numbers=numbers, years=years, days=mentioned_days(text), published=article.published)


def signals_and_bound(article: Article):
    """The article's anchors, and for an undated one the date it was written after (None if unknown)."""
    signals = article_signals(article)
    bound = None
    if not article.published:
        bound, sure = infer_written_after((article.title or "") + "\n" + "\n".join(article.body))
        if sure:
            signals.written_after = bound
    return signals, bound or None


def signals_for(article: Article):
    """The article's anchors; an undated one also gets the date it was written after (kept in `extra`)."""
    signals, bound = signals_and_bound(article)
    if bound:
        article.extra[WRITTEN_AFTER] = bound
    return signals
