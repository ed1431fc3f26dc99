"""Dedup over a stream of documents too large to hold: texts are read once, and made again only for checking.

The pipeline stage holds its articles anyway; this entry point serves corpora given
as a generator (a million-document crawl): templates are learned from the first
documents of each site, only sampled shingles are kept, and candidate pairs are
checked by asking `remake(number)` for the two texts again.
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, NamedTuple

from .finder import BATCH, _Shingles, check_pairs
from .grouping import UnionFind, group_pairs
from .index import Completeness, SketchIndex
from .shingles import shingle_batch
from .templates import MAX_LEARN_DOCS, SiteTemplates, fingerprint, line_keys


class StreamDoc(NamedTuple):
    """One document of a stream: its id, site (host) and non-empty lines."""

    id: str
    site: str
    lines: list[str]


def find_copies(docs: Iterable[StreamDoc], remake: Callable[[int], StreamDoc], *, batch_size: int = BATCH,
                learn_docs: int = MAX_LEARN_DOCS) -> tuple[SketchIndex, UnionFind]:
    """Group a stream's documents (numbered in stream order); returns the index and the groups."""
    templates = SiteTemplates()
    iterator = iter(docs)
    head = list(islice(iterator, learn_docs))  # bounded: templates are learned from the first documents
    for doc in head:
        templates.learn(doc.site, line_keys(doc.lines), fingerprint(doc.lines))
    index = SketchIndex()

    def flush(chunk: list[StreamDoc]) -> None:
        texts = ["\n".join(templates.strip(d.site, d.lines)) for d in chunk]
        batch = shingle_batch(texts)
        facts = [Completeness(0, int(words), len(d.lines), 0) for d, words in zip(chunk, batch.words.tolist())]
        index.add([d.id for d in chunk], batch, facts)

    for start in range(0, len(head), batch_size):
        flush(head[start:start + batch_size])
    del head
    while chunk := list(islice(iterator, batch_size)):
        flush(chunk)

    def text_of(number: int) -> str:
        doc = remake(number)
        return "\n".join(templates.strip(doc.site, doc.lines))

    uf = UnionFind()
    shingles = _Shingles(text_of, keep_limit=0)
    group_pairs(check_pairs(index.candidates(0), shingles), uf, shingles.overlap_of)
    return index, uf
