"""Candidate pairs from sampled shingles: the prefix filter lists exactly the pairs sharing enough samples."""
import numpy as np
import pytest

from newsmill.dedup.index import Completeness, SketchIndex
from newsmill.dedup.sketch import MIN_SHARED_SHARE, candidate_pairs


def _flatten(docs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    hashes = np.concatenate(docs).astype(np.uint32)
    numbers = np.repeat(np.arange(len(docs), dtype=np.int32), [len(d) for d in docs])
    return hashes, numbers, np.array([len(d) for d in docs], dtype=np.int32)


def _brute_force(docs: list[np.ndarray], new_from: int) -> set[tuple[int, int, int]]:
    found = set()
    for b in range(len(docs)):
        for a in range(b):
            if b < new_from:
                continue
            shared = len(np.intersect1d(docs[a], docs[b]))
            need = max(1, int(np.ceil(MIN_SHARED_SHARE * min(len(docs[a]), len(docs[b])) - 1e-9)))
            if min(len(docs[a]), len(docs[b])) and shared >= need:
                found.add((a, b, shared))
    return found


def _documents(seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    common = np.arange(1, 6, dtype=np.uint32)       # five samples in nearly every document (boilerplate)
    docs = []
    for i in range(300):
        own = rng.choice(np.arange(1000, 4000, dtype=np.uint32), size=rng.integers(3, 40), replace=False)
        if i % 7 == 3 and docs:                      # a contained copy of an earlier document, plus its own text
            earlier = docs[int(rng.integers(0, len(docs)))]
            own = np.concatenate([earlier[: max(1, len(earlier) * 3 // 4)], own[:3]])
        docs.append(np.unique(np.concatenate([own, common if i % 10 else common[:1]])))
    return docs


def test_pairs_are_exactly_those_sharing_enough_samples_even_through_common_samples():
    docs = _documents(3)
    hashes, numbers, per_doc = _flatten(docs)
    for new_from in (0, 250):
        got = {tuple(row) for row in candidate_pairs(hashes, numbers, per_doc, new_from).tolist()}
        assert got == _brute_force(docs, new_from)
        assert all(b >= new_from for _, b, _ in got)


def test_a_short_text_inside_a_long_one_is_a_candidate():
    long_text = np.arange(100, 400, dtype=np.uint32)
    short = long_text[40:60]
    other = np.arange(1000, 1300, dtype=np.uint32)
    pairs = candidate_pairs(*_flatten([long_text, other, short]))
    assert pairs[:, :2].tolist() == [[0, 2]] and pairs[0, 2] == 20


def test_an_append_lists_the_same_pairs_probing_only_stored_documents_near_the_new_ones():
    docs = _documents(5)
    index = SketchIndex()
    facts = [Completeness(1, 10, 1, 0)] * len(docs)
    index.add_samples([f"d{i}" for i in range(250)], docs[:250], facts[:250])
    index.add_samples([f"d{i}" for i in range(250, 300)], docs[250:], facts[250:])
    got = {tuple(row) for row in index.candidates(250).tolist()}
    assert got == _brute_force(docs, 250)
    index.add_samples(["d3"], [docs[3]], facts[:1])         # d3 stored again: its old number is dead
    assert all(3 not in (a, b) for a, b, _ in index.candidates(300).tolist())


def test_an_append_probes_only_the_stored_documents_that_share_enough_with_a_new_one():
    text = np.arange(100, 160, dtype=np.uint32)
    stored = [text, np.arange(500, 560, dtype=np.uint32), np.concatenate([text[:3], np.arange(700, 757)])]
    index = SketchIndex()
    index.add_samples(["a", "b", "c"], [d.astype(np.uint32) for d in stored], [Completeness(1, 10, 1, 0)] * 3)
    index.add_samples(["new"], [text[10:50]], [Completeness(1, 10, 1, 0)])
    # b shares nothing; c shares 3 samples, fewer than the 12 (30 % of 40) a pair with the new one needs
    assert (index.pairable(3)[2] > 0).tolist() == [True, False, False, True]
    assert index.candidates(3).tolist() == [[0, 3, 40]]


def test_an_append_finds_the_same_pairs_when_samples_span_the_whole_hash_range():
    # samples spread over all 32 bits (a bijection keeps which documents share what): the screening bitmap
    # of the new samples' top bits rules out stored samples without losing one that is shared
    docs = [np.unique((d.astype(np.uint64) * 2654435761 % 2**32).astype(np.uint32)) for d in _documents(7)]
    index = SketchIndex()
    facts = [Completeness(1, 10, 1, 0)] * len(docs)
    index.add_samples([f"d{i}" for i in range(280)], docs[:280], facts[:280])
    index.add_samples([f"d{i}" for i in range(280, 300)], docs[280:], facts[280:])
    assert {tuple(row) for row in index.candidates(280).tolist()} == _brute_force(docs, 280)
    assert (index.pairable(280)[2][:280] > 0).sum() < 280   # stored documents were screened out


def test_a_loaded_index_reads_its_stored_parts_and_holds_only_the_samples_near_the_new_documents():
    docs = [np.unique((d.astype(np.uint64) * 2654435761 % 2**32).astype(np.uint32)) for d in _documents(11)]
    facts = [Completeness(1, i, 1, 0) for i in range(len(docs))]
    first_run = SketchIndex()
    first_run.add_samples([f"d{i}" for i in range(280)], docs[:280], facts[:280])
    parts = {start: first_run.samples_bytes(start, min(start + 64, 280)) for start in range(0, 280, 64)}
    loaded = SketchIndex.from_head(first_run.head(), first_run.ids)
    loaded.add_samples([f"d{i}" for i in range(280, 300)], docs[280:], facts[280:])
    with pytest.raises(RuntimeError, match="call candidates first"):
        loaded.completeness(5)
    assert {tuple(row) for row in loaded.candidates(280, parts).tolist()} == _brute_force(docs, 280)
    hashes, numbers, sizes = loaded.pairable(280, parts)
    assert 0 < sizes[:280].sum() < sum(len(d) for d in docs[:280]) and len(hashes) == sizes.sum()
    assert set(numbers.tolist()) == set(np.flatnonzero(sizes).tolist())
    assert loaded.completeness(200).words == 200 and loaded.completeness(290).words == 290
    again = SketchIndex.from_head(first_run.head(), first_run.ids)
    assert again.candidates(280).tolist() == []   # nothing new: no part is needed
    again.add_samples(["d280"], docs[280:281], facts[280:281])
    with pytest.raises(RuntimeError, match="no parts"):
        again.candidates(280)
