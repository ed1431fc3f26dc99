"""The text-mode speed-ups give exactly what the plain computations give: the first-character dispatch
of the whole-line furniture patterns, the one-pass literal key search, the tree ensemble's leaf table."""
from __future__ import annotations

import numpy as np

from newsmill.extract.furniture import KINDS, _whole_line_regex, anywhere_keys, furniture_kinds
from newsmill.extract.page_text import KeySet, PageText
from newsmill.extract.lines import split_lines
from newsmill.extract.text_model import load_text_model

LINES = [
    "Home", "Menu", "Search", "News | World | Business", "Skip to main content", "Accept all cookies",
    "We use cookies to improve your experience. By browsing you agree to our cookie policy.",
    "Leave a Reply", "Name *", "Email*", "3 Comments", "Your email address will not be published.",
    "Sign up for our newsletter", "Share on Facebook", "Tweet", "12 shares", "You May Also Like",
    "– Police say the suspect fled the scene before officers arrived at the house", "Read more: The budget vote",
    "Advertisement", "Story continues below advertisement", "© 2021 Example Media. All rights reserved.",
    "Privacy Policy", "By Jane Doe", "5 min read", "Updated: 12:30 GMT", "Mike Smith, Staff Writer",
    "Our correspondent in Kyiv", "홍길동 기자", "2021-03-04 12:30", "A+", "XS", "12:45", "본문 바로가기",
    "The minister said on Monday that the talks would continue for as long as they were needed.",
    "Prices rose 4.5% in 2019, up from 3.2% in 2018.", "«", "»", "1", "42", "Next article", "İstanbul",
    "ホーム", "メインコンテンツへ", "Ünïcödé line that starts oddly", "—",
    "- a dash line that is long enough to test",
]


def test_first_character_dispatch_matches_the_full_regex():
    whole = _whole_line_regex()
    lowered = [line.lower() for line in LINES]
    expected = {}
    for i, line in enumerate(lowered):
        tested = len(line) <= 80 or (len(line) <= 200 and line[:1] in "–—-rsamwlb")
        match = whole.fullmatch(line) if tested else None
        if match:
            expected[i] = KINDS[int(match.lastgroup[1:])]
    found = furniture_kinds(LINES)
    assert {i: kind for i, kind in found.items() if i in expected} == expected
    assert found[LINES.index("Mike Smith, Staff Writer")] == "byline"  # a pattern that may start anywhere


def test_one_pass_key_search_finds_what_a_scan_per_key_finds():
    text = "\n".join(LINES * 3) + "\nsaid the photographer\nnothing here\n" + "x" * 10
    page = PageText(split_lines(text))
    keys = KeySet(anywhere_keys().keys + ("said", "photo", "the ", ":", "ab", "nothing here", "not there"))
    found = keys.lines(page)
    for key in keys.keys:
        assert found.get(key, []) == page.containing(key), key


def test_leaf_table_scores_match_a_walk_down_the_trees():
    model = load_text_model()
    X = np.random.default_rng(0).normal(size=(50, len(model.feature_names))).astype(np.float32) * 3
    trees, internal = model.features.shape
    compared = (np.ascontiguousarray(X.T)[model._node_features] > model._node_thresholds).reshape(internal, trees, -1)
    assert np.allclose(model.decision(X), model._walk(compared))
    assert model.decision(np.asfortranarray(X)).shape == (50,)


def test_stopword_masks_from_character_codes_match_a_lookup_per_token():
    from itertools import repeat

    from newsmill.extract.stopwords import char_codes, language_masks, stopword_masks

    masks = language_masks()
    words = list(masks) + ["The", "ÉTÉ", "Über", "Kelvin", "theatre", "a€", "ab", "été.", "don't", "КОТОРЫЕ", "İs",
                           "unbelievably", "x", "我们", "\U0001F600", "naïve", "AND"]
    rng = np.random.default_rng(3)
    codes = char_codes()
    for _ in range(300):
        count = int(rng.integers(1, 40))
        text = "".join(words[int(i)] + (" " if rng.random() < 0.8 else "\n")
                       for i in rng.integers(0, len(words), size=count))[:-1]
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        found = stopword_masks(codes[np.minimum(points, 0xFFFF)])
        tokens = text.lower().split()
        assert found is not None and found[0].tolist() == list(map(masks.get, tokens, repeat(0))), text
    for odd in ("two  spaces", " leading", "trailing ", "a\ttab", "nbsp\xa0here", "a\n\nb"):
        points = np.frombuffer(odd.encode("utf-32-le"), dtype=np.uint32)
        assert stopword_masks(codes[np.minimum(points, 0xFFFF)]) is None, odd


def test_comment_header_prefilter_keeps_every_line_the_regex_matches():
    from newsmill.extract.comments import _HEADER, _may_end_header

    rng = np.random.default_rng(5)
    pieces = ["Alex", " on May 2, 2019 at 6:34 am said:", " says", " SAID:", " wrote", " 3 days ago", " at 10:30",
              " a.m.", " P.M.", " saſd", " ſays", "\u00a0", ":", " replied", " commented", ".", " said.", " 12",
              " \u0663\u0664", " AGO", " am", "!"]
    for _ in range(3000):
        line = "".join(pieces[int(i)] for i in rng.integers(0, len(pieces), size=int(rng.integers(1, 5))))
        if _HEADER.match(line):
            assert _may_end_header(line), line


