"""The local engine: read → extract/describe (N processes) → dedup → stories → quotes → store.

Per-document stages run in a process pool in input order; corpus stages run in
this process over the run's articles (and, with `append`, the stored corpus).
"""
from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from tqdm import tqdm

from ..article import Article
from ..readers import DEFAULT_MAX_BYTES, InputError, read_inputs
from ..readers.document import Problem
from ..stage import CorpusContext
from ..store import (
    QUARANTINE_FILENAME,
    STORE_FILENAME,
    Store,
    write_jsonl,
    write_parquet,
    write_quarantine,
)
from ..stories.summary import summarize_stories
from .pipeline import Pipeline, default_pipeline, process_document, run_document_stages
from .ray_engine import crash_problem, open_mapper


def _count(n: int, word: str) -> str:
    """"1 story", "2 stories": the summary reads as a sentence."""
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"


class OutputError(Exception):
    """The output folder cannot be created or written."""


@dataclass
class RunSummary:
    """What a run did, for the end-of-run summary and for callers of `newsmill.run`."""

    out: str
    documents: int = 0
    articles: int = 0
    duplicates: int = 0
    stories: int = 0
    threads: int = 0
    quotes: int = 0
    quarantined: int = 0
    stage_errors: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    corpus_articles: int = 0

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_text(self) -> str:
        stages = ", ".join(f"{name} {secs:.2f}s" for name, secs in self.stage_seconds.items())
        counts = ", ".join(_count(n, word) for n, word in ((self.duplicates, "duplicate"), (self.stories, "story"),
                                                            (self.threads, "thread"), (self.quotes, "quote")))
        lines = [
            f"newsmill: {_count(self.documents, 'document')} read -> {_count(self.articles, 'article')} "
            f"({counts}), {self.quarantined} quarantined",
            f"  {self.seconds:.2f} s, {self.docs_per_second:.1f} docs/s ({stages})",
            f"  out: {self.out}/ ({STORE_FILENAME}, articles.jsonl, articles.parquet, {QUARANTINE_FILENAME})",
        ]
        if self.corpus_articles != self.articles:
            lines.insert(1, f"  store now holds {self.corpus_articles} articles")
        if self.stage_errors:
            lines.insert(1, f"  {self.stage_errors} articles kept despite a failed stage")
        if self.quarantined or self.stage_errors:
            lines.append(f"  see {self.out}/{QUARANTINE_FILENAME} for the reasons")
        return "\n".join(lines)


def prepare_output(out: str | os.PathLike[str]) -> Path:
    """Create `out` and check it is writable; raise OutputError with a one-line reason."""
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".newsmill-write-test-"):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
    return path


def _check_inputs(inputs: list[str]) -> None:
    if not inputs:
        raise InputError("no input given")
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        raise InputError(f"input not found: {', '.join(missing)}")


def _progress(enabled: bool | None, desc: str) -> tqdm:
    # disable=None: tqdm shows the bar only on a terminal.
    return tqdm(desc=desc, unit="doc", disable=None if enabled is None else not enabled, file=sys.stderr,
                dynamic_ncols=True, leave=False)


def _unique_ids(items: Iterable[Article | Problem]) -> Iterator[Article | Problem]:
    """Two inputs may share a relative path (two roots each with a.txt): keep ids unique."""
    seen: dict[str, int] = {}
    for item in items:
        if isinstance(item, Article):
            count = seen.get(item.id, 0)
            seen[item.id] = count + 1
            if count:
                item.id = f"{item.id}#{count + 1}"
        yield item


def extract_documents(inputs: Iterable[str], *, mode: str = "auto", workers: int | None = None,
                      max_bytes: int = DEFAULT_MAX_BYTES, progress: bool | None = None,
                      pipeline_factory: Callable[[], Pipeline] | None = None, engine: str = "local",
                      ray_address: str | None = None) -> Iterator[Article | Problem]:
    """Per-document stages only (extract, describe, quotes), in input order: no corpus stages.

    `engine="ray"` runs them on Ray (`ray_address`: "auto", "HOST:PORT", None for a private one).
    """
    inputs = [str(p) for p in inputs]
    _check_inputs(inputs)
    factory = pipeline_factory or functools.partial(default_pipeline, mode)
    pipeline = factory()
    bar = _progress(progress, "extract")
    try:
        with open_mapper(engine, workers=workers, ray_address=ray_address) as mapper:
            for item in _unique_ids(mapper(_extract_and_finish, read_inputs(inputs, max_bytes), pipeline=pipeline,
                                           factory=factory, workers=workers)):
                bar.update(1)
                yield item
    finally:
        bar.close()


