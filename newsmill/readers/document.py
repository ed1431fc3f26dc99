"""What readers yield: a decoded input document, or a problem to quarantine."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Document:
    """One input document, decoded, before extraction.

    `kind` says which extractor fits it ("text" for flattened page text, "html").
    `meta` holds metadata the input itself supplies (a JSONL record's title or
    published date, a WARC record's date); `extra` keeps unknown JSONL fields.
    """

    id: str
    source_path: str
    content: str
    kind: str = "text"
    record: int | None = None
    url: str | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Problem:
    """An input (file or record) that could not be turned into an article, and why."""

    file: str
    reason: str
    record: int | None = None
    id: str | None = None
    stage: str = "read"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "record": self.record, "id": self.id, "stage": self.stage, "reason": self.reason}


@dataclass(slots=True)
class ReadTally:
    """What the readers passed over without it being a problem: records that are not articles, by kind.

    ("request record", "HTTP 404 response", "non-HTML response (image/png)", "output folder").
    """

    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, kind: str, count: int = 1) -> None:
        self.skipped[kind] = self.skipped.get(kind, 0) + count
