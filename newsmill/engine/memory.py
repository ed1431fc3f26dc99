"""Corpus steps over an in-memory list of articles: the engine in miniature, for tests and benchmarks.

Same contract as the local engine: features of every article, learn once, apply to every article;
states come from (and go back to) `context.store` when one is given, else `context.states`.
"""
from __future__ import annotations

from typing import Iterator

from ..article import Article
from ..steps import CorpusContext, CorpusStep, State, Touched, load_states


def find_copies(articles: list[Article], context: CorpusContext | None = None) -> dict[str, State]:
    """Site templates, then copies, over an in-memory list (tests, benchmarks): marked in place; the states."""
    from ..dedup import DuplicateFinder
    from ..site_template import SiteTemplate
    context = context or CorpusContext()
    run_steps([SiteTemplate(), DuplicateFinder()], articles, context)
    return context.states


def run_step(step: CorpusStep, articles: list[Article], context: CorpusContext | None = None) -> State:
    """One corpus step alone over an in-memory list (tests, benchmarks); returns its learned state."""
    context = context or CorpusContext()
    run_steps([step], articles, context)
    return context.states[step.name]


def run_steps(steps: list[CorpusStep], articles: list[Article], context: CorpusContext) -> None:
    """Run each corpus step in turn over `articles` (annotated in place)."""
    store = context.store
    if store is not None:
        states, missing = load_states(steps, store)
        rebuild_states(missing, states, store)
    else:
        states = {step.name: context.states.get(step.name) or step.new_state() for step in steps}
    by_id = {article.id: article for article in articles}
    touched = Touched()
    for k, step in enumerate(steps):
        def recall(ids: list[str], step: CorpusStep = step, done: list[CorpusStep] = steps[:k]) -> dict:
            found = [by_id[i] for i in ids if i in by_id]
            stored = store.get_articles([i for i in ids if i not in by_id]) if store is not None else {}
            for article in stored.values():
                for earlier in done:
                    earlier.apply(states[earlier.name], article)
            items = found + list(stored.values())
            return dict(zip((a.id for a in items), step.features(states, items, recalled=True)))

        learned = step.learn(states[step.name], step.features(states, articles), recall)
        states[step.name] = learned.state
        touched.update(learned.touched)
        for article in articles:
            step.apply(learned.state, article)
    context.states.update(states)
    if store is not None:
        store.put_articles(reapply_stored(steps, states, touched_ids(touched, store, set(by_id)), store))
        for state in states.values():
            store.save_state(state)


def touched_ids(touched: Touched, store, skip: set[str]) -> list[str]:
    """Ids of the stored articles the new states may change (named, or of a touched site), minus `skip`."""
    found = dict.fromkeys(sorted(touched.ids) + store.ids_of_sites(touched.sites))
    return [i for i in found if i not in skip]


def reapply_stored(steps: list[CorpusStep], states: dict[str, State], ids: list[str], store) -> Iterator[Article]:
    """Those stored articles with every corpus step applied again (apply is idempotent), in batches."""
    for start in range(0, len(ids), 500):
        for article in store.get_articles(ids[start:start + 500]).values():
            for step in steps:
                step.apply(states[step.name], article)
            yield article


def rebuild_states(missing: list[CorpusStep], states: dict[str, State], store) -> None:
    """A store holding articles but not a step's state (written by an older version): learn it once from the
    stored articles' features, so new documents still meet the corpus (the stored articles are left as they are)."""
    if not missing or store.count() == 0:
        return
    for step in missing:
        features = []
        batch: list[Article] = []
        for article in store.iter_articles():
            batch.append(article)
            if len(batch) == 500:
                features += step.features(states, batch)
                batch = []
        features += step.features(states, batch) if batch else []
        states[step.name] = step.learn(states[step.name], features, lambda ids: _stored_features(step, states, store, ids)).state


def _stored_features(step: CorpusStep, states: dict[str, State], store, ids: list[str]) -> dict:
    found = list(store.get_articles(ids).values())
    return dict(zip((a.id for a in found), step.features(states, found, recalled=True)))
