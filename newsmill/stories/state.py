"""The stories step's state: what the grouping keeps between runs, a head plus one part per story profile.

Story profiles are the bulk of it. Each is a part of its own (compressed, `StoryProfile.to_bytes`), decoded only when a
run looks at it (a candidate of one of its articles) and written only when it changed, so a run on a
large corpus reads and writes the stories it touches, and holds in memory only those it is working on.
"""
from __future__ import annotations

import itertools
import json
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, MutableMapping

from ..blobs import squeeze, unsqueeze
from ..steps import PartedState
from .index import CandidateIndex
from .profile import DocFrequencies, StoryProfile
from .threads import ThreadProfile


KEEP = 100_000   # decoded profiles kept, the most recently used: frozen between windows, about 6 KB each


class StoryProfiles:
    """Story profiles by number: decoded from their parts when first read, written back when changed.

    `trim` keeps at most KEEP decoded, the most recently used (a changed one is written to its part as it
    leaves), so memory is bounded whatever the corpus: an older story comes back from its part when an
    article meets it again. Between windows the kept ones are frozen (centroid.py): compact, and scored as
    they are. `flush` writes every changed one (the state is saved).
    `version(n)` changes whenever profile n may have: a caller can tell a profile it saw from a new one.
    """

    def __init__(self, ids: list[str] | None = None, threads: list[str | None] | None = None,
                 parts: MutableMapping[int, bytes] | None = None, keep: int = KEEP) -> None:
        self.keep = keep
        self._ids = list(ids or [])
        self._threads = list(threads or [])
        self.parts: MutableMapping[int, bytes] = parts if parts is not None else {}
        self._loaded: dict[int, StoryProfile] = {}              # in order of use, least recent first
        self._read: dict[int, tuple[StoryProfile, int]] = {}   # as decoded or written: (profile, size)
        self._made = 0                                          # profile objects handed out so far

    def __getstate__(self) -> dict:
        """Shipped to another process (a Ray worker's pass context) without profiles or parts: workers only
        apply the run's assignments, and the parts are the store's (its connection stays here)."""
        return {"ids": self.story_ids(), "threads": self.thread_ids(), "keep": self.keep}

    def __setstate__(self, data: dict) -> None:
        self.__init__(data["ids"], data["threads"], keep=data["keep"])  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, number: int) -> StoryProfile:
        if number < 0:
            number += len(self._ids)
        profile = self._loaded.pop(number, None)   # re-inserted: the dict's order is the order of use
        if profile is None:
            profile = self._decoded(number, self.parts[number])
        self._loaded[number] = profile
        return profile

    def _decoded(self, number: int, blob: bytes) -> StoryProfile:
        """A stored profile decoded from its part, as read (a new object: a new serial)."""
        profile = _decode(blob)
        self._read[number] = (profile, profile.size)
        self._new_serial(profile)
        return profile

    def read_ahead(self, numbers: list[int]) -> None:
        """Decode the stored profiles among these numbers, their parts read in one query when the parts allow
        (the candidates of one article: a large corpus's stories are mostly not in memory)."""
        wanted = [n for n in numbers if n not in self._loaded]
        get_many = getattr(self.parts, "get_many", None)
        if len(wanted) < 2 or get_many is None:
            return
        for number, blob in get_many(wanted).items():
            self._loaded[number] = self._decoded(number, blob)

    def __setitem__(self, number: int, profile: StoryProfile) -> None:
        if self._loaded.pop(number, None) is not profile:
            self._new_serial(profile)
        self._loaded[number] = profile

    def _new_serial(self, profile: StoryProfile) -> None:
        self._made += 1
        profile.serial = self._made

    def version(self, number: int) -> tuple[int, int]:
        """(which profile object, its size) of a decoded story: every change of a profile grows its size."""
        profile = self._loaded[number]
        return profile.serial, profile.size

    def __iter__(self) -> Iterator[StoryProfile]:
        return (self[n] for n in range(len(self)))

    def append(self, profile: StoryProfile) -> None:
        self._ids.append(profile.story_id)
        self._threads.append(profile.thread_id)
        self[len(self._ids) - 1] = profile

    def story_id(self, number: int) -> str:
        return self._loaded[number].story_id if number in self._loaded else self._ids[number]

    def thread_id(self, number: int) -> str | None:
        return self._loaded[number].thread_id if number in self._loaded else self._threads[number]

    def story_ids(self) -> list[str]:
        return [self._loaded[n].story_id if n in self._loaded else self._ids[n] for n in range(len(self))]

    def thread_ids(self) -> list[str | None]:
        return [self._loaded[n].thread_id if n in self._loaded else self._threads[n] for n in range(len(self))]

    def _changed(self, number: int, profile: StoryProfile) -> bool:
        """New, replaced, grown or re-threaded since it was decoded (every change of a profile grows its size)."""
        read = self._read.get(number)
        return read is None or read[0] is not profile or read[1] != profile.size or \
            profile.thread_id != self._threads[number]

    def _write(self, numbers: list[int]) -> None:
        """Write those of these decoded profiles that changed to their parts."""
        changed = []
        for number in numbers:
            profile = self._loaded[number]
            if self._changed(number, profile):
                changed.append((number, _encode(profile)))
                self._read[number] = (profile, profile.size)
            self._ids[number], self._threads[number] = profile.story_id, profile.thread_id
        if hasattr(self.parts, "update_many"):   # the store's parts: one statement for all
            self.parts.update_many(changed)   # type: ignore[union-attr]
        else:
            for number, blob in changed:
                self.parts[number] = blob

    def trim(self) -> None:
        """Let go of the least recently used decoded profiles beyond `keep` (written first if changed)."""
        leaving = list(itertools.islice(self._loaded, max(len(self._loaded) - self.keep, 0)))
        self._write(leaving)
        for number in leaving:
            del self._loaded[number], self._read[number]

    def settle(self) -> None:
        """Between two windows: trim, and freeze those kept (only scored until an article joins them again).
        Changed profiles are written when they leave or at `flush`, not per window: in a learn process of
        its own, the encoding then overlaps the engine's last pass instead of delaying every release."""
        self.trim()
        for profile in self._loaded.values():
            profile.freeze()

    def flush(self) -> None:
        """Write every changed profile to its part (the state is saved), then settle."""
        self._write(sorted(self._loaded))
        self.settle()

    def move_to(self, parts: MutableMapping[int, bytes]) -> None:
        """Keep parts in `parts` from now on (those held so far are copied there)."""
        if parts is not self.parts:
            for number, blob in self.parts.items():
                parts[number] = blob
            self.parts = parts