def test_split_alternatives_match_what_the_whole_pattern_matches():
    import re

    from newsmill.extract.furniture import _PATTERNS, split_alternatives

    assert split_alternatives("(?:a|b(?:c|d)|[|)])x?") == ["(?:a)x?", "(?:b(?:c|d))x?", "(?:[|)])x?"]
    assert split_alternatives("(?:a|b)+") == ["(?:a|b)+"]
    samples = [line.lower() for line in LINES] + ["accept all cookies", "e-mail *", "comment", "privacy policy",
                                                  "related stories:", "by jane doe", "posted: today", "xs", "a++",
                                                  "more from europe", "watch: the video", "ads by google", "2021-3-4 10:30"]
    for whole, _ in _PATTERNS.values():
        for pattern in whole:
            full = re.compile(pattern)
            parts = [re.compile(part) for part in split_alternatives(pattern)]
            for line in samples:
                assert bool(full.fullmatch(line)) == any(part.fullmatch(line) for part in parts), (pattern, line)


def test_credit_literals_are_in_every_credit_match():
    from newsmill.extract.captions import _CREDIT, _may_credit

    samples = ["(AP Photo/Jane Doe)", "REUTERS/John Smith", "Photo: Jane", "Image credit © Ann", "(Xinhua)",
               "Getty Images", "Shutterstock", "FILE PHOTO", "(Image: Lee Kim)", "(Photo by Jo Ko)", "Photos by: x",
               "A photo of the day", "Credit Ann", "picture this", "(EPA-EFE/X)", "AFP/Getty"]
    for line in samples:
        if _CREDIT.search(line):
            assert _may_credit(line), line


def _reference_drops(lines, roles, kinds, X):
    """The line-by-line pass `_drops` makes when a page has sections (its code before the fast path)."""
    from newsmill.extract.text import _BYLINE, _F, _LOG_4, _SECTION_KINDS

    first = roles.index("body") if "body" in roles else len(lines)
    foreign = (X[:, _F["foreign_script"]] > 0).tolist()
    menu_like = ((X[:, _F["terminal"]] == 0) & (X[:, _F["log_words"]] <= _LOG_4)).tolist()
    section = None
    for i, role, kind in zip(range(len(lines)), roles, kinds):
        if role is not None:
            section = role if role in _SECTION_KINDS else None if role == "body" else section
            continue
        if kind in _SECTION_KINDS:
            section = kind
        elif kind is None:
            if section == "related-articles":
                kind = section
            elif i < first and foreign[i]:
                kind = "accessibility"
            elif lines[i][:1] in "BbPpWw" and _BYLINE.match(lines[i]):
                kind = "byline"
            elif i < first and menu_like[i]:
                kind = "navigation"
        roles[i] = kind or "other"


def test_drop_kinds_match_the_line_by_line_pass():
    from newsmill.extract.lines import line_features
    from newsmill.extract.text import TextExtractor, _furniture_kinds

    lines = split_lines("\n".join(["Главная", "Home", "By Jane Doe", "Menu", "Headline of the story here",
                                   "The minister said on Monday that the talks would continue for a while.",
                                   "Share", "posted by admin", "Wrote this", "Read more: Another story", "",
                                   "Newsletter", "By the way, this line is long enough to be prose of some kind.",
                                   "Related stories", "Another headline", "Posted by Jim", "Subscribe",
                                   "Ще один рядок", "You may also like", "Last teaser line"]))
    X = line_features(lines)
    kinds = _furniture_kinds(X)
    for first in (0, 3, 5, len(lines)):
        roles = [None] * len(lines)
        if first < len(lines):
            roles[first] = "body"
        expected, fast = list(roles), list(roles)
        _reference_drops(lines, expected, kinds, X)
        TextExtractor._drops(lines, fast, kinds, X)
        assert fast == expected
    rng = np.random.default_rng(2)
    choices = [None] * 6 + ["body", "caption", "title", "footer", "related-articles", "comment", "newsletter"]
    for _ in range(300):
        roles = [choices[int(i)] for i in rng.integers(0, len(choices), len(lines))]
        shuffled = [kinds[int(i)] for i in rng.permutation(len(kinds))]
        expected, fast = list(roles), list(roles)
        _reference_drops(lines, expected, shuffled, X)
        TextExtractor._drops(lines, fast, shuffled, X)
        assert fast == expected


def test_split_page_gives_the_text_points_only_when_the_lines_rejoin_to_it():
    from newsmill.extract.lines import split_page

    for text in ("a b\nc d", "a b\n\nc d", "\na", "a\n", "a  b\nc", "a\tb", "ünï cödé\n𝒳 y", "", "x"):
        lines, known = split_page(text)
        assert lines == split_lines(text)
        if known is not None:
            points, plane = known
            assert "\n".join(lines) == text
            assert points.tolist() == [ord(c) for c in text]
            assert plane.tolist() == [min(ord(c), 0xFFFF) for c in text]
        else:
            assert "\n".join(lines) != text or not text


def test_table_lower_case_is_str_lower():
    from newsmill.extract.page_text import _lower_table

    table = _lower_table()
    rng = np.random.default_rng(11)
    plain = [chr(c) for c in list(range(0x20, 0x130)) + list(range(0x400, 0x460)) + list(range(0x2010, 0x2030))]
    odd = ["ΣΑΣ ", "İ", "\U0001F600", "K", "ﬀ"]
    for alphabet, by_table in ((plain, True), (plain + odd, False)):
        for _ in range(20):
            lines = ["".join(alphabet[int(i)] for i in rng.integers(0, len(alphabet), 60)) for _ in range(60)]
            joined = "\n".join(lines)
            page = PageText(lines, points=np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32))
            assert page.lowered == joined.lower()
            assert (page._lower_points is not None) == by_table
    assert all(table[c] == 0xFFFFFFFF or chr(int(table[c])) == chr(c).lower() for c in range(0x10000))
