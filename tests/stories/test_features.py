"""Pair and story similarities: shortcuts give the same decisions as the full computation."""
import random

from newsmill.stories.centroid import Centroid
from newsmill.stories.features import story_similarity
from newsmill.stories.profile import StoryProfile


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
