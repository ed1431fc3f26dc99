"""Page metadata from the HTML head and markup: title, published date, authors, site name,
canonical URL, description, declared language.

Sources in order of trust: JSON-LD (schema.org), meta tags (Open Graph, article:*, Dublin Core,
parsely/sailthru), <time datetime>, then a date in the URL path.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from selectolax.lexbor import LexborHTMLParser

from ..describe.dates import iso_day, parse_date, url_date

_SPACE = re.compile(r"\s+")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]+)*$")
MAX_JSON_LD_CHARS = 500_000

DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date", "dcterms.created",
              "sailthru.date", "parsely-pub-date", "article.published", "published_time", "article_date_original",
              "originalpublicationdate", "cxenseparse:recs:publishtime", "og:published_time", "date_published",
              "displaydate", "dc.date.created", "citation_publication_date", "pub_date", "datecreated")
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl",
                "citation_author", "og:article:author")
_SITE_META = ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher", "cxenseparse:site")
_DESCRIPTION_META = ("description", "og:description", "twitter:description", "dc.description")
_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "WebPage", "Report", "LiveBlogPosting", "TechArticle", "ScholarlyArticle",
                  "SocialMediaPosting", "BackgroundNewsArticle", "ReviewNewsArticle", "VideoObject")


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself."""

    title: str | None = None
    headline: str | None = None  # JSON-LD / og:title, usually without the site suffix
    published: str | None = None  # YYYY-MM-DD
    published_source: str | None = None  # json-ld, meta, time, url
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    language: str | None = None
    titles: tuple[str, ...] = ()  # og:title, JSON-LD headline, twitter:title: the metadata's title signals


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


_JSON_LD = 'script[type="application/ld+json"]'
_CANONICAL = 'link[rel="canonical"]'
_TIME = "time[datetime]"
# Each css() query is a scan of the whole tree (about as long as the rest of page_meta together):
# the elements the metadata comes from are collected by one query and told apart by tag.
_ONE_SCAN = ", ".join(("meta", _JSON_LD, _CANONICAL, _TIME))


_UTC = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)$")
_OFFSET = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?[+-](?!00:?00)\d\d:?\d\d$")
_OUTSIDE_TAGS = frozenset(("aside", "nav", "footer", "a"))
_OUTSIDE_WORDS = re.compile(r"teaser|related|sidebar|widget|recent|popular|more|prev|next|comment|recommend|"
                            r"trending|latest|archive|promo|card|list", re.I)
_OWN_WORDS = re.compile(r"publish|posted|pubdate|article|entry|byline|meta|header", re.I)
_ANCESTOR_LEVELS = 12


def _time_place(node) -> int:
    """Where a <time> sits: 2 marked as the publication date, 1 the article's own (in an article, its header
    or meta line), 0 neutral, -1 a teaser's, a sidebar's or a link's (another page's date)."""
    attrs = node.attributes
    if (attrs.get("itemprop") or "").lower() in ("datepublished", "datecreated") or "pubdate" in attrs:
        return 2
    own = False
    parent = node.parent
    for _ in range(_ANCESTOR_LEVELS):
        if parent is None or parent.tag in ("body", "html"):
            break
        if parent.tag in _OUTSIDE_TAGS:
            return -1
        marks = " ".join(filter(None, (parent.attributes.get("class"), parent.attributes.get("id"))))
        if marks and _OUTSIDE_WORDS.search(marks):
            return -1
        own = own or bool(marks and _OWN_WORDS.search(marks)) or parent.tag == "article"
        parent = parent.parent
    return 1 if own else 0


def article_time(nodes: list):
    """The page's own <time datetime>: the first marked as the publication date, else the first in the
    article's region, else the first not a teaser's."""
    places = [(_time_place(node), node) for node in nodes[:30]]
    for rank in (2, 1, 0):
        found = next((n for p, n in places if p == rank), None)
        if found is not None:
            return found
    return None


def local_day(raw: str | None, day: str, others: list[str | None], printed: str | None) -> str:
    """The date the page prints where the metadata's timestamp is UTC and the article's local date is the
    day before or after (an evening article stamped after midnight UTC): a timestamp with a local offset,
    else the date printed in the article's own <time>."""
    if not raw or not _UTC.search(raw.strip()):
        return day
    near = {(date.fromisoformat(day) + timedelta(days=d)).isoformat() for d in (-1, 1)}
    for other in others:
        if other and _OFFSET.search(other.strip()) and iso_day(other) in near:
            return iso_day(other) or day
    return printed if printed in near else day


def json_ld_objects(tree: LexborHTMLParser, scripts: list | None = None) -> list[dict]:
    """Every JSON-LD object of the page (@graph and mainEntity unnested), invalid scripts skipped."""
    objects: list[dict] = []
    for node in tree.css(_JSON_LD) if scripts is None else scripts:
        raw = node.text(deep=True)
        if not raw or len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except ValueError:
            continue
        queue = [data]
        while queue and len(objects) < 200:
            item = queue.pop(0)
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if "@graph" in item:
                    queue.append(item["@graph"])
                if isinstance(item.get("mainEntity"), (dict, list)):
                    queue.append(item["mainEntity"])
    return objects


