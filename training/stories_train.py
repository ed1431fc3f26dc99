"""Train the story model (logistic regression over pair features) on ECB+ dev topics <= 17 only.

    python training/stories_train.py            # cross-validated report, then writes newsmill/stories/story_model.json

Pairs are made the way the grouper meets them: articles arrive one by one in a random order, each is
compared with the candidate stories the index retrieves, whose profiles hold the earlier articles of the
gold stories; label = the candidate is the article's gold story. Folds are grouped by topic (no topic
is in both training and scoring). Topics 18-35 are never read here: they are the held-out report.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from stories import clone, described_articles, ecb_records, shuffled  # noqa: E402

from newsmill.stage import CorpusContext  # noqa: E402
from newsmill.stories.features import FEATURE_NAMES, pair_features  # noqa: E402
from newsmill.stories.grouper import StoryGrouper  # noqa: E402
from newsmill.stories.index import index_keys  # noqa: E402
from newsmill.stories.model import MODEL_FILE, StoryModel  # noqa: E402
from newsmill.stories.profile import StoryProfile  # noqa: E402
from newsmill.stories.scoring import bcubed  # noqa: E402
from newsmill.stories.signals import article_signals  # noqa: E402

TRAIN_MAX_TOPIC = 17
PAIR_ORDERS = range(6)
EVAL_ORDERS = (0, 1, 2)
THRESHOLDS = [t / 100 for t in range(4, 80, 4)]
MAX_GAP_DAYS = 45


def pairs(articles, gold, seed):
    """Feature rows and labels from one gold-guided pass over `articles` in a random order."""
    grouper = StoryGrouper(model=StoryModel((0.0,) * len(FEATURE_NAMES), 0.0, 0.5))
    signals = {a.id: article_signals(a) for a in articles}
    for item in signals.values():
        grouper.df.add(item.terms)
    story_of: dict[str, int] = {}
    rows, labels = [], []
    for article in shuffled(articles, seed):
        sig = signals[article.id]
        vector = grouper.df.vector(sig.terms)
        keys = index_keys(sig, vector)
        label = gold[article.id]
        for number in grouper.index.candidates(keys):
            story = grouper.stories[number]
            rows.append(pair_features(sig, vector, story))
            labels.append(int(story.story_id == label))
        if label not in story_of:
            story_of[label] = len(grouper.stories)
            grouper.stories.append(StoryProfile(label, seq=story_of[label]))
        number = story_of[label]
        grouper.stories[number].add(sig, vector, article.title)
        grouper.index.add(number, keys)
    return rows, labels


def fit(articles, gold) -> tuple[np.ndarray, float]:
    rows, labels = [], []
    for seed in PAIR_ORDERS:
        r, l = pairs(articles, gold, 100 + seed)
        rows += r
        labels += l
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(np.array(rows), np.array(labels))
    return model.coef_[0], float(model.intercept_[0])


def cluster_f1(articles, gold, model: StoryModel, threshold: float) -> tuple[float, float, float]:
    totals = np.zeros(3)
    for seed in EVAL_ORDERS:
        copies = [clone(a) for a in shuffled(articles, seed)]
        StoryGrouper(model=model, threshold=threshold).run(copies, CorpusContext())
        totals += bcubed({a.id: a.story_id for a in copies}, {a.id: gold[a.id] for a in copies})
    return tuple(totals / len(EVAL_ORDERS))


def best_threshold(articles, gold, model: StoryModel) -> tuple[float, float]:
    scored = [(cluster_f1(articles, gold, model, t)[2], t) for t in THRESHOLDS]
    f1, t = max(scored)
    return t, f1


def train_model(articles, gold) -> StoryModel:
    weights, bias = fit(articles, gold)
    model = StoryModel(tuple(float(w) for w in weights), bias, 0.5, MAX_GAP_DAYS)
    threshold, _ = best_threshold(articles, gold, model)
    return StoryModel(model.weights, bias, threshold, MAX_GAP_DAYS)


def main() -> int:
    records = [r for r in ecb_records() if r["topic"] <= TRAIN_MAX_TOPIC]
    articles, _ = described_articles(records)
    gold = {a.id: r["story"] for a, r in zip(articles, records)}
    topic = {a.id: r["topic"] for a, r in zip(articles, records)}
    topics = sorted(set(topic.values()))
    folds = [topics[i::5] for i in range(5)]
    print(f"{len(articles)} articles, topics {topics[0]}-{topics[-1]}; 5 folds grouped by topic")
    cv = []
    for held in folds:
        train = [a for a in articles if topic[a.id] not in held]
        test = [a for a in articles if topic[a.id] in held]
        model = train_model(train, gold)
        p, r, f1 = cluster_f1(test, gold, model, model.threshold)
        cv.append((p, r, f1, len(test)))
        print(f"  held-out topics {held}: threshold {model.threshold:.2f}  B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    n = sum(c[3] for c in cv)
    print("cross-validated B3 (document-weighted): " + " ".join(
        f"{name} {sum(c[i] * c[3] for c in cv) / n:.3f}" for i, name in enumerate(("P", "R", "F1"))))
    model = train_model(articles, gold)
    print("final model (all topics <= 17): threshold", model.threshold)
    for name, weight in zip(FEATURE_NAMES, model.weights):
        print(f"  {name:18s} {weight:+.3f}")
    print(f"  {'bias':18s} {model.bias:+.3f}")
    path = ROOT / "newsmill" / "stories" / MODEL_FILE
    path.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
