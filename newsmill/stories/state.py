"""The stories step's state: what the grouping keeps between runs, stored as compressed JSON lines.

Story profiles are the bulk of it. They are decoded only when a run looks at them (candidates of
its articles) and written back as they were read when it did not, so loading and saving the state
of a large corpus costs a decompression and a split, not a parse of every profile.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Iterator

from ..steps import State
from .index import CandidateIndex
from .profile import DocFrequencies, StoryProfile
from .threads import ThreadProfile


class StoryProfiles:
    """Story profiles by number; each kept as its stored JSON line until it is first read."""

    def __init__(self, lines: list[bytes] | None = None, ids: list[str] | None = None,
                 threads: list[str | None] | None = None) -> None:
        self._lines: list[bytes | None] = list(lines or [])
        self._ids = list(ids or [])
        self._threads = list(threads or [])
        self._loaded: dict[int, StoryProfile] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, number: int) -> StoryProfile:
        if number < 0:
            number += len(self._lines)
        profile = self._loaded.get(number)
        if profile is None:
            line = self._lines[number]
            assert line is not None
            profile = self._loaded[number] = StoryProfile.from_dict(json.loads(line))
        return profile

    def __setitem__(self, number: int, profile: StoryProfile) -> None:
        self._loaded[number] = profile

    def __iter__(self) -> Iterator[StoryProfile]:
        return (self[n] for n in range(len(self)))

    def append(self, profile: StoryProfile) -> None:
        self._lines.append(None)
        self._ids.append(profile.story_id)
        self._threads.append(profile.thread_id)
        self._loaded[len(self._lines) - 1] = profile

    def story_ids(self) -> list[str]:
        return [self._loaded[n].story_id if n in self._loaded else self._ids[n] for n in range(len(self))]

    def thread_ids(self) -> list[str | None]:
        return [self._loaded[n].thread_id if n in self._loaded else self._threads[n] for n in range(len(self))]

    def lines(self) -> Iterator[bytes]:
        """Each profile as a JSON line: re-encoded when it was read (it may have changed), else as stored."""
        for n, line in enumerate(self._lines):
            yield _line(self._loaded[n].to_dict()) if n in self._loaded or line is None else line + b"\n"


@dataclass
class StoryState(State):
    """Everything the grouping keeps between runs, and the last run's article -> (story, thread, written after)."""

    NAME = "stories"
    VERSION = 8
    df: DocFrequencies = field(default_factory=DocFrequencies)
    stories: StoryProfiles = field(default_factory=StoryProfiles)
    index: CandidateIndex = field(default_factory=CandidateIndex)
    threads: list[ThreadProfile] = field(default_factory=list)
    merged: dict[int, int] = field(default_factory=dict)
    apart: set[tuple[int, int]] = field(default_factory=set)
    assigned: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)

    def live_count(self) -> int:
        return len(self.stories) - len(self.merged)

    def to_bytes(self) -> bytes:
        """JSON lines, compressed as they are made: a header, then one line per story (no whole-state string)."""
        head = {"df": self.df.to_dict(), "index": self.index.to_dict(), "threads": [t.to_dict() for t in self.threads],
                "merged": {str(k): v for k, v in self.merged.items()}, "apart": sorted(self.apart),
                "assigned": self.assigned, "story_ids": self.stories.story_ids(),
                "thread_ids": self.stories.thread_ids()}
        packer = zlib.compressobj(1)
        parts = [packer.compress(_line(head))]
        parts += [packer.compress(line) for line in self.stories.lines()]
        parts.append(packer.flush())
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "StoryState":
        lines = zlib.decompress(blob).split(b"\n")
        head = json.loads(lines[0])
        return cls(DocFrequencies.from_dict(head["df"]),
                   StoryProfiles([line for line in lines[1:] if line], head["story_ids"], head["thread_ids"]),
                   CandidateIndex({k: list(v) for k, v in head["index"].items()}),
                   [ThreadProfile.from_dict(t) for t in head["threads"]],
                   {int(k): v for k, v in head["merged"].items()}, {tuple(p) for p in head["apart"]},  # type: ignore
                   {k: tuple(v) for k, v in head["assigned"].items()})  # type: ignore[misc]


def _line(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