def _types(obj: dict) -> list[str]:
    value = obj.get("@type")
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def _names(value: object) -> list[str]:
    """Person names from a JSON-LD author value (string, object, list)."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            name = item
        elif isinstance(item, dict):
            name = item.get("name") if isinstance(item.get("name"), str) else ""
        else:
            continue
        name = clean(name)
        if name and len(name) <= 80 and not name.startswith("http") and name not in out:
            out.append(name)
    return out


def meta_map(tree: LexborHTMLParser, metas: list | None = None) -> dict[str, str]:
    """<meta> values by lower-cased property / name / itemprop (the first of each kept)."""
    found: dict[str, str] = {}
    for node in tree.css("meta") if metas is None else metas:
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        value = attrs.get("content")
        if key and value:
            found.setdefault(key.strip().lower(), value.strip())
    return found


def page_meta(tree: LexborHTMLParser, url: str | None = None) -> PageMeta:
    """Read a parsed page's metadata."""
    meta = PageMeta()
    by_tag: dict[str, list] = {"meta": [], "script": [], "link": [], "time": []}
    for node in tree.css(_ONE_SCAN):
        by_tag[node.tag].append(node)
    tags = meta_map(tree, by_tag["meta"])
    title_node = tree.css_first("title")
    meta.title = clean(title_node.text()) if title_node is not None else None
    articles = []
    site = None
    for obj in json_ld_objects(tree, by_tag["script"]):
        types = _types(obj)
        if any(t in _ARTICLE_TYPES for t in types):
            articles.append(obj)
        if site is None and any(t in ("WebSite", "Organization", "NewsMediaOrganization") for t in types):
            site = obj.get("name") if isinstance(obj.get("name"), str) else None
    articles.sort(key=lambda o: 0 if any(t != "WebPage" for t in _types(o)) else 1)
    raw_dates: list[tuple[str, str]] = []  # (source, raw value) in order of trust
    for obj in articles:
        for key in ("datePublished", "dateCreated"):
            if isinstance(obj.get(key), str):
                raw_dates.append(("json-ld", obj[key]))
        if not meta.authors:
            meta.authors = _names(obj.get("author") or obj.get("creator"))
        if meta.headline is None and isinstance(obj.get("headline"), str):
            meta.headline = clean(obj["headline"]) or None
        if meta.description is None and isinstance(obj.get("description"), str):
            meta.description = clean(obj["description"]) or None
        publisher = obj.get("publisher")
        if site is None and isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            site = publisher["name"]
    raw_dates += [("meta", tags[key]) for key in DATE_META if tags.get(key)]
    own_time = article_time(by_tag["time"])
    if own_time is not None:
        raw_dates.append(("time", own_time.attributes.get("datetime") or ""))
    printed = parse_date(own_time.text(deep=True)[:200]) if own_time is not None else None
    for source, raw in raw_dates:
        day = iso_day(raw)
        if day:
            meta.published = local_day(raw, day, [r for _, r in raw_dates], printed)
            meta.published_source = source
            break
    if meta.published is None:
        day = url_date(url or tags.get("og:url"))
        if day:
            meta.published, meta.published_source = day, "url"
    if not meta.authors:
        for key in _AUTHOR_META:
            value = clean(tags.get(key))
            if value and not value.startswith(("http", "@")) and len(value) <= 120:
                meta.authors = [a.strip() for a in re.split(r",| and |;", value) if a.strip()]
                break
    ld_headline = meta.headline
    og, twitter = clean(tags.get("og:title")) or None, clean(tags.get("twitter:title")) or None
    meta.titles = tuple(dict.fromkeys(t for t in (og, ld_headline, twitter) if t))
    meta.headline = meta.headline or og or twitter
    site = site or next((tags[k] for k in _SITE_META if tags.get(k) and not tags[k].startswith("http")), None)
    meta.site_name = clean(site).lstrip("@") or None if site else None
    link = by_tag["link"][0] if by_tag["link"] else None
    canonical = (link.attributes.get("href") if link is not None else None) or tags.get("og:url")
    meta.canonical_url = canonical.strip() if canonical and canonical.strip().startswith("http") else None
    meta.description = meta.description or next(
        (clean(tags[k]) for k in _DESCRIPTION_META if tags.get(k)), None)
    html = tree.css_first("html")
    lang = (html.attributes.get("lang") or html.attributes.get("xml:lang")) if html is not None else None
    lang = lang or tags.get("og:locale") or tags.get("content-language") or tags.get("language")
    if lang and _LANG.match(lang.strip()):
        meta.language = lang.strip().split("-")[0].split("_")[0].lower()
    return meta
