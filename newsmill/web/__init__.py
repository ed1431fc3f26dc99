"""A read-only web UI over a newsmill store: threads, stories, articles, speakers, copies and search.

Needs the `web` extra (FastAPI, Jinja2, uvicorn). `newsmill serve DIR` runs it; `create_app(DIR)` builds it.
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
