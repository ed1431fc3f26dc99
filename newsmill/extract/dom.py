"""The page as a list of text blocks: one iterative walk over the lexbor DOM.

A block is the text between two block-level boundaries (p, div, li, h2, br, ...),
with what the DOM says about it: the tags and class/id words of its ancestors,
its link text, its depth. The walk is iterative and bounded (nodes visited, depth
tracked), so deep or huge pages cost bounded time and never recurse.
"""
from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose start and end separate blocks.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table tbody tfoot "
    "thead tr ul caption html legend option".split()
)
# Subtrees whose text is never article text.
SKIP_TAGS = frozenset(
    "script style noscript svg template iframe head select textarea canvas object embed video audio map math "
    "button input title meta link".split()
)
# Formatting elements: no frame of their own, their text joins the enclosing block.
INLINE_TAGS = frozenset("b i em strong u s small sup sub abbr cite mark q font big tt wbr bdi bdo dfn kbd samp var ins del"
                        .split())

# Ancestor tags recorded as flags (bit positions).
FLAG_TAGS = ("article", "main", "nav", "header", "footer", "aside", "form", "figure", "li", "table", "blockquote",
             "a", "figcaption", "section", "label", "time", "h1")
FLAG_BIT = {tag: 1 << i for i, tag in enumerate(FLAG_TAGS)}

# Site menus and footers outside the article: read as one block without walking them.
COLLAPSED_TAGS = frozenset(("nav", "footer"))
_ARTICLE_BITS = FLAG_BIT["article"] | FLAG_BIT["main"]
_UNREAD_IN_COLLAPSED = ["script", "style", "noscript", "template", "svg", "select", "button"]

# Class/id word groups: what a container's class or id says it holds.
KEYWORD_GROUPS: dict[str, str] = {
    "content": r"article|content|story|post|entry|body|text|blog|prose|rich|paragraph",
    "comment": r"comment|disqus|respond|replies|reply|discussion|discuss",
    "nav": r"nav|menu|breadcrumb|pagination|pager|topbar|masthead|skip",
    "footer": r"footer|copyright|colophon|legal|bottom",
    "share": r"share|sharing|social|facebook|twitter|whatsapp|linkedin|pinterest|print|email|mail",
    "related": r"related|recommend|more|also|popular|trending|teaser|most|outbrain|taboola|recirc|next|prev|read",
    "ad": r"\bads?\b|advert|sponsor|promo|dfp|banner|commercial|adsense|doubleclick|gpt",
    "sidebar": r"sidebar|widget|aside|rail|side|column|col",
    "caption": r"caption|credit",
    "media": r"photo|image|img|figure|media|gallery|picture|video|slide",
    "byline": r"byline|author|writer|dateline|date|time|meta|posted|publish|timestamp|contributor",
    "cookie": r"cookie|consent|gdpr|privacy|notice|cmp",
    "newsletter": r"newsletter|subscri|signup|optin|register|paywall|login",
    "hidden": r"hidden|hide|\bsr\b|visually|offscreen|invisible|modal|popup|overlay",
    "title": r"title|headline|heading|header|hed",
    "tags": r"tags?\b|keyword|topic|categor|label",
    "subtitle": r"standfirst|subtitle|subhead|dek|summary|lede|lead|intro|excerpt|description|deck|strap",
}
GROUPS = tuple(KEYWORD_GROUPS)
_GROUP_BIT = {name: 1 << i for i, name in enumerate(GROUPS)}
_KEYWORDS = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in KEYWORD_GROUPS.items()))
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

MAX_NODES = 200_000  # nodes visited per page; beyond this the rest of the page is ignored
MAX_BLOCKS = 20_000  # blocks per page, likewise
MAX_SECONDS = 3.0  # CPU time spent walking one page, likewise (this thread's: a loaded machine changes nothing)
MAX_DEPTH = 400  # element nesting tracked; deeper elements are read as inline text of their ancestor
MAX_BLOCK_CHARS = 200_000


