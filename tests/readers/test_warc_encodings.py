"""WARC/ARC as real crawlers store them: HTTP content and transfer encodings, wget's URIs, records of every kind."""
import gzip
import io
import zlib

import brotli
import pytest
from fastwarc.stream_io import ChunkedWriter, ZstdWriter
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsmill.readers import Document, Problem, ReadTally, read_file, read_inputs
from newsmill.readers.warc import clean_target_uri, undo_http_encodings
from tests.conftest import find_shared
from tests.helpers import ARTICLE_PARAGRAPHS, html_page

PAGE = html_page("Trams approved", ARTICLE_PARAGRAPHS).encode()


def chunked(data: bytes, size: int = 100) -> bytes:
    """The body as a server sends it with Transfer-Encoding: chunked (FastWARC's own writer)."""
    out = io.BytesIO()
    writer = ChunkedWriter(out, min_chunk_size=size)
    for start in range(0, len(data), size):
        writer.write(data[start:start + size])
    writer.close()
    return out.getvalue()


def write_records(path, records, *, compress=True):
    """records: (warc type, uri, status line, [(header, value)], payload)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for rec_type, uri, status, headers, payload in records:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1") if status else None
        record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(payload), http_headers=http,
                                           warc_content_type=None if status else "text/plain")
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Problem)]


def test_gzip_content_encoding_and_chunking_are_undone(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    html = [("Content-Type", "text/html; charset=utf-8")]
    write_records(path, [
        ("response", "https://x.example/gz", "200 OK", html + [("Content-Encoding", "gzip")], gzip.compress(PAGE)),
        ("response", "https://x.example/chunked", "200 OK", html + [("Transfer-Encoding", "chunked")], chunked(PAGE)),
        ("response", "https://x.example/both", "200 OK",
         html + [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")], chunked(gzip.compress(PAGE))),
        ("response", "https://x.example/deflate", "200 OK", html + [("Content-Encoding", "deflate")],
         zlib.compress(PAGE)),
        ("response", "https://x.example/br", "200 OK", html + [("Content-Encoding", "br")], brotli.compress(PAGE)),
    ])
    good, bad = split(read_file(str(path), "crawl.warc.gz"))
    assert bad == []
    assert [d.url.rsplit("/", 1)[1] for d in good] == ["gz", "chunked", "both", "deflate", "br"]
    assert all(d.content == PAGE.decode() for d in good)


def test_zstd_and_raw_deflate_bodies(tmp_path):
    out = io.BytesIO()
    writer = ZstdWriter(out)
    writer.write(PAGE)
    writer.close()
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    deflated = raw_deflate.compress(PAGE) + raw_deflate.flush()
    assert undo_http_encodings(out.getvalue(), "", "zstd", 10**6) == PAGE
    assert undo_http_encodings(deflated, "", "deflate", 10**6) == PAGE


def test_headers_that_claim_an_encoding_already_undone_keep_the_body(tmp_path):
    """Capture tools often store the decoded body but keep the server's headers."""
    path = tmp_path / "crawl.warc"
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    write_records(path, [("response", "https://x.example/", "200 OK", headers, PAGE)], compress=False)
    (doc,), bad = split(read_file(str(path), "crawl.warc"))
    assert bad == [] and doc.content == PAGE.decode()


