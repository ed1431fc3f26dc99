"""Text mode: the article from flattened page text (one block per line).

Every line is scored by a small learned model over what a reader sees (`lines.py`, `text_model.py`),
the scores are smoothed into the article's contiguous region, and the lines around it get their
roles: title, standfirst, captions (printed twice, credit shapes), reader comments (a numbered
section or a run of comment headers), and every other line dropped with its kind. Text that is
already clean (no menus, hardly any furniture) is kept whole.
"""
from __future__ import annotations

import re
from itertools import compress, repeat
from operator import eq, itemgetter

import numpy as np

from ..article import Article, Dropped
from ..describe.dateline import DATELINE
from ..readers.document import Document
from ..stage import Extractor, StageError
from .captions import CREDIT_KEYS, caption_lines, printed_twice
from .comments import HEADER_KEYS, comment_section, comment_zone
from .furniture import KINDS, anywhere_keys
from .page_text import KeySet, PageText
from .lines import FEATURE_NAMES, line_features, split_page
from .text_model import LineSettings, TreeEnsemble, load_text_model, shipped_settings

_F = {name: i for i, name in enumerate(FEATURE_NAMES)}
_FURNITURE = [_F[f"furniture_{kind}"] for kind in KINDS]
assert _FURNITURE == list(range(_FURNITURE[0], _FURNITURE[-1] + 1))  # adjacent columns, in KINDS order
_FURNITURE_SLICE = slice(_FURNITURE[0], _FURNITURE[-1] + 1)
_FURNITURE_INDEX = np.arange(len(_FURNITURE), dtype=np.float32)
_FURNITURE_INDEX.flags.writeable = False
_ANY_FURNITURE = _F["furniture_any"]  # 1 where one of the _FURNITURE columns is (a contiguous column of X)
_BYLINE = re.compile(r"^(?:by|posted by|written by)\s+\S", re.I)
# The literal keys of furniture, photo credits and comment headers, looked for in one pass per page.
_PAGE_KEYS = KeySet(anywhere_keys().keys + CREDIT_KEYS + HEADER_KEYS)
_SECTION_KINDS = ("related-articles", "newsletter", "comment-form", "footer")


def _furniture_kinds(X: np.ndarray) -> list[str | None]:
    """The furniture kind of each line (None for most): Python work only for the lines that have one."""
    kinds: list[str | None] = [None] * len(X)
    found = np.flatnonzero(X[:, _ANY_FURNITURE])
    # A line has one furniture column at 1: its index is the row's product with 0, 1, 2, ... (an argmax).
    which = (X[:, _FURNITURE_SLICE] @ _FURNITURE_INDEX).take(found).astype(np.intp)
    for i, k in zip(found.tolist(), which.tolist()):
        kinds[i] = KINDS[k]
    return kinds


def _looks_clean(X: np.ndarray) -> bool:
    """Already a clean article (a dump of article bodies): hardly any furniture or short menu-like lines."""
    n = len(X)
    furniture = int(np.count_nonzero(X[:, _ANY_FURNITURE]))
    short = (X[:, _F["log_words"]] < _LOG_4) & (X[:, _F["log_chars"]] < _LOG_20)
    return furniture <= max(2, 0.1 * n) and np.count_nonzero(short) / n <= 0.3  # short.mean(), to the bit


_LOG_4, _LOG_20, _LOG_40 = float(np.log1p(4)), float(np.log1p(20)), float(np.log1p(40))


def _smooth(scores: np.ndarray, X: np.ndarray, settings: LineSettings) -> np.ndarray:
    """Body lines as one mostly contiguous region: fill short gaps of likely lines, drop far strays.

    A page where no line clears the threshold still has an article: its best-scored lines.
    """
    body = scores > settings.threshold
    if not body.any() and len(scores) and scores.max() > settings.fallback_min:
        body = scores >= settings.fallback_share * scores.max()
    index = np.nonzero(body)[0]
    if not len(index):
        return body
    # The main region: the run of body lines (with short gaps) holding the most body characters.
    cuts = np.flatnonzero((index[1:] - index[:-1]) > settings.gap)
    runs = zip([int(index[0])] + index[cuts + 1].tolist(), index[cuts].tolist() + [int(index[-1])])
    weight = np.expm1(X[:, _F["log_chars"]]) * body
    low, high = max(runs, key=lambda r: weight[r[0]:r[1] + 1].sum())
    # Gaps inside the main region: keep lines the model half-believes (and no furniture pattern claims).
    region = slice(low, high + 1)
    body[region] |= (scores[region] > settings.fill) & (X[region, _ANY_FURNITURE] == 0)
    # Strays far from the main region need a confident score.
    far = (((index < low - settings.stray_lines) | (index > high + settings.stray_lines))
           & (scores[index] < settings.stray_score))
    body[index[far]] = False
    return body


