"""`newsmill.run` end to end on real files: outputs, stable ids, append, workers, bad input."""
import json
import os
import shutil
import sqlite3

import pyarrow.parquet as pq
import pytest

import newsmill
from newsmill.engine import OutputError, default_pipeline
from newsmill.readers import InputError
from tests.helpers import ARTICLE_PARAGRAPHS, html_page, write_jsonl, write_warc


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_on_seeds_writes_every_output(seeds_dir, tmp_path):
    out = tmp_path / "out"
    summary = newsmill.run([seeds_dir], out)
    assert (summary.documents, summary.articles, summary.quarantined) == (5, 5, 0)
    articles = read_jsonl(out / "articles.jsonl")
    assert sorted(a["id"] for a in articles) == sorted(p.name for p in seeds_dir.iterdir())
    table = pq.read_table(out / "articles.parquet")
    assert table.num_rows == 5 and table.schema.field("body").type.value_type == "string"
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
        assert db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0] == sum(len(a["body"]) for a in articles)
        assert db.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == summary.stories
    assert (out / "quarantine.jsonl").read_text() == ""
    assert all(a["story_id"] and a["thread_id"] and a["content_hash"] for a in articles)


def test_rerun_into_same_dir_replaces_and_append_adds(seeds_dir, tmp_path):
    out = tmp_path / "out"
    newsmill.run([seeds_dir], out)
    newsmill.run([seeds_dir], out)
    assert len(read_jsonl(out / "articles.jsonl")) == 5
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "tram.txt").write_text("City plans trams\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS), encoding="utf-8")
    summary = newsmill.run([extra], out, append=True)
    assert summary.articles == 1 and summary.corpus_articles == 6
    summary = newsmill.run([extra], out, append=True)  # the same input again replaces, never duplicates
    assert summary.corpus_articles == 6
    with sqlite3.connect(out / "newsmill.sqlite") as db:
        assert [r[0] for r in db.execute("SELECT id FROM articles ORDER BY seq")][-1] == "tram.txt"
    # the exports grow by what each run wrote: JSONL lines appended (a later line for an id supersedes), a
    # Parquet part per run
    ids = [a["id"] for a in read_jsonl(out / "articles.jsonl")]
    assert len(ids) == 7 and len(set(ids)) == 6 and ids[-2:] == ["tram.txt", "tram.txt"]
    assert sorted(p.name for p in (out / "articles.parquet").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert pq.read_table(out / "articles.parquet").num_rows == 7


def test_one_pipeline_object_gives_the_same_ids_in_two_fresh_runs(seeds_dir, tmp_path):
    """Steps keep no corpus state between runs: a reused pipeline gives the same ids, stories and threads."""
    corpus = tmp_path / "in"
    shutil.copytree(seeds_dir, corpus / "seeds")
    write_jsonl(corpus / "dump.jsonl", [{"id": f"j{i}", "text": "\n".join(ARTICLE_PARAGRAPHS[i:] + ARTICLE_PARAGRAPHS[:i])}
                                        for i in range(3)])
    pipeline = default_pipeline()
    newsmill.run([corpus], tmp_path / "a", pipeline=pipeline)
    newsmill.run([corpus], tmp_path / "b", pipeline=pipeline)
    fields = ("id", "story_id", "thread_id", "duplicate_of", "dup_kind", "content_hash")
    first, second = ([tuple(a[f] for f in fields) for a in read_jsonl(tmp_path / d / "articles.jsonl")] for d in "ab")
    assert first == second and len(first) == 8
    assert len({row[1] for row in first}) >= 4 and all(row[1] and row[2] for row in first)


def test_summary_separates_the_run_from_the_corpus(seeds_dir, tmp_path):
    out, extra = tmp_path / "out", tmp_path / "more"
    extra.mkdir()
    (extra / "tram.txt").write_text("City plans trams\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS), encoding="utf-8")
    newsmill.run([seeds_dir], out)
    summary = newsmill.run([extra], out, append=True)
    assert (summary.documents, summary.articles, summary.corpus_articles) == (1, 1, 6)
    assert summary.corpus_stories == 5 and summary.stories == 1
    assert "corpus now 6 articles in 5 stories and 2 threads" in summary.to_text()


def test_stage_times_count_writing_under_store_once(seeds_dir, tmp_path, monkeypatch):
    import time

    from newsmill.engine import outputs
    from newsmill.store import Store

    put_articles = Store.put_articles

    def slow_put(self, *args, **kwargs):   # writing made slow enough to see where it is counted
        time.sleep(0.1)
        return put_articles(self, *args, **kwargs)

    monkeypatch.setattr(outputs, "BATCH", 1)   # each article written as the stories pass finishes it
    monkeypatch.setattr(Store, "put_articles", slow_put)
    summary = newsmill.run([seeds_dir], tmp_path / "out")
    stages = summary.stage_seconds
    assert list(stages) == ["extract", "template", "dedup", "stories", "store"]
    assert stages["store"] >= 0.5 > stages["stories"] >= 0.0   # five writes of 0.1 s, in the store stage
    assert sum(stages.values()) <= summary.seconds             # and only there


def test_append_finds_an_exact_copy_of_a_stored_article(seeds_dir, tmp_path):
    out = tmp_path / "out"
    newsmill.run([seeds_dir], out)
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    shutil.copy(seeds_dir / "002_dc50343b1682d573.txt", copy_dir / "mirror.txt")
    newsmill.run([copy_dir], out, append=True)
    by_id = {a["id"]: a for a in read_jsonl(out / "articles.jsonl")}
    assert by_id["mirror.txt"]["duplicate_of"] == "002_dc50343b1682d573.txt"
    assert by_id["mirror.txt"]["story_id"] == by_id["002_dc50343b1682d573.txt"]["story_id"]


def test_two_workers_give_the_same_output_as_one(seeds_dir, tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(seeds_dir, corpus / "seeds")
    write_jsonl(corpus / "dump.jsonl", [{"id": f"j{i}", "text": "\n".join(ARTICLE_PARAGRAPHS[i:] + ARTICLE_PARAGRAPHS[:i])}
                                        for i in range(3)])
    newsmill.run([corpus], tmp_path / "one", workers=1)
    newsmill.run([corpus], tmp_path / "two", workers=2)
    one = read_jsonl(tmp_path / "one" / "articles.jsonl")
    two = read_jsonl(tmp_path / "two" / "articles.jsonl")
    assert [a["id"] for a in one] == [a["id"] for a in two]
    assert one == two


def test_bad_inputs_are_quarantined_and_good_ones_kept(seeds_dir, tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "random.bin").write_bytes(os.urandom(2048))
    (corpus / "empty.txt").write_bytes(b"")
    import gzip
    data = gzip.compress(("\n".join(ARTICLE_PARAGRAPHS) * 100).encode())
    (corpus / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    write_jsonl(corpus / "dump.jsonl", [{"id": "good", "text": "\n".join(ARTICLE_PARAGRAPHS)}, '{"id": "bad", "te'])
    (corpus / "latin.txt").write_bytes(("Le tramway\n\n" + "Le conseil municipal a voté mardi pour étendre le "
                                        "réseau de tramway vers le nord.").encode("latin-1"))
    out = tmp_path / "out"
    summary = newsmill.run([corpus], out)
    ids = {a["id"] for a in read_jsonl(out / "articles.jsonl")}
    assert {p.name for p in seeds_dir.iterdir()} | {"good", "latin.txt"} == ids
    quarantine = read_jsonl(out / "quarantine.jsonl")
    reasons = {(q["file"].rsplit("/", 1)[-1], q["record"]): q["reason"] for q in quarantine}
    assert set(reasons) == {("random.bin", None), ("empty.txt", None), ("cut.txt.gz", None), ("dump.jsonl", 1)}
    assert "binary" in reasons[("random.bin", None)] and "truncated gzip" in reasons[("cut.txt.gz", None)]
    assert summary.quarantined == 4 and summary.articles == 7 and summary.documents == 11
    latin = next(a for a in read_jsonl(out / "articles.jsonl") if a["id"] == "latin.txt")
    assert "réseau" in " ".join(latin["body"])


def test_warc_gz_gives_articles_with_urls(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [(f"https://news.example/{slug}", html_page(slug.title(), ARTICLE_PARAGRAPHS).encode(),
                       "text/html; charset=utf-8") for slug in ("trams", "buses")])
    newsmill.run([path], tmp_path / "out")
    articles = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert [(a["url"], a["input_format"]) for a in articles] == [
        ("https://news.example/trams", "html"), ("https://news.example/buses", "html")]
    assert all(a["body"] for a in articles)


def test_jsonl_metadata_wins_over_inference(tmp_path):
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, [{"id": "x", "text": "\n".join(ARTICLE_PARAGRAPHS), "title": "Trams approved",
                        "published": "2021-03-04T08:00:00Z", "url": "https://ex.com/x", "desk": "city"}])
    newsmill.run([path], tmp_path / "out")
    (article,) = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert (article["title"], article["published"], article["url"]) == ("Trams approved", "2021-03-04", "https://ex.com/x")
    assert article["extra"] == {"desk": "city"}


def test_same_relative_name_under_two_roots_stays_unique(tmp_path):
    for root in ("a", "b"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "page.txt").write_text(f"Title {root}\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS), encoding="utf-8")
    newsmill.run([tmp_path / "a", tmp_path / "b"], tmp_path / "out")
    assert [a["id"] for a in read_jsonl(tmp_path / "out" / "articles.jsonl")] == ["page.txt", "page.txt#2"]


def test_missing_input_and_unwritable_out(tmp_path, seeds_dir):
    with pytest.raises(InputError, match="input not found"):
        newsmill.run([tmp_path / "missing"], tmp_path / "out")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write to"):
        newsmill.run([seeds_dir], blocker / "out")


def test_extract_on_the_181_flattened_dev_pages_gives_181_articles(shared):
    from newsmill.engine import extract_documents
    from newsmill.readers.document import Problem

    folder = shared / "bench" / "extraction" / "scrapinghub" / "text"
    items = list(extract_documents([folder], mode="text", progress=False))
    assert not [i for i in items if isinstance(i, Problem)]
    assert len(items) == 181 and all(a.input_format == "text" for a in items)


def test_append_rewrites_only_the_stored_articles_its_new_states_change(tmp_path):
    """A line that becomes template on one site re-cleans that site's stored articles; other sites stay untouched."""
    from tests.test_site_template import BOILER, paragraph

    def dump(path, site, ids):
        write_jsonl(path, [{"id": f"{site}{i}", "url": f"https://{site}.example.org/{i}",
                            "text": "\n".join([f"Headline number {i} about the vote on {site}", paragraph(i, 0), BOILER,
                                               paragraph(i, 1), paragraph(i, 2)])} for i in ids])
        return path

    def stored():
        with sqlite3.connect(out / "newsmill.sqlite") as db:
            return {i: json.loads(r) for i, r in db.execute("SELECT id, record_json FROM articles")}

    out = tmp_path / "out"
    newsmill.run([dump(tmp_path / "x1.jsonl", "x", [0, 1]), dump(tmp_path / "y.jsonl", "y", [10, 11])], out)
    before, written = stored(), len(read_jsonl(out / "articles.jsonl"))
    assert all(BOILER in a["body"] for a in before.values())   # two articles a site: not template yet
    newsmill.run([dump(tmp_path / "x2.jsonl", "x", [2, 3])], out, append=True)
    appended = read_jsonl(out / "articles.jsonl")[written:]
    assert sorted(a["id"] for a in appended) == ["x0", "x1", "x2", "x3"]   # y's articles were not rewritten
    assert all(BOILER not in a["body"] for a in appended)
    after = stored()
    assert after["y10"] == before["y10"] and after["y11"] == before["y11"]
