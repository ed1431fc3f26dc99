"""Story and thread rows for the store: representative title, time span, sources, timeline."""
from __future__ import annotations

import json
from collections import Counter

from ..store.rows import StoryMember

_json = json.JSONEncoder(ensure_ascii=False).encode   # json.dumps(ensure_ascii=False), one encoder for all calls


def story_row(story_id: str, members: list[StoryMember]) -> dict:
    canonical = [a for a in members if a.duplicate_of is None] or members
    dated = sorted(a.published for a in members if a.published)
    titled = [a for a in canonical if a.title] or canonical
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for article in canonical:
        for text, label, count in article.entities:
            if label == "PERSON":
                people[text] += count
            elif label == "PLACE":
                places[text] += count
    return {
        "story_id": story_id,
        "thread_id": members[0].thread_id,
        "title": titled[0].title or (titled[0].lede[:120] if titled[0].lede else None),
        "first_seen": dated[0] if dated else None,
        "last_seen": dated[-1] if dated else None,
        "article_count": len(members),
        "sources": _json(sorted({a.source_name for a in members if a.source_name})),
        "people": _json([name for name, _ in people.most_common(5)]),
        "places": _json([name for name, _ in places.most_common(5)]),
    }


def _timeline_order(entry: dict) -> tuple:
    return entry["first_seen"] is None, entry["first_seen"] or "", entry["story_id"]


def _timeline_entry(story: dict) -> dict:
    return {"story_id": story["story_id"], "title": story["title"], "first_seen": story["first_seen"],
            "article_count": story["article_count"]}


def _span(dates) -> tuple[str | None, str | None]:
    dated = [d for d in dates if d]
    return (min(dated), max(dated)) if dated else (None, None)


def _thread_row(thread_id: str, timeline: list[dict], span: tuple[str | None, str | None]) -> dict:
    return {
        "thread_id": thread_id,
        "title": timeline[0]["title"],
        "first_seen": span[0],
        "last_seen": span[1],
        "story_count": len(timeline),
        "article_count": sum(entry["article_count"] for entry in timeline),
        "timeline": _json(timeline),
    }


def thread_row(thread_id: str, members: list[dict]) -> dict:
    """A thread's row from its stories' rows; its timeline lists them in time order."""
    members = sorted(members, key=_timeline_order)
    span = _span([s["first_seen"] for s in members] + [s["last_seen"] for s in members])
    return _thread_row(thread_id, [_timeline_entry(s) for s in members], span)


def thread_rows(stories_by_thread: dict[str, list[dict]]) -> list[dict]:
    return [thread_row(thread_id, members) for thread_id, members in stories_by_thread.items() if members]


def grown_thread_row(thread_id: str, stored: tuple[str | None, str | None, str], changed: list[dict]) -> dict:
    """A thread's row from its stored row (first seen, last seen, timeline) and the rows of its stories that
    changed since, when each of those joined it or only grew (none left it, no span shrank): the same row as
    `thread_row` over all its stories, at the cost of the changed ones (a long thread's stories are not read)."""
    first, last, timeline = stored
    ids = {story["story_id"] for story in changed}
    entries = [entry for entry in json.loads(timeline) if entry["story_id"] not in ids]
    entries += [_timeline_entry(story) for story in changed]
    entries.sort(key=_timeline_order)
    span = _span([first, last] + [s["first_seen"] for s in changed] + [s["last_seen"] for s in changed])
    return _thread_row(thread_id, entries, span)


def read_timelines(db, with_articles: bool = False) -> list[dict]:
    """Threads from a store's tables, oldest first, each with its stories in time order (the timeline)."""
    stories = {}
    for row in db.execute("SELECT story_id, thread_id, title, first_seen, last_seen, article_count, sources, people, "
                          "places FROM stories"):
        story_id, thread_id, title, first, last, count, sources, people, places = row
        stories[story_id] = {"story_id": story_id, "title": title, "first_seen": first, "last_seen": last,
                             "article_count": count, "sources": json.loads(sources or "[]"),
                             "people": json.loads(people or "[]"), "places": json.loads(places or "[]")}
    for story_id, after in db.execute(   # undated stories: the date their articles were written after, if known
            "SELECT story_id, MAX(json_extract(record_json, '$.extra.written_after')) FROM articles "
            "WHERE story_id IS NOT NULL GROUP BY story_id"):
        if story_id in stories:
            stories[story_id]["written_after"] = after
    if with_articles:
        for article_id, story_id, title, published, duplicate_of in db.execute(
                "SELECT id, story_id, title, published, duplicate_of FROM articles ORDER BY published IS NULL, "
                "published, seq"):
            if story_id in stories:
                stories[story_id].setdefault("articles", []).append(
                    {"id": article_id, "title": title, "published": published, "duplicate_of": duplicate_of})
    threads = []
    for thread_id, title, first, last, n_stories, n_articles, timeline in db.execute(
            "SELECT thread_id, title, first_seen, last_seen, story_count, article_count, timeline FROM threads "
            "ORDER BY first_seen IS NULL, first_seen, thread_id"):
        entries = [stories.get(entry["story_id"], entry) for entry in json.loads(timeline)]
        # an undated story takes its place in time at the date its articles were written after, if known
        entries.sort(key=lambda e: (e.get("first_seen") or e.get("written_after") or "~"))
        threads.append({"thread_id": thread_id, "title": title, "first_seen": first, "last_seen": last,
                        "story_count": n_stories, "article_count": n_articles, "stories": entries})
    return threads
