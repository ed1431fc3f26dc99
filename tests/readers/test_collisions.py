"""--append never replaces a different document silently: the id rule, alone and in a real run."""
import json

import newsmill
from newsmill.article import Article, content_hash
from newsmill.readers.collisions import StoredId, qualified_id, settle_ids


def article(id, source, body):
    return Article(id=id, source_path=source, body=list(body))


def test_rule_same_content_or_same_source_replaces_else_a_qualified_id():
    stored_a = article("0001.html", "day1/0001.html", ["first day"])
    stored = {"0001.html": StoredId(stored_a.source_path, content_hash(stored_a)),
              "0002.html": StoredId("day1/0002.html", content_hash(article("", "", ["unchanged"])))}
    new = [article("0001.html", "day2/0001.html", ["second day"]),   # other file, other content: renamed
           article("0002.html", "day2/0002.html", ["unchanged"]),    # other file, same content: replaced
           article("0001.html", "day1/0001.html", ["edited"]),       # same file read again: replaced
           article("0003.html", "day2/0003.html", ["new"])]          # new id: added
    counts = settle_ids(new, stored.get)
    assert new[0].id == qualified_id("0001.html", content_hash(new[0])) and new[0].id.startswith("0001.html@")
    assert [a.id for a in new[1:]] == ["0002.html", "0001.html", "0003.html"]
    assert (counts.added, counts.replaced, counts.renamed) == (2, 2, 1)


def day(folder, topic):
    folder.mkdir()
    for name, words in (("0001.txt", "tram network"), ("0002.txt", "bus lanes")):
        paragraphs = [f"The {topic} council voted to expand the {words} across the river, officials said.",
                      f"The {topic} plan adds eleven stations and costs about 400 million euros over six years.",
                      f"Opponents of the {topic} plan argued that the money would be better spent elsewhere."]
        (folder / name).write_text(f"{topic.title()} {words} approved\n\n" + "\n\n".join(paragraphs) + "\n")
    return folder


def test_two_crawl_days_with_the_same_file_names_are_both_kept(tmp_path):
    monday, tuesday = day(tmp_path / "monday", "Monday"), day(tmp_path / "tuesday", "Tuesday")
    out = tmp_path / "out"
    first = newsmill.run([monday], out, progress=False)
    second = newsmill.run([tuesday], out, append=True, progress=False)
    assert (second.added, second.replaced, second.renamed) == (2, 0, 2)
    assert "appended: 2 added (2 under a qualified id" in second.to_text()
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    assert len(rows) == first.articles + 2 == 4
    assert sum("Tuesday" in " ".join(r["body"]) for r in rows) == 2
    again = newsmill.run([tuesday], out, append=True, progress=False)  # the same day twice: replaces
    assert (again.added, again.replaced) == (0, 2)
    # articles.jsonl grows by what each run wrote (a later line supersedes); the corpus still holds four
    ids = [json.loads(line)["id"] for line in (out / "articles.jsonl").read_text().splitlines()]
    assert len(set(ids)) == 4 and again.corpus_articles == 4
