"""The web UI: a FastAPI app over one store, opened read-only; every page also as JSON, lists as CSV."""
from __future__ import annotations

import sqlite3
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException

from . import queries
from .db import ReadOnlyPool, store_path
from .formats import csv_response, json_response
from .search import SearchParams, rowids_aligned, search
from .views import build_bars

HERE = Path(__file__).resolve().parent
MAX_LIMIT = 200
DAY = r"^(\d{4}-\d{2}-\d{2})?$"
MONTH = r"^(\d{4}-\d{2})?$"
Fmt = Annotated[str, Query(pattern="^(html|json|csv)$")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=300)]
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def url_part(value: str) -> str:
    """An id or name as one URL path segment (ids may hold '/', '#' or '?')."""
    return quote(str(value), safe="")


def search_url(params: SearchParams, **changes: Any) -> str:
    """The /search URL for these parameters with some changed; any change restarts at the first page."""
    state = {"q": params.q, "source": params.source, "language": params.language, "month": params.month,
             "story": params.story, "speaker": params.speaker, "from": params.date_from, "to": params.date_to,
             "copies": "show" if params.copies else None, "limit": params.limit if params.limit != 20 else None,
             "cursor": None}
    state.update({("from" if k == "date_from" else "to" if k == "date_to" else k): v for k, v in changes.items()})
    return "/search?" + urlencode({k: v for k, v in state.items() if v not in (None, "", False)})


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["u"] = url_part
    env.globals["search_url"] = search_url
    return env


