"""Frozen story vectors score, compare, encode and change exactly as the dicts they came from."""
import random
from collections import Counter

from newsmill.stories.centroid import CENTROID_KEEP, Centroid, strongest, strongest_of, vector_dot
from newsmill.stories.profile import NO_COUNTS, DocFrequencies, StoryProfile, article_vectors
from newsmill.stories.signals import ArticleSignals


def _vector(rng: random.Random, vocabulary: list[str], size: int) -> dict[str, float]:
    terms = rng.sample(vocabulary, size)
    return {term: rng.random() for term in terms}


def _centroid(rng, vocabulary, members=3) -> Centroid:
    centroid = Centroid()
    for _ in range(members):
        centroid.add(_vector(rng, vocabulary, 40))
    return centroid


def _frozen_copy(centroid: Centroid) -> Centroid:
    copy = Centroid(dict(centroid.weights), centroid.norm2)
    copy.freeze()
    return copy


def test_a_frozen_centroid_scores_and_compares_bit_for_bit_like_its_dict():
    rng = random.Random(7)
    vocabulary = [f"term{i}" for i in range(300)]
    for _ in range(50):
        one, other = _centroid(rng, vocabulary), _centroid(rng, vocabulary, members=2)
        frozen_one, frozen_other = _frozen_copy(one), _frozen_copy(other)
        vector = _vector(rng, vocabulary, 60)
        assert frozen_one.cosine(vector) == one.cosine(vector)
        assert frozen_one.similarity(frozen_other) == frozen_one.similarity(other) == one.similarity(frozen_other) \
            == one.similarity(other) == other.similarity(one)
        member = _vector(rng, vocabulary, 40)
        assert vector_dot(vector, (tuple(member), list(member.values()))) == vector_dot(vector, member)


def test_a_change_thaws_a_frozen_centroid_in_the_same_order():
    rng = random.Random(3)
    vocabulary = [f"t{i}" for i in range(2 * CENTROID_KEEP + 50)]
    plain, frozen = Centroid(), Centroid()
    for n in range(30):   # enough to prune past 2 * CENTROID_KEEP terms more than once
        vector = _vector(rng, vocabulary, 60)
        plain.add(vector)
        frozen.add(vector)
        if n % 3 == 0:
            frozen.freeze()
        assert list(frozen.items()) == list(plain.items()) and frozen.norm2 == plain.norm2
    other = _centroid(rng, vocabulary)
    frozen.freeze()
    plain.absorb(other)
    frozen.absorb(_frozen_copy(other))
    assert list(frozen.items()) == list(plain.items()) and frozen.norm2 == plain.norm2


def _signals(terms: str, people=(), places=()) -> ArticleSignals:
    counts = Counter(terms.split())
    return ArticleSignals(terms=counts, title_terms=frozenset(list(counts)[:2]), lead=Counter(list(counts)[:3]),
                          proper=Counter(), people=frozenset(people), cast={}, places=frozenset(places),
                          orgs=frozenset(), numbers=frozenset(), years=frozenset(), days=frozenset(), published=None)


def test_a_frozen_story_encodes_to_the_same_bytes_and_takes_articles_again():
    df = DocFrequencies()
    texts = ["flood river town rescue boats", "flood river levee rescue", "court ruling appeal judge"]
    signals = [_signals(text, people=("smith",) if n == 1 else ()) for n, text in enumerate(texts)]
    for item in signals:
        df.add(item.terms)
    story = StoryProfile("s-1", 0)
    for item in signals[:2]:
        story.add(item, article_vectors(item, df), "Flood")
    blob = story.to_bytes()
    story.freeze()
    assert story.orgs is NO_COUNTS and story.to_bytes() == blob
    decoded = StoryProfile.from_bytes(blob)
    assert decoded.to_bytes() == blob and decoded.years is NO_COUNTS
    vectors = article_vectors(signals[2], df)
    assert decoded.cosine(vectors.body) == story.cosine(vectors.body)
    assert decoded.closest_member(vectors.body) == story.closest_member(vectors.body)
    rest = decoded.without(signals[1], article_vectors(signals[1], df))
    assert rest.size == 1 and not rest.people and len(rest.members) == 1
    decoded.add(signals[2], vectors, "Court")   # a frozen story takes an article: its counters change again
    assert decoded.size == 3 and decoded.title["court"] == 1 and decoded.orgs == {}


def test_strongest_terms_are_the_heaviest_then_alphabetical_among_equal_weights():
    rng = random.Random(7)
    for _ in range(500):
        n, k = rng.randrange(0, 50), rng.randrange(0, 12)
        weights = {f"t{i:02d}": rng.choice([1, 2, 0.5, rng.random()]) for i in rng.sample(range(99), n)}
        expected = [term for _, term in sorted((-w, t) for t, w in weights.items())[:k]]
        assert strongest(weights, k) == expected
        assert strongest_of(list(weights), list(weights.values()), k) == expected
