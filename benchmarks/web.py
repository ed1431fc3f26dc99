"""Web UI latency on a generated store: search, story, article (and speaker) pages over real HTTP.

Generates N synthetic Article records (Zipf-distributed vocabulary, stories, threads, copies, quotes),
writes them with the store API, starts `newsmill serve` on a loopback port and times pages with httpx
(keep-alive, one request at a time): the client's round trip and the app's own time (Server-Timing).
Peers in the same run: the same ranked FTS5 query straight in sqlite3 (the floor), and Datasette serving
the same SQLite file (its SQL and row endpoints) where it is installed.

    python -m benchmarks.web                 # 100,000 articles in /tmp/newsmill-web-bench
    python -m benchmarks.web --articles 20000 --rounds 20
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
import numpy as np

from benchmarks.common import machine_line, markdown_table

from newsmill.article import Article, Entity, Quote
from newsmill.store import STORE_FILENAME, Store
from newsmill.web.search import fts_query

SYLLABLES = ["ka", "ro", "mi", "ta", "ne", "so", "lu", "be", "di", "ga", "po", "ze", "ri", "va", "no", "ske", "tro",
             "lan", "mer", "dus", "pel", "gor", "vin", "ash", "ul", "en", "ost", "ar"]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)  # never iterate the set itself: its order changes with the hash seed
    rng.shuffle(ordered)
    return ordered


class Corpus:
    """Deterministic synthetic news: words drawn by Zipf rank, stories of ~5 articles over two years."""

    def __init__(self, n: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.n = n
        self.words = _vocabulary(self.rng, 30_000)
        weights = 1.0 / np.arange(1, len(self.words) + 1) ** 1.07
        self.p = weights / weights.sum()
        self.people = [f"{w1.title()} {w2.title()}" for w1, w2 in zip(self.words[5000:8000], self.words[8000:11000])]
        people_w = 1.0 / np.arange(1, len(self.people) + 1)
        self.people_p = people_w / people_w.sum()
        self.places = [w.title() for w in self.words[11000:11400]]
        self.sources = [f"{w.title()} News" for w in self.words[12000:12300]]
        self.story_count = max(1, n // 5)
        self.thread_count = max(1, self.story_count // 8)

    def _text(self, count: int) -> str:
        return " ".join(self.words[i] for i in self.np.choice(len(self.words), size=count, p=self.p))

    def articles(self):
        start = date(2022, 1, 1)
        by_story: dict[int, list[Article]] = {}
        for i in range(self.n):
            story = self.rng.randrange(self.story_count)
            centre = start + timedelta(days=(story * 7919) % 730)
            cast = [self.people[j] for j in self.np.choice(len(self.people), size=2, p=self.people_p)]
            place = self.places[story % len(self.places)]
            body = [f"{place.upper()} – {cast[0]} {self._text(30)}."] + [self._text(35) + "." for _ in range(3)]
            earlier = by_story.get(story)
            article = Article(
                id=f"a{i:07d}", source_path=f"gen/a{i:07d}.txt", title=self._text(7).capitalize(), body=body,
                published=(centre + timedelta(days=self.rng.randint(-3, 3))).isoformat(),
                source_name=self.rng.choice(self.sources), language=self.rng.choice("eeeeeeeedf").replace(
                    "e", "en").replace("d", "de").replace("f", "fr"),
                story_id=f"s-{story:06d}", thread_id=f"t-{story % self.thread_count:05d}",
                quotes=[Quote(self._text(12), speaker=self.rng.choice(cast), speaker_mention="said", kind="direct",
                              paragraph=k) for k in range(self.rng.randint(0, 3))],
                entities=[Entity(cast[0], "PERSON", 2), Entity(cast[1], "PERSON", 1), Entity(place, "PLACE", 2)])
            if earlier and self.rng.random() < 0.1:  # a copy of the story's first article, one paragraph changed
                canonical = earlier[0]
                article.body = canonical.body[:-1] + [self._text(20) + "."]
                article.duplicate_of, article.dup_kind, article.dup_similarity = canonical.id, "near", 0.9
            by_story.setdefault(story, []).append(article)
            yield article

    def summaries(self, rows: list[tuple[str, str, str, str, str]]) -> tuple[list[dict], list[dict]]:
        """Story and thread rows from (story, thread, published, source, title) of every article."""
        stories: dict[str, dict] = {}
        for story_id, thread_id, published, source, title in rows:
            s = stories.setdefault(story_id, {"story_id": story_id, "thread_id": thread_id, "title": title,
                                              "days": [], "sources": set(), "article_count": 0})
            s["days"].append(published)
            s["sources"].add(source)
            s["article_count"] += 1
        story_rows, threads = [], {}
        for s in stories.values():
            row = {"story_id": s["story_id"], "thread_id": s["thread_id"], "title": s["title"],
                   "first_seen": min(s["days"]), "last_seen": max(s["days"]), "article_count": s["article_count"],
                   "sources": json.dumps(sorted(s["sources"])), "people": "[]", "places": "[]"}
            story_rows.append(row)
            threads.setdefault(s["thread_id"], []).append(row)
        thread_rows = [{"thread_id": t, "title": m[0]["title"], "first_seen": min(r["first_seen"] for r in m),
                        "last_seen": max(r["last_seen"] for r in m), "story_count": len(m),
                        "article_count": sum(r["article_count"] for r in m), "timeline": "[]"}
                       for t, m in threads.items()]
        return story_rows, thread_rows


def build_store(directory: Path, n: int) -> float:
    """Write n generated articles with the store API; returns the CPU seconds it took."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / STORE_FILENAME).unlink(missing_ok=True)
    corpus, started, meta = Corpus(n), time.process_time(), []
    with Store.in_dir(directory) as store:
        batch: list[Article] = []
        for article in corpus.articles():
            batch.append(article)
            meta.append((article.story_id, article.thread_id, article.published, article.source_name, article.title))
            if len(batch) == 2000:
                store.put_articles(batch)
                batch = []
        store.put_articles(batch)
        store.put_stories(*corpus.summaries(meta))
    return time.process_time() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(command: list[str], probe: str) -> subprocess.Popen:
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    for _ in range(600):
        try:
            if httpx.get(probe, timeout=2).status_code < 500:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {' '.join(command)}")