def create_app(store_dir: str | Path) -> FastAPI:
    """The app for the store in `store_dir` (a folder written by `newsmill run`, or its SQLite file)."""
    pool = ReadOnlyPool(store_path(store_dir))
    with pool.connection() as db:
        aligned = rowids_aligned(db)
    env = _environment()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        pool.close()

    app = FastAPI(title="newsmill", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.pool = pool
    app.state.counts = None  # (store file stamp, CorpusCounts)

    def cached_counts(db: sqlite3.Connection) -> queries.CorpusCounts:
        """Corpus counts scan whole tables: computed once per version of the store file."""
        stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None
                      for p in (pool.path, pool.path.with_name(pool.path.name + "-wal")))
        if app.state.counts is None or app.state.counts[0] != stamp:
            app.state.counts = (stamp, queries.corpus_counts(db))
        return app.state.counts[1]

    def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**context), status_code=status_code)

    def respond(fmt: str, template: str, data: Any, csv: tuple[str, list[str], list] | None = None,
                **context: Any) -> Response:
        if fmt == "json":
            return json_response(data)
        if fmt == "csv":
            if csv is None:
                raise HTTPException(400, "CSV is offered for lists only; try ?format=json")
            return csv_response(*csv)
        return page(template, data=data, **context)

    def error(request: Request, status: int, message: str) -> Response:
        if request.query_params.get("format") in ("json", "csv"):
            return json_response({"error": message, "status": status}, status)
        return page("error.html", status, status=status, message=message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail) if exc.status_code != 404 or exc.detail != "Not Found"
                     else "There is no such page.")

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return error(request, 400, f"Bad parameters ({problems}).")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        return error(request, 500, "Something went wrong on the server; the error was not shown for safety.")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response

    @app.get("/", response_class=HTMLResponse)
    def home(format: Fmt = "html", offset: Offset = 0, limit: Annotated[int, Query(ge=1, le=50)] = 10) -> Response:
        with pool.connection() as db:
            counts = cached_counts(db)
            threads, total = queries.threads(db, offset, limit)
        data = {"counts": counts, "threads": threads, "total_threads": total, "offset": offset, "limit": limit}
        columns = ["story_id", "title", "first_seen", "last_seen", "article_count", "sources", "people", "places"]
        rows = [{"thread_id": t.thread_id, "thread_title": t.title, **{c: getattr(s, c) for c in columns}}
                for t in threads for s in t.stories]
        return respond(format, "home.html", data, ("threads", ["thread_id", "thread_title", *columns], rows))

    @app.get("/search", response_class=HTMLResponse)
    def search_page(
        request: Request, format: Fmt = "html", q: Annotated[str, Query(max_length=500)] = "", source: Text = None,
        language: Annotated[str | None, Query(max_length=12)] = None,
        month: Annotated[str | None, Query(pattern=MONTH)] = None, story: Text = None, speaker: Text = None,
        date_from: Annotated[str | None, Query(alias="from", pattern=DAY)] = None,
        date_to: Annotated[str | None, Query(alias="to", pattern=DAY)] = None,
        copies: Annotated[str, Query(pattern="^(fold|show)$")] = "fold",
        cursor: Annotated[str | None, Query(max_length=100)] = None, limit: Limit = 20,
    ) -> Response:
        params = SearchParams(q=q.strip(), source=source or None, language=language or None, month=month or None,
                              story=story or None, speaker=speaker or None, date_from=date_from or None,
                              date_to=date_to or None, copies=copies == "show", cursor=cursor or None, limit=limit)
        try:
            with pool.connection() as db:
                result = search(db, params, aligned)
        except ValueError:
            raise HTTPException(400, "That page cursor is not valid; start the search again.") from None
        except sqlite3.OperationalError:
            raise HTTPException(400, "The search could not be run; try simpler words.") from None
        response = respond(format, "search.html", result,
                           ("search", ["id", "title", "published", "source_name", "language", "story_id",
                                       "duplicate_of", "score", "folded_copies"], result.hits), params=params,
                           chart=build_bars([(m.value, m.count) for m in result.months]) if format == "html" else None)
        if request.headers.get("HX-Request"):  # htmx shows the tidy permalink (no empty fields) in the address bar
            response.headers["HX-Push-Url"] = search_url(params, cursor=params.cursor)
        return response

    @app.get("/threads/{thread_id}", response_class=HTMLResponse)
    def thread_page(thread_id: str, format: Fmt = "html") -> Response:
        with pool.connection() as db:
            view = queries.thread(db, thread_id)
        if view is None:
            raise HTTPException(404, f"No thread {thread_id!r} in this corpus.")
        rows = [a for story in view.articles.values() for top in story for a in (top, *top.copies)]
        return respond(format, "thread.html", view, (f"thread-{thread_id}", ARTICLE_COLUMNS, rows))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(story_id: str, format: Fmt = "html") -> Response:
        with pool.connection() as db:
            view = queries.story(db, story_id)
        if view is None:
            raise HTTPException(404, f"No story {story_id!r} in this corpus.")
        rows = [a for top in view.articles for a in (top, *top.copies)]
        return respond(format, "story.html", view, (f"story-{story_id}", ARTICLE_COLUMNS, rows))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article_page(article_id: str, format: Fmt = "html") -> Response:
        with pool.connection() as db:
            view = queries.article(db, article_id)
        if view is None:
            raise HTTPException(404, f"No article {article_id!r} in this corpus.")
        return respond(format, "article.html", view)

    @app.get("/speakers", response_class=HTMLResponse)
    def speakers_page(format: Fmt = "html", limit: Limit = 100) -> Response:
        with pool.connection() as db:
            rows = [{"speaker": s, "quotes": n} for s, n in queries.top_speakers(db, limit)]
        return respond(format, "speakers.html", rows, ("speakers", ["speaker", "quotes"], rows))

    @app.get("/speakers/{name:path}", response_class=HTMLResponse)
    def speaker_page(name: str, format: Fmt = "html", offset: Offset = 0, limit: Limit = 100) -> Response:
        with pool.connection() as db:
            view = queries.speaker(db, name[:300], pool.tables, offset, limit)
        if view.total == 0 and format == "html":
            return page("speaker.html", 404, data=view, offset=offset, limit=limit)
        if view.total == 0:
            raise HTTPException(404, f"No quotes by {name!r} in this corpus.")
        return respond(format, "speaker.html", view,
                       (f"speaker-{name}", ["article_id", "published", "text", "speaker", "speaker_mention", "cue",
                                            "kind", "article_title", "story_id"], view.quotes),
                       offset=offset, limit=limit)

    @app.get("/duplicates/{article_id:path}", response_class=HTMLResponse)
    def duplicates_page(article_id: str, format: Fmt = "html") -> Response:
        with pool.connection() as db:
            view = queries.duplicates(db, article_id)
        if view is None:
            raise HTTPException(404, f"No article {article_id!r} in this corpus.")
        rows = [{"id": c.article.id, "canonical": view.canonical.id, "kind": c.article.dup_kind,
                 "similarity": c.article.dup_similarity, "lines_added": c.added, "lines_removed": c.removed}
                for c in view.copies]
        return respond(format, "duplicates.html", view,
                       (f"copies-{view.canonical.id}", ["id", "canonical", "kind", "similarity", "lines_added",
                                                         "lines_removed"], rows))

    return app


ARTICLE_COLUMNS = ["id", "title", "published", "source_name", "language", "duplicate_of", "dup_kind",
                   "dup_similarity", "story_id", "thread_id"]
