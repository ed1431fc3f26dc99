"""The `newsmill` command: a thin layer over the engine, the store and the exports.

Heavy parts (the extractors load numpy and their models, the exports pyarrow) are imported
inside the commands that need them, so `--version`, `--help` and `search` start fast.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterator, Sequence

from . import __version__
from .engine import ENGINES, EngineError
from .readers.document import Problem
from .readers.source import DEFAULT_MAX_BYTES, InputError
from .store.query import ArticleFilter
from .store.sqlite import StoreError, open_store

EXIT_OK, EXIT_INTERNAL, EXIT_ERROR, EXIT_QUARANTINED = 0, 1, 2, 3
# Mirrors of extract.MODES and store.FORMATS (tests check they agree), so building the parser imports nothing heavy.
MODES = ("auto", "text", "html")
FORMATS = ("jsonl", "parquet", "csv")
MARKS = ("»", "«")  # terminal highlights: never confused with brackets in the text
STDIO = "-"


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _size(value: str) -> int:
    """Bytes, with an optional K/M/G suffix (20M = 20 MiB)."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    value = value.strip().lower().removesuffix("b")
    try:
        size = int(float(value[:-1]) * units[value[-1]]) if value and value[-1] in units else int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (try 20M)") from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, not {value!r}")
    return size


