"""The grouper's parts on real records: signals, scoring, bounded candidate retrieval, state round trip."""
import json

from newsmill.article import Article
from newsmill.steps import CorpusContext
from newsmill.stories import StoryGrouper
from newsmill.stories.grouper import StoryState
from newsmill.stories.grouper import publication_order
from newsmill.stories.index import MAX_CANDIDATES, POSTING_WINDOW, CandidateIndex, SecondLooks
from benchmarks.common import bcubed, pairwise
from newsmill.stories.signals import article_signals, words
from newsmill.store import Store
from newsmill.engine.memory import run_step


def test_bcubed_and_pairwise_on_a_known_clustering():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    merged = {k: 0 for k in gold}
    p, r, f1 = bcubed(merged, gold)
    assert (p, r) == (0.5, 1.0) and abs(f1 - 2 / 3) < 1e-9
    assert pairwise(merged, gold)[:2] == (2 / 6, 1.0)


def test_signals_keep_counts_years_and_names_apart():
    article = Article(id="x", source_path="x", title="Quake kills 12 in Lorca",
                      body=["A 5.1 quake struck Lorca, Spain on May 11, 2011, killing 12 people.",
                            "Mayor Francisco Jodar said 300 homes were damaged at 6:47 p.m."])
    signals = article_signals(article)
    assert {"12", "5.1", "300"} <= signals.numbers and "11" not in signals.numbers and "6" not in signals.numbers
    assert signals.years == {"2011"}
    assert "lorca" in signals.proper and "quake" in signals.terms


def test_words_are_lower_cased_tokens_without_possessives():
    assert words("Mayor Ana Lopez spoke to 300 people") == ["mayor", "ana", "lopez", "spoke", "to", "people"]
    assert words("The Mayor's plan, O’Neill’s well-known view; rock'n'roll- fans' choice") == [
        "the", "mayor", "plan", "o'neill", "well-known", "view", "rock'n'roll", "fans", "choice"]


def test_candidates_are_bounded_whatever_the_corpus_size():
    index = CandidateIndex()
    for story in range(5000):
        index.add(story, ["t:common", f"t:own{story}"])
    found = index.candidates(["t:common", "t:own7"])
    assert len(found) <= MAX_CANDIDATES and 7 in found
    assert len(index.candidates(["t:common"])) == min(MAX_CANDIDATES, POSTING_WINDOW)
    # equal weights: the most recent stories first
    assert index.candidates(["t:common"]) == list(range(4999, 4999 - MAX_CANDIDATES, -1))
    # a posting keeps its recent stories only, and how often its key was filed: what weighs a key
    assert len(index.postings["t:common"]) <= 2 * POSTING_WINDOW and index.filed["t:common"] == 5000
    again = CandidateIndex.from_arrays(*json.loads(json.dumps(index.to_arrays())))
    assert again.candidates(["t:common", "t:own7"]) == found and again.filed == index.filed


def test_a_bounded_posting_finds_what_the_whole_posting_would():
    """The index as it was (every filing kept) and as it is (recent ones and a count) rank alike."""
    import math
    import random
    rng = random.Random(5)
    index, whole = CandidateIndex(), {}
    for story in range(3000):
        keys = [f"t:{rng.randrange(60)}" for _ in range(4)]
        index.add(story, keys)
        for key in keys:
            posting = whole.setdefault(key, [])
            if story not in posting[-POSTING_WINDOW:]:
                posting.append(story)
        if story % 97 == 0:
            hits = {}
            for key in keys:
                weight = 1.0 / (1.0 + math.log(len(whole[key])))
                for found in whole[key][-POSTING_WINDOW:]:
                    hits[found] = hits.get(found, 0.0) + weight
            best = sorted(zip(hits.values(), hits.keys()), reverse=True)[:MAX_CANDIDATES]
            assert index.candidates(keys) == [found for _, found in best]


def test_a_second_look_is_reused_only_while_its_keys_are_unchanged():
    """A merge look answered from a second look's candidates matches a fresh index's; a filing under one of
    its keys makes it look the index up again."""
    import random

    class Counted(CandidateIndex):
        lookups = 0

        def candidates(self, keys):
            self.lookups += 1
            return super().candidates(keys)

    rng = random.Random(11)
    index = Counted()
    looks = SecondLooks(index)
    asked = []
    for story in range(2000):
        keys = [f"t:{rng.randrange(50)}" for _ in range(3)]
        index.add(story, keys)
        looks.candidates(keys, remember=True)
        asked.append(keys)
        for again in rng.sample(asked, min(3, len(asked))):   # earlier looks, some with keys filed under since
            assert looks.candidates(again) == CandidateIndex.from_arrays(*index.to_arrays()).candidates(again)
    before = index.lookups
    assert looks.candidates(asked[-1]) == looks.candidates(asked[-1]) and index.lookups == before
    index.add(5000, asked[-1][:1])
    looks.candidates(asked[-1])
    assert index.lookups == before + 1
    looks.clear()
    looks.candidates(asked[-2])
    assert index.lookups == before + 2


def test_publication_order_sorts_dated_articles_and_keeps_undated_in_place():
    arts = [Article(id=i, source_path=i, published=d) for i, d in
            [("a", "2021-03-01"), ("b", None), ("c", "2020-01-01"), ("d", None)]]
    assert [a.id for a in publication_order(arts)] == ["c", "b", "a", "d"]


