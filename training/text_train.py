"""Train the text-mode line scorer on the dev pages; report only the cross-validated figure.

    .venv/bin/python -m training.text_train            # 5-fold CV (grouped by site), then fit all, write the model
    .venv/bin/python -m training.text_train --cv-only  # just the cross-validated figure

Folds are grouped by site (URL host; GroupKFold), so no page — and no page of the same site — is
ever in both training and test: the CV figure is an unseen-site figure.
The shipped model (newsmill/extract/text_model.json) is fitted on all dev pages; its F1 on those
pages is never reported — the CV figure is.
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from training.text_data import labelled_pages, page_sites

from benchmarks.common import REPO, bow_prf
from newsmill.extract.lines import FEATURE_NAMES, line_features
from newsmill.extract.text_model import MODEL_FILE, MODEL_KIND, TreeEnsemble, shipped_settings
from newsmill.models import model_document, write_model
from training.export import text_ensemble

PARAMS = dict(n_estimators=120, max_depth=3, learning_rate=0.15, subsample=0.8, random_state=0)
FOLDS = 5
TRAINED_ON = "scrapinghub dev pages (thresholds: training/text_tune.py on their cross-validated scores)"


def page_matrices(pages):
    return [line_features(lines) for _, lines, _, _ in pages]


def fit(X: np.ndarray, y: np.ndarray) -> TreeEnsemble:
    model = GradientBoostingClassifier(**PARAMS).fit(X, y)
    return text_ensemble(model, list(FEATURE_NAMES))


def cross_validated_scores(pages, matrices) -> list[np.ndarray]:
    """Per page, line probabilities from a model that never saw that page or its site."""
    groups = page_sites()
    scores: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for train, test in GroupKFold(n_splits=FOLDS).split(groups, groups=groups):
        X = np.concatenate([matrices[i] for i in train])
        y = np.concatenate([pages[i][2] for i in train])
        model = fit(X, y)
        for i in test:
            scores[i] = model.predict(matrices[i])
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pages = labelled_pages()
    matrices = page_matrices(pages)
    scores = cross_validated_scores(pages, matrices)
    f1 = [bow_prf(" ".join(l for l, s in zip(lines, sc) if s > 0.5), gold)[2]
          for (_, lines, _, gold), sc in zip(pages, scores)]
    print(f"raw line scorer, {FOLDS}-fold CV grouped by site: mean bag-of-words F1 {np.mean(f1):.3f} "
          f"({time.perf_counter() - started:.0f} s)")
    if args.cv_only:
        return 0
    X = np.concatenate(matrices)
    y = np.concatenate([p[2] for p in pages])
    model = fit(X, y)
    out = REPO / "newsmill" / "extract" / MODEL_FILE
    # the post-processing settings stay the ones tuned last (training/text_tune.py re-tunes them)
    document = model_document(MODEL_KIND, model.to_dict(), shipped_settings().to_thresholds(),
                              "training/text_train.py", TRAINED_ON)
    write_model(out, document, compact=True)
    print(f"wrote {out.relative_to(REPO)} ({out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