def test_a_cut_gzip_body_is_quarantined_and_the_next_record_kept(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    body = gzip.compress(html_page("Long", ARTICLE_PARAGRAPHS * 40).encode())
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    write_records(path, [("response", "https://x.example/cut", "200 OK", headers, body[: len(body) // 2]),
                         ("response", "https://x.example/ok", "200 OK", headers, gzip.compress(PAGE))])
    good, (problem,) = split(read_file(str(path), "crawl.warc.gz"))
    assert [d.url for d in good] == ["https://x.example/ok"]
    assert problem.id == "crawl.warc.gz#0" and "gzip" in problem.reason


def test_bracketed_target_uris_lose_their_brackets(tmp_path):
    assert clean_target_uri(" <http://example.com/> ") == "http://example.com/"
    assert clean_target_uri("http://example.com/") == "http://example.com/"
    path = tmp_path / "wget.warc.gz"
    write_records(path, [("response", "<http://example.com/page>", "200 OK", [("Content-Type", "text/html")], PAGE)])
    (doc,) = list(read_file(str(path), "wget.warc.gz"))
    assert doc.url == "http://example.com/page"


def test_records_that_are_not_articles_are_counted_by_kind(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    html = [("Content-Type", "text/html")]
    write_records(path, [
        ("request", "https://x.example/", None, [], b"GET / HTTP/1.1\r\nHost: x.example\r\n\r\n"),
        ("response", "https://x.example/", "200 OK", html, PAGE),
        ("response", "https://x.example/logo.png", "200 OK", [("Content-Type", "image/png")], b"\x89PNG...."),
        ("response", "https://x.example/old", "301 Moved Permanently", html + [("Location", "/new")], b"moved"),
        ("response", "https://x.example/gone", "404 Not Found", html, b"<html>not found</html>"),
        ("metadata", "https://x.example/", None, [], b"outlinks: none"),
    ])
    tally = ReadTally()
    good, bad = split(read_inputs([path], tally=tally))
    assert [d.id for d in good] == ["crawl.warc.gz#0"] and bad == []
    assert tally.skipped == {"request record": 1, "non-HTML response (image/png)": 1, "HTTP 301 response": 1,
                             "HTTP 404 response": 1, "metadata record": 1}


def test_arc_files_are_read_through_warcio(tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE
    header = b"filedesc://crawl.arc 0.0.0.0 20200101000000 text/plain 75\n1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    header = header.replace(b" 75\n", b" %d\n" % (len(header.split(b"\n", 1)[1])))
    record = b"http://x.example/a 93.184.216.34 20200101000000 text/html %d\n" % len(http) + http + b"\n"
    path = tmp_path / "crawl.arc"
    path.write_bytes(header + b"\n" + record)
    (doc,) = list(read_file(str(path), "crawl.arc"))
    assert doc.url == "http://x.example/a" and doc.content == PAGE.decode() and doc.id == "crawl.arc#0"


SAMPLES = (find_shared() / "bench" / "warc" / "warcio-samples") if find_shared() else None


@pytest.mark.skipif(SAMPLES is None or not SAMPLES.is_dir(), reason="warcio's sample captures are not here")
def test_warcio_sample_captures_give_every_html_response():
    tally = ReadTally()
    good, bad = split(read_inputs([SAMPLES], tally=tally))
    pages = {d.id for d in good if d.kind == "html"}
    assert pages == {f"{name}#0" for name in (
        "example.warc", "example.warc.gz", "example-bad-non-chunked.warc.gz", "example-bad.warc.gz.bad",
        "example-iana.org-chunked.warc", "example-resource.warc.gz", "example-trunc.warc",
        "example-wget-bad-target-uri.warc.gz", "example-wrong-chunks.warc.gz", "example.arc", "example.arc.gz",
        "example-space-in-url.arc")}
    assert all("<html" in d.content.lower() and "\r\n0\r\n" not in d.content for d in good if d.kind == "html")
    assert all(d.url and not d.url.startswith("<") for d in good if d.kind == "html")
    # Only the broken on purpose: bad.arc's three records (lengths -1 and "abc", and one of a single newline).
    # example-trunc.warc's response lost two bytes of its gzip trailer: its page is whole and kept.
    assert [(p.file.rsplit("/", 1)[1], p.record) for p in bad] == [("bad.arc", 0), ("bad.arc", 1), ("bad.arc", 2)]
    assert tally.skipped["request record"] > 0 and tally.skipped["HTTP 302 response"] == 1
    assert tally.skipped["non-HTML response (application/json)"] == 3


def test_a_gzip_body_missing_only_its_trailer_keeps_the_whole_page(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    write_records(path, [("response", "https://x.example/", "200 OK", headers, gzip.compress(PAGE)[:-6])])
    (doc,) = list(read_file(str(path), "crawl.warc.gz"))
    assert doc.content == PAGE.decode()


def test_a_binary_body_labelled_html_is_quarantined_as_binary(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    html = [("Content-Type", "text/html")]
    write_records(path, [("response", "https://x.example/img", "200 OK", html, bytes(range(256)) * 20),
                         ("response", "https://x.example/ok", "200 OK", html, PAGE)])
    good, (problem,) = split(read_file(str(path), "crawl.warc.gz"))
    assert [d.url for d in good] == ["https://x.example/ok"] and "binary content" in problem.reason