def _rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process, MiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _cpu_ms(pid: int) -> float:
    """User + system CPU time a process has used, ms (steady on a busy machine, unlike wall time)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


@dataclass
class Lane:
    """One server under test: its client, the URLs it is asked, its process (for CPU time)."""

    client: httpx.Client
    urls: list[str]
    pid: int


def _time(lanes: list[Lane], rounds: int) -> list[tuple[list[float], list[float], float]]:
    """Per lane: round trips and app times (ms) of every URL, `rounds` times each after a warm-up pass,
    and the server's CPU ms per request. Lanes take turns request by request, so a busy moment of the
    shared machine falls on every server alike."""
    for lane in lanes:
        for url in lane.urls:
            lane.client.get(url)
    trips: list[list[float]] = [[] for _ in lanes]
    app: list[list[float]] = [[] for _ in lanes]
    cpu_before = [_cpu_ms(lane.pid) for lane in lanes]
    for _ in range(rounds):
        for i in range(max(len(lane.urls) for lane in lanes)):
            for k, lane in enumerate(lanes):
                url = lane.urls[i % len(lane.urls)]
                started = time.perf_counter()
                response = lane.client.get(url)
                trips[k].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
                timing = response.headers.get("server-timing", "")
                if "dur=" in timing:
                    app[k].append(float(timing.split("dur=")[1]))
    return [(trips[k], app[k], (_cpu_ms(lane.pid) - cpu_before[k]) / len(trips[k])) for k, lane in enumerate(lanes)]


RANKED = ("SELECT f.id, a.title, snippet(articles_fts, 2, '[', ']', '…', 24), bm25(articles_fts, 0.0, 5.0, 1.0, 0.5) "
          "AS score FROM articles_fts f JOIN articles a ON a.id = f.id WHERE articles_fts MATCH :q ORDER BY score "
          "LIMIT 20")


def _floor(db_path: Path, query: str, rounds: int) -> float:
    """CPU ms of the ranked page of hits straight from sqlite3: what any front end over this index must pay."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    db.execute(RANKED, {"q": fts_query(query)}).fetchall()
    started = time.process_time()
    for _ in range(rounds):
        db.execute(RANKED, {"q": fts_query(query)}).fetchall()
    return (time.process_time() - started) * 1000 / rounds


TYPICAL = ("rare word", "topical word", "two words", "person", "topical + month facet")


def _queries(db: sqlite3.Connection) -> dict[str, dict]:
    """Search queries by kind: typical ones (a name, a topic word) and stress ones (words in most articles)."""
    corpus = Corpus(10)  # the same vocabulary and people as the store
    words = corpus.words
    speakers = [r[0] for r in db.execute("SELECT speaker FROM quotes GROUP BY speaker ORDER BY COUNT(*) DESC, speaker "
                                         "LIMIT 101")]
    month = db.execute("SELECT substr(published, 1, 7) FROM articles LIMIT 1").fetchone()[0]
    plain = {"rare word": words[6000], "topical word": words[400], "two words": f"{words[400]} {words[700]}",
             "person": f'"{speakers[-1]}"', "most-quoted person (stress)": f'"{speakers[0]}"',
             "common word (stress)": words[30],
             "phrase in every article (stress)": f'"{words[0]} {words[1]}"', "prefix (stress)": words[900][:3] + "*"}
    out = {name: {"q": q, "params": {"q": q}} for name, q in plain.items()}
    out["topical + month facet"] = {"q": words[400], "params": {"q": words[400], "month": month}}
    for entry in out.values():
        entry["hits"] = db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?",
                                   (fts_query(entry["q"]),)).fetchone()[0]
    return out


