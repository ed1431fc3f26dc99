"""The dedup stage through `newsmill run` on the seeds, append against the stored corpus, and the CLI."""
import json
import shutil
import sqlite3

import newsmill
from newsmill.article import Article
from newsmill.cli import main
from newsmill.engine.memory import find_copies

SEED_000, SEED_001 = "000_01ee59e59d659b5a.txt", "001_98a7db490f32b566.txt"


def read_jsonl(path):
    return {a["id"]: a for a in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_seed_001_is_contained_in_000_and_nothing_else_is_linked(seeds_dir, tmp_path):
    newsmill.run([seeds_dir], tmp_path / "out")
    articles = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert len(articles) == 5
    copies = {i: (a["duplicate_of"], a["dup_kind"]) for i, a in articles.items() if a["duplicate_of"]}
    assert copies == {SEED_001: (SEED_000, "contained")}
    assert 0.9 <= articles[SEED_001]["dup_similarity"] <= 1.0
    with sqlite3.connect(tmp_path / "out" / "newsmill.sqlite") as db:
        assert db.execute("SELECT article_id, canonical_id, kind FROM duplicates").fetchall() == [
            (SEED_001, SEED_000, "contained")]


def test_append_links_a_new_copy_to_the_stored_corpus(seeds_dir, tmp_path):
    first, second, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    first.mkdir(), second.mkdir()
    for name in (SEED_001, "002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt"):
        shutil.copy(seeds_dir / name, first / name)
    shutil.copy(seeds_dir / SEED_000, second / SEED_000)
    shutil.copy(seeds_dir / "004_76cf9ad062647976.txt", second / "004_76cf9ad062647976.txt")
    newsmill.run([first], out)
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM states WHERE name IN ('dedup', 'template')").fetchone()[0] == 2
        before = dict(db.execute("SELECT id, record_json FROM articles"))
    summary = newsmill.run([second], out, append=True)
    assert summary.corpus_articles == 5
    articles = read_jsonl(out / "articles.jsonl")
    # the new, more complete 000 becomes canonical: the stored 001 is rewritten to point at it
    assert (articles[SEED_001]["duplicate_of"], articles[SEED_001]["dup_kind"]) == (SEED_000, "contained")
    assert articles[SEED_000]["duplicate_of"] is None
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        after = dict(db.execute("SELECT id, record_json FROM articles"))
        assert db.execute("SELECT canonical_id FROM duplicates").fetchall() == [(SEED_000,)]
    for untouched in ("002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt"):
        assert json.loads(after[untouched])["duplicate_of"] is None
        assert json.loads(after[untouched])["content_hash"] == json.loads(before[untouched])["content_hash"]


def test_append_reads_a_corpus_stored_in_many_parts(seeds_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("newsmill.dedup.finder.PART_DOCS", 2)   # the first run's four documents: two parts
    first, second, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    first.mkdir(), second.mkdir()
    for name in ("002_dc50343b1682d573.txt", SEED_000, "003_1f898c961dd7184c.txt", "004_76cf9ad062647976.txt"):
        shutil.copy(seeds_dir / name, first / name)
    shutil.copy(seeds_dir / SEED_001, second / SEED_001)
    newsmill.run([first], out)
    newsmill.run([second], out, append=True)
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        keys = [k for k, in db.execute("SELECT key FROM state_parts WHERE name = 'dedup' ORDER BY key")]
    assert keys == [0, 2, 4]
    articles = read_jsonl(out / "articles.jsonl")
    assert (articles[SEED_001]["duplicate_of"], articles[SEED_001]["dup_kind"]) == (SEED_000, "contained")


def _seed_000_then_001(seeds_dir, tmp_path):
    """Two input folders, seed 000 then its copy 001, and an output folder for two runs."""
    first, second, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    first.mkdir(), second.mkdir()
    shutil.copy(seeds_dir / SEED_000, first / SEED_000)
    shutil.copy(seeds_dir / SEED_001, second / SEED_001)
    return first, second, out


def test_append_of_a_copy_points_it_at_the_stored_canonical(seeds_dir, tmp_path):
    first, second, out = _seed_000_then_001(seeds_dir, tmp_path)
    newsmill.run([first], out)
    newsmill.run([second], out, append=True)
    articles = read_jsonl(out / "articles.jsonl")
    assert articles[SEED_001]["duplicate_of"] == SEED_000 and articles[SEED_000]["duplicate_of"] is None


def test_cli_lists_groups_and_one_article_copies(seeds_dir, tmp_path, capsys):
    newsmill.run([seeds_dir], tmp_path / "out")
    assert main(["duplicates", str(tmp_path / "out")]) == 0
    listing = capsys.readouterr().out
    assert SEED_000 in listing and SEED_001 in listing and "contained" in listing
    assert main(["duplicates", str(tmp_path / "out"), SEED_001]) == 0
    assert f"{SEED_000} (canonical)" in capsys.readouterr().out


def _article(i, lines, title=None):
    return Article(id=f"a{i}", source_path="site/a.jsonl", record=i, title=title, body=lines)


def test_exact_copies_and_empty_bodies(seeds_dir):
    text = (seeds_dir / SEED_000).read_text(encoding="utf-8").splitlines()
    articles = [_article(0, text[:], "T"), _article(1, text[:]), _article(2, [])]
    find_copies(articles)
    assert (articles[1].duplicate_of, articles[1].dup_kind, articles[1].dup_similarity) == ("a0", "exact", 1.0)
    assert articles[0].duplicate_of is None and articles[2].duplicate_of is None


def test_body_hash_ignores_case_spacing_and_compatibility_forms(seeds_dir):
    import hashlib

    from newsmill.article import body_hash
    for path in sorted(seeds_dir.iterdir()):
        lines = path.read_text(encoding="utf-8").splitlines()
        shouted = [" ".join(line.split()).upper() for line in lines]
        assert body_hash(lines + ["  Tab\there\u00a0and ﬁ  "]) == body_hash(shouted + ["TAB HERE AND FI"])
        assert body_hash(lines + ["Tab here and fi"]) != body_hash(lines + ["Tab here and fo"])
    assert body_hash([]) == hashlib.blake2b(b"", digest_size=16).hexdigest()


def test_append_to_a_store_without_an_index_builds_it_once(seeds_dir, tmp_path):
    first, second, out = _seed_000_then_001(seeds_dir, tmp_path)
    newsmill.run([first], out)
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        db.execute("DELETE FROM states WHERE name LIKE 'dedup%'")
    newsmill.run([second], out, append=True)
    articles = read_jsonl(out / "articles.jsonl")
    assert (articles[SEED_001]["duplicate_of"], articles[SEED_001]["dup_kind"]) == (SEED_000, "contained")
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM states WHERE name LIKE 'dedup%'").fetchone()[0] == 1


def test_an_edited_copy_among_many_copies_still_joins_them(seeds_dir):
    header = "Daily Example | Home | World | Sport"
    text = " ".join((seeds_dir / SEED_000).read_text(encoding="utf-8").split())
    article = [s.strip() + "." for s in text.split(". ") if s.strip()]
    edited = [line.replace("Lavrov", "the minister") if i % 3 == 0 else line for i, line in enumerate(article)]
    others = [" ".join((seeds_dir / n).read_text(encoding="utf-8").split()).split(". ")
              for n in ("002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt")]
    bodies = [[header, *article] for _ in range(6)] + [[header, *edited]] + [[header, *other] for other in others]
    articles = [Article(id=f"a{i}", source_path="site", record=i, body=b) for i, b in enumerate(bodies)]
    find_copies(articles)
    groups = {a.duplicate_of or a.id for a in articles[:7]}
    assert len(groups) == 1 and sum(a.duplicate_of is None for a in articles[:7]) == 1
    assert articles[7].duplicate_of is None and articles[8].duplicate_of is None
