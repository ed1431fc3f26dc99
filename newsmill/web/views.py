"""Presentation helpers with no I/O: highlighted snippets, SVG timelines, line diffs, the audit view."""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape

from ..article import Article

# FTS5 wraps matches in these private-use characters; they become <mark> only after escaping.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


def marked_html(text: str) -> Markup:
    """Escaped text with FTS5's match markers turned into real <mark> elements."""
    if text.count(MARK_OPEN) != text.count(MARK_CLOSE):
        text = text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    return Markup(str(escape(text)).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


# -- timelines -----------------------------------------------------------------------------
LABEL_W, PLOT_W, ROW_H, TOP, BOTTOM = 280, 600, 26, 8, 26


@dataclass(slots=True)
class Dot:
    x: float
    r: float
    day: str
    count: int


@dataclass(slots=True)
class TimelineRow:
    label: str
    href: str
    y: float
    dots: list[Dot] = field(default_factory=list)
    undated: int = 0


@dataclass(slots=True)
class Tick:
    x: float
    label: str


@dataclass(slots=True)
class Timeline:
    """One row per series (a story, a speaker), one dot per day sized by its article count."""

    width: int
    height: int
    rows: list[TimelineRow]
    ticks: list[Tick]
    first: str | None
    last: str | None


@dataclass(slots=True)
class Series:
    label: str
    href: str
    per_day: dict[str, int]
    undated: int = 0


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def build_timeline(series: list[Series]) -> Timeline:
    days = sorted({d for s in series for d in (_day(k) for k in s.per_day) if d})
    first, last = (days[0], days[-1]) if days else (None, None)
    span = max((last - first).days, 1) if first and last else 1
    peak = max((n for s in series for n in s.per_day.values()), default=1)

    def x_of(day: date) -> float:
        offset = (day - first).days / span if first else 0.5
        return round(LABEL_W + 10 + offset * (PLOT_W - 20), 1)

    rows = []
    for i, s in enumerate(series):
        row = TimelineRow(label=s.label if len(s.label) <= 42 else s.label[:41] + "…", href=s.href,
                          y=TOP + ROW_H * i + ROW_H / 2, undated=s.undated)
        for key, count in sorted(s.per_day.items()):
            day = _day(key)
            if day is not None:
                row.dots.append(Dot(x_of(day), round(3 + 8 * math.sqrt(count / peak), 1), day.isoformat(), count))
            else:
                row.undated += count
        rows.append(row)
    ticks = []
    if first and last:
        steps = min(4, (last - first).days)
        for k in range(steps + 1):
            day = date.fromordinal(first.toordinal() + round(span * k / max(steps, 1)))
            ticks.append(Tick(x_of(day), day.isoformat() if span < 120 else day.isoformat()[:7]))
    return Timeline(width=LABEL_W + PLOT_W + 40, height=TOP + ROW_H * len(series) + BOTTOM, rows=rows, ticks=ticks,
                    first=first.isoformat() if first else None, last=last.isoformat() if last else None)


# -- counts over time (search results per month) ---------------------------------------------
@dataclass(slots=True)
class Bar:
    x: float
    y: float
    height: float
    label: str
    count: int


@dataclass(slots=True)
class Bars:
    width: int
    height: int
    bar_width: float
    bars: list[Bar]


def build_bars(counts: list[tuple[str, int]], width: int = 600, height: int = 90) -> Bars:
    """A bar per (label, count), in the order given, scaled to the largest count."""
    peak = max((n for _, n in counts), default=1)
    step = width / max(len(counts), 1)
    bars = [Bar(round(i * step + 1, 1), round(height - 14 - (height - 18) * n / peak, 1),
                round((height - 18) * n / peak, 1), label, n) for i, (label, n) in enumerate(counts)]
    return Bars(width, height, round(max(step - 2, 1), 1), bars)


# -- copies: what differs -------------------------------------------------------------------
@dataclass(slots=True)
class DiffLine:
    op: str  # "same", "added" (only in the copy), "removed" (only in the canonical)
    text: str


def line_diff(canonical: list[str], copy: list[str]) -> list[DiffLine]:
    """The copy's paragraphs against its canonical's, line by line."""
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=canonical, b=copy, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(DiffLine("same", t) for t in canonical[a0:a1])
            continue
        out.extend(DiffLine("removed", t) for t in canonical[a0:a1])
        out.extend(DiffLine("added", t) for t in copy[b0:b1])
    return out


# -- the audit view -----------------------------------------------------------------------
# Kinds a page shows above its headline; the rest of the removed lines come after the text.
HEAD_KINDS = frozenset({"navigation", "accessibility", "widget", "cookie-banner", "share", "byline"})


@dataclass(slots=True)
class AuditLine:
    text: str
    part: str  # title, subtitle, body, caption, comment, or "dropped"
    kind: str | None = None  # the dropped kind (navigation, footer, ...) for removed lines

    @property
    def kept(self) -> bool:
        return self.part != "dropped"


def audit_lines(article: Article) -> list[AuditLine]:
    """The page's lines, kept and removed, rebuilt from what the store keeps.

    The store keeps each part in page order but not how parts interleave, so the removed lines
    that open the page (menus, widgets, banners) come first and the others after the text.
    """
    dropped = list(article.dropped)
    head = 0
    while head < len(dropped) and dropped[head].kind in HEAD_KINDS:
        head += 1
    lines = [AuditLine(d.text, "dropped", d.kind) for d in dropped[:head]]
    if article.title:
        lines.append(AuditLine(article.title, "title"))
    if article.subtitle:
        lines.append(AuditLine(article.subtitle, "subtitle"))
    lines.extend(AuditLine(t, "body") for t in article.body)
    lines.extend(AuditLine(t, "caption") for t in article.captions)
    lines.extend(AuditLine(t, "comment") for t in article.comments)
    lines.extend(AuditLine(d.text, "dropped", d.kind) for d in dropped[head:])
    return lines
