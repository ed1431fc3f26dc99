"""End-of-run who-did-what check: a story whose articles lead with two different people is two events.

Two events of one kind share place, vocabulary and often most of their cast (one boxer, two title
defences; one team, two players put on injured reserve), so similarity alone lets the second event's
first article join the first event's story, and the rest follow. What still tells them apart is whom
the headline and first sentence are about. Within such a mixed story two people each lead a good
share of the articles and almost never lead the same one; the story is split between them, and an
article that leads with neither goes to the half it scores higher against. Only stories started by
this run are looked at, so `--append` never splits stored stories.
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

from .features import pair_features
from .profile import StoryProfile
from .refine import Placement

MIN_LEADS = 3          # each of the two people leads at least this many articles of the story
MIN_SHARE = 0.2        # ... and at least this share of them
MAX_TOGETHER = 0.15    # they lead the same article in at most this share of the smaller side
MIN_COVER = 0.6        # between them they lead at least this share of the story


def lead_people(item: Placement) -> frozenset[str]:
    """The people (surnames) the article's headline or first sentence names: whom it is about."""
    return frozenset(name for name in item.signals.people if name in item.signals.lead)


def rival_leads(members: list[Placement]) -> tuple[str, str] | None:
    """The two people who lead the story's articles apart, or None when the story has no such pair."""
    leads = [lead_people(item) for item in members]
    counts = Counter(name for names in leads for name in names)
    floor = max(MIN_LEADS, MIN_SHARE * len(members))
    frequent = sorted(name for name, n in counts.items() if n >= floor)
    best, best_key = None, None
    for a, b in combinations(frequent, 2):
        together = sum(1 for names in leads if a in names and b in names)
        if together > MAX_TOGETHER * min(counts[a], counts[b]):
            continue
        cover = sum(1 for names in leads if a in names or b in names)
        if cover < MIN_COVER * len(members):
            continue
        key = (cover - together, min(counts[a], counts[b]), a, b)   # deterministic: best cover, then names
        if best_key is None or key > best_key:
            best, best_key = (a, b), key
    return best


def _profile(story_id: str, seq: int, members: list[Placement]) -> StoryProfile:
    profile = StoryProfile(story_id, seq=seq)
    for item in members:
        profile.add(item.signals, item.vectors, item.title)
    return profile


def split_halves(grouper, members: list[Placement], pair: tuple[str, str]) -> tuple[list, list]:
    """The story's articles in two halves: those led by each person, the rest where they score higher."""
    first, second, rest = [], [], []
    for item in members:
        names = lead_people(item)
        if pair[0] in names and pair[1] not in names:
            first.append(item)
        elif pair[1] in names and pair[0] not in names:
            second.append(item)
        else:
            rest.append(item)
    one, two = _profile("", 0, first), _profile("", 0, second)
    for item in rest:
        score_one = grouper.model.score(pair_features(item.signals, item.vectors, one, grouper.active))
        score_two = grouper.model.score(pair_features(item.signals, item.vectors, two, grouper.active))
        (first if score_one >= score_two else second).append(item)
    return first, second


def split_mixed_stories(grouper, placed: list[Placement], first_new: int, new_story_id) -> int:
    """Split every story of this run whose articles lead with two rival people; returns how many splits."""
    members: dict[int, list[Placement]] = {}
    for item in placed:
        item.story = grouper.live(item.story)
        members.setdefault(item.story, []).append(item)
    queue = sorted(number for number in members if number >= first_new)
    splits = 0
    while queue:
        number = queue.pop(0)
        group = members[number]
        pair = rival_leads(group)
        if pair is None:
            continue
        first, second = split_halves(grouper, group, pair)   # both non-empty: each person leads alone somewhere
        if any(item is group[0] for item in second):   # the half holding the story's first article keeps its id
            first, second = second, first
        old = grouper.stories[number]
        grouper.stories[number] = _profile(old.story_id, old.seq, first)
        fresh = len(grouper.stories)
        grouper.stories.append(_profile(new_story_id(second[0].article_id), fresh, second))
        grouper.apart.add((number, fresh))
        for item in second:
            item.story = fresh
            grouper.index.add(fresh, item.keys)
        members[number], members[fresh] = first, second
        queue += [number, fresh]   # a half may itself hold two events
        splits += 1
    return splits
