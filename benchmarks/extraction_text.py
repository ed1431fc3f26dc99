"""Text-mode extraction benchmark: newsmill beside line cleaners on the 181 flattened dev pages.

    python -m benchmarks.extraction --mode text            # everything (a few minutes: CV retrains 5 models)
    python -m benchmarks.extraction --mode text --no-cv    # skip the cross-validated row

Rows: keep every line; a C4-style line filter (terminal punctuation, >= 5 words); jusText on each
line as a paragraph; trafilatura on the lines wrapped as <p>; newsmill cross-validated (each page
extracted by a model trained without it or its site, 5 folds grouped by URL host, post-processing
settings chosen on the other folds: the figure to quote); newsmill with the shipped model (trained on all these pages,
so only its speed is shown); newsmill fed the gold bodies back as input (clean text must survive).
Scores: bag-of-words P/R/F1 over whitespace tokens, mean over pages. Speed: one process, one core.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time

import numpy as np

from benchmarks.common import bow_prf, machine_line, markdown_table
from newsmill.extract.lines import split_lines
from newsmill.extract.text import TextExtractor

_TERMINAL = re.compile(r"""[.!?…]["'”’»)\]]*$""")


def keep_all(text: str) -> str:
    return "\n".join(split_lines(text))


def c4_filter(text: str) -> str:
    return "\n".join(line for line in split_lines(text) if len(line.split()) >= 5 and _TERMINAL.search(line))


def _as_paragraphs(text: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in split_lines(text))
    return f"<html><body>{body}</body></html>"


def justext_lines(text: str) -> str:
    import justext

    paragraphs = justext.justext(_as_paragraphs(text), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def trafilatura_lines(text: str) -> str:
    import trafilatura

    return trafilatura.extract(_as_paragraphs(text), include_comments=False) or ""


def _score(outputs: list[str], golds: list[str]) -> tuple[float, float, float]:
    scores = np.array([bow_prf(out, gold) for out, gold in zip(outputs, golds)])
    return tuple(scores.mean(axis=0))


def _timed(function, texts: list[str]) -> tuple[list[str], float, float]:
    """Outputs, pages per wall-clock second, pages per CPU second of this process (one core)."""
    started, cpu = time.perf_counter(), time.process_time()
    outputs = [function(text) for text in texts]
    return outputs, len(texts) / (time.perf_counter() - started), len(texts) / max(time.process_time() - cpu, 1e-9)


def _newsmill(extractor: TextExtractor):
    return lambda text: "\n".join(extractor.extract(text).body)


NESTED_GRID = {"threshold": (0.3, 0.4, 0.5), "fill": (0.15, 0.3)}


def cross_validated_outputs(texts: list[str], golds: list[str]) -> list[str]:
    """Each page extracted by a model trained on the other folds (GroupKFold by site), with the
    post-processing settings (NESTED_GRID) chosen on the other folds' pages only."""
    import itertools
    from dataclasses import replace

    from sklearn.model_selection import GroupKFold

    from newsmill.extract.text_model import shipped_settings
    from training.text_data import labelled_pages, page_sites
    from training.text_train import FOLDS, fit, page_matrices
    from training.text_tune import FixedScores

    pages = labelled_pages()
    matrices = page_matrices(pages)
    sites = page_sites()
    folds = list(GroupKFold(n_splits=FOLDS).split(sites, groups=sites))
    scores: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for train, test in folds:
        model = fit(np.concatenate([matrices[i] for i in train]), np.concatenate([pages[i][2] for i in train]))
        for i in test:
            scores[i] = model.predict(matrices[i])
    fixed = FixedScores()
    extractor = TextExtractor(fixed)

    def run(indexes, settings) -> list[str]:
        extractor.settings = replace(shipped_settings(), **settings)
        outputs = []
        for i in indexes:
            fixed.scores = scores[i]
            outputs.append("\n".join(extractor.extract(texts[i]).body))
        return outputs

    outputs = [""] * len(texts)
    for train, test in folds:
        candidates = [dict(zip(NESTED_GRID, values)) for values in itertools.product(*NESTED_GRID.values())]
        best = max(candidates, key=lambda settings: _score(run(train, settings), [golds[i] for i in train])[2])
        for i, output in zip(test, run(test, best)):
            outputs[i] = output
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated newsmill row")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes for newsmill (best is kept)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 unless CV F1 >= 0.90 and clean-input F1 >= 0.98 (the acceptance thresholds)")
    args = parser.parse_args(argv)
    from training.text_data import load_pages

    pages = load_pages()
    texts = [text for _, text, _ in pages]
    golds = [gold for _, _, gold in pages]
    rows = []
    extractor = TextExtractor()
    _newsmill(extractor)(texts[0])  # load the model before timing
    _, speed, cpu_speed = _timed(_newsmill(extractor), texts)
    for _ in range(args.repeat - 1):
        _, again, cpu_again = _timed(_newsmill(extractor), texts)
        speed, cpu_speed = max(speed, again), max(cpu_speed, cpu_again)
    peers = [("keep every line", keep_all), ("C4-style line filter", c4_filter),
             ("jusText on lines (English stoplist)", justext_lines), ("trafilatura on <p> lines", trafilatura_lines)]
    for name, function in peers:
        peer_outputs, peer_speed, peer_cpu = _timed(function, texts)
        rows.append([name, *_score(peer_outputs, golds), peer_speed, peer_cpu, speed / peer_speed])
    if not args.no_cv:
        started = time.perf_counter()
        cv = _score(cross_validated_outputs(texts, golds), golds)
        rows.append(["newsmill, 5-fold CV by site (quality figure)", *cv, "-", "-", "-"])
        print(f"(cross-validation: {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    rows.append(["newsmill, shipped model (speed only: it was trained on these pages)", "-", "-", "-", speed, cpu_speed,
                 1.0])
    clean_outputs, clean_speed, clean_cpu = _timed(_newsmill(extractor), golds)
    clean = _score(clean_outputs, golds)
    rows.append(["newsmill fed the gold bodies (clean input)", *clean, clean_speed, clean_cpu, "-"])
    load = os.getloadavg()[0]
    print(f"Text-mode extraction, {len(pages)} ScrapingHub dev pages (text/*.txt); {machine_line()}; "
          f"load average {load:.1f} at the end")
    print(markdown_table(["cleaner", "P", "R", "F1", "pages/s (wall)", "pages/s (CPU, one core)",
                          "newsmill wall speed ÷ this"], rows))
    if args.check:
        failures = ([] if args.no_cv or cv[2] >= 0.90 else [f"CV F1 {cv[2]:.3f} < 0.90"])
        failures += [] if clean[2] >= 0.98 else [f"clean-input F1 {clean[2]:.3f} < 0.98"]
        for failure in failures:
            print("FAIL:", failure, file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
