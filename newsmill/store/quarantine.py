"""quarantine.jsonl: every input that did not become an article, with the reason."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Protocol


class QuarantineEntry(Protocol):
    """What a quarantine line is written from (readers' and the engine's `Problem`)."""

    def to_dict(self) -> dict: ...

QUARANTINE_FILENAME = "quarantine.jsonl"


def write_quarantine(problems: Iterable[QuarantineEntry], path: Path, *, append: bool = False) -> int:
    count = 0
    with open(path, "a" if append else "w", encoding="utf-8") as out:
        for problem in problems:
            out.write(json.dumps(problem.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count
