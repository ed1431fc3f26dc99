"""The `newsmill` command: a thin layer over the engine, the store and the exports (its commands in
cli/commands.py).

Heavy parts (the extractors load numpy and their models, the exports pyarrow) are imported
inside the commands that need them, so `--version`, `--help` and `search` start fast.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Callable, Sequence

from .. import __version__
from ..engine import ENGINES, EngineError
from ..readers.source import DEFAULT_MAX_BYTES, InputError
from ..store.sqlite import StoreError
from .commands import (EXIT_ERROR, EXIT_INTERNAL, EXIT_OK, cmd_duplicates, cmd_export, cmd_extract, cmd_quotes,
                       cmd_run, cmd_search, cmd_serve, cmd_stories)

# Mirrors of extract.MODES and store.FORMATS (tests check they agree), so building the parser imports nothing heavy.
MODES = ("auto", "text", "html")
FORMATS = ("jsonl", "parquet", "csv")


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


def _date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


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
