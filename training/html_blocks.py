"""Train the HTML block classifier on both HTML dev sets; report grouped k-fold figures only.

    .venv/bin/python -m training.html_blocks            # cross-validate, then fit on all and write the model
    .venv/bin/python -m training.html_blocks --cv-only  # cross-validated figures, no model written
    .venv/bin/python -m training.html_blocks --no-eval  # the ScrapingHub pages alone

ScrapingHub pages (full gold): a block's label is whether its text is in the gold articleBody (substring,
else >= half of its word trigrams). trafilatura's evaluation pages (snippet gold) are weakly labelled: a
block holding a snippet the main text must contain (or held by one) is positive, one holding a snippet it
must not contain negative; their other blocks are not trained on. Folds are grouped by site (URL host)
over both sets, so no site is in both train and test; figures are reported per set (bag-of-words F1 on
ScrapingHub, trafilatura's snippet F1 on its pages).
Writes newsmill/extract/html_model.json (two stages: block features, then block features plus
the first stage's scores of neighbours and containers). The CV figures score the Article body built
from the fold models' scores (`HtmlBlockExtractor.build`), as the benchmark does; the script also
checks the loner threshold (`ALONE_THRESHOLD`) by choosing it inside the folds.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from benchmarks.common import REPO, bow_prf, shared_dir
from benchmarks.extraction_snippets import SnippetCounts, load_eval_pages, normalise, site_of, snippet_counts

from newsmill.extract.html import SECOND_STAGE_NAMES, HtmlBlockExtractor, second_stage_features
from newsmill.extract.html_features import FEATURE_NAMES, trivial_blocks
from newsmill.extract.html_model import MODEL_FILE, MODEL_KIND, HtmlThresholds, shipped_block_models
from newsmill.models import model_document, write_model
from training.export import block_ensemble_spec

_SPACE = re.compile(r"\s+")
FOLDS = 5
EVAL_WEIGHT = 0.5  # a weakly labelled block's weight beside a fully labelled page's block
CV_FOLDS = REPO / "training" / "html_cv_folds.json"
PARAMS = dict(max_iter=80, learning_rate=0.15, max_depth=5, max_leaf_nodes=20, min_samples_leaf=20,
              l2_regularization=0.0, early_stopping=False, random_state=0)
# early_stopping off: sklearn turns it on above 10,000 rows (the fit on all pages), holding out a random
# tenth of the blocks; the fold fits (fewer rows) never used it, so the shipped model now matches them.


def load_pages(data: Path) -> list[dict]:
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        url = gold[key].get("url") or ""
        pages.append({"id": key, "html": html, "url": url, "gold": gold[key]["articleBody"],
                      "site": site_of(key, url)})
    return pages


def trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def label_blocks(texts: list[str], gold: str) -> np.ndarray:
    gold_lines = {line.strip() for line in gold.splitlines() if line.strip()}
    gold_flat = " " + _SPACE.sub(" ", gold).strip() + " "
    gold_tri = trigrams(gold_flat.split())
    labels = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        words = text.split()
        if len(words) < 4:  # short: only as a whole gold line (a sub-heading, a list item)
            labels[i] = int(text in gold_lines)
        elif f" {text} " in gold_flat or (len(text) > 40 and text in gold_flat):
            labels[i] = 1
        else:
            tri = trigrams(words)
            labels[i] = int(len(tri & gold_tri) >= 0.5 * len(tri))
    return labels


def snippet_labels(texts: list[str], with_: list[str], without: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Weak labels from snippet gold: (labels, labelled mask). A block holding a snippet, or held by one
    (a snippet across several blocks), takes its side; a block on both sides or on none is left out."""
    snippets = [(normalise(s), 1) for s in with_] + [(normalise(s), 0) for s in without]
    labels = np.zeros(len(texts), dtype=np.int64)
    known = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        sides = {side for snippet, side in snippets if snippet and (snippet in text or (len(text) >= 15 and text in snippet))}
        if len(sides) == 1:
            labels[i], known[i] = sides.pop(), True
    return labels, known


