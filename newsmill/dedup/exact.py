"""Exact copies: articles whose normalized body text hashes the same."""
from __future__ import annotations

from ..article import Article, content_hash
from ..stage import CorpusContext, CorpusStage


def completeness(article: Article) -> tuple[int, int, int]:
    """Why one copy is a better canonical than another: it has a title, more text, captions."""
    return (int(article.title is not None), sum(len(p) for p in article.body), len(article.captions))


class ExactDedup(CorpusStage):
    """Groups articles with equal content hashes; the most complete copy is canonical."""

    name = "dedup"

    def run(self, articles: list[Article], context: CorpusContext) -> None:
        groups: dict[str, list[Article]] = {}
        new_ids = {article.id for article in articles}
        for article in articles:
            if not article.body:
                continue
            article.content_hash = article.content_hash or content_hash(article)
            groups.setdefault(article.content_hash, []).append(article)
        if context.store is not None:
            for digest, stored in context.store.articles_with_hashes(list(groups)).items():
                groups[digest] = [a for a in stored if a.id not in new_ids] + groups[digest]
        for members in groups.values():
            canonical = max(members, key=completeness)
            for member in members:
                changed = member.duplicate_of != (None if member is canonical else canonical.id)
                if member is canonical:
                    member.duplicate_of = member.dup_kind = member.dup_similarity = None
                else:
                    member.duplicate_of, member.dup_kind, member.dup_similarity = canonical.id, "exact", 1.0
                if changed and member.id not in new_ids:
                    context.updated[member.id] = member
