"""Tune the text extractor's post-processing settings on cross-validated line scores of the dev pages.

    .venv/bin/python training/text_tune.py

Scores come from text_train's 5-fold CV grouped by site (no page scored by a model that saw it or its site);
the grid below is small (a handful of scalars), and the chosen values live in newsmill/extract/text.py.
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from text_data import labelled_pages, load_pages  # noqa: E402
from text_train import cross_validated_scores, page_matrices  # noqa: E402

import newsmill.extract.text as text_mode  # noqa: E402
from benchmarks.common import bow_prf  # noqa: E402

GRID = {"THRESHOLD": [0.3, 0.35, 0.4, 0.5], "GAP": [4, 6], "FILL": [0.15, 0.25, 0.3], "STRAY_LINES": [12, 20]}


class FixedScores:
    """Stands in for the model: returns the page's precomputed cross-validated scores."""

    scores: np.ndarray

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.scores


def main() -> int:
    pages = labelled_pages()
    scores = cross_validated_scores(pages, page_matrices(pages))
    texts = [text for _, text, _ in load_pages()]
    fixed = FixedScores()
    extractor = text_mode.TextExtractor(fixed)

    def evaluate() -> np.ndarray:
        results = []
        for (_, _, _, gold), page_scores, text in zip(pages, scores, texts):
            fixed.scores = page_scores
            results.append(bow_prf("\n".join(extractor.extract(text).body), gold))
        return np.mean(results, axis=0)

    best = None
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values):
            setattr(text_mode, name, value)
        p, r, f1 = evaluate()
        print(dict(zip(GRID, values)), f"P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        if best is None or f1 > best[0]:
            best = (f1, dict(zip(GRID, values)))
    print("best:", best)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
