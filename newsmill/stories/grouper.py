"""The online story grouper: each canonical article joins its best candidate story or starts one.

Articles are taken in publication order where dates are known (input order otherwise), so the
result is deterministic; copies join their canonical's story. The state (document frequencies,
story profiles, index, threads) is kept in the store so `--append` extends the same stories.
"""
from __future__ import annotations

import hashlib
import json
import zlib

from ..article import Article
from ..stage import CorpusContext, CorpusStage
from .features import date_gap_days, pair_features, story_similarity
from .index import CandidateIndex, index_keys, story_keys
from .model import StoryModel
from .profile import DocFrequencies, StoryProfile, article_vectors
from .refine import Placement, reassign
from .signals import article_signals
from .split import split_mixed_stories
from .timing import WRITTEN_AFTER, infer_written_after, outside_window
from .threads import ThreadLinker, ThreadProfile, thread_id_for

STATE_KEY = "grouper"
STATE_VERSION = 5


def story_id_for(article_id: str) -> str:
    return "s-" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=6).hexdigest()


def publication_order(articles: list[Article]) -> list[Article]:
    """Dated articles sorted by date (stable) in the places dated articles held; undated stay put."""
    dated_slots = [i for i, a in enumerate(articles) if a.published]
    dated = sorted((articles[i] for i in dated_slots), key=lambda a: a.published)
    ordered = list(articles)
    for slot, article in zip(dated_slots, dated):
        ordered[slot] = article
    return ordered


def signals_for(article: Article):
    """The article's anchors; an undated one also gets the date it was written after (kept in `extra`)."""
    signals = article_signals(article)
    if not article.published:
        bound, sure = infer_written_after((article.title or "") + "\n" + "\n".join(article.body))
        if bound:
            article.extra[WRITTEN_AFTER] = bound
        if sure:
            signals.written_after = bound
    return signals


