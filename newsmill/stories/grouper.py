"""The online story grouper: each canonical article joins its best candidate story or starts one.

Articles are taken in publication order where dates are known (input order otherwise), so the
result is deterministic; copies join their canonical's story. `StoryGrouper` is a corpus step
(newsmill/steps.py): its features are each article's signals, `learn` runs the `Grouping` over them on a
`StoryState` (document frequencies, story profiles, index, threads) that the engine keeps between runs,
and `apply` hands each article its story and thread.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping

from ..article import Article
from ..blobs import squeeze, unsqueeze
from ..steps import CorpusStep, Learned, Recall, State
from .features import MAX_COSINE, date_gap_days, story_similarity
from .index import SecondLooks, index_keys, story_keys
from .model import StoryModel
from .profile import StoryProfile, article_vectors
from .refine import ROUNDING, Placement, Single, reassign
from .signals import ArticleSignals, signals_and_bound, signals_for
from .split import split_mixed_stories
from .state import StoryState
from .timing import WRITTEN_AFTER, outside_window
from .threads import ThreadLinker, thread_id_for



def story_id_for(article_id: str) -> str:
    return "s-" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=6).hexdigest()


def publication_order(articles: list) -> list:
    """Dated articles sorted by date (stable) in the places dated articles held; undated stay put."""
    dated_slots = [i for i, a in enumerate(articles) if a.published]
    dated = sorted((articles[i] for i in dated_slots), key=lambda a: a.published)
    ordered = list(articles)
    for slot, article in zip(dated_slots, dated):
        ordered[slot] = article
    return ordered


MIRRORED = ("cos_body", "cos_names")   # cosines of two one-article stories' centroids: alike both ways round
WINDOW = 5000   # canonical articles placed per window: what a run's second looks hold in memory at once
TRIM_EVERY = 500   # placements between two trims of the decoded story profiles (StoryProfiles.trim)


@dataclass(slots=True)
class StoryFeatures:
    """What grouping reads of one article: its signals when canonical, else only whose copy it is.

    The signals travel packed (pickled and compressed: a tenth of their size in memory) and are
    unpacked only while their window is placed, so a large run holds compact features, not every
    article's term counts."""

    id: str
    title: str | None
    published: str | None
    duplicate_of: str | None
    packed: bytes | None = None   # the ArticleSignals, pickled and compressed; canonical articles only
    written_after: str | None = None
    story_id: str | None = None   # as stored: read when a new copy's canonical is a stored article

    @property
    def signals(self) -> ArticleSignals:
        return pickle.loads(unsqueeze(self.packed))  # type: ignore[arg-type]