def test_state_round_trip_through_the_store_loses_nothing(seeds_dir, tmp_path):
    """Two runs through a stored state group exactly like one grouper that never stopped."""
    articles = [Article(id=p.name, source_path=str(p), title=p.read_text(encoding="utf-8").splitlines()[0],
                        body=[l for l in p.read_text(encoding="utf-8").splitlines()[1:] if l.strip()])
                for p in sorted(seeds_dir.iterdir())]

    def copies(items):
        return [Article.from_dict(a.to_dict()) for a in items]

    live = StoryGrouper()
    kept_first, kept_rest = copies(articles[:3]), copies(articles[3:])
    kept = CorpusContext()   # the states carry over in the context, never on the step
    run_step(live, kept_first, kept)
    run_step(live, kept_rest, kept)
    with Store(tmp_path / "s.sqlite") as store:
        first, rest = copies(articles[:3]), copies(articles[3:])
        run_step(StoryGrouper(), first, CorpusContext(store=store))
        assert store.load_state(StoryState) is not None
        run_step(StoryGrouper(), rest, CorpusContext(store=store))
    assert [(a.story_id, a.thread_id) for a in first + rest] == [(a.story_id, a.thread_id) for a in kept_first + kept_rest]
    again = copies(articles)
    run_step(StoryGrouper(), again, CorpusContext())
    twice = copies(articles)
    run_step(StoryGrouper(), twice, CorpusContext())
    assert [a.story_id for a in again] == [a.story_id for a in twice]  # deterministic


def test_written_after_wraps_early_months_and_skips_the_future():
    from newsmill.stories.timing import outside_window, written_after

    text = ("He summed up the year 2020. The deal of November 9 holds. At the recent meeting on January 11 "
            "they talked. They will meet again on March 3.")
    assert written_after(text) == "2021-01-11"
    assert written_after("The talks on May 6, 2021 recalled the deal of November 9.") == "2021-05-06"
    assert written_after("Talks on January 11 went well.") is None   # no year named anywhere
    assert outside_window("2021-01-11", "2020-12-07", "2020-12-07")
    assert not outside_window("2021-01-11", "2021-01-05", "2021-01-12")
    assert outside_window("2021-01-11", "2021-05-06", "2021-05-06")


def test_only_a_year_crossing_bound_is_sure_enough_to_veto():
    from newsmill.stories.timing import infer_written_after

    assert infer_written_after("Work in 2020 ended. The deal of November 9 holds; talks on January 11 went on.") \
        == ("2021-01-11", True)
    assert infer_written_after("The talks on January 12, 2010 followed the December 5 summit.")[1] is False
    assert infer_written_after("In 2010 he met them on June 30.") == ("2010-06-30", False)


def test_year_written_votes_against_the_story_majority():
    from collections import Counter

    from newsmill.stories.features import year_apart
    from newsmill.stories.timing import latest_past_year

    text = "The rule, first set in 1973, was changed in 2008. The new limits will apply until 2012."
    assert latest_past_year(text) == 2008          # the future sentence's year does not count
    dated = article_signals(Article(id="d", source_path="d", title="Rule changed", body=[text], published="2013-03-04"))
    assert dated.year == 2013                      # a known date wins over the years named
    story = Counter({"2008": 3, "2009": 1})
    assert year_apart(2008, story) == 0.0 and year_apart(2013, story) == 1.0
    assert year_apart(2010, story) == 0.75 and year_apart(None, story) == 0.0


def test_a_story_without_one_member_is_the_story_of_the_others(seeds_dir):
    from newsmill.stories.profile import DocFrequencies, StoryProfile, article_vectors

    articles = [Article(id=p.name, source_path=str(p), title=p.read_text(encoding="utf-8").splitlines()[0],
                        body=[l for l in p.read_text(encoding="utf-8").splitlines()[1:] if l.strip()])
                for p in sorted(seeds_dir.iterdir())][:3]
    signals = [article_signals(a) for a in articles]
    df = DocFrequencies()
    for item in signals:
        df.add(item.terms)
    vectors = [article_vectors(s, df) for s in signals]
    whole, others = StoryProfile("a", 0), StoryProfile("b", 0)
    for n, (s, v, a) in enumerate(zip(signals, vectors, articles)):
        whole.add(s, v, a.title)
        if n != 1:
            others.add(s, v, a.title)
    rest = whole.without(signals[1], vectors[1])
    assert rest.size == others.size == 2 and len(rest.members) == 2
    for name in ("body", "lead", "names"):
        probe = getattr(vectors[1], name)
        assert abs(getattr(rest, name).cosine(probe) - getattr(others, name).cosine(probe)) < 1e-6, name
    assert rest.people == others.people and rest.written == others.written and rest.proper_docs == others.proper_docs
    assert whole.size == 3   # the story itself is left as it was


def test_the_story_window_lets_follow_ups_join_and_keeps_later_events_apart():
    """Same text, dated: 73 days after the story's last article it joins, 139 days after it starts another."""
    from newsmill.stories.model import StoryModel

    body = ["Police in Lorca arrested Juan Ortega on Monday after the fire at the Vidal warehouse.",
            "Mayor Francisco Jodar said 14 workers were hurt and 300 homes lost power in the blaze."]
    dates = {"a": "2021-01-01", "b": "2021-03-15", "c": "2021-08-01"}
    articles = [Article(id=k, source_path=k, title="Arrest after Lorca warehouse fire", body=body, published=v)
                for k, v in dates.items()]
    window = StoryModel.load().max_gap_days
    assert 73 <= window < 139
    run_step(StoryGrouper(), articles, CorpusContext())
    a, b, c = articles
    assert a.story_id == b.story_id != c.story_id
