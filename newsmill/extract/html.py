"""HTML mode: the article from a page's DOM (selectolax / lexbor).

The page becomes blocks (`dom.py`), each scored by a learned two-stage tree model
(`html_model.py`: block features, then the first stage's scores of neighbours and
containers for contiguity); then structure: title, subtitle, captions, comments,
and every other block dropped with its kind. Metadata comes from `html_meta.py`.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from selectolax.lexbor import LexborHTMLParser

from ..article import Article, Dropped
from ..readers.document import Document
from ..stage import Extractor, StageError
from .dom import FLAG_BIT, GROUPS, Block, BlockWalker, PageBlocks
from .html_features import TEXT_FEATURES, BlockArrays, block_arrays, group_total, page_features, trivial_blocks
from .html_labels import block_label
from .html_meta import PageMeta, page_meta
from .html_model import HtmlThresholds, TreeEnsemble, shipped_block_models
from .html_title import TitleSignals, choose_title

MAX_HTML_CHARS = 30_000_000  # larger documents are refused (quarantined) before parsing
# lexbor's parse time grows with the square of the nesting depth (20k: 0.6 s, 200k: minutes), so deeper
# pages are refused before parsing; no real page comes near it
MAX_NESTING = 20_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# void elements and those whose end tag the parser implies: they never deepen the tree
_FLAT_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr "
                       "p li dt dd tr td th option".split())
TIME_BUDGET_S = 5.0  # CPU seconds per page (this thread's, so load does not change results), checked after parsing

SECOND_STAGE_NAMES = ("p1", "p1_prev", "p1_prev2", "p1_next", "p1_next2", "p1_window_max", "p1_window_mean",
                      "p1_parent_mean", "p1_grand_mean", "p1_page_mean", "p1_in_best", "p1_rank")
_PROSE = TEXT_FEATURES.index("is_prose")
_LINK_DENSITY = TEXT_FEATURES.index("link_density")
_BIT = {name: 1 << i for i, name in enumerate(GROUPS)}
_KIND_BY_GROUP = (("cookie", "cookie-banner"), ("newsletter", "newsletter"), ("share", "share"),
                  ("ad", "advertisement"), ("comment", "comment-form"), ("related", "related-articles"),
                  ("footer", "footer"), ("nav", "navigation"), ("byline", "byline"), ("hidden", "accessibility"),
                  ("tags", "navigation"), ("sidebar", "related-articles"))
_FLAG_KIND = (("nav", "navigation"), ("footer", "footer"), ("aside", "related-articles"), ("form", "other"),
              ("header", "navigation"))
_LABEL_KIND = {"pager": "navigation", "advertisement": "advertisement", "paywall": "newsletter"}
_KIND_BITS = sum(_BIT[group] for group, _ in _KIND_BY_GROUP)
_FLAG_KIND_BITS = sum(FLAG_BIT[tag] for tag, _ in _FLAG_KIND)


@dataclass(slots=True)
class ParsedPage:
    """A page after the walk: its blocks, their features, its metadata."""

    blocks: list[Block]
    features: np.ndarray
    meta: PageMeta
    page: PageBlocks
    caption_blocks: frozenset[int]
    arrays: BlockArrays


def shipped_models() -> dict[str, TreeEnsemble]:
    return shipped_block_models().stages


def second_stage_features(parsed: ParsedPage, x: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """Block features plus the first stage's scores around each block (neighbours, parent, page)."""
    n = len(p1)
    if n == 0:
        return np.zeros((0, x.shape[1] + len(SECOND_STAGE_NAMES)), dtype=np.float32)
    arrays = parsed.arrays
    padded = np.concatenate([[0.0, 0.0], p1, [0.0, 0.0]])
    chars = arrays.chars
    parents, grands, greats = arrays.parents, arrays.grands, arrays.greats
    ones = np.ones(n)
    # the element whose nearby blocks (up to three levels up) hold the most confident text
    keys = np.concatenate([parents, grands, greats])
    mass = np.tile((p1 - 0.5) * chars, 3)
    real = keys >= 0
    if real.any():
        elements, inverse = np.unique(keys[real], return_inverse=True)
        best = int(elements[np.argmax(np.bincount(inverse, weights=mass[real]))])
    else:
        best = -1
    window = np.lib.stride_tricks.sliding_window_view(np.concatenate([np.zeros(3), p1, np.zeros(3)]), 7)
    order = np.argsort(np.argsort(-p1))
    extra = np.column_stack([
        p1, padded[1:n + 1], padded[0:n], padded[3:n + 3], padded[4:n + 4], window.max(axis=1), window.mean(axis=1),
        group_total(arrays.parent_groups, p1) / group_total(arrays.parent_groups, ones),
        group_total(arrays.grand_groups, p1) / group_total(arrays.grand_groups, ones),
        np.full(n, float((p1 * chars).sum() / max(chars.sum(), 1.0))),
        arrays.within(best), order / max(n - 1, 1),
    ]).astype(np.float32)
    return np.hstack([x, extra])


