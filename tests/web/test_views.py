"""Presentation helpers: marked snippets, SVG timeline geometry, line diffs, the audit rebuild."""
from __future__ import annotations

from newsmill.article import Article, Dropped
from newsmill.web.views import (
    LABEL_W,
    MARK_CLOSE,
    MARK_OPEN,
    PLOT_W,
    Series,
    audit_lines,
    build_timeline,
    line_diff,
    marked_html,
)


def test_marked_html_escapes_text_and_keeps_only_its_marks():
    text = f"<b>a</b> {MARK_OPEN}war & peace{MARK_CLOSE} <mark>"
    assert marked_html(text) == "&lt;b&gt;a&lt;/b&gt; <mark>war &amp; peace</mark> &lt;mark&gt;"
    assert marked_html(f"{MARK_OPEN}unbalanced") == "unbalanced"


def test_timeline_places_days_in_order_and_sizes_by_count():
    tl = build_timeline([Series("a", "/stories/a", {"2021-01-01": 1, "2021-01-11": 4}),
                         Series("b", "/stories/b", {"2021-01-06": 1, "someday": 2}, undated=1)])
    first, last = tl.rows[0].dots
    assert LABEL_W < first.x < tl.rows[1].dots[0].x < last.x <= LABEL_W + PLOT_W
    assert last.r > first.r and tl.rows[1].undated == 3
    assert (tl.first, tl.last) == ("2021-01-01", "2021-01-11") and tl.ticks[0].label == "2021-01-01"
    assert build_timeline([]).rows == []


def test_line_diff_marks_added_and_removed_lines():
    diff = line_diff(["a", "b", "c"], ["a", "B", "c", "d"])
    assert [(d.op, d.text) for d in diff] == [("same", "a"), ("removed", "b"), ("added", "B"), ("same", "c"),
                                               ("added", "d")]


def test_audit_puts_page_furniture_first_and_the_rest_after_the_text():
    article = Article(id="x", source_path="x", title="T", body=["p1", "p2"], captions=["c"],
                      dropped=[Dropped("Menu", "navigation"), Dropped("A-", "widget"), Dropped("More", "related-articles"),
                               Dropped("Share", "share")])
    lines = [(line.part, line.kind, line.text) for line in audit_lines(article)]
    assert lines == [("dropped", "navigation", "Menu"), ("dropped", "widget", "A-"), ("title", None, "T"),
                     ("body", None, "p1"), ("body", None, "p2"), ("caption", None, "c"),
                     ("dropped", "related-articles", "More"), ("dropped", "share", "Share")]
