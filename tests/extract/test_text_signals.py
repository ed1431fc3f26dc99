"""The shared line/block signals: shapes, stop words per language, furniture kinds, foreign script."""
from __future__ import annotations

import numpy as np

from newsmill.extract.signals import SIGNAL_NAMES, furniture_kind, guess_language, text_signals


def column(name: str) -> int:
    return SIGNAL_NAMES.index(name)


def test_shape_and_empty_input():
    assert text_signals([]).shape == (0, len(SIGNAL_NAMES))
    matrix = text_signals(["", "One line.", "  spaced   out  "])
    assert matrix.shape == (3, len(SIGNAL_NAMES))
    assert matrix.dtype == np.float32
    assert not matrix[0].any() or matrix[0, column("log_chars")] == 0


def test_prose_and_menu_lines_differ():
    lines = [
        "The minister said on Monday that the talks would continue for as long as they were needed.",
        "Home",
        "WORLD NEWS",
        "Prices rose 4.5% in 2019, up from 3.2% in 2018.",
    ]
    m = text_signals(lines, "en")
    assert m[0, column("terminal")] == 1 and m[1, column("terminal")] == 0
    assert m[0, column("stopword_ratio")] > 0.3 > m[2, column("stopword_ratio")]
    assert m[2, column("caps_ratio")] == 1.0
    assert m[3, column("digit_ratio")] > m[0, column("digit_ratio")]
    assert m[1, column("furniture_navigation")] == 1


def test_stop_words_follow_the_page_language():
    german = ["Die Regierung hat am Montag mitgeteilt, dass die Gespräche mit den Partnern weitergehen."] * 3
    assert guess_language(german) == "de"
    assert text_signals(german)[0, column("stopword_ratio")] > 0.2
    korean = ["정부는 월요일 협상이 계속될 것이라고 밝혔다.", "홈"]
    assert guess_language(korean) == "ko"
    assert text_signals(korean)[0, column("stopword_ratio")] > 0.3
    japanese = ["政府は月曜日、交渉を続けると発表した。", "ホーム"]
    assert guess_language(japanese) == "ja"
    assert text_signals(japanese)[0, column("stopword_ratio")] > 0.1


def test_a_line_in_another_script_is_foreign():
    lines = ["Ամբողջ տեքստը", "The council met on Tuesday and approved the new budget for the city.",
             "It will take effect next year, officials said."]
    m = text_signals(lines)
    assert m[:, column("foreign_script")].tolist() == [1, 0, 0]


def test_furniture_kinds():
    assert furniture_kind("This website uses cookies to improve your experience. Accept") == "cookie-banner"
    assert furniture_kind("Leave a Reply") == "comment-form"
    assert furniture_kind("Your email address will not be published. Required fields are marked *") == "comment-form"
    assert furniture_kind("Sign Up for Our Newsletters") == "newsletter"
    assert furniture_kind("You May Also Like") == "related-articles"
    assert furniture_kind("Share on Facebook") == "share"
    assert furniture_kind("© 2021 Example Media. All rights reserved.") == "footer"
    assert furniture_kind("Advertisement") == "advertisement"
    assert furniture_kind("Skip to main content") == "accessibility"
    for button in ("XS", "SM", "MD", "LG"):
        assert furniture_kind(button) == "widget"
    assert furniture_kind("The government said it would publish the report in May.") is None
