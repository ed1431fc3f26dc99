"""The local engine: passes over the run's documents in a process pool, corpus steps learned in between.

Pass 0 reads, extracts and describes each document and computes the first corpus step's features;
each later pass applies the step just learned and computes the next one's features; the last pass
finishes each article and streams it to the store and the exports in batches (engine/passes.py).
Between passes the run's articles wait pickled in a temporary table, and only the corpus steps'
compact features are held in memory. States are loaded from and saved to the store's `states` table.
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

from ..article import Article, pack_article, unpack_article
from ..readers import DEFAULT_MAX_BYTES, InputError, ReadTally, read_inputs
from ..readers.collisions import IdSettler, stored_ids
from ..readers.document import Problem
from ..steps import CorpusStep, State, Touched, load_states
from ..store import QUARANTINE_FILENAME, STORE_FILENAME, Store, write_quarantine
from ..store.speakers import refresh_speakers
from .memory import rebuild_states, reapply_stored, touched_ids
from .outputs import RunOutputs
from .passes import Done, PassContext, featurize, first_pass, next_pass
from .pipeline import Pipeline, default_pipeline
from .buffer import RunBuffer, WriteAhead, recall_for, released_rows
from .learner import StreamedLearn, can_stream
from .ray_engine import open_mapper
from .workers import fewer_collections


def _count(n: int, word: str) -> str:
    """"1 story", "2 stories": the summary reads as a sentence."""
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"


class OutputError(Exception):
    """The output folder cannot be created or written."""


@dataclass
class RunSummary:
    """What a run did (this run's documents), and the corpus it leaves, for the summary and `newsmill.run` callers."""

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
    stage_cpu: dict[str, float] = field(default_factory=dict)   # this process's CPU seconds (not the workers')
    corpus_articles: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # records that are not articles, by kind
    added: int = 0  # with append: articles under ids new to the store (renamed ones included)
    replaced: int = 0  # with append: articles that replaced the same document stored before
    renamed: int = 0  # with append: ids taken by a different document, qualified by content hash
    empty_bodies: int = 0  # articles whose extraction found no body (`extra.empty_body`)
    corpus_stories: int = 0
    corpus_threads: int = 0

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
            f"  out: {self.out}/ ({STORE_FILENAME}, articles.jsonl, articles.parquet/, {QUARANTINE_FILENAME})",
        ]
        if self.corpus_articles != self.articles:
            lines.insert(1, f"  corpus now {self.corpus_articles:,} articles in {_count(self.corpus_stories, 'story')} "
                            f"and {_count(self.corpus_threads, 'thread')}")
        if self.stage_errors:
            lines.insert(1, f"  {self.stage_errors} articles kept despite a failed stage")
        if self.added or self.replaced:
            renamed = f" ({self.renamed} under a qualified id: same name, other content)" if self.renamed else ""
            lines.insert(1, f"  appended: {self.added} added{renamed}, {self.replaced} replaced")
        if self.skipped:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.insert(1, f"  not articles, skipped: {kinds}")
        if self.empty_bodies:
            lines.insert(1, f"  {_count(self.empty_bodies, 'article')} with an empty body (extra.empty_body)")
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


def _unique_id(article: Article, seen: dict[str, int]) -> bool:
    """Two inputs may share a relative path (two roots each with a.txt): keep ids unique; whether it changed."""
    count = seen.get(article.id, 0)
    seen[article.id] = count + 1
    if count:
        article.id = f"{article.id}#{count + 1}"
    return bool(count)


