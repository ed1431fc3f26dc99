"""What a worker does to one document in each pass of a run: pure functions of (pipeline, states, document).

A run with corpus steps C1..Cm is m+1 passes over its documents:
  pass 0:  read document -> extract -> document stages -> C1.features
  pass k:  C_k.apply -> document stages -> C_{k+1}.features        (k = 1..m-1)
  pass m:  C_m.apply -> document stages -> the finished article
Between passes the engine runs C_k.learn centrally over the features. A distributed engine (Ray)
calls these same functions with the same `PassContext`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..article import Article, pack_article, unpack_article
from ..readers.document import Document, Problem
from ..stage import DocumentStage
from ..steps import CorpusStep, State
from .pipeline import Pipeline, process_document, run_document_stages


@dataclass
class PassContext:
    """Everything a worker needs for one pass: read-only during the pass."""

    pipeline: Pipeline
    states: dict[str, State] = field(default_factory=dict)
    applies: CorpusStep | None = None       # the corpus step whose state this pass applies (None in pass 0)
    stages: list[DocumentStage] = field(default_factory=list)  # document stages after it (pass 0: after extract)
    featurizes: CorpusStep | None = None     # the corpus step whose features this pass computes (None: last pass)


@dataclass
class Done:
    """One document after a pass: the article (pickled between passes, an Article after the last), its features."""

    n: int
    id: str
    article: Any
    features: Any = None
    problem: Problem | None = None   # a stage failed: the article is kept without that stage
    record: str | None = None        # after the last pass: the article as its JSON line, encoded by the worker


def finished(n: int, article: Article, problem: Problem | None = None) -> Done:
    """A finished article with its JSON record: encoded once, where the work is spread, for every output."""
    return Done(n, article.id, article, None, problem, json.dumps(article.to_dict(), ensure_ascii=False))


def featurize(step: CorpusStep | None, states: dict[str, State], article: Article, recalled: bool = False) -> Any:
    return step.features(states, [article], recalled=recalled)[0] if step is not None else None


def _keep_without(article: Article, stages: list[DocumentStage]) -> tuple[Article, Problem | None]:
    """Document stages after the first corpus step never lose an article: on failure it is kept as it was."""
    result = run_document_stages(stages, article)
    if isinstance(result, Problem):
        result.reason += "; the article was kept without this stage"
        return article, result
    return result, None


def first_pass(context: PassContext, item: Document | Problem) -> Done | Problem:
    """Extract and describe one document and compute the first corpus step's features."""
    result = process_document(context.pipeline, item, context.stages)
    if isinstance(result, Problem):
        return result
    if context.featurizes is None:
        return finished(-1, result)
    return Done(-1, result.id, pack_article(result),
                featurize(context.featurizes, context.states, result))


def apply_learned(context: PassContext, article: Article, released: tuple) -> Article:
    """The learned step applied to an article: from its state, or from what a streamed learn released for it
    (an item (n, record, released): engine/learner.py)."""
    if context.applies is None:
        return article
    if released:
        return context.applies.apply_released(released[0], article)   # type: ignore[attr-defined]
    return context.applies.apply(context.states[context.applies.name], article)


def next_pass(context: PassContext, item: tuple) -> Done:
    """Apply the last learned step to one stored-between-passes article, then the next step's features."""
    n, record, *released = item
    article = apply_learned(context, unpack_article(record), tuple(released))
    article, problem = _keep_without(article, context.stages)
    if context.featurizes is None:
        return finished(n, article, problem)
    return Done(n, article.id, pack_article(article),
                featurize(context.featurizes, context.states, article), problem)
