"""Shared test fixtures: the bundled seeds, the gold, the workplace's benchmark data when present."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "examples" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def find_shared() -> Path | None:
    """$NEWSMILL_SHARED, else ../shared beside the repository; None when neither holds bench/."""
    env = os.environ.get("NEWSMILL_SHARED")
    for candidate in ([Path(env)] if env else []) + [REPO.parent / "shared"]:
        if (candidate / "bench").is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((FIXTURES / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared() -> Path:
    path = find_shared()
    if path is None:
        pytest.skip("workplace benchmark data not found (set NEWSMILL_SHARED)")
    return path