def extract_documents(inputs: Iterable[str], *, mode: str = "auto", workers: int | None = None,
                      max_bytes: int = DEFAULT_MAX_BYTES, progress: bool | None = None,
                      pipeline_factory: Callable[[], Pipeline] | None = None, engine: str = "local",
                      ray_address: str | None = None) -> Iterator[Article | Problem]:
    """Per-document stages only (extract, describe, quotes), in input order: no corpus steps.

    `engine="ray"` runs them on Ray (`ray_address`: "auto", "HOST:PORT", None for a private one).
    """
    inputs = [str(p) for p in inputs]
    _check_inputs(inputs)
    pipeline = (pipeline_factory or functools.partial(default_pipeline, mode))()
    context = PassContext(pipeline, stages=pipeline.document_stages)
    bar = _progress(progress, "extract")
    seen: dict[str, int] = {}
    try:
        with open_mapper(engine, workers=workers, ray_address=ray_address) as mapper:
            for item in mapper(first_pass, read_inputs(inputs, max_bytes), context=context, workers=workers):
                bar.update(1)
                if isinstance(item, Done):
                    _unique_id(item.article, seen)
                    yield item.article
                else:
                    yield item
    finally:
        bar.close()


def _streamed(step: CorpusStep, states: dict[str, State], missing: list[CorpusStep], store: Store, out_dir: Path,
              separate: bool) -> StreamedLearn:
    """A streamed learn of `step`, in a process of its own when `separate` and its stored parts are committed
    (a state loaded from the store, or a store with no articles yet; not one just learned again)."""
    loaded = not any(m.name == step.name for m in missing)
    return StreamedLearn(step, states[step.name], separate=separate and (loaded or not store.count()), store=store,
                         read_stored=loaded, temp_dir=out_dir)


class _StageClock:
    """Each stage's wall and CPU seconds in this process. Writing finished articles (`RunOutputs.spent`) is the
    store stage's, whichever pass they finish in: the other stages count their own work only."""

    def __init__(self, summary: RunSummary, outputs: RunOutputs) -> None:
        self.summary, self.outputs = summary, outputs
        self.start()

    def start(self) -> None:
        self.tick, self.cpu, self.written = time.perf_counter(), time.process_time(), list(self.outputs.spent)

    def stop(self, stage: str, *, earlier_writes: bool = False) -> None:
        """The stage's own work: the writes made during it left out, or (`earlier_writes`) every write made before
        it added (the store stage)."""
        seconds, cpu = time.perf_counter() - self.tick, time.process_time() - self.cpu
        if earlier_writes:
            seconds, cpu = seconds + self.written[0], cpu + self.written[1]
        else:
            seconds -= self.outputs.spent[0] - self.written[0]
            cpu -= self.outputs.spent[1] - self.written[1]
        self.summary.stage_seconds[stage], self.summary.stage_cpu[stage] = seconds, cpu


@dataclass
class _Tally:
    """This run's counts for the summary (sets of story and thread ids, not articles)."""

    articles: int = 0
    duplicates: int = 0
    quotes: int = 0
    empty_bodies: int = 0
    quarantined: int = 0
    stage_errors: int = 0
    stories: set[str] = field(default_factory=set)
    threads: set[str] = field(default_factory=set)

    def add(self, article: Article) -> None:
        self.articles += 1
        self.duplicates += article.duplicate_of is not None
        self.quotes += len(article.quotes)
        self.empty_bodies += bool(article.extra.get("empty_body"))
        if article.story_id:
            self.stories.add(article.story_id)
        if article.thread_id:
            self.threads.add(article.thread_id)

    def fill(self, summary: RunSummary) -> None:
        summary.articles, summary.duplicates, summary.quotes = self.articles, self.duplicates, self.quotes
        summary.quarantined, summary.stage_errors = self.quarantined, self.stage_errors
        summary.empty_bodies = self.empty_bodies
        summary.documents = self.articles + self.quarantined
        summary.stories, summary.threads = len(self.stories), len(self.threads)