def _start_datasette(db_path: Path) -> tuple[subprocess.Popen, str] | None:
    """Datasette serving the same file (immutable), or None where it is not installed."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        return None
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    return _start([sys.executable, "-m", "datasette", "serve", "-i", str(db_path), "--port", str(port),
                   "--setting", "sql_time_limit_ms", "10000"], base + "/-/versions.json"), base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--store", type=Path, default=Path("/tmp/newsmill-web-bench"))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep a store already generated with this size")
    args = parser.parse_args()
    db_path = args.store / STORE_FILENAME
    stamp = args.store / "generated.json"
    if args.reuse and stamp.exists() and json.loads(stamp.read_text())["articles"] == args.articles:
        build_cpu = json.loads(stamp.read_text())["cpu_s"]
    else:
        build_cpu = build_store(args.store, args.articles)
        stamp.write_text(json.dumps({"articles": args.articles, "cpu_s": build_cpu}))
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rng = random.Random(11)
    queries = _queries(db)
    stories = [r[0] for r in db.execute("SELECT story_id FROM stories")]
    articles = [r[0] for r in db.execute("SELECT id FROM articles WHERE rowid % ? = 1", (max(2, args.articles // 500),))]
    story_ids, article_ids = rng.sample(stories, 20), rng.sample(articles, 20)
    speaker_names = [r[0] for r in db.execute("SELECT DISTINCT speaker FROM quotes LIMIT 2000")][::200]
    size_mb = db_path.stat().st_size / 2**20
    copies = db.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0]
    quotes = db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start([sys.executable, "-m", "newsmill", "serve", str(args.store), "--port", str(port)],
                    base + "/static/app.js")
    peer = _start_datasette(db_path)
    name = db_path.stem
    results: dict[str, tuple] = {}
    peers: dict[str, tuple] = {}
    try:
        ours = httpx.Client(base_url=base, timeout=60)
        theirs = httpx.Client(base_url=peer[1], timeout=60) if peer else None
        plans = {kind: ([f"/search?{httpx.QueryParams(entry['params'])}"],
                        None if "facet" in kind else
                        [f"/{name}.json?{httpx.QueryParams({'sql': RANKED, 'q': fts_query(entry['q'])})}"])
                 for kind, entry in queries.items()}
        plans["story page"] = ([f"/stories/{s}" for s in story_ids],
                               [f"/{name}/articles.json?story_id={s}" for s in story_ids])
        plans["article page"] = ([f"/articles/{a}" for a in article_ids], [f"/{name}/articles/{a}.json" for a in article_ids])
        plans["speaker page"] = ([f"/speakers/{quote(s, safe='')}" for s in speaker_names], None)
        plans["home"] = (["/"], None)
        for kind, (our_urls, peer_urls) in plans.items():
            lanes = [Lane(ours, our_urls, server.pid)]
            if theirs and peer_urls:
                lanes.append(Lane(theirs, peer_urls, peer[0].pid))
            rounds = args.rounds if kind not in ("speaker page", "home") else max(2, args.rounds // 4)
            measured = _time(lanes, rounds)
            results[kind] = measured[0]
            if len(measured) > 1:
                peers[kind] = measured[1]
        rss, peak = _rss_mb(server.pid)
    finally:
        for proc in (server, peer[0] if peer else None):
            if proc:
                proc.terminate()
                proc.wait(timeout=10)
    floors = {kind: _floor(db_path, entry["q"], args.rounds) for kind, entry in queries.items() if "facet" not in kind}

    rows = []
    for kind, (trips, app, cpu) in results.items():
        floor, other = floors.get(kind), peers.get(kind)
        rows.append([("search: " + kind) if kind in queries else kind, queries[kind]["hits"] if kind in queries else "",
                     len(trips), round(_pct(trips, .5), 1), round(_pct(trips, .95), 1), round(_pct(app, .95), 1),
                     round(cpu, 1), round(floor, 1) if floor is not None else "–",
                     round(_pct(other[0], .95), 1) if other else "–", round(other[2], 1) if other else "–",
                     f"{cpu / other[2]:.2f}" if other and other[2] else "–"])
    print(f"Machine: {machine_line()}")
    print(f"Store: {args.articles:,} generated articles, {size_mb:,.0f} MiB SQLite, written in {build_cpu:,.0f} CPU s; "
          f"{len(stories):,} stories, {copies:,} copies, {quotes:,} quotes")
    print(f"Server RSS after the run: {rss:,.0f} MiB (peak {peak:,.0f} MiB)\n")
    print(markdown_table(["page", "hits", "requests", "p50 ms", "p95 ms", "app p95 ms", "server CPU ms/req",
                          "sqlite3 floor CPU ms", "Datasette p95 ms", "Datasette CPU ms/req", "CPU ÷ Datasette"], rows))
    typical = [t for kind in TYPICAL for t in results[kind][0]]
    every = [t for kind in queries for t in results[kind][0]]
    pages = max(_pct(results["story page"][0], .95), _pct(results["article page"][0], .95))
    print(f"\nsearch p95: typical queries {_pct(typical, .95):.1f} ms, all queries {_pct(every, .95):.1f} ms "
          f"(target < 50); story/article p95 {pages:.1f} ms (target < 100)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