def nests_deeper_than(html: str, limit: int) -> bool:
    """Whether open tags ever stand more than `limit` deep: a cheap scan of the markup, no parse."""
    depth = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _FLAT_TAGS:
            continue
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > limit:
                return True
    return False


class HtmlBlockExtractor:
    """Blocks, scores, structure: the whole HTML extraction, with the models it uses."""

    def __init__(self, models: dict[str, TreeEnsemble] | None | str = "shipped", walker: BlockWalker | None = None,
                 thresholds: HtmlThresholds | None = None):
        self.models = shipped_models() if models == "shipped" else models
        self.walker = walker or BlockWalker()
        tuned = thresholds or shipped_block_models().thresholds   # tuned with the shipped models, in their file
        self.threshold = tuned.block
        self.alone_threshold = tuned.alone

    def analyse(self, html: str, url: str | None = None) -> ParsedPage:
        if len(html) > MAX_HTML_CHARS:
            raise StageError(f"HTML page too large ({len(html):,} characters > {MAX_HTML_CHARS:,})")
        if html.count("<") > MAX_NESTING and nests_deeper_than(html, MAX_NESTING):
            raise StageError(f"HTML nests more than {MAX_NESTING:,} elements deep (refused before parsing)")
        tree = LexborHTMLParser(html)
        if tree.root is None:
            raise StageError("HTML has no document tree")
        meta = page_meta(tree, url)
        page = self.walker.walk(tree)
        if not page.blocks and tree.css_first("noscript") is not None:
            # an unclosed element inside <noscript> can swallow the whole page: read its content then
            tree.unwrap_tags(["noscript"])
            page = self.walker.walk(tree)
        blocks = page.blocks
        captions = frozenset(i for i, b in enumerate(blocks) if _is_caption(b))
        arrays = block_arrays(blocks)
        features = page_features(page, meta.headline or meta.title, meta.description, arrays)
        return ParsedPage(blocks, features, meta, page, captions, arrays)

    def score(self, parsed: ParsedPage) -> np.ndarray:
        if self.models is None:
            raise ValueError("no models")
        x = parsed.features
        live = ~trivial_blocks(x)
        p1 = np.zeros(len(x))
        p1[live] = self.models["first"].predict_proba(x[live])
        if "second" not in self.models:
            return p1
        p2 = np.zeros(len(x))
        p2[live] = self.models["second"].predict_proba(second_stage_features(parsed, x, p1)[live])
        return p2

    def body_indexes(self, parsed: ParsedPage, scores: np.ndarray) -> list[int]:
        threshold = self.threshold
        title_index = self._title_index(parsed)
        keep = [i for i in range(len(parsed.blocks))
                if scores[i] >= threshold and i not in parsed.caption_blocks and i != title_index]
        keep = self._without_weak_loners(parsed, keep, scores)
        keep = self._with_enclosed_blocks(parsed, self._with_prose_siblings(parsed, keep))
        keep = self._without_copies(parsed, keep)
        comment_bit = _BIT["comment"]
        in_comments = [i for i in keep if parsed.blocks[i].kw_any & comment_bit]
        prose = parsed.features[:, _PROSE]
        if in_comments and any(prose[i] for i in set(keep) - set(in_comments)):
            gone = set(in_comments)
            keep = [i for i in keep if i not in gone]
        return keep

    def _without_weak_loners(self, parsed: ParsedPage, keep: list[int], scores: np.ndarray) -> list[int]:
        """A kept block that shares neither its parent nor its grandparent element with another kept block
        needs a surer score (a teaser, a widget or a stray line beside the article sits alone)."""
        alone = self.alone_threshold
        parents = [_parent(parsed.blocks[i]) for i in keep]
        counts = Counter(parents)
        grands = [_grandparent(parsed.blocks[i]) for i in keep]
        grand_counts = Counter(grands)
        sure = [i for i, parent, grand in zip(keep, parents, grands)
                if counts[parent] > 1 or grand_counts[grand] > 1 or scores[i] >= alone]
        return sure or keep  # all alone: a short article of one block, not a page of strays

    def _without_copies(self, parsed: ParsedPage, keep: list[int]) -> list[int]:
        """A block printed twice in different containers (mobile and desktop copies) is read once;
        a line the article itself repeats (the same parent element) stays."""
        first_parent: dict[str, int] = {}
        unique = []
        for i in keep:
            block = parsed.blocks[i]
            parent = _parent(block)
            if block.text not in first_parent:
                first_parent[block.text] = parent
                unique.append(i)
            elif first_parent[block.text] == parent:
                unique.append(i)
        return unique

    def _with_prose_siblings(self, parsed: ParsedPage, keep: list[int]) -> list[int]:
        """Add prose blocks that share a parent element with kept blocks (or all prose, when nothing was kept)."""
        prose = parsed.features[:, _PROSE]
        kept = set(keep)
        if not kept:
            return [i for i in range(len(parsed.blocks)) if prose[i] and i not in parsed.caption_blocks]
        parents = {_parent(parsed.blocks[i]) for i in keep}
        for i, block in enumerate(parsed.blocks):
            if (i not in kept and prose[i] and i not in parsed.caption_blocks
                    and _parent(block) in parents and not block.kw_any & _BIT["comment"]):
                kept.add(i)
        return sorted(kept)

    def _with_enclosed_blocks(self, parsed: ParsedPage, keep: list[int]) -> list[int]:
        """Add the blocks between two consecutive kept blocks of one parent element that share that parent
        (a list of short lines inside the article), unless mostly links or inside a figure (photo credits)."""
        blocks = parsed.blocks
        link_density = parsed.features[:, _LINK_DENSITY]
        figure = FLAG_BIT["figure"]
        added = []
        for a, b in zip(keep, keep[1:]):
            if b - a > 1:
                parent = _parent(blocks[a])
                if _parent(blocks[b]) == parent:
                    added.extend(i for i in range(a + 1, b)
                                 if _parent(blocks[i]) == parent and link_density[i] <= 0.5 and blocks[i].tag != "h1"
                                 and not blocks[i].flags & figure and i not in parsed.caption_blocks)
        return sorted(keep + added) if added else keep

    def assemble_body(self, parsed: ParsedPage, scores: np.ndarray) -> list[str]:
        return [parsed.blocks[i].text for i in self.body_indexes(parsed, scores)]

    def _title_index(self, parsed: ParsedPage) -> int:
        for i, b in enumerate(parsed.blocks):
            if b.tag == "h1":
                return i
        return -1

    def _title(self, parsed: ParsedPage) -> str | None:
        """The headline the page's signals agree on (`html_title.choose_title`)."""
        meta = parsed.meta
        h1s = tuple(b.text for b in parsed.blocks if b.tag == "h1")[:8]
        title, _ = choose_title(TitleSignals(meta.titles, meta.title, h1s, meta.site_name))
        return title

    def _subtitle_index(self, parsed: ParsedPage, title_index: int, body: list[int]) -> int:
        """The standfirst: a block marked as such (class/id words) between the headline and the body."""
        if title_index < 0:
            return -1
        first_body = body[0] if body else len(parsed.blocks)
        bit = _BIT["subtitle"]
        for i in range(title_index + 1, min(first_body, title_index + 6, len(parsed.blocks))):
            block = parsed.blocks[i]  # before the body: a lead paragraph the classifier kept stays body
            words = len(block.text.split())
            if block.kw_near & bit and 5 <= words <= 80 and block.link_chars < 0.2 * len(block.text):
                return i
        return -1

    def extract(self, html: str, *, id: str = "", source_path: str = "", url: str | None = None) -> Article:
        started = time.thread_time()
        parsed = self.analyse(html, url)
        if not parsed.blocks:
            raise StageError("HTML page has no visible text")
        if time.thread_time() - started > TIME_BUDGET_S:
            raise StageError(f"HTML page took over {TIME_BUDGET_S:.0f}s to parse (time budget)")
        return self.build(parsed, self.score(parsed), id=id, source_path=source_path, url=url)

    def build(self, parsed: ParsedPage, scores: np.ndarray, *, id: str = "", source_path: str = "",
              url: str | None = None) -> Article:
        """The Article from a page's blocks and their scores (training scores fold models' scores this way)."""
        article = Article(id=id, source_path=source_path, url=url, input_format="html")
        meta = parsed.meta
        blocks = parsed.blocks
        body = self.body_indexes(parsed, scores)
        title_index = self._title_index(parsed)
        subtitle_index = self._subtitle_index(parsed, title_index, body)
        if subtitle_index >= 0:
            article.subtitle = blocks[subtitle_index].text
            body = [i for i in body if i != subtitle_index]
        labelled = {i: label for i in body if (label := block_label(blocks[i].text, blocks[i].tag))}
        if labelled:  # pagers, ad labels and photo credits the classifier let through
            body = [i for i in body if i not in labelled]
        body_set = set(body)
        article.title = self._title(parsed)
        comment_bit = _BIT["comment"]
        seen_captions: set[str] = set()
        for i, block in enumerate(blocks):
            if i in body_set or i == title_index:
                continue
            if i in parsed.caption_blocks or labelled.get(i) == "credit":
                if block.text not in seen_captions:
                    seen_captions.add(block.text)
                    article.captions.append(block.text)
                continue
            if i == subtitle_index:
                continue
            if (block.kw_any & comment_bit and not block.flags & FLAG_BIT["form"] and len(block.text.split()) >= 8
                    and block.link_chars < 0.3 * len(block.text)):
                article.comments.append(block.text)
                continue
            label = labelled.get(i)
            article.dropped.append(Dropped(block.text, _LABEL_KIND[label] if label else _drop_kind(block)))
        headlines = {t for t in (article.title, meta.headline) if t}  # the body never repeats the headline
        article.body = [blocks[i].text for i in body
                        if blocks[i].text not in seen_captions and blocks[i].text not in headlines]
        if meta.published:
            article.published = meta.published
        article.authors = list(meta.authors)
        article.source_name = meta.site_name
        if meta.canonical_url:
            article.url = meta.canonical_url if not url else url
            if url and meta.canonical_url != url:
                article.extra["canonical_url"] = meta.canonical_url
        article.description = meta.description
        if meta.language:
            article.extra["html_lang"] = meta.language
        if parsed.page.truncated:
            article.extra["truncated"] = f"stopped after {parsed.page.nodes_visited:,} nodes"
        return article


