"""Each input format, detected by content (gzip or not), yields the right documents."""
import gzip
import json
import tracemalloc

from newsmill.readers import Document, Problem, read_file, read_inputs
from tests.helpers import ARTICLE_PARAGRAPHS, html_page, write_gzip, write_jsonl, write_warc


def docs(items):
    return [i for i in items if isinstance(i, Document)]


def problems(items):
    return [i for i in items if isinstance(i, Problem)]


def test_folder_of_text_and_html_is_read_recursively_with_relative_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("\n".join(ARTICLE_PARAGRAPHS), encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text(html_page("Tram", ARTICLE_PARAGRAPHS), encoding="utf-8")
    (tmp_path / ".hidden").write_text("ignored")
    items = list(read_inputs([tmp_path]))
    assert [(d.id, d.kind) for d in docs(items)] == [("a.txt", "text"), ("sub/b.html", "html")]
    assert problems(items) == []


def test_format_is_detected_by_content_not_extension(tmp_path):
    (tmp_path / "page.dat").write_text(html_page("T", ARTICLE_PARAGRAPHS), encoding="utf-8")
    write_jsonl(tmp_path / "dump.txt", [{"id": "r1", "text": ARTICLE_PARAGRAPHS[0]}])
    items = list(read_inputs([tmp_path]))
    kinds = {d.id: d.kind for d in docs(items)}
    assert kinds == {"r1": "text", "page.dat": "html"}


def test_gzip_variants_are_read(tmp_path):
    write_gzip(tmp_path / "a.txt.gz", "\n".join(ARTICLE_PARAGRAPHS).encode())
    write_gzip(tmp_path / "b.html.gz", html_page("T", ARTICLE_PARAGRAPHS).encode())
    write_gzip(tmp_path / "c.jsonl.gz", (json.dumps({"text": "hello there, world"}) + "\n").encode())
    got = docs(read_inputs([tmp_path]))
    assert [(d.id, d.kind) for d in got] == [("a.txt.gz", "text"), ("b.html.gz", "html"), ("c.jsonl.gz#0", "text")]


def test_jsonl_records_keep_ids_metadata_and_unknown_fields(tmp_path):
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, [
        {"id": 7, "text": "Body text here.", "url": "https://ex.com/a", "title": "Given title",
         "published": "2021-05-06T10:00:00Z", "section": "world"},
        {"html": html_page("T", ["p"]), "lang": "en"},
    ])
    first, second = docs(read_file(str(path), "dump.jsonl"))
    assert (first.id, first.url, first.record) == ("7", "https://ex.com/a", 0)
    assert first.meta == {"title": "Given title", "published": "2021-05-06T10:00:00Z"}
    assert first.extra == {"section": "world"}
    assert (second.id, second.kind, second.extra) == ("dump.jsonl#1", "html", {"lang": "en"})


def test_warc_gz_with_two_html_responses_gives_two_documents_with_urls(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://news.example/a", html_page("A", ARTICLE_PARAGRAPHS).encode(), "text/html; charset=utf-8"),
        ("https://news.example/logo.png", b"\x89PNG....", "image/png"),
        ("https://news.example/b", html_page("B", ARTICLE_PARAGRAPHS).encode(), "text/html"),
    ])
    got = docs(read_file(str(path), "crawl.warc.gz"))
    assert [(d.url, d.kind) for d in got] == [("https://news.example/a", "html"), ("https://news.example/b", "html")]
    assert all(d.meta.get("crawled") for d in got)


def test_uncompressed_warc(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://x.example/", html_page("A", ["x"]).encode(), "text/html")], compress=False)
    assert [d.url for d in docs(read_file(str(path), "crawl.warc"))] == ["https://x.example/"]


def test_warc_payload_with_lying_charset_is_decoded_as_utf8(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    payload = html_page("Café", ["Crème brûlée — “quoted”"], charset="iso-8859-1").encode("utf-8")
    write_warc(path, [("https://x.example/", payload, "text/html; charset=ISO-8859-1")])
    (doc,) = docs(read_file(str(path), "crawl.warc.gz"))
    assert "Crème brûlée — “quoted”" in doc.content


def test_utf8_bom_and_utf16_text(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffHello café".encode("utf-8"))
    (tmp_path / "u16.txt").write_bytes("Hello café in UTF-16".encode("utf-16"))
    got = {d.id: d.content for d in docs(read_inputs([tmp_path]))}
    assert got == {"bom.txt": "Hello café", "u16.txt": "Hello café in UTF-16"}


def test_reading_streams_instead_of_holding_the_file(tmp_path):
    path = tmp_path / "big.jsonl"
    filler = "word " * 400
    write_jsonl(path, [{"id": str(i), "text": f"document {i} {filler}"} for i in range(20000)])
    assert path.stat().st_size > 30_000_000
    tracemalloc.start()
    count = sum(1 for item in read_file(str(path), "big.jsonl") if isinstance(item, Document))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 20000
    assert peak < 5_000_000, f"reader held {peak:,} bytes at once"
