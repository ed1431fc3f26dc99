"""The dedup methods the benchmark compares: newsmill's stage and the peer tools, each a function texts → labels.

Peers get word 5-gram shingles (the same normalisation for all) and union their links
into clusters, as a user of each library would.
"""
from __future__ import annotations

import re

import numpy as np

from newsmill.article import Article, content_hash
from newsmill.engine.memory import find_copies

WORD = re.compile(r"\w+")


def word_shingles(text: str, k: int = 5) -> set[str]:
    words = WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def as_articles(texts: list[str], source: str = "docs.jsonl", urls: list[str | None] | None = None) -> list[Article]:
    """Documents as the dedup stage sees them, without extraction: every non-empty line a body paragraph."""
    return [Article(id=f"d{i}", source_path=source, record=i, url=urls[i] if urls else None,
                    body=[line for line in text.split("\n") if line.strip()]) for i, text in enumerate(texts)]


def labels_from_articles(articles: list[Article]) -> list[int]:
    index = {a.id: i for i, a in enumerate(articles)}
    return [index[a.duplicate_of] if a.duplicate_of else i for i, a in enumerate(articles)]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def labels(self) -> list[int]:
        return [self.find(i) for i in range(len(self.parent))]


def run_newsmill(texts: list[str], urls: list[str | None] | None = None) -> list[int]:
    articles = as_articles(texts, urls=urls)
    find_copies(articles)
    return labels_from_articles(articles)


def run_exact(texts: list[str], urls: list[str | None] | None = None) -> list[int]:
    """Exact copies only: equal content hashes of the normalised body (what dedup finds before shingles)."""
    first: dict[str, int] = {}
    return [first.setdefault(content_hash(a), i) if a.body else i
            for i, a in enumerate(as_articles(texts, urls=urls))]


def run_datasketch(texts: list[str], threshold: float = 0.9, num_perm: int = 128, check: float | None = None,
                   **_: object) -> list[int]:
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sets = [word_shingles(t) for t in texts]
    uf = _Union(len(texts))
    for i, shingles in enumerate(sets):
        m = MinHash(num_perm=num_perm)
        m.update_batch([s.encode("utf-8") for s in shingles])
        for j in lsh.query(m):
            if check is None or _jaccard(sets[i], sets[j]) >= check:
                uf.union(i, j)
        lsh.insert(i, m)
    return uf.labels()


def run_rensa(texts: list[str], threshold: float = 0.5, num_perm: int = 128, bands: int = 32,
              check: float = 0.5, **_: object) -> list[int]:
    from rensa import RMinHash, RMinHashLSH
    lsh = RMinHashLSH(threshold=threshold, num_perm=num_perm, num_bands=bands)
    sets = [word_shingles(t) for t in texts]
    uf = _Union(len(texts))
    for i, shingles in enumerate(sets):
        m = RMinHash(num_perm=num_perm, seed=42)
        m.update(list(shingles))
        for j in lsh.query(m):
            if _jaccard(sets[i], sets[j]) >= check:
                uf.union(i, j)
        lsh.insert(i, m)
    return uf.labels()


def run_containment(texts: list[str], threshold: float = 0.8, **_: object) -> list[int]:
    """Exact containment of word 5-grams over all pairs (sparse matrix product): the quality ceiling of brute force."""
    import scipy.sparse as sp
    sets = [word_shingles(t) for t in texts]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, shingles in enumerate(sets):
        for s in shingles:
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(texts), len(vocab)))
    inter = (matrix @ matrix.T).tocoo()
    sizes = np.array([max(len(s), 1) for s in sets], dtype=np.float64)
    uf = _Union(len(texts))
    for i, j, v in zip(inter.row, inter.col, inter.data):
        if i < j and v / min(sizes[i], sizes[j]) >= threshold:
            uf.union(int(i), int(j))
    return uf.labels()


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


METHODS = {
    "newsmill": run_newsmill,
    "newsmill ExactDedup (before)": run_exact,
    "datasketch defaults (.9, 128 perm)": run_datasketch,
    "datasketch .5 + Jaccard check": lambda texts, **kw: run_datasketch(texts, threshold=0.5, check=0.5),
    "rensa 32 bands + check >= .5": run_rensa,
    "exact containment 5-grams >= .8": run_containment,
}