def _first_pass(context: PassContext, documents: Iterable, mapper: Callable[..., Iterator], workers: int | None,
                progress: bool | None, buffer: RunBuffer, outputs: RunOutputs, problems: list[Problem],
                tally: _Tally, ids: IdSettler | None = None) -> list:
    """Pass 0 over the input: articles into the buffer (or, with no corpus step, straight out), features kept."""
    bar = _progress(progress, "extract")
    seen: dict[str, int] = {}
    features: list = []
    rows: list[tuple[int, str, str]] = []
    for item in mapper(first_pass, documents, context=context, workers=workers):
        bar.update(1)
        if isinstance(item, Problem):
            problems.append(item)
            tally.quarantined += 1
            continue
        if context.featurizes is None:
            _unique_id(item.article, seen)
            if ids is not None:
                ids(item.article)
            tally.add(item.article)
            outputs.add(item.article, item.record if item.article.id == item.id else None)   # renamed: re-encoded
            continue
        record, feature = item.article, item.features
        if seen.get(item.id) or (ids is not None and ids.taken(item.id)):
            article = unpack_article(record)
            renamed = _unique_id(article, seen)
            renamed = (ids(article) if ids is not None else False) or renamed
            if renamed:   # its record and features name the new id
                record, feature = pack_article(article), featurize(
                    context.featurizes, context.states, article)
                item.id = article.id
        else:
            seen[item.id] = 1
            if ids is not None:
                ids.counts.added += 1
        rows.append((len(features), item.id, record))
        features.append(feature)
        if len(rows) >= 256:
            buffer.put(rows)
            rows = []
    buffer.put(rows)
    bar.close()
    return features