class StoryGrouper(CorpusStage):
    """Online single-pass grouping of canonical articles into stories, and of stories into threads."""

    name = "stories"

    def __init__(self, model: StoryModel | None = None, *, threshold: float | None = None) -> None:
        self.model = model or StoryModel.load()
        self.threshold = self.model.threshold if threshold is None else threshold
        self.active = self.model.active
        self.df = DocFrequencies()
        self.stories: list[StoryProfile] = []
        self.by_id: dict[str, int] = {}
        self.index = CandidateIndex()
        self.linker = ThreadLinker()
        self.merged: dict[int, int] = {}   # story number -> the story it was merged into
        self.singles: dict[int, tuple] = {}  # stories this run started -> their first article's anchors
        self.placed: list[Placement] = []    # this run's canonical articles, in placing order
        self.apart: set[tuple[int, int]] = set()  # stories split as two events: never merged again

    # -- state ---------------------------------------------------------------
    def load_state(self, blob: bytes | None) -> None:
        if not blob:
            return
        data = json.loads(zlib.decompress(blob))
        if data.get("version") != STATE_VERSION:
            return
        self.df = DocFrequencies.from_dict(data["df"])
        self.stories = [StoryProfile.from_dict(s) for s in data["stories"]]
        self.by_id = {s.story_id: n for n, s in enumerate(self.stories)}
        self.index = CandidateIndex({k: list(v) for k, v in data["index"].items()})
        self.linker = ThreadLinker([ThreadProfile.from_dict(t) for t in data["threads"]])
        self.merged = {int(k): v for k, v in data["merged"].items()}
        self.apart = {tuple(pair) for pair in data.get("apart", [])}

    def state_blob(self) -> bytes:
        data = {"version": STATE_VERSION, "df": self.df.to_dict(), "stories": [s.to_dict() for s in self.stories],
                "index": self.index.to_dict(), "threads": [t.to_dict() for t in self.linker.threads],
                "merged": {str(k): v for k, v in self.merged.items()}, "apart": sorted(self.apart)}
        return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)

    # -- grouping ------------------------------------------------------------
    def best_story(self, signals, vectors, keys, exclude: int | None = None) -> tuple[int | None, float]:
        """The candidate story with the highest score, and that score."""
        best, best_p = None, float("-inf")
        max_gap = self.model.max_gap_days
        seen = {exclude}
        for number in self.index.candidates(keys):
            number = self.live(number)
            if number in seen:
                continue
            seen.add(number)
            story = self.stories[number]
            if max_gap is not None:
                gap = date_gap_days(signals.published, story)
                if gap is not None and gap > max_gap:
                    continue
            if signals.written_after and outside_window(signals.written_after, story.first, story.last):
                continue
            if story.after and outside_window(story.after, signals.published, signals.published):
                continue   # the same veto seen from a dated article: the story holds an article written later
            p = self.model.score(pair_features(signals, vectors, story, self.active))
            if p > best_p:
                best, best_p = number, p
        return best, best_p

    def live(self, number: int) -> int:
        """The story a (possibly merged) story number now belongs to."""
        while number in self.merged:
            number = self.merged[number]
        return number

    def merge_fragments(self, first_new: int) -> None:
        """Merge each story started in this run into an earlier, very similar one (fragments of one event)."""
        threshold = self.model.merge_threshold
        if threshold is None:
            return
        for number in range(first_new, len(self.stories)):
            if number in self.merged:
                continue
            story = self.stories[number]
            keys = story_keys(story)
            best, best_sim = None, threshold
            for other in self.index.candidates(keys):
                other = self.live(other)
                if other >= number or self._apart_in_time(story, self.stories[other]) or self._split(number, other):
                    continue
                similarity = story_similarity(story, self.stories[other], self.model.max_gap_days)
                if similarity >= best_sim:
                    best, best_sim = other, similarity
            if best is not None:
                self.stories[best].absorb(story)
                self.merged[number] = best
                self.index.add(best, keys)

    def reattach_singles(self, singles: dict) -> None:
        """Second look at the one-article stories of this run, now that the other stories have grown.

        An article that came early in its event's coverage met only a story of one or two articles and
        started its own; against the finished story it may score well. Each single (number -> its
        signals, vectors, keys) joins its best other story when that scores at least the model's
        `reattach_threshold`. Deterministic: singles in story order.
        """
        threshold = self.model.reattach_threshold
        if threshold is None:
            return
        for number, (signals, vectors, keys) in sorted(singles.items()):
            if number in self.merged or self.stories[number].size != 1:
                continue
            best, p = self.best_story(signals, vectors, keys, exclude=number)
            if best is None or p < threshold:
                continue
            self.stories[best].absorb(self.stories[number])
            self.merged[number] = best
            self.index.add(best, keys)

    def _split(self, one: int, other: int) -> bool:
        """Whether the two stories were split apart as two events (see split.py)."""
        return (min(one, other), max(one, other)) in self.apart

    def _apart_in_time(self, a: StoryProfile, b: StoryProfile) -> bool:
        """The written-after veto between two stories: one holds an article written after the other ended."""
        return outside_window(a.after, b.first, b.last) or outside_window(b.after, a.first, a.last)

    def place(self, article: Article, signals=None) -> StoryProfile:
        """Put one canonical article into a story (existing or new) and return that story."""
        signals = signals or signals_for(article)
        vectors = article_vectors(signals, self.df)
        keys = index_keys(signals, vectors.body)
        story = self.stories[self.place_prepared(article.id, article.title, signals, vectors, keys)]
        article.story_id = story.story_id
        return story

    def place_prepared(self, article_id: str, title: str | None, signals, vectors, keys) -> int:
        """The single-pass step on an article's ready signals: join the best story or start one; its number."""
        best, p = self.best_story(signals, vectors, keys)
        if best is None or p < self.threshold:
            best = len(self.stories)
            self.singles[best] = (signals, vectors, keys)
            story = StoryProfile(story_id_for(article_id), seq=best)
            self.stories.append(story)
            self.by_id[story.story_id] = best
        self.stories[best].add(signals, vectors, title)
        self.index.add(best, keys)
        self.placed.append(Placement(article_id, title, signals, vectors, keys, best))
        return best

    def finish_pass(self, first_new: int) -> dict[str, int]:
        """After the single pass: second looks (every article, then singles), mixed stories split by who leads
        them, fragments merged (never two split halves); article id -> story."""
        if self.model.reassign:
            reassign(self, self.placed, first_new)
        split_mixed_stories(self, self.placed, first_new, story_id_for)
        self.reattach_singles(self.singles)   # after the second look: singles meet the cleaned-up stories
        self.singles = {}
        self.merge_fragments(first_new)
        placed = {item.article_id: self.live(item.story) for item in self.placed}
        self.placed = []
        return placed

    def run(self, articles: list[Article], context: CorpusContext) -> None:
        store = context.store
        if store is not None:
            self.load_state(store.get_state(self.name, STATE_KEY))
        known_stories = len(self.stories)
        canonicals = [a for a in articles if a.duplicate_of is None]
        signals = {a.id: signals_for(a) for a in canonicals}
        for item in signals.values():
            self.df.add(item.terms)
        for article in publication_order(canonicals):
            self.place(article, signals[article.id])
        placed = self.finish_pass(known_stories)
        for article in canonicals:
            article.story_id = self.stories[placed[article.id]].story_id
        for number in range(known_stories, len(self.stories)):
            if number not in self.merged:
                self.stories[number].thread_id = self.linker.link(self.stories[number], self.df)
        threads = {s.story_id: s.thread_id for n, s in enumerate(self.stories) if n not in self.merged}
        by_id = {a.id: a for a in articles}
        for article in articles:
            if article.duplicate_of is not None:
                self._join_canonical(article, by_id, store)
            article.thread_id = threads.get(article.story_id or "") or thread_id_for(article.story_id or article.id)
        if store is not None:
            store.set_state(self.name, STATE_KEY, self.state_blob())

    def _join_canonical(self, article: Article, by_id: dict[str, Article], store) -> None:
        canonical = by_id.get(article.duplicate_of or "")
        seen = {article.id}
        while canonical is not None and canonical.duplicate_of and canonical.id not in seen:
            seen.add(canonical.id)
            canonical = by_id.get(canonical.duplicate_of)
        if canonical is None and store is not None:
            canonical = store.get_article(article.duplicate_of)
        if canonical is not None and canonical.story_id:
            article.story_id = canonical.story_id
        else:
            article.story_id = story_id_for(article.duplicate_of or article.id)
