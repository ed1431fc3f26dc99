"""Site templates in a run: short lines that repeat across many different articles of one site.

No per-page extractor can see these; a corpus can. A line counts once per group of copies (pages
sharing a long line are one article copied), so an article copied five times never loses its own
paragraphs; only lines on several *different* articles of the site (menus, footers, teasers) go.
Kept lines found to be template move to `dropped` with kind `template`. With `newsmill run --append`,
the counts carry over in the store, and when a line becomes template for a site, that site's articles
stored by earlier runs are cleaned too (and handed back to the engine as updated).
"""
from __future__ import annotations

import json
import zlib
from collections import Counter

from ..article import Article, Dropped, content_hash
from ..dedup.templates import normalize_line, site_of
from ..stage import CorpusContext, CorpusStage

MAX_WORDS = 25        # a template line is short
MIN_ARTICLES = 3      # seen on at least this many different articles of the site...
MIN_SHARE = 0.1       # ...and on at least this share of the site's articles
MAX_STORED_LINES = 50_000  # per site, kept in the store for --append


def _key(line: str) -> int | None:
    norm = normalize_line(line)
    if not norm or norm.count(" ") >= MAX_WORDS:
        return None
    return zlib.crc32(norm.encode("utf-8"))


def _long_key(line: str) -> int | None:
    norm = normalize_line(line)
    return zlib.crc32(norm.encode("utf-8")) if norm.count(" ") >= MAX_WORDS else None


def _all_lines(article: Article) -> list[str]:
    return ([article.title] if article.title else []) + article.body + article.captions + article.comments + [
        d.text for d in article.dropped]


def copy_groups(articles: list[Article]) -> list[int]:
    """A group number per article: articles sharing a long line (one copied article) share a group."""
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, article in enumerate(articles):
        for line in article.body:
            key = _long_key(line)
            if key is None:
                continue
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    return [find(i) for i in range(len(articles))]


def _template_keys(articles: int, site_counts: "Counter[int] | dict[int, int]") -> set[int]:
    """The line keys that are template for a site with this many articles and these line counts."""
    if articles < MIN_ARTICLES:
        return set()
    needed = max(MIN_ARTICLES, MIN_SHARE * articles)
    return {key for key, count in site_counts.items() if count >= needed}


class SiteTemplate(CorpusStage):
    """Moves lines that repeat across different articles of one site out of body, captions and comments."""

    name = "template"

    def run(self, articles: list[Article], context: CorpusContext) -> None:
        sites = [site_of(article) for article in articles]
        groups = copy_groups(articles)
        totals: Counter[str] = Counter()
        counts: dict[str, Counter[int]] = {}
        seen_groups: set[tuple[str, int]] = set()
        group_keys: dict[tuple[str, int], set[int]] = {}
        for article, site, group in zip(articles, sites, groups):
            keys = {key for key in map(_key, _all_lines(article)) if key is not None}
            group_keys.setdefault((site, group), set()).update(keys)
            seen_groups.add((site, group))
        for (site, _), keys in group_keys.items():
            totals[site] += 1
            counts.setdefault(site, Counter()).update(keys)
        store = context.store
        earlier: dict[str, tuple[int, dict[int, int]]] = {}  # per site: articles and line counts of earlier runs
        for site in totals:
            if store is not None:
                stored = store.get_state(self.name, site)
                if stored:
                    data = json.loads(stored)
                    earlier[site] = (data["articles"], {int(k): v for k, v in data["lines"].items()})
                    totals[site] += data["articles"]
                    counts[site].update(earlier[site][1])
                kept = dict(counts[site].most_common(MAX_STORED_LINES))
                store.set_state(self.name, site, json.dumps(
                    {"articles": totals[site], "lines": {str(k): v for k, v in kept.items()}}).encode("utf-8"))
        for article, site in zip(articles, sites):
            needed = max(MIN_ARTICLES, MIN_SHARE * totals[site])
            site_counts = counts[site]
            if totals[site] < MIN_ARTICLES or not site_counts or site_counts.most_common(1)[0][1] < needed:
                continue
            self._strip(article, lambda line: (key := _key(line)) is not None and site_counts[key] >= needed)
        if store is not None:
            self._clean_stored(articles, earlier, totals, counts, context)

    def _clean_stored(self, articles: list[Article], earlier: dict[str, tuple[int, dict[int, int]]],
                      totals: Counter[str], counts: dict[str, Counter[int]], context: CorpusContext) -> None:
        """Strip the lines that became template in this run from the site's articles of earlier runs (the
        store's copies; this run's own articles, same ids included, are done), marking them updated."""
        sites = {}
        for site, (articles_before, counts_before) in earlier.items():
            if _template_keys(totals[site], counts[site]) - _template_keys(articles_before, counts_before):
                sites[site] = (counts[site], max(MIN_ARTICLES, MIN_SHARE * totals[site]))
        if not sites:
            return
        current = {article.id for article in articles}
        cleaned = []
        for stored in context.store.iter_articles():
            if stored.id in current:
                continue
            stored = context.updated.get(stored.id, stored)
            site = site_of(stored)
            if site not in sites:
                continue
            site_counts, needed = sites[site]
            if self._strip(stored, lambda line: (key := _key(line)) is not None and site_counts[key] >= needed):
                stored.content_hash = content_hash(stored) if stored.body else None  # as dedup hashes a body
                cleaned.append(stored)
        # Written back now too, so the later stages, which read earlier runs' articles from the store, see them.
        context.store.put_articles(cleaned)
        for article in cleaned:
            context.updated[article.id] = article

    @staticmethod
    def _strip(article: Article, is_template) -> bool:
        """Move the article's template lines to `dropped`; whether anything changed."""
        moved: list[str] = []
        relabelled = False
        if article.title and is_template(article.title):
            moved.append(article.title)
            article.title = None
        for field in ("body", "captions", "comments"):
            lines = getattr(article, field)
            keep = [line for line in lines if not is_template(line)]
            if len(keep) != len(lines):
                moved += [line for line in lines if is_template(line)]
                setattr(article, field, keep)
        for dropped in article.dropped:
            if dropped.kind == "other" and is_template(dropped.text):
                dropped.kind = "template"
                relabelled = True
        article.dropped += [Dropped(line, "template") for line in moved]
        return bool(moved) or relabelled