def run(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, workers: int | None = None,
        append: bool = False, mode: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES,
        progress: bool | None = None, pipeline_factory: Callable[[], Pipeline] | None = None,
        pipeline: Pipeline | None = None, engine: str = "local", ray_address: str | None = None) -> RunSummary:
    """Run the whole pipeline over `inputs` into the folder `out`; returns the summary.

    Without `append` the store in `out` is replaced by this run's corpus; with it, new documents join
    the stored corpus (same ids replace, never duplicate). `pipeline` (or `pipeline_factory`) replaces
    the default pipeline; it holds configuration only, so one pipeline object serves any number of runs.
    `engine="ray"` runs every per-document pass on Ray (`ray_address`: "auto", "HOST:PORT", or None for a
    private Ray on this machine); corpus steps learn here. `workers=None`: 1 locally, one per CPU on Ray.
    """
    started = time.perf_counter()
    inputs = [str(p) for p in inputs]
    _check_inputs(inputs)
    out_dir = prepare_output(out)
    pipeline = pipeline or (pipeline_factory or functools.partial(default_pipeline, mode))()
    steps, segments = pipeline.corpus, pipeline.segments()
    summary = RunSummary(out=str(out))
    problems: list[Problem] = []
    with fewer_collections(), Store.in_dir(out_dir) as store, open_mapper(
            engine, workers=workers, ray_address=ray_address, temp_root=out_dir) as mapper:
        if not store.begin_first_load() and not append:   # a corpus stored before is replaced
            store.clear()
        states, missing = load_states(steps, store)
        rebuild_states(missing, states, store)
        # more than one worker asked for (Ray's default: one per CPU): the stories learn may take a process too
        parallel = (workers or 1) > 1 or (engine == "ray" and workers is None)
        buffer = RunBuffer(store)
        outputs = RunOutputs(store, out_dir, append)
        touched = Touched()
        tally = _Tally()
        rows: list[tuple[int, str, str]] = []
        clock = _StageClock(summary, outputs)
        read_tally = ReadTally()
        documents = read_inputs(inputs, max_bytes, tally=read_tally, exclude=[out_dir])
        # with append, an id already stored for a different document gets a distinct id (readers/collisions.py)
        ids = IdSettler(stored_ids(store)) if append else None
        features = _first_pass(PassContext(pipeline, states, None, segments[0], steps[0] if steps else None),
                               documents, mapper, workers, progress, buffer, outputs, problems, tally, ids)
        summary.skipped = read_tally.skipped
        if ids is not None:
            summary.added, summary.replaced, summary.renamed = ids.counts.added, ids.counts.replaced, ids.counts.renamed
        clock.stop("extract")
        streamed: StreamedLearn | None = None
        for k, step in enumerate(steps):
            clock.start()
            recall = recall_for(step, steps[:k], states, buffer, store)
            if streamed is None and k == len(steps) - 1 and can_stream(step):
                streamed = _streamed(step, states, missing, store, out_dir, parallel and k > 0)
                streamed.feed(features)
            if streamed is not None:   # the finishing pass starts while the learn goes on
                streamed.finish(recall)
                # while the engine waits on a learn process: articles stored ahead of their release (when the release
                # is all the pass adds), then story rows rebuilt
                waiting_work: list[Callable[[], bool]] = [outputs.refresh_some]
                if step.keeps_text and not segments[k + 1]:
                    waiting_work.insert(0, WriteAhead(buffer, outputs, streamed.assigned))
                streamed.idle = lambda work=tuple(waiting_work): any(job() for job in work)
                items: Iterable = released_rows(streamed, buffer)
            else:
                learned = step.learn(states[step.name], features, recall)
                states[step.name] = learned.state
                touched.update(learned.touched)
                items = iter(buffer)
            following = steps[k + 1] if k + 1 < len(steps) else None
            if following is not None and k + 1 == len(steps) - 1 and parallel and can_stream(following) and \
                    len(features) > getattr(following, "window", 0):
                # learned in a process of its own from the features as this pass computes them (worth it when
                # there is more than one window: one window is released only when the learn ends)
                streamed = _streamed(following, states, missing, store, out_dir, True)
            # a streamed step's pass needs no state (each item carries its release): none is shipped to workers
            pass_states = {name: state for name, state in states.items()
                           if streamed is None or streamed.step is not step or name != step.name}
            context = PassContext(pipeline, pass_states, step, segments[k + 1], following)
            features = []
            last = context.featurizes is None
            try:
                behind = streamed is not None and streamed.separate   # its learn process goes first
                if last and not context.stages:   # only the learned step to apply: cheaper here than a round trip
                    results: Iterable = (next_pass(context, item) for item in items)
                else:
                    results = mapper(next_pass, items, context=context, workers=workers, behind_learn=behind)
                for done in results:
                    if done.problem is not None:
                        problems.append(done.problem)
                        tally.stage_errors += 1
                    if last:
                        tally.add(done.article)
                        outputs.add(done.article, done.record, done.n)
                    else:
                        features.append(done.features)
                        rows.append((done.n, done.id, done.article))
                        if len(rows) >= 256:
                            buffer.put(rows)
                            if streamed is not None:
                                streamed.feed(features[-len(rows):])
                            rows = []
                buffer.put(rows)
                if streamed is not None and not last:
                    streamed.feed(features[len(features) - len(rows):])
            except BaseException:
                if streamed is not None:
                    streamed.close()
                raise
            rows = []
            if last and streamed is not None:
                states[step.name] = streamed.state
            clock.stop(step.name)
        clock.start()
        run_ids = {row[0] for row in store.db.execute("SELECT id FROM temp.run_articles")}
        outputs.add_all(reapply_stored(steps, states, touched_ids(touched, store, run_ids), store))
        outputs.close()
        # who said what, corpus-wide: an append rebuilds only the speakers its articles' quotes name or named
        refresh_speakers(store.db, store.quoted if append else None)
        for state in states.values():
            store.save_state(state)
        write_quarantine(problems, out_dir / QUARANTINE_FILENAME, append=append)
        store.commit()
        clock.stop("store", earlier_writes=True)
        summary.corpus_articles = store.count()
        summary.corpus_stories = store.count("stories")
        summary.corpus_threads = store.count("threads")
    tally.fill(summary)
    summary.seconds = time.perf_counter() - started
    return summary