def _parent(block: Block) -> int:
    return block.ancestors[-2] if len(block.ancestors) >= 2 else -1


def _grandparent(block: Block) -> int:
    return block.ancestors[-3] if len(block.ancestors) >= 3 else -1


def _is_caption(block: Block) -> bool:
    if block.tag == "figcaption" or block.tag == "caption":
        return True
    flags = block.flags
    if flags & FLAG_BIT["figcaption"]:
        return True
    return bool(flags & FLAG_BIT["figure"] and block.kw_near & _BIT["caption"] and len(block.text) < 600)


def _drop_kind(block: Block) -> str:
    # most dropped blocks carry none of the bits: test the union before walking the lists
    if block.kw_near & _KIND_BITS:
        for group, kind in _KIND_BY_GROUP:
            if block.kw_near & _BIT[group]:
                return kind
    if block.kw_any & _KIND_BITS:
        for group, kind in _KIND_BY_GROUP:
            if block.kw_any & _BIT[group]:
                return kind
    if block.flags & _FLAG_KIND_BITS:
        for tag, kind in _FLAG_KIND:
            if block.flags & FLAG_BIT[tag]:
                return kind
    if block.link_chars >= 0.7 * len(block.text):
        return "related-link"
    return "other"


class HtmlExtractor(Extractor):
    """Extracts HTML pages."""

    def __init__(self) -> None:
        self._impl = HtmlBlockExtractor()

    def __call__(self, doc: Document) -> Article:
        return self._impl.extract(doc.content, id=doc.id, source_path=doc.source_path, url=doc.url)
