"""The stories learn's compiled loops (_speedups.c) give exactly what their Python references give."""
import math
import random
import shutil
import sysconfig
from array import array
from pathlib import Path

import pytest

from newsmill.stories import centroid, index
from newsmill.stories.centroid import dict_dot_py, frozen_dot_py
from newsmill.stories.index import MAX_CANDIDATES, POSTING_WINDOW, top_stories_py

compiled = pytest.importorskip("newsmill.stories._speedups") if shutil.which("cc") else None


def test_the_compiled_loops_are_built_and_used_where_there_is_a_compiler():
    if shutil.which("cc") is None or not Path(sysconfig.get_paths()["include"], "Python.h").exists():
        pytest.skip("no C compiler or Python headers: the Python loops are used")
    assert index.top_stories is compiled.top_stories
    assert (centroid.frozen_dot, centroid.dict_dot) == (compiled.frozen_dot, compiled.dict_dot)


def _lookup(rng: random.Random, stories: int, weights_from: list[float]) -> tuple[list[array], list[float]]:
    postings = []
    for _ in range(rng.randint(0, 14)):
        length = rng.choice([0, 1, 3, POSTING_WINDOW - 1, POSTING_WINDOW, POSTING_WINDOW + 7, 2 * POSTING_WINDOW])
        postings.append(array("i", (rng.randrange(stories) for _ in range(length))))   # repeats included
    return postings, [rng.choice(weights_from) for _ in postings]


@pytest.mark.skipif(compiled is None, reason="no C compiler: the Python lookup is used")
def test_compiled_and_python_lookups_agree_on_sums_ties_windows_and_repeats():
    rng = random.Random(7)
    few = [1.0 / (1.0 + i) for i in range(1, 4)]     # few distinct weights: many tied sums
    many = [rng.random() for _ in range(50)]
    checked = 0
    for stories in (3, 30, 3000):
        for weights_from in (few, many):
            for _ in range(300):
                postings, weights = _lookup(rng, stories, weights_from)
                for window, k in ((POSTING_WINDOW, MAX_CANDIDATES), (5, 3), (POSTING_WINDOW, 0), (1, 50)):
                    expected = top_stories_py(postings, weights, window, k)
                    assert compiled.top_stories(postings, weights, window, k) == expected
                    checked += bool(expected)
    assert checked > 5000


@pytest.mark.skipif(compiled is None, reason="no C compiler: the Python lookup is used")
def test_the_compiled_lookup_refuses_what_it_cannot_read():
    with pytest.raises(TypeError, match="array\\('i'\\)"):
        compiled.top_stories([array("q", [1, 2])], [1.0], POSTING_WINDOW, MAX_CANDIDATES)
    with pytest.raises(ValueError, match="one weight per posting"):
        compiled.top_stories([array("i", [1])], [], POSTING_WINDOW, MAX_CANDIDATES)
    with pytest.raises(TypeError):
        compiled.top_stories([array("i", [1])], ["heavy"], POSTING_WINDOW, MAX_CANDIDATES)


def _weights(rng: random.Random, size: int) -> list[float]:
    """Weights of very different sizes and signs: sums whose rounding depends on how they are added."""
    return [rng.choice([1.0, -1.0]) * rng.random() * 10.0 ** rng.randint(-20, 20) for _ in range(size)]


@pytest.mark.skipif(compiled is None, reason="no C compiler: the Python dot products are used")
def test_compiled_dot_products_are_math_fsum_to_the_last_bit():
    rng = random.Random(11)
    vocabulary = [f"t{i}" for i in range(400)]
    for _ in range(3000):
        a = dict(zip(rng.sample(vocabulary, rng.randint(0, 300)), _weights(rng, 300)))
        b = dict(zip(rng.sample(vocabulary, rng.randint(0, 300)), _weights(rng, 300)))
        terms = tuple(b)
        expected = dict_dot_py(a, b)
        assert compiled.dict_dot(a, b) == expected and compiled.dict_dot(b, a) == expected
        assert compiled.frozen_dot(a, terms, array("d", b.values())) == frozen_dot_py(a, terms, list(b.values()))
        assert compiled.frozen_dot(a, terms, list(b.values())) == expected
    cancelling = {"a": 1e308, "b": 1.0, "c": -1e308, "d": 1e-300}
    ones = dict.fromkeys(cancelling, 1.0)
    assert compiled.dict_dot(cancelling, ones) == math.fsum(cancelling.values()) == 1.0
    assert compiled.frozen_dot(ones, (), array("d")) == 0.0
    assert math.isnan(compiled.dict_dot({"x": math.nan}, {"x": 1.0}))
    assert compiled.dict_dot({"x": math.inf, "y": 1.0}, {"x": 1.0, "y": 2.0}) == math.inf
    with pytest.raises(ValueError, match="inf"):
        compiled.dict_dot({"x": math.inf, "y": -math.inf}, {"x": 1.0, "y": 1.0})
    with pytest.raises(OverflowError):
        compiled.dict_dot({"x": 1e308, "y": 1e308}, {"x": 1.0, "y": 1.0})
    with pytest.raises(ValueError, match="fewer weights"):
        compiled.frozen_dot(ones, ("a", "b"), array("d", [1.0]))
    with pytest.raises(TypeError):
        compiled.frozen_dot(ones, ("a",), array("f", [1.0]))