@functools.lru_cache(maxsize=65536)
def keyword_mask(value: str) -> int:
    """Bit mask of the keyword groups a class/id string mentions (word by word)."""
    mask = 0
    lowered = value.lower()
    if lowered != value:  # camelCase words apart ("articleBody" -> "article-body")
        lowered = _CAMEL.sub("-", value).lower()
    for token in _TOKEN_SPLIT.split(lowered):
        if token:
            mask |= _token_mask(token)
    return mask


@functools.lru_cache(maxsize=65536)
def _token_mask(token: str) -> int:
    mask = 0
    for match in _KEYWORDS.finditer(token):
        mask |= _GROUP_BIT[match.lastgroup]  # type: ignore[index]
    return mask


@dataclass(slots=True)
class Block:
    """One block of text and what the DOM says about where it sits."""

    text: str
    tag: str  # the innermost block-level element holding it
    depth: int  # element depth of that element
    link_chars: int  # characters inside <a>
    flags: int  # FLAG_TAGS bits of all ancestors
    kw_any: int  # keyword-group bits of all ancestors' class/id
    kw_near: int  # keyword-group bits of the block element and its two nearest ancestors
    ancestors: tuple[int, ...]  # element ids, outermost first (the last is the block element)
    index: int = 0


# An open element during the walk, as a plain tuple (built once per element, so kept cheap):
# (element id, tag, is block-level, FLAG_TAGS bits, keyword bits of all ancestors, its own keyword bits,
#  own bits and the two nearest tracked ancestors', the parent's own bits, depth,
#  element ids of the block-level frames from the root to here, tag and depth of the innermost block-level frame)
_ROOT_FRAME = (-1, "", False, 0, 0, 0, 0, 0, -1, (), "body", 0)


@dataclass(slots=True)
class PageBlocks:
    """A page's blocks and how much of the page the walk read."""

    blocks: list[Block]
    elements: int  # elements given an id (ids run 0 .. elements - 1, in document order)
    nodes_visited: int
    truncated: bool


