"""A held-out dedup check on other articles: crawl-like variants of ECB+ news texts, made here.

The dev set's variants are of Wikinews articles inside three invented site templates.
This set applies the same kinds of change (README of wikinews-crawlvariants) to
different articles (ECB+, real news from many outlets, several per event: natural
same-topic non-copies) inside different invented templates, with different wire
lines and paywall text, so thresholds fitted to the dev set would show here.

    .venv/bin/python -m benchmarks.dedup_heldout
"""
from __future__ import annotations

import json
import random
import re

from benchmarks.common import machine_line, markdown_table, shared_dir

SEED = 20261123
TEMPLATES = [
    (["The Morning Ledger", "Top stories | Local | Nation | Money | Science | Culture", "My account | Sign out",
      "Today's paper"],
     ["Have a news tip? Write to the newsroom.", "More from the Ledger", "Copyright 2021 Ledger Publishing Co.",
      "Cookie preferences | Accessibility | Sitemap"]),
    (["NORTHSIDE HERALD", "Menu Search", "Latest | Region | Crime | Weather | Obituaries | Jobs",
      "Get unlimited access for $1"],
     ["Join the conversation: comments are moderated.", "Recommended for you", "Herald Media Ltd, registered office",
      "Privacy notice | Terms and conditions | Contact the editor"]),
    (["Daily Dispatch Online", "Skip navigation", "World - Politics - Health - Entertainment - Tech",
      "Listen to this article"],
     ["Follow Daily Dispatch on all platforms", "Editor's picks", "All content © Dispatch Digital",
      "Advertise | Careers | Help centre | Corrections policy"]),
]
WIRE = ["PARIS (AFP) --", "NEW YORK, (Reuters) -", "BERLIN (dpa) -", "TOKYO (Kyodo) --", "SYDNEY (AAP) -"]
WIRE_FOOTER = ["(c) 2021 Wire Services. Redistribution prohibited without written consent.",
               "Additional reporting by wire correspondents; edited for length."]
PAYWALL = ["Subscribe to read the rest of this story.", "Continue reading with a free trial"]
SYNONYMS = {"said": "stated", "says": "states", "told": "informed", "after": "following", "before": "prior to",
            "big": "large", "started": "began", "help": "assist", "show": "demonstrate", "buy": "purchase"}


def _paragraphs(text: str, rng: random.Random) -> list[str]:
    sentences = [s.strip() for s in text.split("\n") if s.strip()]
    out, i = [], 0
    while i < len(sentences):
        step = rng.choice([1, 2, 2, 3])
        out.append(" ".join(sentences[i:i + step]))
        i += step
    return out


def _page(template: tuple[list[str], list[str]], title: str, paragraphs: list[str], date: str,
          byline: bool = True, blank: bool = True) -> str:
    header, footer = template
    lines = [*header, "", title, ""]
    if byline:
        lines += [f"By Newsroom Staff | {date}", ""]
    lines += [p for para in paragraphs for p in ((para, "") if blank else (para,))]
    return "\n".join([*lines, *footer])


def _bump_numbers(text: str, rng: random.Random) -> str:
    return re.sub(r"\b\d{2,3}\b", lambda m: str(int(m.group()) + rng.randint(1, 3)) if rng.random() < 0.5
                  else m.group(), text)


def _swap_words(text: str, rng: random.Random) -> str:
    return re.sub(r"\b(" + "|".join(SYNONYMS) + r")\b",
                  lambda m: SYNONYMS[m.group()] if rng.random() < 0.6 else m.group(), text)


