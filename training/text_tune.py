"""Tune the text extractor's post-processing settings on cross-validated line scores of the dev pages.

    .venv/bin/python -m training.text_tune            # print the grid and the best settings
    .venv/bin/python -m training.text_tune --write    # ... and store them in newsmill/extract/text_model.json

Scores come from text_train's 5-fold CV grouped by site (no page scored by a model that saw it or its site);
the grid below is small (a handful of scalars). The chosen values are tuned with the model, so they live
in its model file (its "thresholds"), beside the trees.
"""
from __future__ import annotations

import argparse
import itertools
from dataclasses import replace

import numpy as np

from benchmarks.common import REPO, bow_prf
from newsmill.extract.text import TextExtractor
from newsmill.extract.text_model import MODEL_FILE, MODEL_KIND, LineSettings, shipped_settings
from newsmill.models import load_model, model_document, write_model
from training.text_data import labelled_pages, load_pages
from training.text_train import cross_validated_scores, page_matrices

GRID = {"threshold": [0.3, 0.35, 0.4, 0.5], "gap": [4, 6], "fill": [0.15, 0.25, 0.3], "stray_lines": [12, 20]}


class FixedScores:
    """Stands in for the model: returns the page's precomputed cross-validated scores."""

    scores: np.ndarray

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.scores


def store_settings(settings: LineSettings) -> None:
    """Write `settings` into the shipped model file, the trees unchanged."""
    shipped = load_model("newsmill.extract", MODEL_FILE, MODEL_KIND)
    document = model_document(MODEL_KIND, shipped.model, settings.to_thresholds(),
                              shipped.trained_by or "training/text_train.py", shipped.trained_on)
    write_model(REPO / "newsmill" / "extract" / MODEL_FILE, document, compact=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="store the best settings in the model file")
    args = parser.parse_args(argv)
    pages = labelled_pages()
    scores = cross_validated_scores(pages, page_matrices(pages))
    texts = [text for _, text, _ in load_pages()]
    fixed = FixedScores()
    extractor = TextExtractor(fixed)

    def evaluate() -> np.ndarray:
        results = []
        for (_, _, _, gold), page_scores, text in zip(pages, scores, texts):
            fixed.scores = page_scores
            results.append(bow_prf("\n".join(extractor.extract(text).body), gold))
        return np.mean(results, axis=0)

    best: tuple[float, LineSettings] | None = None
    for values in itertools.product(*GRID.values()):
        extractor.settings = replace(shipped_settings(), **dict(zip(GRID, values)))
        p, r, f1 = evaluate()
        print(dict(zip(GRID, values)), f"P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        if best is None or f1 > best[0]:
            best = (f1, extractor.settings)
    print("best:", best)
    if args.write and best is not None:
        store_settings(best[1])
        print(f"wrote the settings into newsmill/extract/{MODEL_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