def page_data(extractor: HtmlBlockExtractor, pages: list[dict]) -> list[dict]:
    out = []
    for page in pages:
        try:
            parsed = extractor.analyse(page["html"], url=page["url"])
        except Exception:  # noqa: BLE001 - a page the extractor refuses teaches nothing
            continue
        texts = [b.text for b in parsed.blocks]
        live = ~trivial_blocks(parsed.features)
        if "gold" in page:
            labels, known = label_blocks(texts, page["gold"]), live
        else:
            labels, known = snippet_labels(texts, page["with"], page["without"])
            known = known & live
        out.append({"x": parsed.features, "y": labels, "texts": texts, "parsed": parsed, "page": page,
                    "live": live, "fit": known,
                    "w": np.array([min(len(t.split()), 200) ** 0.5 + 0.5 for t in texts]) * page.get("weight", 1.0)})
    return out


def live_rows(items: list[dict], key: str, values: list[np.ndarray] | None = None) -> np.ndarray:
    """The rows training uses: every live block of a fully labelled page, the labelled ones of the others."""
    parts = [(values[k] if values is not None else item[key])[item["fit"]] for k, item in enumerate(items)]
    return np.concatenate(parts) if parts else np.zeros(0)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(**PARAMS).fit(x, y, sample_weight=w)


def predict(model, item: dict, x: np.ndarray | None = None) -> np.ndarray:
    """Scores for every block of a page; trivial blocks score 0, as at run time."""
    x = item["x"] if x is None else x
    out = np.zeros(len(x))
    if item["live"].any():
        out[item["live"]] = model.predict_proba(x[item["live"]])[:, 1]
    return out


def second_x(item: dict, first_scores: np.ndarray) -> np.ndarray:
    return second_stage_features(item["parsed"], item["x"], first_scores)


def fit_two_stage(train: list[dict], inner_folds: int = 3) -> tuple:
    """Stage one on block features; stage two on them plus out-of-fold stage-one scores."""
    first = fit(live_rows(train, "x"), live_rows(train, "y"), live_rows(train, "w"))
    groups = [item["page"]["site"] for item in train]
    oof: list[np.ndarray] = [None] * len(train)  # type: ignore[list-item]
    for tr, te in GroupKFold(n_splits=inner_folds).split(train, groups=groups):
        part = [train[i] for i in tr]
        model = fit(live_rows(part, "x"), live_rows(part, "y"), live_rows(part, "w"))
        for i in te:
            oof[i] = predict(model, train[i])
    x2 = [second_x(item, scores) for item, scores in zip(train, oof)]
    second = fit(live_rows(train, "x", x2), live_rows(train, "y"), live_rows(train, "w"))
    return first, second


def article_text(extractor: HtmlBlockExtractor, item: dict, scores: np.ndarray) -> str:
    """The Article body built from these block scores, as the benchmark reads it."""
    return "\n".join(extractor.build(item["parsed"], scores, url=item["page"]["url"] or None).body)


def set_figures(extractor: HtmlBlockExtractor, items: list[dict], scores: dict[int, np.ndarray]) -> dict[str, float]:
    """Per set, from these pages' block scores: ScrapingHub mean bag-of-words F1, the eval set's snippet F1."""
    bow, snippets = [], SnippetCounts()
    for i, p in scores.items():
        page = items[i]["page"]
        text = article_text(extractor, items[i], p)
        if "gold" in page:
            bow.append(bow_prf(text, page["gold"])[2])
        else:
            snippets = snippets + snippet_counts(text, page["with"], page["without"])
    return {"scrapinghub": float(np.mean(bow)) if bow else float("nan"),
            "trafilatura-eval": snippets.prf()[2] if snippets.tp + snippets.fn else float("nan")}


def show(figures: dict[str, float]) -> str:
    return ", ".join(f"{name} F1 {value:.4f}" for name, value in figures.items())


def predict_two_stage(first, second, item: dict) -> np.ndarray:
    return predict(second, item, second_x(item, predict(first, item)))


def model_spec(first, second) -> dict:
    return {"stages": {"first": block_ensemble_spec(first, list(FEATURE_NAMES)),
                       "second": block_ensemble_spec(second, list(FEATURE_NAMES) + list(SECOND_STAGE_NAMES))}}