class Grouping:
    """One run of the online grouping over a `StoryState` (mutated in place); lives only inside `learn`."""

    def __init__(self, model: StoryModel, threshold: float, state: StoryState) -> None:
        self.model = model
        self.threshold = threshold
        self.active = model.active
        # a first placement scoring below this can join its story neither now nor on the second look
        self.reach = min(threshold, model.reattach_threshold if model.reattach_threshold is not None else threshold)
        self.state = state
        self.df = state.df
        self.stories = state.stories
        self.index = state.index
        self.linker = ThreadLinker(state.threads)
        self.merged = state.merged            # story number -> the story it was merged into
        self.apart = state.apart              # stories split as two events: never merged again
        self.singles: dict[int, Single] = {}   # stories this run started -> their first article's anchors
        self.placed: list[Placement] = []     # this run's canonical articles, in placing order
        self.looks = SecondLooks(self.index)

    # -- grouping ------------------------------------------------------------
    def best_story(self, signals, vectors, keys, exclude: int | None = None, examined: dict | None = None,
                   unchanged: dict | None = None, reach: float = float("-inf"),
                   ceilings: Callable[[int], dict | None] | None = None, remember: bool = False
                   ) -> tuple[int | None, float]:
        """The candidate story with the highest score, and that score; with `reach`, only a story scoring at
        least that is looked for (the others are passed over once shown to score below it: (None, -inf)
        when none does).

        `examined` collects each candidate looked at as number -> (its version (StoryProfiles.version), the
        long cosines computed); a later look passes it as `unchanged` to skip the candidates still at that
        version, whose scores it knows to be lower. `ceilings(number)` may bound a candidate's long cosines;
        `remember` keeps the candidates for a merge look (SecondLooks)."""
        best, best_p = None, float("-inf")
        max_gap = self.model.max_gap_days
        numbers = list(dict.fromkeys(self.live(number) for number in self.looks.candidates(keys, remember)))
        if exclude in numbers:
            numbers.remove(exclude)
        self.stories.read_ahead(numbers)
        for number in numbers:
            story = self.stories[number]
            version = self.stories.version(number)
            if unchanged is not None and unchanged.get(number, (None,))[0] == version:
                continue
            if examined is not None:
                examined[number] = (version, {})
            if max_gap is not None:
                gap = date_gap_days(signals.published, story)
                if gap is not None and gap > max_gap:
                    continue
            if signals.written_after and outside_window(signals.written_after, story.first, story.last):
                continue
            if story.after and outside_window(story.after, signals.published, signals.published):
                continue   # the same veto seen from a dated article: the story holds an article written later
            p = self.model.score_pair(signals, vectors, story, beat=best_p, reach=reach,
                                      ceilings=ceilings(number) if ceilings else None,
                                      computed=examined[number][1] if examined is not None else None)
            if p is not None and p > best_p:
                best, best_p = number, p
        return best, best_p

    def live(self, number: int) -> int:
        """The story a (possibly merged) story number now belongs to."""
        while number in self.merged:
            number = self.merged[number]
        return number

    def merge_fragments(self, first_new: int, singles: Mapping[int, Single] = MappingProxyType({})) -> None:
        """Merge each story started in this run into an earlier, very similar one (fragments of one event).
        A story still as its first article left it passes over the stories that article was compared with
        and that have not changed since, when their body cosine then shows they are not alike enough."""
        threshold = self.model.merge_threshold
        if threshold is None:
            return
        for number in range(first_new, len(self.stories)):
            if number in self.merged:
                continue
            story = self.stories[number]
            keys = story_keys(story)
            best, best_sim = None, threshold
            others = [self.live(other) for other in self.looks.candidates(keys)]
            self.stories.read_ahead([other for other in dict.fromkeys(others) if other < number])
            single = singles.get(number)
            if single is not None and not single.as_placed(story, self.stories.version(number)):
                single = None
            for other in others:
                if other >= number or self._apart_in_time(story, self.stories[other]) or self._split(number, other):
                    continue
                text = single.first_look(other, self.stories.version(other)).get("cos_body") if single else None
                if text is not None and 0.5 * text * ROUNDING + 0.5 * MAX_COSINE < best_sim:
                    continue   # story_similarity would say less than best_sim (its names at most MAX_COSINE)
                similarity = story_similarity(story, self.stories[other], self.model.max_gap_days, best_sim)
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
        signals, vectors, keys, what it was compared with, its best score then) joins its best other story
        when that scores at least the model's `reattach_threshold`. Deterministic: singles in story order.
        """
        threshold = self.model.reattach_threshold
        if threshold is None:
            return
        for number, single in sorted(singles.items()):
            if number in self.merged or self.stories[number].size != 1:
                continue
            # candidates unchanged since it was placed scored below its `p` then, or below `reach` when passed
            # over (reach <= threshold): only the others can take it
            known = single.examined if single.p < threshold else None
            best, p = self.best_story(single.signals, single.vectors, single.keys, exclude=number, unchanged=known,
                                      reach=threshold, ceilings=self._mirrored(number, single, singles),
                                      remember=True)
            if best is None or p < threshold:
                continue
            self.stories[best].absorb(self.stories[number])
            self.merged[number] = best
            self.index.add(best, single.keys)

    def _mirrored(self, number: int, single: Single, singles: Mapping[int, Single]) -> Callable[[int], dict] | None:
        """Ceilings of the single's cosines with other singles as their first articles left them: what each of
        those articles had against this single's story (unchanged since), seen the other way round."""
        if not single.as_placed(self.stories[number], self.stories.version(number)):
            return None

        def ceilings(other: int) -> dict:
            theirs = singles.get(other)
            if theirs is None or not theirs.as_placed(self.stories[other], self.stories.version(other)):
                return {}
            seen = theirs.first_look(number, single.version)
            return {name: seen[name] * ROUNDING for name in MIRRORED if name in seen}
        return ceilings

    def _split(self, one: int, other: int) -> bool:
        """Whether the two stories were split apart as two events (see split.py)."""
        return (min(one, other), max(one, other)) in self.apart

    def _apart_in_time(self, a: StoryProfile, b: StoryProfile) -> bool:
        """The written-after veto between two stories: one holds an article written after the other ended."""
        return outside_window(a.after, b.first, b.last) or outside_window(b.after, a.first, a.last)

    def place(self, item: "StoryFeatures | Article", signals=None) -> StoryProfile:
        """Put one canonical article (its features, or the article) into a story and return that story."""
        signals = signals or (item.signals if isinstance(item, StoryFeatures) else signals_for(item))
        vectors = article_vectors(signals, self.df)
        keys = index_keys(signals, vectors)
        story = self.stories[self.place_prepared(item.id, item.title, signals, vectors, keys)]
        if isinstance(item, Article):
            item.story_id = story.story_id
        return story

    def place_prepared(self, article_id: str, title: str | None, signals, vectors, keys) -> int:
        """The single-pass step on an article's ready signals: join the best story or start one; its number."""
        examined: dict = {}
        best, p = self.best_story(signals, vectors, keys, examined=examined, reach=self.reach)
        if best is None or p < self.threshold:
            best = len(self.stories)
            self.stories.append(StoryProfile(story_id_for(article_id), seq=best))
            self.stories[best].add(signals, vectors, title)
            self.singles[best] = Single(signals, vectors, keys, examined, p, self.stories.version(best))
        else:
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
        self.merge_fragments(first_new, self.singles)
        self.singles = {}
        self.looks.clear()
        placed = {item.article_id: self.live(item.story) for item in self.placed}
        self.placed = []
        return placed


