"""The article record: its JSON form and the packed form a run hands between passes."""
import json
import pickle

from newsmill.article import Article, Dropped, Entity, Quote, pack_article, unpack_article


def _full_article() -> Article:
    return Article(
        id="a1", source_path="crawl/x.jsonl", record=3, url="https://example.org/a", input_format="html",
        title="Title", subtitle="Sub", body=["First paragraph.", "Second — with “quotes”."], captions=["A caption"],
        comments=["A comment"], dropped=[Dropped("Home | News", "navigation"), Dropped("Share", "share")],
        published="2024-05-01", dateline="PARIS", source_name="Example", authors=["A. Writer"], language="en",
        description="d", content_hash="h", duplicate_of="a0", dup_kind="near", dup_similarity=0.91,
        story_id="s-1", thread_id="t-1",
        quotes=[Quote("We will", "Ann Lee", "she", "said", "direct", 1, 3, 10)],
        entities=[Entity("Ann Lee", "PERSON", 2)], extra={"written_after": "2024-04-30", "n": [1, 2]})


def test_packed_article_comes_back_equal_with_every_field_and_nested_record():
    article = _full_article()
    back = unpack_article(pack_article(article))
    assert back == article
    assert isinstance(back.quotes[0], Quote) and isinstance(back.dropped[1], Dropped)
    assert isinstance(back.entities[0], Entity)
    assert unpack_article(pack_article(Article("b", "p"))) == Article("b", "p")


def test_pickled_articles_inside_other_objects_keep_their_fields_and_stay_apart():
    one, two = _full_article(), Article("b", "p", body=["x"])
    back = pickle.loads(pickle.dumps({"items": [one, two, one]}))
    assert back["items"] == [one, two, one]
    back["items"][1].body.append("y")
    assert two.body == ["x"]


def test_json_form_round_trips():
    article = _full_article()
    assert Article.from_dict(json.loads(json.dumps(article.to_dict()))) == article
