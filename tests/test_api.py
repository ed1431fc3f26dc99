import pytest

import newsmill
from newsmill import Article


def test_extract_text_returns_a_described_article(seeds_dir):
    text = (seeds_dir / "002_dc50343b1682d573.txt").read_text(encoding="utf-8")
    article = newsmill.extract_text(text, url="https://example.org/a")
    assert isinstance(article, Article) and article.url == "https://example.org/a"
    assert article.title == "Russia Vows No Letup In Karabakh Peace Efforts"
    assert article.language == "en" and article.quotes and len(article.body) >= 10


def test_extract_html_returns_an_article():
    html = ("<html><head><title>Trams</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Trams approved</h1>"
            "<p>The city council voted on Tuesday to expand the tram network across the river.</p>"
            "<figure><img src='t.jpg'><figcaption>A tram crossing the bridge</figcaption></figure>"
            "<p>The plan adds eleven stations and is expected to cost about 400 million euros.</p></article></body></html>")
    article = newsmill.extract_html(html)
    assert article.title == "Trams approved" and article.input_format == "html"
    assert article.captions == ["A tram crossing the bridge"] and len(article.body) == 2


def test_article_round_trips_through_its_dict_form(seeds_dir):
    article = newsmill.extract_text((seeds_dir / "000_01ee59e59d659b5a.txt").read_text(encoding="utf-8"))
    assert Article.from_dict(article.to_dict()) == article
    data = article.to_dict()
    data["from_a_newer_schema"] = 1
    assert Article.from_dict(data).extra["from_a_newer_schema"] == 1


def test_pages_may_be_given_as_bytes(seeds_dir):
    raw = (seeds_dir / "002_dc50343b1682d573.txt").read_bytes()
    from_bytes = newsmill.extract_text(raw, url=b"https://example.org/a")
    from_text = newsmill.extract_text(raw.decode("utf-8"), url="https://example.org/a")
    assert from_bytes == from_text and from_bytes.url == "https://example.org/a"
    assert newsmill.extract_text(raw.decode("utf-8").encode("utf-16")).title == from_text.title
    page = ('<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><article><h1>Caf\xe9 ouvert</h1>'
            "<p>Le conseil municipal a vot\xe9 mardi pour \xe9tendre le r\xe9seau de tramway dans la ville.</p>"
            "</article></body></html>").encode("latin-1")
    article = newsmill.extract_html(page)
    assert article.title == "Café ouvert" and "étendre le réseau" in article.body[0]


def test_wrong_types_and_empty_pages_raise_the_exported_errors(tmp_path):
    with pytest.raises(TypeError, match="not a path"):
        newsmill.extract_text(tmp_path)
    with pytest.raises(newsmill.StageError):
        newsmill.extract_text(b"   \n  ")
    for name in ("StageError", "InputError", "OutputError", "StoreError", "UndecodableError"):
        assert issubclass(getattr(newsmill, name), Exception) and name in newsmill.__all__
    with pytest.raises(newsmill.StoreError):
        newsmill.open_store(tmp_path)
