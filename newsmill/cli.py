"""The `newsmill` command: a thin layer over the engine, the store and the exports."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .engine import OutputError, extract_documents, run
from .engine.ray_engine import ENGINES, EngineError
from .extract import MODES
from .readers import DEFAULT_MAX_BYTES, InputError
from .readers.document import Problem
from .store import FORMATS, StoreError, export, open_store

EXIT_OK, EXIT_ERROR, EXIT_QUARANTINED = 0, 2, 3


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _size(value: str) -> int:
    """Bytes, with an optional K/M/G suffix (20M = 20 MiB)."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    value = value.strip().lower().removesuffix("b")
    try:
        if value and value[-1] in units:
            return int(float(value[:-1]) * units[value[-1]])
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (try 20M)") from None


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="folders (searched recursively) or files: .txt/.html pages, JSONL dumps, WARC archives, "
                             "gzip or not")
    parser.add_argument("--workers", type=int, default=None,
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


def cmd_run(args: argparse.Namespace) -> int:
    summary = run(args.inputs, args.out, workers=args.workers, append=args.append, mode=args.mode,
                  max_bytes=args.max_bytes, progress=False if args.quiet else None, engine=args.engine,
                  ray_address=args.ray_address)
    print(summary.to_text())
    if args.strict and (summary.quarantined or summary.stage_errors):
        print(f"newsmill: --strict: {summary.quarantined + summary.stage_errors} problems "
              f"(see {Path(args.out) / 'quarantine.jsonl'})", file=sys.stderr)
        return EXIT_QUARANTINED
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    out = open(args.output, "w", encoding="utf-8") if args.output and args.output != "-" else sys.stdout
    articles = problems = 0
    try:
        for item in extract_documents(args.inputs, mode=args.mode, workers=args.workers, max_bytes=args.max_bytes,
                                      progress=False if args.quiet or out is sys.stdout else None,
                                      engine=args.engine, ray_address=args.ray_address):
            if isinstance(item, Problem):
                problems += 1
                record = f" record {item.record}" if item.record is not None else ""
                print(f"newsmill: skipped {item.file}{record}: {item.reason}", file=sys.stderr)
                continue
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            articles += 1
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"newsmill: {articles} articles extracted, {problems} inputs skipped", file=sys.stderr)
    return EXIT_QUARANTINED if args.strict and problems else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    with open_store(args.dir) as store:
        hits = store.search(args.query, limit=args.limit)
    if args.json:
        for hit in hits:
            print(json.dumps({"id": hit.id, "title": hit.title, "score": round(hit.score, 4),
                              "snippet": hit.snippet, "duplicate_of": hit.duplicate_of,
                              "published": hit.published}, ensure_ascii=False))
        return EXIT_OK
    if not hits:
        print(f"no matches for {args.query!r}")
        return EXIT_OK
    for rank, hit in enumerate(hits, 1):
        flags = f"  (copy of {hit.duplicate_of})" if hit.duplicate_of else ""
        date = f" [{hit.published}]" if hit.published else ""
        print(f"{rank:>2}. {hit.id}{date}  score {hit.score:.2f}{flags}")
        if hit.title:
            print(f"    {hit.title}")
        print(f"    {hit.snippet}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    target = Path(args.output) if args.output else Path(args.dir) / f"articles.{args.format}"
    with open_store(args.dir) as store:
        count = export(store, args.format, target)
    print(f"newsmill: {count} articles written to {target}")
    return EXIT_OK


def _print_group(store, canonical: str) -> None:
    """A canonical article and its copies: kind (exact, near, contained, update), similarity, title."""
    titles = dict(store.db.execute(
        "SELECT id, COALESCE(title, '') FROM articles WHERE id = ? OR duplicate_of = ?", (canonical, canonical)))
    print(f"{canonical} (canonical)  {titles.get(canonical, '')}".rstrip())
    for dup_id, kind, similarity in store.duplicates_of(canonical):
        sim = f" {similarity:.2f}" if similarity is not None else ""
        print(f"  {dup_id}  {kind}{sim}  {titles.get(dup_id, '')}".rstrip())


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
        for canonical, _count in rows:
            _print_group(store, canonical)
    return EXIT_OK


def cmd_stories(args: argparse.Namespace) -> int:
    from .stories.summary import read_timelines

    with open_store(args.dir) as store:
        threads = read_timelines(store.db, with_articles=args.articles)
    if args.json:
        for thread in threads:
            print(json.dumps(thread, ensure_ascii=False))
        return EXIT_OK
    for thread in threads:
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
    if not threads:
        print("no stories")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsmill", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Turn raw scraped news pages into a clean, deduplicated, story-grouped corpus.",
        epilog=_examples("newsmill run pages/ --out corpus/", "newsmill search corpus/ 'Lachin corridor'",
                         "newsmill extract page.html --mode html"))
    parser.add_argument("--version", action="version", version=f"newsmill {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    p.add_argument("--append", action="store_true", help="add to the store in DIR instead of replacing it")
    p.add_argument("--strict", action="store_true", help="exit non-zero (3) if any input was quarantined")

    p = add("extract", cmd_extract, "Extract articles (no dedup/stories) and print them as JSONL, one per document.",
            "newsmill extract page.txt", "newsmill extract pages/ --mode text -o articles.jsonl")
    _add_input_options(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write JSONL here instead of standard output")
    p.add_argument("--strict", action="store_true", help="exit non-zero (3) if any input was skipped")

    p = add("search", cmd_search, "Full-text search (BM25) over a stored corpus, with snippets.",
            "newsmill search corpus/ Lachin", "newsmill search corpus/ '\"Minsk Group\" AND Lavrov' --limit 5")
    p.add_argument("dir", metavar="DIR", help="a folder written by `newsmill run`")
    p.add_argument("query", metavar="QUERY", help='words, "a phrase", AND/OR/NOT, prefix*')
    p.add_argument("--limit", type=int, default=10, help="most hits to show (default 10)")
    p.add_argument("--json", action="store_true", help="one JSON object per hit")

    p = add("export", cmd_export, "Export the stored corpus as Parquet, JSONL or CSV.",
            "newsmill export corpus/ --format csv", "newsmill export corpus/ --format parquet -o /tmp/news.parquet")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", metavar="FILE", help="default: DIR/articles.FORMAT")

    p = add("duplicates", cmd_duplicates, "List duplicate groups, or the copies of one article.",
            "newsmill duplicates corpus/", "newsmill duplicates corpus/ 000_01ee59e59d659b5a.txt")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("id", nargs="?", metavar="ID", help="an article id (either the canonical or one of its copies)")

    p = add("stories", cmd_stories, "List threads and their stories in time order (the timeline).",
            "newsmill stories corpus/", "newsmill stories corpus/ --articles", "newsmill stories corpus/ --json")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--articles", action="store_true", help="list each story's articles under it")
    p.add_argument("--json", action="store_true", help="one JSON object per thread, its stories in time order")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputError, OutputError, StoreError, EngineError) as exc:
        print(f"newsmill: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsmill: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