def variant(kind: str, title: str, paras: list[str], rng: random.Random) -> str:
    date = f"2021-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    template = rng.choice(TEMPLATES)
    if kind == "full_page":
        return _page(template, title, paras, date)
    if kind == "body_only":
        return "\n".join(paras[1:] if rng.random() < 0.5 else paras)
    if kind == "lede_dropped":
        return "\n\n".join(paras[1:])
    if kind == "truncated_teaser":
        keep = max(2, round(len(paras) * rng.uniform(0.35, 0.6)))
        return _page(template, title, paras[:keep] + [rng.choice(PAYWALL)], date)
    if kind == "syndicated":
        return "\n\n".join([title.upper(), f"{rng.choice(WIRE)} {paras[0]}", *paras[1:], rng.choice(WIRE_FOOTER)])
    if kind == "updated_edit":
        edited = [_swap_words(_bump_numbers(p, rng), rng) for p in paras]
        del edited[rng.randrange(1, len(edited))]
        edited.insert(1, "UPDATED with new details from officials.")
        return _page(template, title + " - update", edited, date)
    if kind == "noisy_reformat":
        plain = [p.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-") for p in paras]
        return _page(template, title, plain, date, byline=False, blank=False)
    raise ValueError(kind)


def build(seed: int = SEED) -> list[dict]:
    """The held-out documents: id, cluster, variant, text."""
    from newsmill.dedup.shingles import overlap, shingle_batch
    rng = random.Random(seed)
    path = shared_dir() / "bench" / "stories" / "ecbplus" / "dev.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    bases = []
    for row in rows:
        paras = _paragraphs(row["text"], rng)
        if len(row["text"].split()) >= 150 and len(paras) >= 4:
            bases.append((row["id"], paras[0][:120], paras[:25]))
    # ECB+ holds some real copies of one wire story: keep only bases that share little with any other
    batch = shingle_batch(["\n".join(p) for _, _, p in bases])
    from newsmill.dedup.sketch import candidate_pairs, sample
    hashes, docs, per_doc = sample(batch)
    clash = set()
    for a, b, _ in candidate_pairs(hashes, docs, per_doc, min_share=0.05).tolist():
        if max(overlap(batch.of(a), batch.of(b))[1:]) >= 0.2:
            clash.update((a, b))
    bases = [b for i, b in enumerate(bases) if i not in clash]
    rng.shuffle(bases)
    n_brief, n_single = int(0.15 * len(bases)), int(0.10 * len(bases))
    briefs, singles, duplicated = bases[:n_brief], bases[n_brief:n_brief + n_single], bases[n_brief + n_single:]
    docs_out: list[dict] = []

    def add(cluster: str, kind: str, text: str) -> None:
        docs_out.append({"id": f"h{len(docs_out):05d}", "cluster": cluster, "variant": kind, "text": text})

    kinds = ["full_page", "body_only", "lede_dropped", "truncated_teaser", "syndicated", "updated_edit",
             "noisy_reformat"]
    for base_id, title, paras in duplicated:
        for kind in rng.sample(kinds, rng.randint(2, 5)):
            add(base_id, kind, variant(kind, title, paras, rng))
    for base_id, title, paras in singles:
        add(base_id, "singleton", "\n\n".join(paras))
    heavy_header, heavy_footer = TEMPLATES[0]
    popular = [f"Popular now: {t}" for _, t, _ in rng.sample(singles + duplicated, 12)]
    for base_id, title, paras in briefs:
        add(base_id, "neg_template_brief", "\n".join([*heavy_header, "", title, "", *paras[:2], "",
                                                      *heavy_footer, *popular]))
    for r in range(max(1, len(duplicated) // 10)):
        picked = rng.sample(duplicated, 4)
        add(f"roundup{r}", "neg_roundup", "\n\n".join(["The day's headlines"] +
                                                      [f"{t}\n{p[0]}" for _, t, p in picked]))
    rng.shuffle(docs_out)
    return docs_out


def main(header: bool = True) -> None:
    from benchmarks.dedup_scoring import pairs_of, score, variant_recall
    from benchmarks.dedup_tools import METHODS
    docs = build()
    texts, gold = [d["text"] for d in docs], [d["cluster"] for d in docs]
    if header:
        print(f"machine: {machine_line()}\n")
    print(f"## Held-out variants of ECB+ articles: {len(docs)} documents, {len(pairs_of(gold))} gold pairs\n")
    rows = []
    for name, method in METHODS.items():
        labels = method(texts)
        rows.append([name, *score(labels, gold)])
        if name == "newsmill":
            recall = variant_recall(labels, docs)
    print(markdown_table(["method", "P", "R", "F1", "ARI"], rows))
    print("\nnewsmill recall per variant:")
    print(markdown_table(["variant", "recall"], [[k, v] for k, v in recall.items()]))


if __name__ == "__main__":
    main()
