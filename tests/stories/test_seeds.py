"""The seeds through `newsmill run`: four stories and one thread, as the hand-made gold groups them."""
import json
import shutil
import sqlite3

import pytest

import newsmill

SEED_IDS = ("000_01ee59e59d659b5a.txt", "002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt",
            "004_76cf9ad062647976.txt")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, seeds_dir):
    out = tmp_path_factory.mktemp("seed-stories")
    summary = newsmill.run([seeds_dir], out)
    return out, summary, {a["id"]: a for a in read_jsonl(out / "articles.jsonl")}


def assert_gold_pairs(by_id, gold, ids):
    docs = gold["documents"]
    for a in ids:
        for b in ids:
            same_gold = docs[a]["story"] == docs[b]["story"]
            assert (by_id[a]["story_id"] == by_id[b]["story_id"]) == same_gold, (a, b)


def test_seeds_dated_events_are_apart_the_copy_joins_and_one_thread(seed_run, gold):
    _, _, by_id = seed_run
    assert_gold_pairs(by_id, gold, SEED_IDS[:3])
    assert by_id["001_98a7db490f32b566.txt"]["story_id"] == by_id[SEED_IDS[0]]["story_id"]
    docs = gold["documents"]
    assert len({by_id[a]["thread_id"] for a in by_id}) == len({d["thread"] for d in docs.values()}) == 1


def test_seeds_make_all_four_gold_stories(seed_run, gold):
    _, _, by_id = seed_run
    assert_gold_pairs(by_id, gold, SEED_IDS)


def test_stories_and_threads_tables_hold_the_timeline(seed_run):
    out, summary, by_id = seed_run
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        stories = db.execute("SELECT story_id, article_count, people, places FROM stories").fetchall()
        (timeline,) = db.execute("SELECT timeline FROM threads").fetchone()
    assert len(stories) == summary.stories == len({a["story_id"] for a in by_id.values()})
    assert sum(count for _, count, _, _ in stories) == 5
    entries = json.loads(timeline)
    assert len(entries) == len(stories)
    dated = [e["first_seen"] for e in entries if e["first_seen"]]
    assert dated == sorted(dated)


def test_append_places_new_articles_into_existing_stories(seeds_dir, tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for name in SEED_IDS[:3]:
        shutil.copy(seeds_dir / name, first / name)
    shutil.copy(seeds_dir / SEED_IDS[3], later / SEED_IDS[3])
    shutil.copy(seeds_dir / "001_98a7db490f32b566.txt", later / "001_98a7db490f32b566.txt")
    out = tmp_path / "out"
    newsmill.run([first], out)
    before = {a["id"]: a for a in read_jsonl(out / "articles.jsonl")}
    newsmill.run([later], out, append=True)
    after = {a["id"]: a for a in read_jsonl(out / "articles.jsonl")}
    assert all(after[i]["story_id"] == before[i]["story_id"] for i in before)
    assert after["001_98a7db490f32b566.txt"]["story_id"] == before[SEED_IDS[0]]["story_id"]
    assert len({a["thread_id"] for a in after.values()}) == 1


def test_stories_command_lists_threads_stories_and_articles(seed_run, capsys):
    from newsmill.cli import main

    out, summary, by_id = seed_run
    assert main(["stories", str(out), "--articles"]) == 0
    text = capsys.readouterr().out
    assert text.count("\nthread ") + text.startswith("thread ") == 1
    assert all(article_id in text for article_id in by_id)
    assert "(1 article;" in text and "(1 articles" not in text and "????" not in text
    assert "after 2021-01-11" in text          # the undated story shows when its article was written after
    assert text.index("2020-12-07") < text.index("after 2021-01-11") < text.index("2021-05-06")   # ... and sits there
    assert main(["stories", str(out), "--json"]) == 0
    (thread,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(thread["stories"]) == summary.stories
    assert sum(s["article_count"] for s in thread["stories"]) == 5


def test_undated_article_keeps_published_null_and_gets_a_lower_bound(seed_run):
    _, _, by_id = seed_run
    undated = by_id[SEED_IDS[3]]
    assert undated["published"] is None
    assert undated["extra"]["written_after"] == "2021-01-11"