def _extend(body: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Prose lines touching the body region belong to it (an article that opens the page, say)."""
    prose = (X[:, _F["prose"]] > 0) & (X[:, _F["ellipsis_end"]] == 0)
    index = np.nonzero(body)[0]
    if not len(index):
        return body
    i = index[0] - 1
    while i >= 0 and prose[i]:
        body[i] = True
        i -= 1
    i = index[-1] + 1
    while i < len(body) and prose[i]:
        body[i] = True
        i += 1
    return body


_META = re.compile(r"(?:\d{1,2}:\d\d|\b(?:19|20)\d\d\b|\bmin(?:ute)?s? read\b|\b\d+\s+(?:hours?|days?|minutes?) ago\b|^@\w+$)",
                   re.I)
_MAX_HEAD_SKIP = 12
_GLUED = re.compile(r"[a-z][A-Z]")


def _skip_up(lines: list[str], roles: list[str | None], kinds: list[str | None], i: int, *, captions: bool = True) -> int:
    """From line i upwards, past the metadata between a headline and its text: captions, bylines,
    dates and times, reading time, handles and one- or two-word lines (at most a dozen lines)."""
    for _ in range(_MAX_HEAD_SKIP):
        if i < 0:
            return i
        line = lines[i]
        if ((captions and roles[i] == "caption") or kinds[i] == "byline" or _BYLINE.match(line)
                or line.count(" ") < 2 or (len(line) <= 60 and _META.search(line))
                or (line.count(" ") < 5 and (", " in line or _GLUED.search(line)))):  # "Ann Lee, Cleveland.com"
            i -= 1
            continue
        return i
    return i


def _headline_shaped(line: str) -> bool:
    words = len(line.split())
    return (3 <= words <= 25 and not line.endswith((".", ":", ",", ";", "…")) and line[0] not in "•·-–—*|>»"
            and any(len(word) >= 4 and word.isalpha() for word in line.split()))


class TextExtractor(Extractor):
    """Extracts the article from flattened page text with the shipped line model (or a given one)."""

    def __init__(self, model: TreeEnsemble | None = None, settings: LineSettings | None = None) -> None:
        self.model = model or load_text_model()
        self.settings = settings or shipped_settings()   # tuned with the shipped model, in its file

    def __call__(self, doc: Document) -> Article:
        return self.extract(doc.content, id=doc.id, source_path=doc.source_path, url=doc.url)

    def extract(self, text: str, *, id: str = "", source_path: str = "", url: str | None = None) -> Article:
        article = Article(id=id, source_path=source_path, url=url, input_format="text")
        lines, points = split_page(text)
        if not lines:
            raise StageError("no text: the page has no non-blank line")
        # Lower-cased once; every pass's literal keys found in one pass; a clean page is its own joined lines.
        if points is None:
            page = PageText(lines, keys=_PAGE_KEYS)
        else:
            page = PageText(lines, keys=_PAGE_KEYS, joined=text, points=points[0], plane_index=points[1])
        X = line_features(lines, page=page)
        kinds = _furniture_kinds(X)
        if _looks_clean(X):  # keep everything but evident furniture and a headline opening the text
            # a furniture word inside a long paragraph is incidental (an article on one line names "share")
            body = (X[:, _ANY_FURNITURE] == 0) | (X[:, _F["log_words"]] >= _LOG_40)
            if len(lines) > 1 and _headline_shaped(lines[0]):
                body[0] = False
            scores, zone = body.astype(float), range(0)
        else:
            scores = self.model.predict(X)
            zone = comment_zone(lines, scores, self.settings.threshold, page)
            in_article = scores.copy()
            in_article[zone.start:zone.stop] = 0.0
            body = _extend(_smooth(in_article, X, self.settings), X)
            body[zone.start:zone.stop] = False
        roles: list[str | None] = [None] * len(lines)  # "body", "caption", "comment", "title", "subtitle", or a drop kind
        for i in np.flatnonzero(body).tolist():  # Python work only for the kept lines
            kind = kinds[i]
            roles[i] = "body" if kind is None or len(lines[i].split()) >= 40 else kind
        for flags in (printed_twice(lines, X[:, _F["printed_twice"]]), caption_lines(lines, page)):
            for i in compress(range(len(lines)), flags):
                roles[i] = "caption"
        body_index = list(compress(range(len(lines)), map(eq, roles, repeat("body"))))  # roles hold None too
        if body_index:
            self._head(lines, roles, kinds, body_index[0])
            stop = set(compress(range(len(lines)), kinds))  # the lines with a furniture kind (a non-empty name)
            forms = {i for i in stop if kinds[i] == "comment-form"}
            for i in comment_section(lines, body_index[0], body_index[-1], stop, forms):
                roles[i] = "comment"
        for i in zone:  # reader comments under headers: prose ones kept apart, the rest dropped
            if roles[i] is None and kinds[i] is None and scores[i] > self.settings.threshold:
                roles[i] = "comment"
        self._drops(lines, roles, kinds, X, page)
        dropped_lines, dropped_kinds = [], []
        for line, role in zip(lines, roles):
            if role == "body":
                article.body.append(line)
            elif role == "caption":
                if line not in article.captions:
                    article.captions.append(line)
            elif role == "comment":
                article.comments.append(line)
            elif role == "title":
                article.title = line
            elif role == "subtitle":
                article.subtitle = line
            else:
                dropped_lines.append(line)
                dropped_kinds.append(role or "other")
        article.dropped.extend(map(Dropped, dropped_lines, dropped_kinds))
        return article

    @staticmethod
    def _head(lines: list[str], roles: list[str | None], kinds: list[str | None], first: int) -> None:
        """Title and standfirst: the headline-shaped line above the body (past captions and bylines).

        A dateline opens the article: a sentence kept just before it is the standfirst, not body.
        """
        subtitle = None
        nxt = first + 1
        if (nxt < len(lines) and roles[nxt] == "body" and DATELINE.match(lines[nxt])
                and not DATELINE.match(lines[first]) and 6 <= len(lines[first].split()) <= 40):
            subtitle, first = first, nxt
            roles[subtitle] = None
        i = first - 1 if subtitle is None else subtitle - 1
        if subtitle is None and i >= 0 and roles[i] is None and kinds[i] is None and DATELINE.match(lines[first]):
            if 6 <= len(lines[i].split()) <= 40:
                subtitle, i = i, i - 1
        i = _skip_up(lines, roles, kinds, i)
        if i >= 0 and roles[i] is None and kinds[i] is None and _headline_shaped(lines[i]):
            above = _skip_up(lines, roles, kinds, i - 1, captions=False)
            if (above > 0 and lines[above] == lines[above - 1] and roles[above] == "caption"
                    and _headline_shaped(lines[above]) and subtitle is None and len(lines[i].split()) >= 6):
                # The headline printed twice (page and share card), then the standfirst.
                roles[above], roles[above - 1], roles[i] = "title", "other", "subtitle"
                return
            roles[i] = "title"
        if subtitle is not None:
            roles[subtitle] = "subtitle" if i >= 0 and roles[i] == "title" else "other"

    @staticmethod
    def _drops(lines: list[str], roles: list[str | None], kinds: list[str | None], X: np.ndarray,
               page: PageText | None = None) -> None:
        """Kinds for every line not kept: furniture patterns, then sections they head, then position.
        `page` (a `PageText` of the lines) lends its code points to find the lines a byline may open."""
        first = roles.index("body") if "body" in roles else len(lines)
        _drop_kinds(lines, roles, kinds, X, first, page)


_BYLINE_FIRST = frozenset("BbPpWw")
_BYLINE_OPENS = np.zeros(0x10000, dtype=bool)
_BYLINE_OPENS[[ord(c) for c in _BYLINE_FIRST]] = True
_BYLINE_OPENS.flags.writeable = False  # read-only lookup table
_SECTION_SET = frozenset(_SECTION_KINDS)
_SECTION_ROLES = frozenset(_SECTION_KINDS + ("body",))
_FIRST_CHAR = itemgetter(slice(None, 1))


def _drop_kinds(lines: list[str], roles: list[str | None], kinds: list[str | None], X: np.ndarray, first: int,
                page: PageText | None = None) -> None:
    """`TextExtractor._drops` with Python work only for the few lines that matter: each line not kept gets
    its furniture kind, else related-articles inside a related-articles section (from its heading to the
    next body line or section heading), else the kind its place and shape give (accessibility, byline,
    navigation in that priority), else other."""
    n = len(lines)
    defaults = ["other"] * n
    head = X[:first]
    for i in np.flatnonzero((head[:, _F["terminal"]] == 0) & (head[:, _F["log_words"]] <= _LOG_4)).tolist():
        defaults[i] = "navigation"
    if page is not None and len(page.points):  # lines opening with b, p or w (either case), from code points
        maybe = np.flatnonzero(_BYLINE_OPENS.take(page.plane_index.take(page.offsets)) & (page.lengths > 0)).tolist()
    else:
        maybe = compress(range(n), map(_BYLINE_FIRST.__contains__, map(_FIRST_CHAR, lines)))
    for i in maybe:
        if roles[i] is None and kinds[i] is None and _BYLINE.match(lines[i]):
            defaults[i] = "byline"
    for i in np.flatnonzero(head[:, _F["foreign_script"]] > 0).tolist():
        defaults[i] = "accessibility"
    if "related-articles" in roles or "related-articles" in kinds:
        # Where sections change: a kept body line or section heading, or a dropped section-kind line.
        changes = set(compress(range(n), map(_SECTION_ROLES.__contains__, roles)))
        changes.update(i for i in compress(range(n), map(_SECTION_SET.__contains__, kinds)) if roles[i] is None)
        section, start = None, 0
        for i in sorted(changes) + [n]:
            if section == "related-articles":
                for j in range(start, i):
                    if roles[j] is None and kinds[j] is None:
                        defaults[j] = section
            if i < n:
                section = roles[i] if roles[i] is not None else kinds[i]
                section = None if section == "body" else section
                start = i + 1
    roles[:] = [default if role is None and kind is None else role or kind
                for role, kind, default in zip(roles, kinds, defaults)]


def extract_text_article(text: str, *, id: str = "", source_path: str = "", url: str | None = None) -> Article:
    """The article in one flattened page (with the shipped model)."""
    return TextExtractor().extract(text, id=id, source_path=source_path, url=url)
