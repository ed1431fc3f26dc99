"""HTML mode: the article from a page's DOM (selectolax / lexbor).

A first extractor: drop non-content elements, pick the element holding the most
paragraph text, and read its paragraphs, headings and list items in order;
figure captions are kept apart.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from ..article import Article, Dropped
from ..readers.document import Document
from ..stage import Extractor, StageError

_REMOVE = "script, style, noscript, svg, iframe, template"
_FURNITURE = {"nav": "navigation", "header": "navigation", "footer": "footer", "aside": "related-articles", "form": "other"}
_BLOCKS = "p, h2, h3, h4, li, blockquote, pre"


def _clean(text: str) -> str:
    return " ".join(text.split())


def extract_html_article(html: str, *, id: str = "", source_path: str = "", url: str | None = None) -> Article:
    article = Article(id=id, source_path=source_path, url=url, input_format="html")
    tree = LexborHTMLParser(html)
    if tree.root is None:
        raise StageError("HTML has no document tree")
    og_title = tree.css_first('meta[property="og:title"]')
    h1 = tree.css_first("h1")
    title_node = tree.css_first("title")
    title = (og_title.attributes.get("content") if og_title else None) or (h1.text() if h1 else None) or (
        title_node.text() if title_node else None)
    article.title = _clean(title) if title else None
    tree.strip_tags(_REMOVE.split(", "))
    for selector, kind in _FURNITURE.items():
        for node in tree.css(selector):
            text = _clean(node.text(separator=" "))
            if text:
                article.dropped.append(Dropped(text, kind))
            node.decompose()
    for node in tree.css("figcaption"):
        text = _clean(node.text(separator=" "))
        if text and text not in article.captions:
            article.captions.append(text)
        node.decompose()
    scores: dict[int, tuple[int, object]] = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is None:
            continue
        length = len(_clean(p.text()))
        key = parent.mem_id
        total, _ = scores.get(key, (0, parent))
        scores[key] = (total + length, parent)
    if not scores:
        body = tree.body
        if body is None:
            return article
        article.body = [line for line in (_clean(t) for t in body.text(separator="\n").split("\n")) if line]
        return article
    _, container = max(scores.values(), key=lambda item: item[0])
    for node in container.css(_BLOCKS):  # type: ignore[attr-defined]
        text = _clean(node.text(separator=" "))
        if text and (not article.body or article.body[-1] != text):
            article.body.append(text)
    return article


class HtmlExtractor(Extractor):
    """Extracts HTML pages."""

    def __call__(self, doc: Document) -> Article:
        return extract_html_article(doc.content, id=doc.id, source_path=doc.source_path, url=doc.url)