def _encode(profile: StoryProfile) -> bytes:
    return squeeze(profile.to_bytes())


def _decode(blob: bytes) -> StoryProfile:
    return StoryProfile.from_bytes(unsqueeze(blob))


@dataclass
class StoryState(PartedState):
    """Everything the grouping keeps between runs, and this run's article -> (story, thread, written after).

    The head (document frequencies, index, threads, ids) is saved whole; story profiles are parts. The
    run's assignments are not saved: stored articles keep their story in their records.
    """

    NAME = "stories"
    VERSION = 13
    df: DocFrequencies = field(default_factory=DocFrequencies)
    stories: StoryProfiles = field(default_factory=StoryProfiles)
    index: CandidateIndex = field(default_factory=CandidateIndex)
    threads: list[ThreadProfile] = field(default_factory=list)
    merged: dict[int, int] = field(default_factory=dict)
    apart: set[tuple[int, int]] = field(default_factory=set)
    assigned: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)

    def live_count(self) -> int:
        return len(self.stories) - len(self.merged)

    def attach(self, parts: MutableMapping[int, bytes]) -> None:
        self.stories.move_to(parts)

    def detach(self) -> None:
        self.stories.parts = {}

    def flush(self) -> None:
        self.stories.flush()

    def to_bytes(self) -> bytes:
        """The head, compressed: a JSON line (merges, splits, section sizes), then every bulky uniform part packed
        (document frequencies; the candidate index's keys, postings and counts; the story and thread ids; the
        thread profiles), read back without parsing them as JSON: an append into a large corpus loads and saves
        the head once each. Profiles are parts: `flush` writes the changed ones."""
        keys, lengths, postings, filed = self.index.to_arrays()
        threads = self.threads
        sections = [_strings(keys), _packed("I", lengths), _packed("i", postings), _packed("q", filed),
                    _strings(self.stories.story_ids()), _strings([t or "" for t in self.stories.thread_ids()]),
                    _strings(list(self.df.df)), _packed("q", self.df.df.values()),
                    _strings([t.thread_id for t in threads]), _strings([t.first or "" for t in threads]),
                    _strings([t.last or "" for t in threads]), _packed("I", [len(t.cast) for t in threads]),
                    _strings([name for t in threads for name in t.cast]),
                    _packed("d", [share for t in threads for share in t.cast.values()])]
        head = {"documents": self.df.n_docs, "merged": {str(k): v for k, v in self.merged.items()},
                "apart": sorted(self.apart),
                "counts": [len(keys), len(self.stories), len(self.df.df), len(threads),
                           sum(len(t.cast) for t in threads)],
                "sections": [len(section) for section in sections]}
        return squeeze(b"".join([_line(head), *sections]))

    @classmethod
    def from_bytes(cls, blob: bytes) -> "StoryState":
        raw = unsqueeze(blob)
        end = raw.index(b"\n") + 1
        head = json.loads(raw[:end])
        sections, at = [], end
        for size in head["sections"]:
            sections.append(raw[at:at + size])
            at += size
        n_keys, n_stories, n_terms, n_threads, n_cast = head["counts"]
        index = CandidateIndex.from_arrays(_unstrings(sections[0], n_keys), _unpacked("I", sections[1]),
                                           _unpacked("i", sections[2]), _unpacked("q", sections[3]))
        ids = _unstrings(sections[4], n_stories)
        story_threads = [t or None for t in _unstrings(sections[5], n_stories)]
        df = Counter.__new__(Counter)   # without Counter.__init__'s Python-level work
        dict.update(df, zip(_unstrings(sections[6], n_terms), _unpacked("q", sections[7])))
        return cls(DocFrequencies(head["documents"], df), StoryProfiles(ids, story_threads), index,
                   _threads(sections[8:14], n_threads, n_cast),
                   {int(k): v for k, v in head["merged"].items()}, {tuple(p) for p in head["apart"]})  # type: ignore


