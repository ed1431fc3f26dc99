"""Escaping, FTS5 query safety, bounded parameters, no write path, errors as pages."""
from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from newsmill.store import STORE_FILENAME, StoreError
from newsmill.web import create_app
from newsmill.web.db import connect_readonly


def test_a_script_query_comes_back_escaped(client):
    html = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 2  # only the two vendored static scripts


@pytest.mark.parametrize("query", ['"', 'flood"', '"prisoners of', "NOT", "OR OR", "a AND", "(", "*", "NEAR(", "^",
                                   "title:x", "-", "--x", "'; DROP TABLE articles; --", "\x00", "﻿𝕏 ünïcödé"])
def test_odd_queries_are_never_an_error(client, query):
    response = client.get("/search", params={"q": query})
    assert response.status_code == 200, query
    assert client.get("/search", params={"q": query, "format": "json"}).status_code == 200


def test_unbalanced_quote_still_finds_the_word(client):
    assert client.get("/search", params={"q": 'Lavrov"', "format": "json"}).json()["total"] >= 3


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"month": "2020-13-x"}, {"from": "yesterday"},
                                    {"copies": "maybe"}, {"format": "xml"}, {"q": "x" * 501},
                                    {"q": "x", "cursor": "not-a-cursor"}])
def test_bad_parameters_are_a_400_page(client, params):
    response = client.get("/search", params=params)
    assert response.status_code == 400 and "<main" in response.text and "Traceback" not in response.text


def test_limit_200_is_the_most(client):
    assert client.get("/search", params={"q": "Lavrov", "limit": 200}).status_code == 200
    assert client.get("/speakers", params={"limit": 201}).status_code == 400


def test_there_is_no_write_path(client, store_dir):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/articles/000_01ee59e59d659b5a.txt").status_code == 405
    db = connect_readonly(store_dir / STORE_FILENAME)
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
        db.execute("DELETE FROM articles")
    assert client.get("/?format=json").json()["counts"]["articles"] == 5


def test_a_server_error_is_a_page_without_traceback(store_dir):
    app = create_app(store_dir)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500 and "<main" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_security_headers_and_no_cdn(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "http://" not in response.text and "https://" not in response.text
    assert client.get("/docs").status_code == 404 and client.get("/openapi.json").status_code == 404
    assert client.get("/static/htmx.min.js").text.startswith("var htmx=")


def test_csv_cells_never_start_a_formula(client):
    from newsmill.web.formats import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("plain") == "plain" and _cell(None) == ""


def test_a_folder_without_a_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no newsmill store"):
        create_app(tmp_path)
