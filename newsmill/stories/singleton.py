"""A first grouping: each canonical article is its own story and thread; copies join their canonical's."""
from __future__ import annotations

import hashlib

from ..article import Article
from ..stage import CorpusContext, CorpusStage


def story_id_for(article_id: str) -> str:
    return "s-" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=6).hexdigest()


class SingletonStories(CorpusStage):
    name = "stories"

    def run(self, articles: list[Article], context: CorpusContext) -> None:
        by_id = {a.id: a for a in articles}
        for article in articles:
            root = article.duplicate_of or article.id
            canonical = by_id.get(root)
            if canonical is None and context.store is not None:
                canonical = context.store.get_article(root)
            story = canonical.story_id if canonical is not None and canonical.story_id else story_id_for(root)
            article.story_id = story
            article.thread_id = (canonical.thread_id if canonical is not None and canonical.thread_id else None) or "t-" + story[2:]