class StoryGrouper(CorpusStep[StoryState, StoryFeatures]):
    """Online single-pass grouping of canonical articles into stories, and of stories into threads."""

    name = "stories"
    state_type = StoryState
    keeps_text = True   # apply gives the story, the thread and the written-after bound only

    def __init__(self, model: StoryModel | None = None, *, threshold: float | None = None,
                 window: int = WINDOW) -> None:
        self.model = model or StoryModel.load()
        self.threshold = self.model.threshold if threshold is None else threshold
        self.window = window

    def new_state(self) -> StoryState:
        return StoryState()

    def grouping(self, state: StoryState | None = None) -> Grouping:
        return Grouping(self.model, self.threshold, state if state is not None else StoryState())

    def features(self, states: Mapping[str, State], articles: list[Article], recalled: bool = False
                 ) -> list[StoryFeatures]:
        """Signals of canonical articles; recalled (a stored canonical of a new copy) only its story."""
        out = []
        for a in articles:
            item = StoryFeatures(a.id, a.title, a.published, a.duplicate_of, story_id=a.story_id)
            if a.duplicate_of is None and not recalled:
                signals, item.written_after = signals_and_bound(a)
                item.packed = squeeze(pickle.dumps(signals, protocol=pickle.HIGHEST_PROTOCOL))
            out.append(item)
        return out

    def learn(self, state: StoryState, features: list[StoryFeatures], recall: Recall) -> Learned[StoryState]:
        """Place the run's canonical articles `window` at a time (`learn_windows`)."""
        state.assigned = {}
        stored = self.stored_copies(state, features, recall)
        for released in self.learn_windows(state, features, lambda: stored):
            state.assigned.update(released)
        return Learned(state)

    def stored_copies(self, state: StoryState, features: list[StoryFeatures], recall: Recall) -> dict[str, tuple]:
        """The run's copies of articles not canonical in it (stored before): their canonical's story and
        thread, settled without the learn (a stored story's thread never changes in a later run)."""
        in_run = {f.id for f in features if f.duplicate_of is None}
        outside = sorted({f.duplicate_of for f in features if f.duplicate_of is not None and f.duplicate_of not in in_run})
        if not outside:
            return {}
        stored = recall(outside)
        threads = {story_id: thread_id for n, (story_id, thread_id) in enumerate(
            zip(state.stories.story_ids(), state.stories.thread_ids())) if n not in state.merged}
        settled = {}
        for item in features:
            if item.duplicate_of is not None and item.duplicate_of not in in_run:
                canonical = stored.get(item.duplicate_of)
                story_id = (canonical.story_id if canonical is not None else None) or story_id_for(item.duplicate_of)
                settled[item.id] = (story_id, threads.get(story_id) or thread_id_for(story_id), item.written_after)
        return settled

    def learn_windows(self, state: StoryState, features: Iterable[StoryFeatures],
                      stored_copies: Callable[[], dict[str, tuple]]) -> Iterator[dict[str, tuple]]:
        """Place the canonical articles in windows of `window`, in run order (publication order within a
        window); after each, release what is settled: article id -> (story, thread, written after) for the
        window's canonicals and the copies of canonicals placed so far, in run order. `stored_copies()` (the
        copies of articles not canonical in this run) is asked for after the last feature and released last.

        Features may arrive as the run computes them: a window is placed as soon as it is full. Neither the
        store nor `recall` is touched, so an engine may run this in a process of its own and apply one window
        while the next is placed. Each window is placed, looked at again (finish_pass) and linked into threads
        exactly as an append of its articles would be (nothing a later window does changes it); then the
        profiles it did not touch leave memory: a run of any size holds one window and the stories it meets."""
        grouping = self.grouping(state)
        settled: dict[str, tuple[str, str]] = {}            # placed canonical -> (story, thread)
        waiting: dict[str, list[tuple[int, StoryFeatures]]] = {}   # canonical not yet placed -> its copies
        window: list[tuple[int, StoryFeatures, ArticleSignals]] = []   # signals unpacked as they come (the learn
        # process would otherwise wait for a window with nothing to do, then unpack it)
        ready: list[tuple[int, StoryFeatures]] = []         # copies whose canonical is placed, not yet released
        for position, item in enumerate(features):
            if item.duplicate_of is None:
                window.append((position, item, item.signals))
                if len(window) == self.window:
                    yield self._release(grouping, window, settled, waiting, ready, state)
                    window, ready = [], []
            elif item.duplicate_of in settled:
                ready.append((position, item))
            else:
                waiting.setdefault(item.duplicate_of, []).append((position, item))
        last = self._release(grouping, window, settled, waiting, ready, state)
        last.update(stored_copies())
        yield last

    def _release(self, grouping: Grouping, window: list[tuple[int, StoryFeatures, ArticleSignals]], settled: dict,
                 waiting: dict, ready: list, state: StoryState) -> dict[str, tuple]:
        """Place one window (publication order within it) and what it settles, in run order."""
        signals = {item.id: anchors for _, item, anchors in window}
        ordered = publication_order([item for _, item, _ in window])
        placed = self._place_window(grouping, ordered, [signals[item.id] for item in ordered])
        state.stories.settle()
        state.threads = grouping.linker.threads
        stories = state.stories
        out: list[tuple[int, str, tuple]] = []
        for position, item, _ in window:
            number = grouping.live(placed[item.id])
            story_id = stories.story_id(number)
            story = settled[item.id] = (story_id, stories.thread_id(number) or thread_id_for(story_id))
            out.append((position, item.id, (*story, item.written_after)))
            ready += waiting.pop(item.id, [])
        out += [(position, copy.id, (*settled[copy.duplicate_of], copy.written_after)) for position, copy in ready]
        return {article_id: value for _, article_id, value in sorted(out)}

    @staticmethod
    def _place_window(grouping: Grouping, window: list[StoryFeatures], signals: list[ArticleSignals]) -> dict[str, int]:
        """One window of canonical articles (and their signals) into stories and new stories into threads;
        article id -> story."""
        state = grouping.state
        known = len(state.stories)
        for item in signals:
            state.df.add(item.terms)
        for n, (item, anchors) in enumerate(zip(window, signals), 1):
            grouping.place(item, anchors)
            if n % TRIM_EVERY == 0:
                state.stories.trim()
        placed = grouping.finish_pass(known)
        for number in range(known, len(state.stories)):
            if number not in state.merged:
                state.stories[number].thread_id = grouping.linker.link(state.stories[number], state.df)
        return placed

    def apply(self, state: StoryState, article: Article) -> Article:
        return self.apply_released(state.assigned.get(article.id), article)

    def apply_released(self, found: tuple | None, article: Article) -> Article:
        """`apply` given what `learn_windows` released for the article (None: nothing to change)."""
        if found is not None:
            article.story_id, article.thread_id, bound = found
            if bound:
                article.extra[WRITTEN_AFTER] = bound
        return article