def _threads(sections: list[bytes], count: int, n_cast: int) -> list[ThreadProfile]:
    """Thread profiles from their packed sections (ids, first and last dates, cast sizes, names, shares)."""
    ids, firsts, lasts = (_unstrings(section, count) for section in sections[:3])
    names, shares = _unstrings(sections[4], n_cast), _unpacked("d", sections[5])
    threads, at = [], 0
    for thread_id, first, last, size in zip(ids, firsts, lasts, _unpacked("I", sections[3])):
        cast = Counter.__new__(Counter)
        dict.update(cast, zip(names[at:at + size], shares[at:at + size]))
        at += size
        threads.append(ThreadProfile(thread_id, cast, first or None, last or None))
    return threads


def _line(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _strings(values: list[str]) -> bytes:
    """Strings NUL-joined (b"P"), or as a JSON list (b"J") should one hold a NUL."""
    joined = "\0".join(values)
    if joined.count("\0") == max(len(values) - 1, 0):
        return b"P" + joined.encode("utf-8")
    return b"J" + json.dumps(values, ensure_ascii=False).encode("utf-8")


def _unstrings(blob: bytes, count: int) -> list[str]:
    if blob[:1] == b"J":
        return json.loads(blob[1:])
    return blob[1:].decode("utf-8").split("\0") if count else []


def _packed(code: str, values) -> bytes:
    """Numbers as a little-endian packed array (the same bytes on every machine)."""
    packed = array(code, values)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _unpacked(code: str, blob: bytes) -> list:
    packed = array(code)
    packed.frombytes(blob)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tolist()