def sweep(extractor: HtmlBlockExtractor, items: list[dict], oof_scores: dict[int, np.ndarray]) -> None:
    """Both sets' cross-validated figures over the main and the loner thresholds (the shipped values are
    chosen from these curves on both sets together, and given with --threshold and --alone)."""
    chosen = HtmlThresholds(extractor.threshold, extractor.alone_threshold)
    for threshold in (0.3, 0.4, 0.5, 0.6):
        extractor.threshold = threshold
        print(f"  threshold {threshold}: {show(set_figures(extractor, items, oof_scores))}", flush=True)
    extractor.threshold = chosen.block
    for value in (0.6, 0.7, 0.8, 0.9):
        extractor.alone_threshold = value
        print(f"  alone threshold {value}: {show(set_figures(extractor, items, oof_scores))}", flush=True)
    extractor.alone_threshold = chosen.alone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--no-cv", action="store_true", help="only fit on all pages and write the model")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--no-eval", action="store_true", help="train on the ScrapingHub pages alone")
    parser.add_argument("--eval-weight", type=float, default=EVAL_WEIGHT, help="weight of a weakly labelled block")
    parser.add_argument("--sweep", action="store_true", help="print the threshold curves")
    shipped = shipped_block_models().thresholds
    parser.add_argument("--threshold", type=float, default=shipped.block, help="block threshold to ship")
    parser.add_argument("--alone", type=float, default=shipped.alone, help="loner block threshold to ship")
    args = parser.parse_args(argv)
    start = time.time()
    pages = load_pages(shared_dir() / "bench" / "extraction" / "scrapinghub")
    if not args.no_eval:
        pages += [dict(page, weight=args.eval_weight) for page in load_eval_pages()]
    thresholds = HtmlThresholds(block=args.threshold, alone=args.alone)
    extractor = HtmlBlockExtractor(models=None, thresholds=thresholds)
    items = page_data(extractor, pages)
    print(f"{len(items)} pages, {sum(int(i['fit'].sum()) for i in items)} training blocks, "
          f"{int(sum(i['y'][i['fit']].sum() for i in items))} positive; {time.time() - start:.1f}s", flush=True)
    groups = [item["page"]["site"] for item in items]
    fold_specs, page_fold = [], {}
    oof_first: dict[int, np.ndarray] = {}
    oof_scores: dict[int, np.ndarray] = {}
    splits = [] if args.no_cv else GroupKFold(n_splits=args.folds).split(items, groups=groups)
    for fold, (tr, te) in enumerate(splits):
        train = [items[i] for i in tr]
        first, second = fit_two_stage(train)
        fold_specs.append(model_spec(first, second))
        for i in te:
            page_fold[items[i]["page"]["id"]] = fold
            oof_first[i] = predict(first, items[i])
            oof_scores[i] = predict_two_stage(first, second, items[i])
        print(f"fold {fold}: {time.time() - start:.1f}s", flush=True)
    if oof_scores:
        print(f"cross-validated ({args.folds} folds by site) first stage: {show(set_figures(extractor, items, oof_first))}")
        print(f"cross-validated ({args.folds} folds by site) second stage: {show(set_figures(extractor, items, oof_scores))}")
        if args.sweep:
            sweep(extractor, items, oof_scores)
    if not args.no_cv:
        CV_FOLDS.write_text(json.dumps({"folds": fold_specs, "page_fold": page_fold}, separators=(",", ":")),
                            encoding="utf-8")
        print(f"wrote {CV_FOLDS} (fold models for the benchmark's cross-validated figures)")
    if args.cv_only:
        return 0
    first, second = fit_two_stage(items)
    trained_on = "scrapinghub dev pages (181)" + ("" if args.no_eval else
                                                  " + trafilatura evaluation pages (990, weak labels)")
    document = model_document(MODEL_KIND, model_spec(first, second),
                              {"block": thresholds.block, "alone": thresholds.alone},
                              "training/html_blocks.py", trained_on)
    path = REPO / "newsmill" / "extract" / MODEL_FILE
    write_model(path, document, compact=True)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB); {time.time() - start:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