def _extract_and_finish(pipeline: Pipeline, item: object) -> Article | Problem:
    result = process_document(pipeline, item)  # type: ignore[arg-type]
    return run_document_stages(pipeline.finish, result) if isinstance(result, Article) else result


def _finish(pipeline: Pipeline, article: Article) -> tuple[Article, Problem | None]:
    """Finishing stages never lose an article: on failure it is kept as it was, and the problem reported."""
    result = run_document_stages(pipeline.finish, article)
    if isinstance(result, Problem):
        result.reason += "; the article was kept without this stage"
        return article, result
    return result, None


def _finish_crashed(article: Article, reason: str) -> tuple[Article, Problem]:
    """A finishing stage killed its worker (Ray engine): the article is kept as it was, like any failure."""
    return article, crash_problem(article, reason + "; the article was kept without the finishing stages")


def run(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, workers: int | None = None,
        append: bool = False, mode: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES,
        progress: bool | None = None, pipeline_factory: Callable[[], Pipeline] | None = None,
        engine: str = "local", ray_address: str | None = None) -> RunSummary:
    """Run the whole pipeline over `inputs` into the folder `out`; returns the summary.

    Without `append` the store in `out` is replaced by this run's corpus; with it,
    new documents join the stored corpus (same ids replace, never duplicate).
    `engine="ray"` runs the per-document stages on Ray (`ray_address`: "auto", "HOST:PORT", or None
    for a private Ray on this machine); corpus stages run here. `workers=None`: 1 locally, one per CPU on Ray.
    """
    started = time.perf_counter()
    inputs = [str(p) for p in inputs]
    _check_inputs(inputs)
    out_dir = prepare_output(out)
    factory = pipeline_factory or functools.partial(default_pipeline, mode)
    pipeline = factory()
    summary = RunSummary(out=str(out))
    articles: list[Article] = []
    problems: list[Problem] = []

    with Store.in_dir(out_dir) as store, open_mapper(engine, workers=workers, ray_address=ray_address,
                                                     temp_root=out_dir) as mapper:
        if not append:
            store.clear()
        tick = time.perf_counter()
        bar = _progress(progress, "extract")
        for item in _unique_ids(mapper(process_document, read_inputs(inputs, max_bytes), pipeline=pipeline,
                                       factory=factory, workers=workers)):
            bar.update(1)
            (articles if isinstance(item, Article) else problems).append(item)  # type: ignore[arg-type]
        bar.close()
        summary.stage_seconds["extract"] = time.perf_counter() - tick

        context = CorpusContext(store=store)  # cleared above unless appending: holds only earlier runs
        for stage in pipeline.corpus:
            tick = time.perf_counter()
            stage.run(articles, context)
            summary.stage_seconds[stage.name] = time.perf_counter() - tick

        tick = time.perf_counter()
        finished: list[Article] = []
        stage_errors: list[Problem] = []
        for article, problem in mapper(_finish, articles, pipeline=pipeline, factory=factory, workers=workers,
                                       on_crash=_finish_crashed):
            finished.append(article)
            if problem is not None:
                stage_errors.append(problem)
        summary.stage_seconds["finish"] = time.perf_counter() - tick

        tick = time.perf_counter()
        store.put_articles(finished)
        store.put_articles(a for a in context.updated.values() if a.id not in {f.id for f in finished})
        stories, threads = summarize_stories(store.iter_articles())
        store.put_stories(stories, threads)
        store.db.commit()
        write_jsonl(store.iter_articles(), out_dir / "articles.jsonl")
        write_parquet(store.iter_articles(), out_dir / "articles.parquet")
        write_quarantine(problems + stage_errors, out_dir / QUARANTINE_FILENAME, append=append)
        summary.stage_seconds["store"] = time.perf_counter() - tick
        summary.corpus_articles = store.count()
        summary.stories = len(stories)
        summary.threads = len(threads)

    summary.articles = len(finished)
    summary.quarantined = len(problems)
    summary.stage_errors = len(stage_errors)
    summary.documents = len(finished) + len(problems)
    summary.duplicates = sum(1 for a in finished if a.duplicate_of)
    summary.quotes = sum(len(a.quotes) for a in finished)
    summary.seconds = time.perf_counter() - started
    return summary
