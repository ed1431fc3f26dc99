"""Shingling: stable hashes, per-document boundaries, punctuation and case ignored."""
import subprocess
import sys

import numpy as np

from newsmill.dedup.shingles import overlap, shingle_batch, tokenize


def test_tokens_ignore_case_and_punctuation_including_curly_quotes():
    assert tokenize("“We are”—ready, said O’Neil.") == tokenize('"we ARE" - ready said o\'neil')


def test_batch_keeps_documents_apart_and_sorted():
    batch = shingle_batch(["one two three four five six", "", "a b", "one two three four five six seven"])
    assert len(batch) == 4 and list(batch.words) == [6, 0, 2, 7]
    assert [len(batch.of(i)) for i in range(4)] == [2, 0, 1, 3]
    for i in range(4):
        assert np.all(np.diff(batch.of(i).astype(np.float64)) > 0)
    jaccard, a_in_b, b_in_a = overlap(batch.of(0), batch.of(3))
    assert (a_in_b, round(b_in_a, 3), round(jaccard, 3)) == (1.0, 0.667, 0.667)


def test_hashes_are_stable_across_processes():
    code = "from newsmill.dedup.shingles import shingle_batch; print(shingle_batch(['a b c d e f g']).values.tolist())"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1
    assert runs.pop().strip() == str(shingle_batch(["a b c d e f g"]).values.tolist())
