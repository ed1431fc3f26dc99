"""A real store built by running newsmill on the bundled seeds, and an HTTP client over the web app."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from newsmill.cli import main

pytest.importorskip("fastapi", reason="the web extra is not installed")

with warnings.catch_warnings():  # Starlette warns about its own httpx use on import; not about our code
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory, seeds_dir) -> Path:
    out = tmp_path_factory.mktemp("web-store")
    assert main(["run", str(seeds_dir), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def client(store_dir):
    from newsmill.web import create_app

    with TestClient(create_app(store_dir)) as test_client:
        yield test_client
