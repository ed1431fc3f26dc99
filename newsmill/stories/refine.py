"""End-of-run second look: each article of the run is scored again against every final story.

A single pass decides early, when the right story may not exist yet or is one article small, and a
story that took in an article of another event keeps attracting that event. Once the run is over,
each article is compared with its own story without itself (leave-one-out) and with its best other
story; it moves when the other story scores higher and at least the join threshold. Deterministic
(articles in placing order, a fixed number of rounds). Only articles of this run that sit in stories
started by this run move, and only into such stories, so `--append` never reshuffles stored stories.
"""
from __future__ import annotations

from dataclasses import dataclass

from .features import pair_features
from .profile import ArticleVectors, StoryProfile
from .signals import ArticleSignals

ROUNDS = 2   # a second round lets articles follow the stories the first round cleaned up
AT_HOME = 0.9   # an article scoring this against its own story without itself stays (none moved on topics <= 17)


@dataclass(slots=True)
class Placement:
    """Where one canonical article of this run went, with what it was compared by."""

    article_id: str
    title: str | None
    signals: ArticleSignals
    vectors: ArticleVectors
    keys: list
    story: int


ROUNDING = 1.0 + 1e-9   # a cosine seen from the other side: the same products, norms of 1 apart by a rounding


@dataclass(slots=True)
class Single:
    """A story this run started, as its first article left it: that article's anchors, what it was compared
    with (story number -> (its version then, the long cosines computed, by name)) and its best score then.

    While the story holds only that article (`as_placed`), its centroids are the article's vectors, so a
    cosine the article had with another story, unchanged since, is also the other way round the two stories'
    or the other story's first article's cosine with it (within ROUNDING): a bound known without comparing."""

    signals: ArticleSignals
    vectors: ArticleVectors
    keys: list
    examined: dict
    p: float
    version: tuple   # the story's own version once the article was in it (StoryProfiles.version)

    def as_placed(self, story: StoryProfile, version: tuple) -> bool:
        """Whether the story (at `version`) is still the profile its article started, with nothing else in
        it and no term pruned."""
        return version == self.version and len(story.body) == len(self.vectors.body) and \
            len(story.names) == len(self.vectors.names)

    def first_look(self, other: int, version: tuple) -> dict[str, float]:
        """The long cosines (by name) the article had with story `other` when placed, if `other` is still at
        `version` (the one it had then); {} otherwise."""
        known = self.examined.get(other)
        return known[1] if known is not None and known[0] == version else {}


def _restore_dates(story: StoryProfile, members: list[Placement]) -> None:
    """Recompute the story's span and written-after bound from the members it still has."""
    dates = [m.signals.published for m in members if m.signals.published]
    story.first, story.last = (min(dates), max(dates)) if dates else (None, None)
    bounds = [m.signals.written_after for m in members if m.signals.written_after]
    story.after = max(bounds) if bounds else None
    if members and story.title_text not in {m.title for m in members}:
        story.title_text = next((m.title for m in members if m.title), None)


def reassign(grouper, placed: list[Placement], first_new: int, rounds: int = ROUNDS) -> int:
    """Move articles to the story that fits them best now; returns how many moves were made."""
    model = grouper.model
    threshold = grouper.threshold
    for item in placed:
        item.story = grouper.live(item.story)
    moves = 0
    touched: set[int] | None = None   # after the first round: the stories that changed
    looked: dict[int, int | None] = {}   # id(placement) -> the best other story it was compared with
    for _ in range(rounds):
        members: dict[int, list[Placement]] = {}
        for item in placed:
            members.setdefault(item.story, []).append(item)
        moved = 0
        changed: set[int] = set()
        for item in placed:
            own = item.story
            if own < first_new or len(members[own]) < 2:
                continue   # a stored story, or a single (the reattach pass has looked at those)
            if touched is not None and own not in touched and grouper.live(looked.get(id(item), -1)) not in touched:
                continue   # nothing it was compared with has changed since
            story = grouper.stories[own]
            rest = story.without(item.signals, item.vectors)
            p_own = model.score(pair_features(item.signals, item.vectors, rest, grouper.active))
            if p_own >= AT_HOME:
                continue
            best, p_best = grouper.best_story(item.signals, item.vectors, item.keys, exclude=own)
            looked[id(item)] = best
            if best is None or best < first_new or p_best < threshold or p_best <= p_own:
                continue
            members[own].remove(item)
            _restore_dates(rest, members[own])
            grouper.stories[own] = rest
            grouper.stories[best].add(item.signals, item.vectors, item.title)
            members.setdefault(best, []).append(item)
            grouper.index.add(best, item.keys)
            item.story = best
            changed.update((own, best))
            moved += 1
            if not members[own]:
                grouper.merged[own] = best   # emptied: its number now leads to where its last article went
        moves += moved
        if not moved:
            break
        touched = changed
    return moves
