"""The speakers table and quotes in time order, on a real SQLite store, and the `newsmill quotes` command."""
import json

import pytest

from newsmill.article import Article, Quote
from newsmill.cli import main
from newsmill.store import Store
from newsmill.store.speakers import quotes_in_time_order, refresh_speakers


def make(article_id, published, quotes, **kw):
    return Article(id=article_id, source_path=f"in/{article_id}", title=f"Title {article_id}", body=["x"],
                   published=published, quotes=quotes, **kw)


@pytest.fixture
def corpus(tmp_path):
    with Store.in_dir(tmp_path) as store:
        store.put_articles([
            make("late", "2021-05-06", [Quote("We are confident", "Sergei Lavrov", "he", "said", "direct", 0)],
                 story_id="s-2"),
            make("early", "2020-12-07", [Quote("We are satisfied", "Sergei Lavrov", "Lavrov", "said", "direct", 0),
                                         Quote("We hope", "Ara Ayvazian", "he", "said", "direct", 0)],
                 story_id="s-1"),
            make("lead-cut", "2020-12-08", [Quote("There is progress", "Lavrov", "Lavrov", "told", "direct", 0)],
                 story_id="s-1"),
            make("copy", "2020-12-07", [Quote("We are satisfied", "Sergei Lavrov", "Lavrov", "said", "direct", 0)],
                 story_id="s-1", duplicate_of="early", dup_kind="exact"),
            make("undated", None, [Quote("No comment", None, "a source", "said", "direct", 0)]),
        ])
    return tmp_path


def test_speakers_table_counts_canonical_quotes_and_folds_a_lone_surname(corpus):
    with Store.in_dir(corpus) as store:
        speakers = refresh_speakers(store.db)
        rows = store.db.execute("SELECT speaker, aliases, quote_count, first_quote, last_quote FROM speakers "
                                "ORDER BY quote_count DESC").fetchall()
    assert [s.speaker for s in speakers] == ["Sergei Lavrov", "Ara Ayvazian"]
    assert rows[0] == ("Sergei Lavrov", json.dumps(["Lavrov"]), 3, "2020-12-07", "2021-05-06")
    assert rows[1] == ("Ara Ayvazian", "[]", 1, "2020-12-07", "2020-12-07")


def test_quotes_in_time_order_by_speaker_story_and_date(corpus):
    with Store.in_dir(corpus) as store:
        refresh_speakers(store.db)
        everything = quotes_in_time_order(store.db)
        lavrov = quotes_in_time_order(store.db, speaker="lavrov")
        story = quotes_in_time_order(store.db, story="s-1")
        since = quotes_in_time_order(store.db, speaker="Lavrov", since="2020-12-08")
        nobody = quotes_in_time_order(store.db, speaker="Putin")
    assert [(r.article_id, r.text) for r in everything] == [
        ("early", "We are satisfied"), ("early", "We hope"), ("lead-cut", "There is progress"),
        ("late", "We are confident"), ("undated", "No comment")]
    assert [r.text for r in lavrov] == ["We are satisfied", "There is progress", "We are confident"]
    assert {r.speaker for r in lavrov} == {"Sergei Lavrov"}
    assert [r.article_id for r in story] == ["early", "early", "lead-cut"]
    assert [r.text for r in since] == ["There is progress", "We are confident"]
    assert nobody == []


def test_quotes_command(corpus, capsys):
    assert main(["quotes", str(corpus), "--speaker", "Lavrov", "--since", "2021-01-01"]) == 0
    out = capsys.readouterr().out
    assert "2021-05-06  late  story s-2" in out and "Sergei Lavrov [said]: “We are confident”" in out
    assert "We are satisfied" not in out
    assert main(["quotes", str(corpus), "--speakers"]) == 0
    assert "Sergei Lavrov  [2020-12-07 .. 2021-05-06]  (also Lavrov)" in capsys.readouterr().out
    assert main(["quotes", str(corpus), "--story", "s-1", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["article_id"] for line in lines] == ["early", "early", "lead-cut"]


def test_quotes_command_errors_in_one_line(tmp_path, capsys):
    assert main(["quotes", str(tmp_path / "missing")]) == 2
    assert "no newsmill store" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["quotes", str(tmp_path), "--since", "last week"])
    assert "not a date" in capsys.readouterr().err


def test_quotes_command_has_help_with_examples(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["quotes", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--speaker" in out and "--story" in out and "--since" in out


def test_speakers_of_a_real_run_over_the_seeds(seeds_dir, tmp_path, capsys):
    assert main(["run", str(seeds_dir), "--out", str(tmp_path), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["quotes", str(tmp_path), "--speakers"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["17", "Sergei", "Lavrov"] and "(also Lavrov)" in lines[0]
    assert any("Dmitry Peskov" in line for line in lines) and not any("Iron Fist" in line for line in lines)
    assert main(["quotes", str(tmp_path), "--speaker", "Peskov", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["speaker"], r["text"], r["published"]) for r in rows] == [
        ("Dmitry Peskov", "extremely important", "2021-11-10")]


def speakers_rows(store):
    return store.db.execute("SELECT * FROM speakers ORDER BY speaker").fetchall()


def test_refreshing_the_changed_families_gives_the_table_a_rebuild_gives(corpus):
    with Store.in_dir(corpus) as store:
        refresh_speakers(store.db)
        store.quoted.clear()
        # a second "… Lavrov" unfolds the lone "Lavrov"; a replaced article takes Ayvazian's only quote away
        store.put_articles([
            make("anna", "2021-06-01", [Quote("Fine", "Anna Lavrov", "she", "said", "direct", 0)]),
            make("early", "2020-12-07", [Quote("We are satisfied", "Sergei Lavrov", "Lavrov", "said", "direct", 0)],
                 story_id="s-1"),
            make("new", "2021-07-01", [Quote("Hello", "Dmitry Peskov", "Peskov", "said", "direct", 0)]),
        ])
        assert store.quoted == {"Anna Lavrov", "Sergei Lavrov", "Ara Ayvazian", "Dmitry Peskov"}
        rebuilt = refresh_speakers(store.db, store.quoted)
        partly = speakers_rows(store)
        refresh_speakers(store.db)
        whole = speakers_rows(store)
    assert partly == whole
    assert {s.speaker for s in rebuilt} == {"Anna Lavrov", "Sergei Lavrov", "Lavrov", "Dmitry Peskov"}
    assert "Ara Ayvazian" not in {row[0] for row in whole}


def test_an_append_leaves_the_speakers_table_a_rebuild_would(seeds_dir, tmp_path):
    import newsmill

    first = sorted(seeds_dir.iterdir())[:2]
    newsmill.run(first, tmp_path / "out")
    newsmill.run([seeds_dir], tmp_path / "out", append=True)
    with Store.in_dir(tmp_path / "out") as store:
        appended = speakers_rows(store)
        refresh_speakers(store.db)
        assert appended == speakers_rows(store) and len(appended) > 3
