"""Every kind of bad input becomes a Problem with the file, record and reason; good records survive."""
import gzip
import os

from newsmill.readers import Document, Problem, read_file, read_inputs
from newsmill.readers.source import open_stream, read_limited, TooLargeError
import pytest
from tests.helpers import ARTICLE_PARAGRAPHS, html_page, write_jsonl, write_warc


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Problem)]


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(os.urandom(4096))
    good, bad = split(read_file(str(path), "photo.txt"))
    assert good == [] and len(bad) == 1
    assert "binary" in bad[0].reason and bad[0].file == str(path)


def test_known_binary_format_is_named(tmp_path):
    path = tmp_path / "doc.html"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(200))
    _, (problem,) = split(read_file(str(path), "doc.html"))
    assert problem.reason == "binary content (PDF)"


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    good, bad = split(read_inputs([tmp_path]))
    assert good == [] and {p.id for p in bad} == {"empty.txt", "blank.txt"}
    assert all("empty" in p.reason for p in bad)


def test_truncated_gzip(tmp_path):
    data = gzip.compress(("\n".join(ARTICLE_PARAGRAPHS) * 50).encode())
    path = tmp_path / "page.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    _, (problem,) = split(read_file(str(path), "page.txt.gz"))
    assert "truncated gzip" in problem.reason


def test_truncated_gzip_jsonl_keeps_the_records_before_the_cut(tmp_path):
    lines = "".join(f'{{"id": "r{i}", "text": "record {i} {"x" * 2000}"}}\n' for i in range(200))
    data = gzip.compress(lines.encode())
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(data[: int(len(data) * 0.7)])
    good, bad = split(read_file(str(path), "dump.jsonl.gz"))
    assert len(good) > 50 and [d.id for d in good] == [f"r{i}" for i in range(len(good))]
    assert len(bad) == 1 and "truncated gzip" in bad[0].reason and bad[0].record == len(good)


def test_malformed_jsonl_line_among_good_ones(tmp_path):
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, [{"id": "a", "text": "good one"}, '{"id": "b", "text": "broken', {"id": "c", "text": "good two"},
                       "[1, 2]", {"id": "d", "title": "no text here"}])
    good, bad = split(read_file(str(path), "dump.jsonl"))
    assert [d.id for d in good] == ["a", "c"]
    assert [(p.record, p.id) for p in bad] == [(1, None), (3, None), (4, "d")]
    assert "malformed JSON" in bad[0].reason
    assert "not an object" in bad[1].reason
    assert "no text" in bad[2].reason


def test_latin1_file_is_kept(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le conseil municipal a voté mardi pour étendre le réseau de tramway.".encode("latin-1"))
    (doc,), bad = split(read_file(str(path), "latin.txt"))
    assert bad == [] and "étendre le réseau" in doc.content and doc.encoding == "cp1252"


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "mojibake.txt"
    path.write_bytes(b"Some words " + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF]) * 100)
    good, (problem,) = split(read_file(str(path), "mojibake.txt"))
    assert good == [] and "undecodable" in problem.reason


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 3000)
    _, (problem,) = split(read_file(str(path), "huge.txt", max_bytes=10_000))
    assert "size limit" in problem.reason and "10,000" in problem.reason


def test_gzip_bomb_is_refused_without_inflating_it(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as out:  # 200 MB of zeros-like text compresses to ~200 KB
        chunk = b"a" * (1 << 20)
        for _ in range(200):
            out.write(chunk)
    assert path.stat().st_size < 1_000_000
    with open_stream(str(path)) as stream:
        with pytest.raises(TooLargeError):
            read_limited(stream, 5_000_000)
    _, (problem,) = split(read_file(str(path), "bomb.txt.gz", max_bytes=5_000_000))
    assert "size limit" in problem.reason


def test_oversized_jsonl_record_is_skipped_and_the_next_kept(tmp_path):
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, [{"id": "big", "text": "x" * 50_000}, {"id": "small", "text": "fine"}])
    good, (problem,) = split(read_file(str(path), "dump.jsonl", max_bytes=10_000))
    assert [d.id for d in good] == ["small"] and problem.record == 0 and "size limit" in problem.reason


def test_truncated_warc_keeps_complete_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://x.example/{i}", html_page(f"T{i}", ARTICLE_PARAGRAPHS * 20).encode(), "text/html")
             for i in range(3)]
    data = write_warc(path, pages)
    path.write_bytes(data[:-200])
    good, bad = split(read_file(str(path), "crawl.warc.gz"))
    assert [d.url for d in good] == ["https://x.example/0", "https://x.example/1"]
    assert len(bad) == 1 and "truncated" in bad[0].reason and bad[0].record == 2


def test_missing_input_is_an_error_up_front(tmp_path):
    from newsmill.readers import InputError
    with pytest.raises(InputError, match="input not found"):
        list(read_inputs([tmp_path / "nope"]))