class BlockWalker:
    """Turns a parsed page into blocks; one instance can walk many pages."""

    def __init__(self, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH, max_blocks: int = MAX_BLOCKS,
                 max_seconds: float = MAX_SECONDS) -> None:
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.max_blocks = max_blocks
        self.max_seconds = max_seconds

    def walk(self, tree: LexborHTMLParser) -> PageBlocks:
        root = tree.body or tree.root
        blocks: list[Block] = []
        elements = 0
        if root is None:
            return PageBlocks(blocks, 0, 0, False)
        started = time.thread_time()
        kw_cache: dict[str, int] = {}
        parts: list[str] = []
        link_chars = 0
        stack: list[tuple] = [_ROOT_FRAME]
        visited = 0
        truncated = False
        hidden_style = _HIDDEN_STYLE.search
        flag_bit = FLAG_BIT.get

        # the limits are tested on one node in 0x2000 (the clock), the first past max_nodes, and the
        # node after a block is added: `check_at` is the next visit count to test at
        max_nodes, max_blocks, max_depth = self.max_nodes, self.max_blocks, self.max_depth
        check_at = min(0x2000, max_nodes + 1) if max_blocks > 0 else 0

        def flush() -> None:
            nonlocal link_chars, check_at
            text = " ".join("".join(parts).split())
            parts.clear()
            chars = link_chars
            link_chars = 0
            if not text:
                return
            if len(text) > MAX_BLOCK_CHARS:
                text = text[:MAX_BLOCK_CHARS]
            top = stack[-1]
            blocks.append(Block(text, top[10], top[11], min(chars, len(text)), top[3], top[4], top[6], top[9],
                                len(blocks)))
            if len(blocks) >= max_blocks:
                check_at = 0

        node: LexborNode | None = root.child
        nodes: list[LexborNode] = []  # the elements descended into, parallel to stack[1:]
        in_link = 0
        while node is not None:
            visited += 1
            if visited >= check_at:
                if visited > max_nodes or len(blocks) >= max_blocks or (
                        not visited & 0x1FFF and time.thread_time() - started > self.max_seconds):
                    truncated = True
                    break
                check_at = min((visited | 0x1FFF) + 1, max_nodes + 1)
            tag = node.tag
            if tag == "-text":
                value = node.text_content
                if value and (parts or not value.isspace()):  # leading white space would be dropped anyway
                    parts.append(value)
                    if in_link:
                        link_chars += len(value.strip())
            elif tag in INLINE_TAGS:  # formatting only: its text joins the current block
                child = node.child
                if child is not None:
                    stack.append(stack[-1])
                    nodes.append(node)
                    node = child
                    continue
            elif tag and tag[0] != "-" and tag not in SKIP_TAGS:
                attrs = node.attributes
                parent = stack[-1]
                (_, _, _, p_flags, p_kw_any, p_kw_own, _, p_parent_own, p_depth, p_blocks, p_owner_tag,
                 p_owner_depth) = parent
                if "hidden" in attrs or ("style" in attrs and hidden_style(attrs["style"] or "")):
                    pass
                elif p_depth + 1 >= max_depth:  # too deep: read as inline text of its ancestor
                    if tag in BLOCK_TAGS and parts:
                        parts.append(" ")
                    child = node.child
                    if child is not None:
                        stack.append(parent)
                        nodes.append(node)
                        node = child
                        continue
                else:
                    is_block = tag in BLOCK_TAGS
                    if is_block:
                        if parts:
                            flush()
                    elif (tag == "td" or tag == "th") and parts:
                        parts.append(" ")  # a table row is one block, its cells apart
                    if tag != "br" and tag != "hr":
                        marker = (attrs.get("class") or "") + " " + (attrs.get("id") or "")
                        kw_own = kw_cache.get(marker)
                        if kw_own is None:  # class names repeat far more than class + id strings: cache per name
                            kw_own = 0
                            for name in marker.split():
                                kw_own |= keyword_mask(name)
                            kw_cache[marker] = kw_own
                        element = elements
                        elements += 1
                        depth = p_depth + 1
                        if tag in COLLAPSED_TAGS and not p_flags & _ARTICLE_BITS:
                            # site menus and footers: one block, read in C, never walked
                            node.strip_tags(_UNREAD_IN_COLLAPSED)
                            text = " ".join(node.text(deep=True, separator=" ").split())[:MAX_BLOCK_CHARS]
                            if text:
                                blocks.append(Block(text, tag, depth, len(text), p_flags | flag_bit(tag, 0),
                                                    p_kw_any | kw_own, kw_own | p_kw_own | p_parent_own,
                                                    p_blocks + (element,), len(blocks)))
                                if len(blocks) >= max_blocks:
                                    check_at = 0
                            child = None
                        else:
                            child = node.child
                        if child is not None:
                            if is_block:
                                frame = (element, tag, True, p_flags | flag_bit(tag, 0), p_kw_any | kw_own, kw_own,
                                         kw_own | p_kw_own | p_parent_own, p_kw_own, depth, p_blocks + (element,),
                                         tag, depth)
                            else:
                                frame = (element, tag, False, p_flags | flag_bit(tag, 0), p_kw_any | kw_own, kw_own,
                                         kw_own | p_kw_own | p_parent_own, p_kw_own, depth, p_blocks, p_owner_tag,
                                         p_owner_depth)
                                if tag == "a":
                                    in_link += 1
                            stack.append(frame)
                            nodes.append(node)
                            node = child
                            continue
            # the next node after this subtree, closing the elements finished on the way up
            following = node.next
            while following is None and nodes:
                node = nodes.pop()
                frame = stack[-1]
                if frame is not stack[-2]:  # a frame of its own, not an inline element's borrowed one
                    if frame[2]:
                        if parts:
                            flush()  # before the pop: the block belongs to the closing element
                    elif frame[1] == "a":
                        in_link -= 1
                stack.pop()
                following = node.next
            node = following
        if parts:
            flush()
        return PageBlocks(blocks, elements, visited, truncated)
