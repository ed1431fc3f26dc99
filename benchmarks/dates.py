"""Publication dates from flattened text: newsmill's describe stage beside htmldate and two simple rules.

    python -m benchmarks.dates
    python -m benchmarks.dates --html   # HTML pages of both HTML dev sets, against their JSON-LD/meta and URL dates

Data: the ECB+ dev documents whose source URL carries a date (/2013/may/03/, /2013/05/03/, /20130503/,
read by newsmill.describe.dates.url_date), so the URL date is the reference; every method is given the
text alone, never the URL. A found date is counted right within 3 days of it (pages are often dated the
day after the URL's); "far off" is more than 30 days away: a date the article recounts, not its own. The ECB documents have no URL; for them the benchmark counts how
many each method dates at all: they are 2008-era articles that mostly name older events, so a date from
them is mostly a recounted one (no reference to score it against).

Second table: the ScrapingHub pages as flattened text (text/<id>.txt) through newsmill's text mode, against
the JSON-LD datePublished of the same page's HTML (right within 1 day).
"""
from __future__ import annotations

import sys
import time
from datetime import date

from benchmarks.common import machine_line, markdown_table, shared_dir
from benchmarks.stories import ecb_records, record_article

from newsmill.describe import Describer
from newsmill.describe.dates import find_dates
from newsmill.describe.dates import url_date

RIGHT_DAYS = 3
FAR_DAYS = 30


def reference_date(record: dict) -> date | None:
    """The date the record's source URL spells out, read as newsmill reads URLs in HTML mode."""
    day = url_date(record.get("source_url"))
    return date.fromisoformat(day) if day else None


def as_html(lines: list[str]) -> str:
    from html import escape
    return "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>"


def every_date(text: str) -> list[date]:
    return [value for line in text.split("\n") for _, value in find_dates(line)]


def rules() -> dict:
    """Text -> ISO date, for the peer and the two simple rules (newsmill is added per data set)."""
    from htmldate import find_date

    def latest(text: str) -> str | None:
        found = every_date(text)
        return max(found).isoformat() if found else None

    def first(text: str) -> str | None:
        found = every_date(text)
        return found[0].isoformat() if found else None

    def htmldate_text(text: str) -> str | None:
        try:
            return find_date(as_html(text.split("\n")), original_date=True)
        except Exception:   # htmldate gives up on some inputs; that counts as no date
            return None

    return {"htmldate (text as paragraphs)": htmldate_text, "latest date in the text": latest,
            "first date in the text": first}


def score(method, items: list[tuple[str, date]], unreferenced: list[str], right_days: int) -> list:
    """[dated, right, precision, recall, far off, unreferenced dated, docs/CPU-s] of one method."""
    started = time.process_time()
    found = right = far = 0
    for text, reference in items:
        value = method(text)
        if not value:
            continue
        found += 1
        gap = abs((date.fromisoformat(value[:10]) - reference).days)
        right += gap <= right_days
        far += gap > FAR_DAYS
    extra = sum(1 for text in unreferenced if method(text))
    seconds = max(time.process_time() - started, 1e-9)
    return [f"{found} / {len(items)}", right, f"{right / found:.3f}" if found else "-",
            f"{right / len(items):.3f}", far, f"{extra} / {len(unreferenced)}" if unreferenced else "-",
            f"{(len(items) + len(unreferenced)) / seconds:,.0f}"]


def ecb_table() -> None:
    records = ecb_records()
    describer = Describer()
    by_text = {}
    for n, record in enumerate(records):
        record["_n"] = n
        by_text[record["text"]] = record
    scored = [(r["text"], d) for r, d in ((r, reference_date(r)) for r in records) if d]
    unscored = [r["text"] for r in records if not r.get("source_url")]

    def newsmill(text: str) -> str | None:   # first line = headline, as benchmarks/stories.py reads ECB+
        return describer(record_article(by_text[text])).published

    print(f"## ECB+ dev: {len(scored)} documents with a URL date, {len(unscored)} without a URL\n")
    rows = [[name, *score(method, scored, unscored, RIGHT_DAYS)]
            for name, method in {"newsmill describe": newsmill, **rules()}.items()]
    print(markdown_table(["method", "dated", f"right (<= {RIGHT_DAYS} days)", "precision", "recall",
                          f"far off (> {FAR_DAYS} days)", "ECB docs dated (no URL)", "docs/CPU-s"], rows))


def scrapinghub_table() -> None:
    """Flattened ScrapingHub pages (text mode), against the JSON-LD datePublished of their HTML."""
    from benchmarks.extraction_html import load_pages
    from selectolax.lexbor import LexborHTMLParser

    from newsmill.describe.dates import iso_day
    from newsmill.extract.html_meta import json_ld_objects
    from newsmill.extract.text import TextExtractor

    text_dir = shared_dir() / "bench" / "extraction" / "scrapinghub" / "text"
    items = []
    for page in load_pages():
        objects = json_ld_objects(LexborHTMLParser(page["html"]))
        reference = next((iso_day(o.get("datePublished")) for o in objects if o.get("datePublished")), None)
        if reference:
            items.append(((text_dir / f"{page['id']}.txt").read_text(encoding="utf-8"), date.fromisoformat(reference)))
    extractor, describer = TextExtractor(), Describer()

    def newsmill(text: str) -> str | None:   # the text-mode pipeline: extract, then describe
        return describer(extractor.extract(text)).published

    print(f"\n## ScrapingHub pages as flattened text: {len(items)} with a JSON-LD datePublished in their HTML\n")
    rows = [[name, *score(method, items, [], 1)[:5]]
            for name, method in {"newsmill extract + describe": newsmill, **rules()}.items()]
    print(markdown_table(["method", "dated", "right (<= 1 day)", "precision", "recall",
                          f"far off (> {FAR_DAYS} days)"], rows))


def main(argv: list[str] | None = None) -> int:
    if "--html" in (sys.argv[1:] if argv is None else argv):
        # HTML pages of both HTML dev sets: newsmill.extract_html beside htmldate (extraction_html.print_dates)
        from benchmarks.extraction_html import SETS, print_dates
        print(f"# Publication dates from HTML\nmachine: {machine_line()}")
        print_dates(None, list(SETS))
        return 0
    print("# Publication dates from text")
    print(f"machine: {machine_line()}\n")
    ecb_table()
    scrapinghub_table()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
