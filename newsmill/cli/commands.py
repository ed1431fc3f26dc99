"""What each `newsmill` command does once its arguments are parsed (the parser is in cli/__init__.py).

Heavy parts (the extractors load numpy and their models, the exports pyarrow) are imported inside the
commands that need them, so `--version`, `--help` and `search` start fast.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from ..readers.document import Problem
from ..readers.source import InputError
from ..store.query import ArticleFilter
from ..store.sqlite import open_store

EXIT_OK, EXIT_INTERNAL, EXIT_ERROR, EXIT_QUARANTINED = 0, 1, 2, 3
MARKS = ("»", "«")  # terminal highlights: never confused with brackets in the text
STDIO = "-"


def _filters(args: argparse.Namespace) -> ArticleFilter:
    languages = tuple(code.strip() for code in (args.language or "").split(",") if code.strip())
    try:
        return ArticleFilter(since=args.since, until=args.until, languages=languages, source=args.source,
                             canonical_only=args.canonical_only)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def cmd_run(args: argparse.Namespace) -> int:
    from ..engine import run

    summary = run(args.inputs, args.out, workers=args.workers, append=args.append, mode=args.mode,
                  max_bytes=args.max_bytes, progress=False if args.quiet else None, engine=args.engine,
                  ray_address=args.ray_address)
    print(summary.to_text())
    if args.strict and (summary.quarantined or summary.stage_errors):
        print(f"newsmill: --strict: {summary.quarantined + summary.stage_errors} problems "
              f"(see {Path(args.out) / 'quarantine.jsonl'})", file=sys.stderr)
        return EXIT_QUARANTINED
    return EXIT_OK


def _spool_stdin(folder: str) -> str:
    """Standard input copied to a file, so it is sniffed and read like any input (gzip, JSONL, WARC...)."""
    path = os.path.join(folder, "stdin")
    with open(path, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    return path


def _extract_items(args: argparse.Namespace, folder: str) -> Iterator[object]:
    from ..engine import extract_documents

    stdin_path = _spool_stdin(folder) if STDIO in args.inputs else None
    inputs = [stdin_path if p == STDIO else p for p in args.inputs]
    for item in extract_documents(inputs, mode=args.mode, workers=args.workers, max_bytes=args.max_bytes,
                                  progress=False if args.quiet or args.output in (None, STDIO) else None,
                                  engine=args.engine, ray_address=args.ray_address):
        if stdin_path is not None:
            if isinstance(item, Problem) and item.file == stdin_path:
                item.file = STDIO
            elif getattr(item, "source_path", None) == stdin_path:
                item.source_path = STDIO  # type: ignore[attr-defined]
        yield item


def cmd_extract(args: argparse.Namespace) -> int:
    to_file = args.output not in (None, STDIO)
    out = open(args.output, "w", encoding="utf-8") if to_file else sys.stdout
    articles = problems = 0
    try:
        with tempfile.TemporaryDirectory(prefix="newsmill-stdin-") as folder:
            for item in _extract_items(args, folder):
                if isinstance(item, Problem):
                    problems += 1
                    record = f" record {item.record}" if item.record is not None else ""
                    print(f"newsmill: skipped {item.file}{record}: {item.reason}", file=sys.stderr)
                    continue
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")  # type: ignore[attr-defined]
                articles += 1
    finally:
        if to_file:
            out.close()
    print(f"newsmill: {articles} articles extracted, {problems} inputs skipped", file=sys.stderr)
    return EXIT_QUARANTINED if args.strict and problems else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    filters = _filters(args)
    with open_store(args.dir) as store:
        hits = store.search(args.query, limit=args.limit, filters=filters, marks=MARKS)
    if args.json:
        for hit in hits:
            print(json.dumps({"id": hit.id, "title": hit.title, "score": float(f"{hit.score:.4g}"),
                              "snippet": hit.snippet, "duplicate_of": hit.duplicate_of,
                              "published": hit.published}, ensure_ascii=False))
        return EXIT_OK
    if not hits:
        print(f"no matches for {args.query!r}")
        return EXIT_OK
    best = max(hit.score for hit in hits) or 1.0
    for rank, hit in enumerate(hits, 1):
        flags = f"  (copy of {hit.duplicate_of})" if hit.duplicate_of else ""
        date = f"  {hit.published}" if hit.published else ""
        print(f"{rank:>2}. {hit.id}{date}  score {hit.score / best:.2f}{flags}")
        if hit.title:
            print(f"    {' '.join(hit.title.split())}")
        print(f"    {hit.snippet}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ..store.exports import write_csv, write_jsonl, write_parquet
    from ..store.query import iter_filtered

    writers = {"jsonl": write_jsonl, "parquet": write_parquet, "csv": write_csv}
    filters = _filters(args)
    to_stdout = args.output == STDIO
    target = Path(args.output) if args.output and not to_stdout else Path(args.dir) / f"articles.{args.format}"
    if not to_stdout and not target.parent.is_dir():
        raise InputError(f"cannot write {target}: folder {target.parent} does not exist")
    with open_store(args.dir) as store:
        if not to_stdout:
            count = writers[args.format](iter_filtered(store.db, filters), target)
            print(f"newsmill: {count} articles written to {target}")
            return EXIT_OK
        with tempfile.TemporaryDirectory(prefix="newsmill-export-") as folder:  # Parquet needs a seekable file
            spool = Path(folder) / f"articles.{args.format}"
            count = writers[args.format](iter_filtered(store.db, filters), spool)
            with open(spool, "rb") as data:
                shutil.copyfileobj(data, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    print(f"newsmill: {count} articles written to standard output", file=sys.stderr)
    return EXIT_OK


def _print_group(store, canonical: str) -> None:
    """A canonical article and its copies: kind (exact, near, contained, update), similarity, title."""
    titles = dict(store.db.execute(
        "SELECT id, COALESCE(title, '') FROM articles WHERE id = ? OR duplicate_of = ?", (canonical, canonical)))
    print(f"{canonical} (canonical)  {titles.get(canonical, '')}".rstrip())
    for dup_id, kind, similarity in store.duplicates_of(canonical):
        sim = f" {similarity:.2f}" if similarity is not None else ""
        print(f"  {dup_id}  {kind}{sim}  {titles.get(dup_id, '')}".rstrip())


def _more(shown: int, total: int, what: str) -> None:
    if total > shown:
        print(f"… {total - shown} more {what} (raise --limit to see them)")


def cmd_duplicates(args: argparse.Namespace) -> int:
    with open_store(args.dir) as store:
        if args.id:
            article = store.get_article(args.id)
            if article is None:
                raise InputError(f"no article {args.id!r} in {args.dir}")
            _print_group(store, article.duplicate_of or article.id)
            return EXIT_OK
        rows = store.db.execute(
            "SELECT canonical_id, COUNT(*) FROM duplicates GROUP BY canonical_id ORDER BY COUNT(*) DESC, canonical_id"
        ).fetchall()
        if not rows:
            print("no duplicates")
        else:
            copies = sum(count for _, count in rows)
            print(f"{len(rows)} groups, {copies} copies of {store.count()} articles")
        for canonical, _count in rows[:args.limit]:
            _print_group(store, canonical)
        _more(min(args.limit, len(rows)), len(rows), "groups")
    return EXIT_OK


def _print_thread(thread: dict) -> None:
    span = f"{thread['first_seen'] or '?'} .. {thread['last_seen'] or '?'}"
    print(f"thread {thread['thread_id']}: {thread['title']}  "
          f"[{span}, {thread['story_count']} stories, {thread['article_count']} articles]")
    for story in thread["stories"]:
        after = story.get("written_after")
        when = story["first_seen"] or (f"after {after}" if after else "undated")
        if story.get("last_seen") and story["last_seen"] != story["first_seen"]:
            when += f" .. {story['last_seen']}"
        cast = ", ".join((story.get("people") or [])[:3] + (story.get("places") or [])[:2])
        count = story["article_count"]
        print(f"  {when}  {story['story_id']}  {story['title']}  ({count} article{'' if count == 1 else 's'}"
              f"{'; ' + cast if cast else ''})")
        for article in story.get("articles", []):
            copy = f"  copy of {article['duplicate_of']}" if article["duplicate_of"] else ""
            print(f"      {article['published'] or '          '}  {article['id']}  {article['title'] or ''}{copy}")


def cmd_stories(args: argparse.Namespace) -> int:
    from ..stories.summary import read_timelines

    with open_store(args.dir) as store:
        threads = read_timelines(store.db, with_articles=args.articles)
    shown = threads[:args.limit]
    if args.json:
        for thread in shown:
            print(json.dumps(thread, ensure_ascii=False))
        return EXIT_OK
    for thread in shown:
        _print_thread(thread)
    _more(len(shown), len(threads), "threads")
    if not threads:
        print("no stories")
    return EXIT_OK


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace) -> int:
    """Browse the corpus in a web browser (read-only); needs the `web` extra."""
    if args.host not in LOOPBACK_HOSTS and not args.public:
        print(f"newsmill: error: --host {args.host} would serve the corpus beyond this machine; "
              "add --public to mean it", file=sys.stderr)
        return EXIT_ERROR
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as exc:
        print(f"newsmill: error: serve needs the web extra ({exc.name} missing): pip install 'newsmill[web]'",
              file=sys.stderr)
        return EXIT_ERROR
    app = create_app(args.dir)
    print(f"newsmill: serving {args.dir} read-only at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def cmd_quotes(args: argparse.Namespace) -> int:
    from ..store.speakers import quotes_in_time_order, read_speakers

    with open_store(args.dir) as store:
        speakers = read_speakers(store.db)
        if args.speakers:
            for s in speakers:
                aliases = f"  (also {', '.join(s.aliases)})" if s.aliases else ""
                print(f"{s.quote_count:>5}  {s.speaker}  [{s.first_quote or '?'} .. {s.last_quote or '?'}]{aliases}")
            return EXIT_OK
        rows = quotes_in_time_order(store.db, speaker=args.speaker, story=args.story, since=args.since)
    if args.json:
        for row in rows:
            print(json.dumps(row.to_dict(), ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("no quotes")
    for row in rows:
        who = row.speaker or (f"({row.speaker_mention})" if row.speaker_mention else "(unattributed)")
        print(f"{row.published or 'undated   '}  {row.article_id}  story {row.story_id or '-'}  {row.title or ''}".rstrip())
        print(f"    {who}{f' [{row.cue}]' if row.cue else ''}: “{row.text}”")
    return EXIT_OK
