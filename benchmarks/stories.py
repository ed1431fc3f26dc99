"""Story benchmark: newsmill's StoryGrouper beside the TF-IDF single-pass centroid baseline on ECB+ dev.

    python -m benchmarks.stories                 # quality (3 random orders) + scaling at 1k/10k/100k
    python -m benchmarks.stories --sizes 1000,10000   # smaller scaling run

Each topic of ECB+ holds two events of the same kind (gold = `story`). Both methods see the articles
once, in a seeded random order (3 orders averaged). The baseline's threshold is the best on topics
<= 17 (its tuning split); newsmill's model was trained on topics <= 17 only. Scores are reported on
topics <= 17, on the held-out topics 18-35 (clustered on their own), and overall.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from benchmarks.common import bcubed, machine_line, markdown_table, pairwise, shared_dir

from newsmill.article import Article
from newsmill.describe import Describer
from newsmill.steps import CorpusContext
from newsmill.stories import StoryGrouper
from newsmill.engine.memory import run_step

ORDERS = (0, 1, 2)
TUNE_MAX_TOPIC = 17


def ecb_records(path: Path | None = None) -> list[dict]:
    path = path or shared_dir() / "bench" / "stories" / "ecbplus" / "dev.jsonl"
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def record_article(record: dict) -> Article:
    """An ECB+ document as newsmill sees it: the first sentence is the headline, the rest the body.

    Only the text goes in: never the id (it names the ECB/ECB+ half) nor the source URL.
    """
    lines = [line for line in record["text"].split("\n") if line.strip()]
    title = record.get("title") or (lines[0] if lines else "")
    body = lines[1:] if lines and lines[0] == title else lines
    return Article(id=f"doc{record['_n']}", source_path="ecbplus", title=title, body=body)


def described_articles(records: list[dict]) -> tuple[list[Article], float]:
    describer = Describer()
    articles = []
    started = time.perf_counter()
    for n, record in enumerate(records):
        record["_n"] = n
        articles.append(describer(record_article(record)))
    return articles, time.perf_counter() - started


def clone(article: Article) -> Article:
    return Article.from_dict(article.to_dict())


def run_newsmill(articles: list[Article], threshold: float | None = None) -> tuple[dict[str, str], tuple[float, float]]:
    copies = [clone(a) for a in articles]
    grouper = StoryGrouper(threshold=threshold)
    started, cpu = time.perf_counter(), time.process_time()
    run_step(grouper, copies, CorpusContext())
    return {a.id: a.story_id for a in copies}, (time.perf_counter() - started, time.process_time() - cpu)


class TfidfCentroidBaseline:
    """TF-IDF (sublinear tf, English stop words, max_df 0.5) cosine to story centroids, single pass."""

    def __init__(self, articles: list[Article]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        texts = [(a.title or "") + "\n" + "\n".join(a.body) for a in articles]
        started, cpu = time.perf_counter(), time.process_time()
        self.matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.5).fit_transform(texts)
        self.fit_seconds, self.fit_cpu = time.perf_counter() - started, time.process_time() - cpu
        self.row = {a.id: i for i, a in enumerate(articles)}

    def run(self, articles: list[Article], threshold: float) -> tuple[dict[str, str], tuple[float, float]]:
        import numpy as np
        started, cpu = time.perf_counter(), time.process_time()
        rows = self.matrix[[self.row[a.id] for a in articles]].toarray()
        sums = np.zeros_like(rows)
        units = np.zeros_like(rows)
        count = 0
        labels: dict[str, str] = {}
        for article, vec in zip(articles, rows):
            best = -1
            if count:
                sims = units[:count] @ vec
                best = int(np.argmax(sims))
                if sims[best] < threshold:
                    best = -1
            if best < 0:
                best, count = count, count + 1
            sums[best] += vec
            units[best] = sums[best] / (np.linalg.norm(sums[best]) or 1.0)
            labels[article.id] = str(best)
        share = len(articles) / len(self.row)
        return labels, (time.perf_counter() - started + self.fit_seconds * share,
                        time.process_time() - cpu + self.fit_cpu * share)


def shuffled(articles: list[Article], seed: int) -> list[Article]:
    order = list(articles)
    random.Random(seed).shuffle(order)
    return order


def scores(run, articles: list[Article], gold: dict[str, str]) -> dict[str, float]:
    """Averages over the random orders: B3 P/R/F1, pairwise F1, docs/s (wall clock) and docs per CPU-second."""
    totals = {"p": 0.0, "r": 0.0, "f1": 0.0, "pf1": 0.0, "seconds": 0.0, "cpu": 0.0}
    for seed in ORDERS:
        labels, (seconds, cpu) = run(shuffled(articles, seed))
        sub_gold = {a.id: gold[a.id] for a in articles}
        p, r, f1 = bcubed(labels, sub_gold)
        totals["p"] += p
        totals["r"] += r
        totals["f1"] += f1
        totals["pf1"] += pairwise(labels, sub_gold)[2]
        totals["seconds"] += seconds
        totals["cpu"] += cpu
    out = {k: v / len(ORDERS) for k, v in totals.items()}
    out["docs_s"] = len(articles) / out["seconds"] if out["seconds"] else 0.0
    out["docs_cpu_s"] = len(articles) / out["cpu"] if out["cpu"] else 0.0
    return out


def quality(articles: list[Article], gold: dict[str, str], topic: dict[str, int]) -> None:
    splits = {
        "tune (topics <= 17)": [a for a in articles if topic[a.id] <= TUNE_MAX_TOPIC],
        "held-out (18-35)": [a for a in articles if topic[a.id] > TUNE_MAX_TOPIC],
        "overall (1-35)": articles,
    }
    baseline = TfidfCentroidBaseline(articles)
    tune = splits["tune (topics <= 17)"]
    best_t, best_f1 = 0.0, -1.0
    for step in range(5, 21):
        t = step / 50
        f1 = scores(lambda order: baseline.run(order, t), tune, gold)["f1"]
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    rows = []
    for split, docs in splits.items():
        for name, run in ((f"TF-IDF centroid, t={best_t:.2f} (best on <= 17)", lambda o: baseline.run(o, best_t)),
                          ("newsmill StoryGrouper", run_newsmill)):
            s = scores(run, docs, gold)
            rows.append([split, name, len(docs), s["p"], s["r"], s["f1"], s["pf1"], f"{s['docs_s']:,.0f}",
                         f"{s['docs_cpu_s']:,.0f}"])
    print(markdown_table(["split", "method", "docs", "B3 P", "B3 R", "B3 F1", "pairwise F1", "docs/s", "docs/CPU-s"],
                         rows))


# -- scaling -------------------------------------------------------------------
def generated_articles(records: list[dict], count: int, seed: int = 7) -> list[Article]:
    """Synthetic stream: events (about 5 articles each) built from ECB+ sentences plus made-up anchors.

    Each event gets its own invented people, place and numbers, mixed into sentences sampled from the
    whole corpus, so the vocabulary and the number of stories grow with the stream like real news.
    """
    rng = random.Random(seed)
    sentences = [line for r in records for line in r["text"].split("\n") if len(line.split()) > 5]
    syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "sha", "dun", "pel", "ro", "zan", "qui", "bor", "lek", "ny"]

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()

    articles: list[Article] = []
    event = 0
    while len(articles) < count:
        event += 1
        person = f"{name()} {name()}"
        place = name() + rng.choice(["ville", " City", "burg", "ton"])
        number = str(rng.randint(3, 900))
        base = rng.sample(sentences, 8)
        for _ in range(rng.randint(2, 8)):
            if len(articles) >= count:
                break
            body = rng.sample(base, 5) + rng.sample(sentences, 3)
            body.insert(1, f"{person} said {number} people were affected in {place} on Monday.")
            title = f"{person} in {place}: {rng.choice(base)[:80]}"
            articles.append(Article(id=f"gen{len(articles)}", source_path="generated", title=title, body=body,
                                    extra={"event": event}))
    return articles


def scaling(records: list[dict], sizes: list[int]) -> None:
    from newsmill.describe.entities import find_entities

    rows = []
    for size in sizes:
        articles = generated_articles(records, size)
        for article in articles:  # what the describe stage adds that the grouper reads
            article.entities = find_entities([article.title or ""] + article.body)
        started, cpu = time.perf_counter(), time.process_time()
        state = run_step(StoryGrouper(), articles, CorpusContext())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        p, r, f1 = bcubed({a.id: a.story_id for a in articles}, {a.id: a.extra["event"] for a in articles})
        rows.append([size, f"{seconds:.1f}", f"{cpu:.1f}", f"{1e3 * cpu / size:.2f}", f"{size / seconds:,.0f}",
                     f"{size / cpu:,.0f}", state.live_count(), f"{p:.3f} / {r:.3f} / {f1:.3f}"])
    print(markdown_table(["documents", "seconds", "CPU s", "CPU ms / doc", "docs/s", "docs/CPU-s", "stories",
                          "B3 P / R / F1 (events)"], rows))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (float(last[2]) / float(first[2])) / (last[0] / first[0]) if float(first[2]) else 0.0
        times = float(last[2]) / max(float(first[2]), 1e-9)
        print(f"\ncost growth {first[0]} -> {last[0]} docs: x{times:.1f} CPU time "
              f"for x{last[0] / first[0]:.0f} docs (linear would be x{last[0] / first[0]:.0f}, quadratic "
              f"x{(last[0] / first[0]) ** 2:.0f}; per-doc cost ratio {growth:.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="generated stream sizes for the scaling run")
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args(argv)
    records = ecb_records()
    articles, describe_seconds = described_articles(records)
    gold = {a.id: r["story"] for a, r in zip(articles, records)}
    topic = {a.id: r["topic"] for a, r in zip(articles, records)}
    print(f"# Stories: ECB+ dev, {len(articles)} documents, {len(set(gold.values()))} stories, "
          f"{len(ORDERS)} random orders averaged")
    print(f"machine: {machine_line()}")
    print(f"describe stage (entities, dates; not counted in docs/s below): {len(articles) / describe_seconds:,.0f} docs/s\n")
    quality(articles, gold, topic)
    if not args.skip_scaling:
        print("\n## Scaling (generated stream, newsmill StoryGrouper, one core)\n")
        scaling(records, [int(s) for s in args.sizes.split(",") if s])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
