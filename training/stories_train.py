"""Tune the story model (weights over pair features + join threshold) on ECB+ dev topics <= 17 only.

    python -m training.stories_train [--cv]     # (3-fold CV report, folds grouped by topic), then the final model

The weights are tuned for what matters, the clustering itself: coordinate ascent on the B-cubed F1 of
the online grouper run over the training topics in random orders. Folds are grouped by topic, so no
topic is both tuned on and scored. Topics 18-35 are never read here: they are the held-out report of
benchmarks/stories.py. Writes newsmill/stories/story_model.json.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from benchmarks.common import REPO, bcubed
from benchmarks.stories import described_articles, ecb_records, shuffled
from newsmill.models import model_document, write_model
from newsmill.stories.features import FEATURE_NAMES
from newsmill.stories.grouper import StoryGrouper, publication_order
from newsmill.stories.signals import signals_for
from newsmill.stories.index import index_keys
from newsmill.stories.model import MODEL_FILE, MODEL_KIND, StoryModel
from newsmill.stories.profile import DocFrequencies, article_vectors

TRAIN_MAX_TOPIC = 17
TUNE_ORDERS = (10, 11, 12)
EVAL_ORDERS = (0, 1, 2)
MAX_GAP_DAYS = 90
START = {"cos_body": 0.4, "cos_closest": 0.2, "cos_lead": 0.25, "cos_names": 0.4, "cos_people": 0.1, "year_apart": -0.1,
         "people_disagree": -0.05}
THRESHOLD = 0.32
MERGE = 0.55
REATTACH = 0.30   # the second look at one-article stories (middle of the 0.28-0.32 plateau on topics <= 17)
REASSIGN = True   # the end-of-run second look at every article (newsmill/stories/refine.py)
STEPS = {name: (0.1 if name.startswith("cos") else 0.05) for name in FEATURE_NAMES}
STEPS["merge"] = 0.05
ROUNDS = 3
VETOES = {name for name in FEATURE_NAMES if name.endswith(("_disagree", "_missing")) or name == "date_gap"}


class Prepared:
    """Signals, vectors and index keys of a set of articles, computed once (IDF over the set)."""

    def __init__(self, articles) -> None:
        self.articles = articles
        signals = {a.id: signals_for(a) for a in articles}
        df = DocFrequencies()
        for item in signals.values():
            df.add(item.terms)
        self.items = {}
        for a in articles:
            vectors = article_vectors(signals[a.id], df)
            self.items[a.id] = (signals[a.id], vectors, index_keys(signals[a.id], vectors))

    def cluster(self, model: StoryModel, seed: int) -> dict[str, int]:
        grouper = StoryGrouper(model=model).grouping()
        for article in publication_order(shuffled(self.articles, seed)):  # as the grouper orders a run
            sig, vectors, keys = self.items[article.id]
            grouper.place_prepared(article.id, article.title, sig, vectors, keys)
        return grouper.finish_pass(0)

    def score(self, model: StoryModel, gold, orders) -> np.ndarray:
        sub = {a.id: gold[a.id] for a in self.articles}
        return np.mean([bcubed(self.cluster(model, seed), sub) for seed in orders], axis=0)


def make_model(weights: dict[str, float], threshold: float) -> StoryModel:
    return StoryModel(tuple(float(weights.get(n, 0.0)) for n in FEATURE_NAMES), 0.0, float(threshold), MAX_GAP_DAYS,
                      round(weights.get("merge", MERGE), 4), REATTACH, REASSIGN)


def tune(prepared: Prepared, gold) -> StoryModel:
    weights, threshold = dict(START), THRESHOLD
    best = prepared.score(make_model(weights, threshold), gold, TUNE_ORDERS)[2]
    scale = 1.0
    for _ in range(ROUNDS):
        for name in ("threshold", "merge") + FEATURE_NAMES:
            step = scale * (0.02 if name == "threshold" else STEPS[name])
            for delta in (step, -step):
                trial_w, trial_t = dict(weights), threshold
                if name == "threshold":
                    trial_t += delta
                else:
                    trial_w[name] = round(trial_w.get(name, MERGE if name == "merge" else 0.0) + delta, 4)
                    if name in VETOES and trial_w[name] > 0:
                        continue  # a disagreement is never evidence for joining
                f1 = prepared.score(make_model(trial_w, trial_t), gold, TUNE_ORDERS)[2]
                if f1 > best + 1e-4:
                    best, weights, threshold = f1, trial_w, trial_t
                    break
        scale /= 2
    return make_model(weights, round(threshold, 4))


def main() -> int:
    started = time.perf_counter()
    records = [r for r in ecb_records() if r["topic"] <= TRAIN_MAX_TOPIC]
    articles, _ = described_articles(records)
    gold = {a.id: r["story"] for a, r in zip(articles, records)}
    topic = {a.id: r["topic"] for a, r in zip(articles, records)}
    topics = sorted(set(topic.values()))
    folds = [topics[i::3] for i in range(3)] if "--cv" in sys.argv else []
    print(f"{len(articles)} articles, topics {topics[0]}-{topics[-1]}; 3 folds grouped by topic")
    cv, n = np.zeros(3), 0
    for held in folds:
        train = Prepared([a for a in articles if topic[a.id] not in held])
        test = Prepared([a for a in articles if topic[a.id] in held])
        model = tune(train, gold)
        p, r, f1 = test.score(model, gold, EVAL_ORDERS)
        cv += np.array([p, r, f1]) * len(test.articles)
        n += len(test.articles)
        print(f"  held-out topics {held}: B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}", flush=True)
    if n:
        print("cross-validated B3 (document-weighted): P {:.3f} R {:.3f} F1 {:.3f}".format(*(cv / n)))
    model = tune(Prepared(articles), gold)
    print(f"final model (all topics <= 17): threshold {model.threshold}, merge {model.merge_threshold}")
    for name, weight in zip(FEATURE_NAMES, model.weights):
        print(f"  {name:18s} {weight:+.3f}")
    path = REPO / "newsmill" / "stories" / MODEL_FILE
    write_model(path, model_document(MODEL_KIND, model.to_model(), model.thresholds(), "training/stories_train.py",
                                     f"ECB+ dev topics 1-{TRAIN_MAX_TOPIC}"))
    print(f"wrote {path} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
