"""Pair and story similarities: shortcuts give the same decisions as the full computation."""
import math
import random
from collections import Counter

from newsmill.stories.centroid import Centroid
from newsmill.stories.features import pair_features, story_similarity
from newsmill.stories.model import StoryModel
from newsmill.stories.profile import DocFrequencies, StoryProfile, article_vectors
from newsmill.stories.signals import ArticleSignals


def _story(rng: random.Random, vocabulary: list[str], names: list[str]) -> StoryProfile:
    story = StoryProfile("s", seq=0)
    for _ in range(rng.randint(1, 3)):
        story.body.add({term: rng.random() for term in rng.sample(vocabulary, 30)})
        story.names.add({name: rng.random() for name in rng.sample(names, 3)})
    return story


def test_a_story_pair_cut_short_stays_below_the_bar_and_the_others_are_scored_in_full():
    rng = random.Random(3)
    vocabulary, names = [f"w{i}" for i in range(60)], [f"n{i}" for i in range(8)]
    cut = 0
    for _ in range(300):
        a, b = _story(rng, vocabulary, names), _story(rng, vocabulary, names)
        full = story_similarity(a, b, None)
        assert full == 0.5 * a.body.similarity(b.body) + 0.5 * a.names.similarity(b.names)
        for bar in (0.3, 0.6, 0.8):
            quick = story_similarity(a, b, None, at_least=bar)
            assert (quick >= bar) == (full >= bar)
            assert quick == full or quick < bar
            cut += quick != full
    assert cut > 0   # the shortcut was taken


def test_an_empty_vector_has_cosine_zero_against_any_centroid():
    centroid = Centroid()
    centroid.add({"a": 0.6, "b": 0.8})
    assert centroid.cosine({}) == 0.0 and centroid.cosine({"a": 1.0}) > 0


def _signals(rng: random.Random, vocabulary: list[str], names: list[str]) -> ArticleSignals:
    terms = Counter(rng.sample(vocabulary, 25))
    people = frozenset(rng.sample(names, rng.randint(0, 3)))
    return ArticleSignals(terms=terms, title_terms=frozenset(list(terms)[:3]), lead=Counter(list(terms)[:6]),
                          proper=Counter(rng.sample(names, 2)), people=people, cast={p: 0.5 for p in people},
                          places=frozenset(), orgs=frozenset(rng.sample(names, rng.randint(0, 1))),
                          numbers=frozenset(), years=frozenset(), days=frozenset(), published=None,
                          year=rng.choice((None, 2019, 2021)))


def test_a_pair_score_cut_short_is_at_most_what_it_had_to_beat_and_the_others_are_exact():
    rng = random.Random(11)
    vocabulary, names = [f"w{i}" for i in range(50)], [f"n{i}" for i in range(6)]
    model = StoryModel.load()
    df = DocFrequencies()
    articles = [_signals(rng, vocabulary, names) for _ in range(120)]
    for item in articles:
        df.add(item.terms)
    stories = []
    for _ in range(40):
        story = StoryProfile("s", seq=0)
        for item in rng.sample(articles, rng.randint(1, 4)):
            story.add(item, article_vectors(item, df), None)
        if rng.random() < 0.5:
            story.freeze()
        stories.append(story)
    cut = 0
    for item in articles[:60]:
        vectors = article_vectors(item, df)
        for story in rng.sample(stories, 6):
            full = model.score(pair_features(item, vectors, story, model.active))
            assert model.score_pair(item, vectors, story) == full
            for beat, reach in ((full, -math.inf), (full - 1e-12, -math.inf), (-math.inf, full),
                                (-math.inf, full + 1e-12), (0.2, 0.3), (-math.inf, 0.3)):
                quick = model.score_pair(item, vectors, story, beat=beat, reach=reach)
                assert quick == full or (quick is None and (full <= beat or full < reach))
                cut += quick is None
    assert cut > 0   # the shortcut was taken


def test_second_looks_with_and_without_the_first_looks_cosines(monkeypatch):
    """Reattaching singles and merging fragments pass over pairs whose cosines at placement bound them: the
    bounds hold, and the stories are the same with them and without."""
    from newsmill.article import Article
    from newsmill.stories import features as features_module
    from newsmill.stories import grouper as grouper_module
    from newsmill.stories.grouper import Grouping, StoryGrouper
    from newsmill.stories.signals import signals_for
    from newsmill.stories.refine import ROUNDING

    rng = random.Random(4)
    topics = [([f"t{k}w{i}" for i in range(12)], [f"Name{k}x{i}" for i in range(4)]) for k in range(8)]
    common = [f"c{i}" for i in range(60)]
    articles = []
    for n in range(120):
        words, names = rng.choice(topics)
        terms = rng.sample(words, 5) + rng.sample(common, 16)
        body = [" ".join(rng.sample(terms, 8)) + " with " + " and ".join(rng.sample(names, 2)) + "." for _ in range(4)]
        articles.append(Article(id=f"a{n}", source_path="x", title=" ".join(terms[:4]), body=body))
        if n % 4 == 0:   # an article of its own (a single) sharing common words with the others
            terms = [f"own{n}w{i}" for i in range(6)] + rng.sample(common, 10)
            body = [" ".join(rng.sample(terms, 8)) + "." for _ in range(3)]
            articles.append(Article(id=f"b{n}", source_path="x", title=" ".join(terms[:4]), body=body))
    compared: Counter = Counter()
    cos_body, similarity = features_module.FEATURES["cos_body"], story_similarity

    def counted_cosine(*args):
        compared[mode] += 1
        return cos_body(*args)

    def counted_similarity(*args, **kwargs):
        compared[mode] += 1
        return similarity(*args, **kwargs)
    monkeypatch.setitem(features_module.FEATURES, "cos_body", counted_cosine)
    monkeypatch.setattr(grouper_module, "story_similarity", counted_similarity)
    outcomes, bounded = [], 0
    for mode in ("first looks", "every pair"):
        if mode == "every pair":
            monkeypatch.setattr(Grouping, "_mirrored", lambda *args: None)
        grouping = StoryGrouper().grouping()
        signals = [signals_for(a) for a in articles]
        for item in signals:
            grouping.df.add(item.terms)
        for article, item in zip(articles, signals):
            grouping.place(article, item)
        stories = grouping.stories
        for number, single in grouping.singles.items():   # the bounds hold both ways round
            if not single.as_placed(stories[number], stories.version(number)):
                continue
            for other in single.examined:
                seen = single.first_look(other, stories.version(other))
                if "cos_body" in seen:
                    assert stories[number].body.similarity(stories[other].body) <= seen["cos_body"] * ROUNDING
                    bounded += 1
            for other, theirs in grouping.singles.items():   # a later single's first look at this one's story
                if not theirs.as_placed(stories[other], stories.version(other)):
                    continue
                back = theirs.first_look(number, single.version)
                for name, vector in (("cos_body", "body"), ("cos_names", "names")):
                    if name in back:
                        seen_back = getattr(stories[other], vector).cosine(getattr(single.vectors, vector))
                        assert seen_back <= back[name] * ROUNDING
                        bounded += 1
        grouping.reattach_singles(grouping.singles)
        grouping.merge_fragments(0, grouping.singles if mode == "first looks" else {})
        outcomes.append((dict(grouping.merged), [s.size for s in grouping.stories]))
    assert outcomes[0] == outcomes[1] and bounded > 0
    assert compared["first looks"] < compared["every pair"]