def _positive(value: str) -> int:
    """A whole number >= 1 (for --limit and --workers)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="folders (searched recursively) or files: .txt/.html pages, JSONL dumps, WARC/ARC "
                             "archives, gzip or not")
    parser.add_argument("--workers", type=_positive, default=None,
                        help="processes for extraction (default 1; with --engine ray: one per CPU of the cluster)")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="where per-document stages run: local processes, or Ray (pip install 'newsmill[ray]')")
    parser.add_argument("--ray-address", metavar="auto|HOST:PORT", default=None,
                        help="with --engine ray: join this cluster (default: start a private Ray on this machine)")
    parser.add_argument("--mode", choices=MODES, default="auto",
                        help="extractor: auto (by content), text (flattened page text) or html")
    parser.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES,
                        help="largest document accepted, decompressed (default 20M)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before this day")
    parser.add_argument("--language", metavar="CODE", help="only these languages (ISO 639-1, comma-separated: en,fr)")
    parser.add_argument("--source", metavar="NAME", help="only this source: its name or its web site (bbc.co.uk)")
    parser.add_argument("--canonical-only", action="store_true", help="leave out copies (duplicates) of other articles")


def _filters(args: argparse.Namespace) -> ArticleFilter:
    languages = tuple(code.strip() for code in (args.language or "").split(",") if code.strip())
    try:
        return ArticleFilter(since=args.since, until=args.until, languages=languages, source=args.source,
                             canonical_only=args.canonical_only)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def cmd_run(args: argparse.Namespace) -> int:
    from .engine import run

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
    from .engine import extract_documents

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
    from .store.exports import write_csv, write_jsonl, write_parquet
    from .store.query import iter_filtered

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
    from .stories.summary import read_timelines

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

        from .web import create_app
    except ImportError as exc:
        print(f"newsmill: error: serve needs the web extra ({exc.name} missing): pip install 'newsmill[web]'",
              file=sys.stderr)
        return EXIT_ERROR
    app = create_app(args.dir)
    print(f"newsmill: serving {args.dir} read-only at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def _date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def cmd_quotes(args: argparse.Namespace) -> int:
    from .store.speakers import quotes_in_time_order, refresh_speakers

    with open_store(args.dir) as store:
        speakers = refresh_speakers(store.db)
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


def _add_commands(sub: argparse._SubParsersAction) -> None:
    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str, *examples: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=_examples(*examples),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = add("run", cmd_run, "Read, extract, describe, dedup, group into stories, find quotes, and store.",
            "newsmill run ../shared/seeds --out corpus/", "newsmill run crawl.warc.gz dump.jsonl.gz --out corpus/ --workers 2",
            "newsmill run new-pages/ --out corpus/ --append")
    _add_input_options(p)
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (store, JSONL, Parquet, quarantine)")
    p.add_argument("--append", action="store_true",
                   help="add to the store in DIR instead of replacing it (an id taken by other content gets a new id)")
    p.add_argument("--strict", action="store_true", help="exit non-zero (3) if any input was quarantined")

    p = add("extract", cmd_extract, "Extract articles (no dedup/stories) and print them as JSONL, one per document.",
            "newsmill extract page.txt", "newsmill extract pages/ --mode text -o articles.jsonl",
            "curl -s https://example.org/ | newsmill extract - --mode html")
    _add_input_options(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write JSONL here instead of standard output ('-')")
    p.add_argument("--strict", action="store_true", help="exit non-zero (3) if any input was skipped")

    p = add("search", cmd_search, "Full-text search (BM25) over a stored corpus, with snippets.",
            "newsmill search corpus/ Lachin", "newsmill search corpus/ '\"Minsk Group\" AND Lavrov' --limit 5",
            "newsmill search corpus/ ceasefire --since 2020-11-01 --language en --canonical-only")
    p.add_argument("dir", metavar="DIR", help="a folder written by `newsmill run`")
    p.add_argument("query", metavar="QUERY", help='words, "a phrase", AND/OR/NOT, prefix*')
    p.add_argument("--limit", type=_positive, default=10, help="most hits to show (default 10)")
    p.add_argument("--json", action="store_true", help="one JSON object per hit (score: raw BM25)")
    _add_filter_options(p)

    p = add("export", cmd_export, "Export the stored corpus as Parquet, JSONL or CSV.",
            "newsmill export corpus/ --format csv", "newsmill export corpus/ --format parquet -o /tmp/news.parquet",
            "newsmill export corpus/ --format jsonl -o - --canonical-only --since 2020-01-01 | head")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", metavar="FILE", help="default: DIR/articles.FORMAT; '-' for standard output")
    _add_filter_options(p)

    p = add("duplicates", cmd_duplicates, "List duplicate groups, or the copies of one article.",
            "newsmill duplicates corpus/", "newsmill duplicates corpus/ 000_01ee59e59d659b5a.txt")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("id", nargs="?", metavar="ID", help="an article id (either the canonical or one of its copies)")
    p.add_argument("--limit", type=_positive, default=20, help="most groups to list (default 20)")

    p = add("stories", cmd_stories, "List threads and their stories in time order (the timeline).",
            "newsmill stories corpus/", "newsmill stories corpus/ --articles", "newsmill stories corpus/ --json")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--articles", action="store_true", help="list each story's articles under it")
    p.add_argument("--json", action="store_true", help="one JSON object per thread, its stories in time order")
    p.add_argument("--limit", type=_positive, default=20, help="most threads to list (default 20)")

    p = add("quotes", cmd_quotes, "Quotes in time order with their speaker, article and story (or the speakers).",
            "newsmill quotes corpus/ --speaker Lavrov", "newsmill quotes corpus/ --speaker Lavrov --since 2021-01-01",
            "newsmill quotes corpus/ --story STORY_ID", "newsmill quotes corpus/ --speakers")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--speaker", metavar="NAME", help="only quotes whose speaker's name contains NAME")
    p.add_argument("--story", metavar="ID", help="only quotes of this story's articles")
    p.add_argument("--since", type=_date, metavar="DATE", help="only quotes of articles published on or after DATE")
    p.add_argument("--speakers", action="store_true",
                   help="list the speakers table instead: name, quote count, first and last quote, aliases")
    p.add_argument("--json", action="store_true", help="one JSON object per quote")

    p = add("serve", cmd_serve, "Browse the corpus in a web browser: threads, stories, search, speakers, copies "
            "(read-only; needs the web extra).", "newsmill serve corpus/", "newsmill serve corpus/ --port 8080",
            "newsmill serve corpus/ --host 0.0.0.0 --public")
    p.add_argument("dir", metavar="DIR", help="a folder written by `newsmill run`")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public", action="store_true", help="allow a --host beyond loopback (anyone who can reach it "
                                                          "can read the corpus)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsmill", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Turn raw scraped news pages into a clean, deduplicated, story-grouped corpus.",
        epilog=_examples("newsmill run pages/ --out corpus/", "newsmill search corpus/ 'Lachin corridor'",
                         "newsmill extract page.html --mode html"))
    parser.add_argument("--version", action="version", version=f"newsmill {__version__}")
    _add_commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser


def _user_error(exc: Exception) -> str | None:
    """The one-line message for an error the user can act on, or None for an internal one."""
    engine = sys.modules.get("newsmill.engine.local")  # OutputError can only come from a loaded engine
    if isinstance(exc, (InputError, StoreError, EngineError)) or (
            engine is not None and isinstance(exc, engine.OutputError)):
        return str(exc)
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # warcio logs each target URI it repairs (spaces); the record is read all the same.
    logging.getLogger("warcio").setLevel(logging.ERROR)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("newsmill: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (head, less) went away: nothing more to write, and nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - every error is one line; NEWSMILL_DEBUG=1 shows the traceback
        if os.environ.get("NEWSMILL_DEBUG"):
            raise
        message = _user_error(exc)
        if message is None:
            print(f"newsmill: internal error: {type(exc).__name__}: {' '.join(str(exc).split())} "
                  f"(set NEWSMILL_DEBUG=1 for the traceback)", file=sys.stderr)
            return EXIT_INTERNAL
        print(f"newsmill: error: {message}", file=sys.stderr)
        return EXIT_ERROR
