"""Publication dates from flattened text: newsmill's describe stage beside htmldate and two simple rules.

    python benchmarks/dates.py

Data: the ECB+ dev documents whose source URL carries a date (/2013/may/03/, /2013/05/03/, /20130503/,
read by newsmill.extract.html_meta.url_date), so the URL date is the reference; every method is given the
text alone, never the URL. A found date is counted right within 3 days of it (pages are often dated the
day after the URL's); "far off" is more than 30 days away: a date the article recounts, not its own. The ECB documents have no URL; for them the benchmark counts how
many each method dates at all: they are 2008-era articles that mostly name older events, so a date from
them is mostly a recounted one (no reference to score it against).
"""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import machine_line, markdown_table  # noqa: E402
from stories import ecb_records, record_article  # noqa: E402

from newsmill.describe import Describer  # noqa: E402
from newsmill.describe.dates import find_dates  # noqa: E402
from newsmill.extract.html_meta import url_date  # noqa: E402

RIGHT_DAYS = 3
FAR_DAYS = 30


def reference_date(record: dict) -> date | None:
    """The date the record's source URL spells out, read as newsmill reads URLs in HTML mode."""
    day = url_date(record.get("source_url"))
    return date.fromisoformat(day) if day else None


def as_html(lines: list[str]) -> str:
    from html import escape
    return "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>"


def methods() -> dict:
    from htmldate import find_date
    describer = Describer()

    def newsmill(record: dict) -> str | None:
        return describer(record_article(record)).published

    def every_date(record: dict) -> list[date]:
        return [value for line in record["text"].split("\n") for _, value in find_dates(line)]

    def latest(record: dict) -> str | None:
        found = every_date(record)
        return max(found).isoformat() if found else None

    def first(record: dict) -> str | None:
        found = every_date(record)
        return found[0].isoformat() if found else None

    def htmldate_text(record: dict) -> str | None:
        try:
            return find_date(as_html(record["text"].split("\n")), original_date=True)
        except Exception:   # htmldate gives up on some inputs; that counts as no date
            return None

    return {"newsmill describe": newsmill, "htmldate (text as paragraphs)": htmldate_text,
            "latest date in the text": latest, "first date in the text": first}


def main() -> int:
    records = ecb_records()
    for n, record in enumerate(records):
        record["_n"] = n
    with_url = [(r, reference_date(r)) for r in records]
    scored = [(r, d) for r, d in with_url if d]
    unscored = [r for r, d in with_url if not r.get("source_url")]
    print(f"# Publication dates from text: ECB+ dev, {len(scored)} documents with a URL date, "
          f"{len(unscored)} without a URL")
    print(f"machine: {machine_line()}\n")
    rows = []
    for name, method in methods().items():
        started = time.process_time()
        found = right = far = 0
        for record, reference in scored:
            value = method(record)
            if not value:
                continue
            found += 1
            gap = abs((date.fromisoformat(value[:10]) - reference).days)
            right += gap <= RIGHT_DAYS
            far += gap > FAR_DAYS
        dated_unscored = sum(1 for record in unscored if method(record))
        seconds = time.process_time() - started
        rows.append([name, f"{found} / {len(scored)}", right, f"{right / found:.3f}" if found else "-",
                     f"{right / len(scored):.3f}", far, f"{dated_unscored} / {len(unscored)}",
                     f"{(len(scored) + len(unscored)) / seconds:,.0f}"])
    print(markdown_table(["method", "dated", f"right (<= {RIGHT_DAYS} days)", "precision", "recall",
                          f"far off (> {FAR_DAYS} days)", "ECB docs dated (no URL)", "docs/CPU-s"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
