"""HTML extraction benchmark: newsmill beside the peer extractors on both HTML dev sets.

    .venv/bin/python -m benchmarks.extraction --mode html                # both sets, the default tools
    .venv/bin/python -m benchmarks.extraction --mode html --tools all --sets scrapinghub
    .venv/bin/python -m benchmarks.extraction --mode html --tools newsmill,trafilatura --limit 50

Each tool runs in its own subprocess per set (so peak memory is its own). On the 181 ScrapingHub pages:
bag-of-words P/R/F1 against the gold articleBody (mean over pages). On trafilatura's 990 evaluation pages:
its snippet metric (`extraction_snippets.py`) and how often the tool's title agrees with the page's
og:title. newsmill's quality figures are cross-validated: each page is extracted by the fold model that
never saw its site (`training/html_cv_folds.json`, written by `training/html_blocks.py`); its speed is
that of `newsmill.extract_html` with the shipped model. A second measurement times `newsmill.extract_html`
against `trafilatura.extract` in one process, interleaved page by page. Last, published dates:
newsmill's metadata beside htmldate, against the JSON-LD date and the date in the URL.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time

from benchmarks.common import REPO, bow_prf, machine_line, markdown_table, shared_dir
from benchmarks.extraction_snippets import SnippetCounts, load_eval_pages, og_title, snippet_counts, title_agrees

TOOLS = ("newsmill", "trafilatura", "trafilatura-precision", "readability-lxml", "resiliparse", "newspaper4k",
         "justext", "boilerpy3", "goose3")
DEFAULT_TOOLS = ("newsmill", "trafilatura", "readability-lxml", "resiliparse")
SETS = ("scrapinghub", "trafilatura-eval")
CV_FOLDS_FILE = REPO / "training" / "html_cv_folds.json"


def load_pages(limit: int | None = None, dataset: str = "scrapinghub") -> list[dict]:
    """One set's pages: id, url, site, html and its gold (`gold` text, or `with` / `without` snippets)."""
    if dataset == "trafilatura-eval":
        return load_eval_pages(limit)
    data = shared_dir() / "bench" / "extraction" / "scrapinghub"
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold)[:limit] if limit else sorted(gold)
    return [{"id": k, "url": gold[k].get("url"), "gold": gold[k]["articleBody"],
             "html": gzip.decompress((data / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8")} for k in keys]


def _memory() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MiB."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def make_tool(name: str):
    """A function html -> extracted text, for one tool."""
    if name == "newsmill":
        import newsmill
        return lambda html, url: newsmill.extract_html(html, url=url).text
    if name.startswith("trafilatura"):
        import trafilatura
        precision = name.endswith("precision")
        return lambda html, url: trafilatura.extract(html, include_comments=False, favor_precision=precision) or ""
    if name == "readability-lxml":
        import lxml.html
        from readability import Document
        return lambda html, url: lxml.html.fromstring(Document(html).summary()).text_content()
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        return lambda html, url: extract_plain_text(html, main_content=True)
    if name == "newspaper4k":
        import newspaper
        config = newspaper.Config()
        config.fetch_images = False  # it would fetch the page's images over the network

        def run(html: str, url: str | None) -> str:
            article = newspaper.Article(url or "https://example.org/", config=config)
            article.download(input_html=html)
            article.parse()
            return article.text
        return run
    if name == "justext":
        import justext
        stoplist = justext.get_stoplist("English")
        return lambda html, url: "\n".join(p.text for p in justext.justext(html.encode("utf-8"), stoplist)
                                           if not p.is_boilerplate)
    if name == "boilerpy3":
        from boilerpy3 import extractors
        extractor = extractors.ArticleExtractor(raise_on_failure=False)
        return lambda html, url: extractor.get_content(html) or ""
    if name == "goose3":
        from goose3 import Goose
        goose = Goose()
        return lambda html, url: goose.extract(raw_html=html).cleaned_text or ""
    raise SystemExit(f"unknown tool {name}")


def make_title_tool(name: str):
    """A function html -> title for the tools that find one (None for the others); not timed."""
    if name == "newsmill":
        import newsmill
        return lambda html, url: newsmill.extract_html(html, url=url).title
    if name.startswith("trafilatura"):
        import trafilatura

        def run(html: str, url: str | None) -> str | None:
            meta = trafilatura.extract_metadata(html, default_url=url)
            return meta.title if meta is not None else None
        return run
    if name == "readability-lxml":
        from readability import Document
        return lambda html, url: Document(html).short_title()
    if name == "resiliparse":
        from resiliparse.parse.html import HTMLTree
        return lambda html, url: HTMLTree.parse(html).title
    return None


def newsmill_cv(pages: list[dict]) -> tuple[list[str], list[str | None], int] | None:
    """Each page's body and title from the fold model that did not see its site (None without the folds
    file), and how many pages no fold held out (those use the shipped model: in-sample)."""
    if not CV_FOLDS_FILE.exists():
        return None
    from newsmill.extract.html import HtmlBlockExtractor
    from newsmill.extract.html_model import TreeEnsemble
    folds = json.loads(CV_FOLDS_FILE.read_text(encoding="utf-8"))
    extractors = [HtmlBlockExtractor({stage: TreeEnsemble(spec) for stage, spec in fold["stages"].items()})
                  for fold in folds["folds"]]
    shipped = HtmlBlockExtractor()
    fold_of = folds["page_fold"]
    texts, titles, unseen = [], [], 0
    for page in pages:
        fold = fold_of.get(page["id"])
        unseen += fold is None
        try:
            article = (shipped if fold is None else extractors[fold]).extract(page["html"], url=page["url"])
            texts.append("\n".join(article.body))
            titles.append(article.title)
        except Exception:  # noqa: BLE001 - a failed page scores zero
            texts.append("")
            titles.append(None)
    return texts, titles, unseen


def child(tool: str, limit: int | None, dataset: str) -> None:
    """Run one tool over one set's pages; print one JSON line with its scores, time and memory."""
    pages = load_pages(limit, dataset)
    fn = make_tool(tool)
    fn(pages[0]["html"], pages[0]["url"])  # warm-up (imports, models)
    base_rss, _ = _memory()
    texts, failures = [], 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for page in pages:
        try:
            texts.append(fn(page["html"], page["url"]) or "")
        except Exception:  # noqa: BLE001 - a failed page scores zero
            failures += 1
            texts.append("")
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    _, peak = _memory()
    note, titles = "", None
    if tool == "newsmill":
        cv = newsmill_cv(pages)
        if cv is None:
            note = "IN-SAMPLE (no training/html_cv_folds.json)"
        else:
            texts, titles, unseen = cv
            note = "cross-validated by site" + (f"; {unseen} pages in-sample" if unseen else "")
    out = {"tool": tool, "seconds": seconds, "cpu_seconds": cpu_seconds, "pages": len(pages),
           "failures": failures, "peak_mb": peak, "base_mb": base_rss, "note": note}
    if dataset == "trafilatura-eval":
        total = SnippetCounts()
        for text, page in zip(texts, pages):
            total = total + snippet_counts(text, page["with"], page["without"])
        out["snippets"] = [total.tp, total.fn, total.fp, total.tn]
        title_fn = make_title_tool(tool) if titles is None else None
        if titles is None and title_fn is not None:
            titles = []
            for page in pages:
                try:
                    titles.append(title_fn(page["html"], page["url"]))
                except Exception:  # noqa: BLE001 - no title
                    titles.append(None)
        if titles is not None:
            refs = [(og_title(page["html"]), title) for page, title in zip(pages, titles)]
            out["titles"] = [sum(1 for ref, t in refs if ref and title_agrees(t, ref)), sum(1 for ref, _ in refs if ref)]
    else:
        out["scores"] = [bow_prf(text, page["gold"]) for text, page in zip(texts, pages)]
    print(json.dumps(out))


def head_to_head(limit: int | None, rounds: int = 2) -> dict:
    """newsmill.extract_html vs trafilatura.extract in one process, strictly alternating page by page."""
    import trafilatura

    import newsmill
    pages = load_pages(limit)
    newsmill.extract_html(pages[0]["html"])
    trafilatura.extract(pages[0]["html"])
    from newsmill.extract.html import HtmlExtractor
    from newsmill.readers.document import Document
    extractor = HtmlExtractor()  # the extraction stage alone, without describe and quotes
    ours = theirs = ours_cpu = theirs_cpu = stage_cpu = 0.0
    for _ in range(rounds):
        for page in pages:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                newsmill.extract_html(page["html"], url=page["url"])
            except Exception:  # noqa: BLE001
                pass
            t1, c1 = time.perf_counter(), time.process_time()
            trafilatura.extract(page["html"])
            t2, c2 = time.perf_counter(), time.process_time()
            ours += t1 - t0
            theirs += t2 - t1
            ours_cpu += c1 - c0
            theirs_cpu += c2 - c1
    # the stage alone in a pass of its own: timed between the two above, it would warm the caches for
    # the next page's extract_html and flatter the ratio (by about 0.2x when this was measured)
    for _ in range(rounds):
        for page in pages:
            c2 = time.process_time()
            try:
                extractor(Document(id="p", source_path="p", content=page["html"], kind="html", url=page["url"]))
            except Exception:  # noqa: BLE001
                pass
            stage_cpu += time.process_time() - c2
    n = len(pages) * rounds
    return {"newsmill": n / ours, "trafilatura": n / theirs, "ratio": theirs / ours,
            "newsmill_cpu": n / ours_cpu, "trafilatura_cpu": n / theirs_cpu, "ratio_cpu": theirs_cpu / ours_cpu,
            "stage_cpu": n / stage_cpu, "ratio_stage_cpu": theirs_cpu / stage_cpu}


def dates(limit: int | None, dataset: str) -> dict:
    """Published dates: newsmill (the whole HTML extraction, not given the URL) vs htmldate, each against the
    page's JSON-LD datePublished, else its article:published_time-like meta tag, and the date in its URL."""
    from htmldate import find_date
    from selectolax.lexbor import LexborHTMLParser

    import newsmill
    from newsmill.describe.dates import iso_day, url_date
    from newsmill.extract.html_meta import DATE_META, json_ld_objects, meta_map
    pages = load_pages(limit, dataset)
    rows = {"newsmill": [], "htmldate": []}
    refs = {"json-ld/meta": [], "url": []}
    for page in pages:
        tree = LexborHTMLParser(page["html"])
        try:
            rows["newsmill"].append(newsmill.extract_html(page["html"]).published)
        except Exception:  # noqa: BLE001
            rows["newsmill"].append(None)
        try:
            rows["htmldate"].append(find_date(page["html"], original_date=True))
        except Exception:  # noqa: BLE001
            rows["htmldate"].append(None)
        ref = next((iso_day(o.get("datePublished")) for o in json_ld_objects(tree) if o.get("datePublished")), None)
        tags = meta_map(tree)
        ref = ref or next((iso_day(tags.get(k)) for k in DATE_META if iso_day(tags.get(k))), None)
        refs["json-ld/meta"].append(ref)
        refs["url"].append(url_date(page["url"]))
    out = {"pages": len(pages)}
    for tool, found in rows.items():
        out[tool] = {"found": sum(1 for d in found if d)}
        for ref, gold in refs.items():
            pairs = [(f, g) for f, g in zip(found, gold) if g]
            out[tool][ref] = (sum(1 for f, g in pairs if f == g), len(pairs))
    out["agree"] = sum(1 for a, b in zip(rows["newsmill"], rows["htmldate"]) if a and a == b)
    out["both"] = sum(1 for a, b in zip(rows["newsmill"], rows["htmldate"]) if a and b)
    return out


def print_dates(limit: int | None, sets: list[str]) -> None:
    for dataset in sets:
        d = dates(limit, dataset)
        print(f"\npublished dates, {dataset}, {d['pages']} pages (no gold dates; references from the page itself):")
        table = []
        for tool in ("newsmill", "htmldate"):
            row = [tool, d[tool]["found"]]
            for ref in ("json-ld/meta", "url"):
                hit, total = d[tool][ref]
                row.append(f"{hit}/{total} ({hit / max(total, 1):.3f})")
            table.append(row)
        print(markdown_table(["tool", "dates found", "= JSON-LD/meta date", "= date in URL"], table))
        print(f"newsmill and htmldate agree on {d['agree']} of the {d['both']} pages where both found a date")


def run_children(tools: list[str], dataset: str, limit: int | None) -> dict[str, dict]:
    results = {}
    for tool in tools:
        cmd = [sys.executable, "-m", "benchmarks.extraction_html", "--child", tool, "--sets", dataset] + (["--limit", str(limit)] if limit else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            print(f"{tool}: failed ({proc.stderr.strip().splitlines()[-1:]})", flush=True)
            continue
        results[tool] = json.loads(lines[-1])
        r = results[tool]
        print(f"  {dataset} {tool}: {r['pages'] / r['cpu_seconds']:.1f} pages/CPU-s", flush=True)
    return results


def speed_cells(r: dict, traf: dict | None) -> list[object]:
    cpu = r["pages"] / r["cpu_seconds"]
    ratio = cpu / (traf["pages"] / traf["cpu_seconds"]) if traf else float("nan")
    return [r["pages"] / r["seconds"], cpu, f"{ratio:.2f}x", f"{r['peak_mb']:.0f}", r["failures"]]


def full_gold_table(results: dict[str, dict]) -> str:
    import numpy as np
    traf = results.get("trafilatura")
    rows = []
    for tool, r in results.items():
        p, rec, f = np.mean(r["scores"], axis=0)
        rows.append([tool + (f" ({r['note']})" if r["note"] else ""), float(p), float(rec), float(f)]
                    + speed_cells(r, traf))
    return markdown_table(["extractor", "P", "R", "F1", "pages/s (wall)", "pages/CPU-s", "CPU speed vs trafilatura",
                           "peak RSS MiB", "failed"], rows)


def snippet_table(results: dict[str, dict]) -> str:
    traf = results.get("trafilatura")
    rows = []
    for tool, r in results.items():
        p, rec, f, acc = SnippetCounts(*r["snippets"]).prf()
        hit, total = r.get("titles", (0, 0))
        rows.append([tool + (f" ({r['note']})" if r["note"] else ""), p, rec, f"{f:.4f}", acc,
                     f"{hit}/{total}" if "titles" in r else "-"] + speed_cells(r, traf))
    return markdown_table(["extractor", "P", "R", "F1", "accuracy", "title = og:title", "pages/s (wall)",
                           "pages/CPU-s", "CPU speed vs trafilatura", "peak RSS MiB", "failed"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tools", default=",".join(DEFAULT_TOOLS),
                        help="comma-separated, or 'all', from: " + ", ".join(TOOLS))
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated, from: " + ", ".join(SETS))
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--no-dates", action="store_true", help="skip the published-date comparison")
    args = parser.parse_args(argv)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    if args.child:
        child(args.child, args.limit, sets[0])
        return 0
    tools = list(TOOLS) if args.tools == "all" else [t.strip() for t in args.tools.split(",") if t.strip()]
    load = os.getloadavg()[0]
    print(f"# HTML extraction — {machine_line()}, load {load:.1f}", flush=True)
    for dataset in sets:
        results = run_children(tools, dataset, args.limit)
        if dataset == "scrapinghub":
            print(f"\n## ScrapingHub ({next(iter(results.values()))['pages'] if results else 0} pages, full gold)\n")
            print(full_gold_table(results))
        else:
            print(f"\n## trafilatura-eval ({next(iter(results.values()))['pages'] if results else 0} pages, snippets)\n")
            print(snippet_table(results))
    if "newsmill" in tools and "trafilatura" in tools:
        h2h = head_to_head(args.limit)
        print(f"\nsame process, interleaved page by page (ScrapingHub): newsmill.extract_html {h2h['newsmill']:.1f} "
              f"pages/s, trafilatura.extract {h2h['trafilatura']:.1f} pages/s -> {h2h['ratio']:.2f}x wall; "
              f"CPU time: {h2h['newsmill_cpu']:.1f} vs {h2h['trafilatura_cpu']:.1f} pages/CPU-s -> "
              f"{h2h['ratio_cpu']:.2f}x; the HTML extraction stage alone (no describe/quotes): "
              f"{h2h['stage_cpu']:.1f} pages/CPU-s -> {h2h['ratio_stage_cpu']:.2f}x")
    if not args.no_dates:
        print_dates(args.limit, sets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
