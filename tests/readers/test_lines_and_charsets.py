"""JSONL lines stand alone; NUL bytes are removed, not fatal; charsets are decided by the bytes' evidence."""
import codecs

from newsmill.readers import Document, Problem, read_file
from newsmill.readers.decode import decode_document, looks_binary, wide_encoding
from tests.helpers import ARTICLE_PARAGRAPHS, html_page


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Problem)]


def test_a_nul_garbage_line_among_good_records_is_quarantined_alone(tmp_path):
    path = tmp_path / "dump.jsonl"
    good_line = '{"id": "%s", "text": "The council voted on Tuesday."}\n'
    path.write_bytes((good_line % "a").encode() + b"\x00\x00\x00\n" + (good_line % "b").encode()
                     + b"{broken\n" + (good_line % "c").encode())
    good, bad = split(read_file(str(path), "dump.jsonl"))
    assert [d.id for d in good] == ["a", "b", "c"]
    assert [(p.record, p.reason.split(":")[0]) for p in bad] == [(1, "line 2"), (3, "line 4")]
    assert "NUL" in bad[0].reason and "malformed JSON" in bad[1].reason


def test_a_garbage_first_line_does_not_hide_the_dump(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\x00\x00\x00\x00\x00\x00\n" + b'{"id": "a", "text": "kept"}\n' * 3)
    good, (problem,) = split(read_file(str(path), "dump.jsonl"))
    assert len(good) == 3 and problem.record == 0


def test_nul_bytes_inside_a_record_are_removed_and_counted(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"id": "a", "text": "The coun\x00cil voted\\u0000 on Tuesday."}\n')
    (doc,), bad = split(read_file(str(path), "dump.jsonl"))
    assert bad == [] and doc.content == "The council voted on Tuesday." and doc.extra["nul_bytes_removed"] == 2


def test_one_nul_byte_in_an_html_page_does_not_make_it_binary(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(html_page("Trams", ARTICLE_PARAGRAPHS).encode().replace(b"<p>", b"<p>\x00", 1))
    (doc,), bad = split(read_file(str(path), "page.html"))
    assert bad == [] and doc.kind == "html" and "\x00" not in doc.content and doc.extra == {"nul_bytes_removed": 1}


def test_binary_detection_weighs_the_bytes_not_one_of_them():
    assert looks_binary(b"plain text " * 100 + b"\x00") is None
    assert looks_binary(bytes(range(256)) * 8) is not None
    assert looks_binary("UTF-16 text is not binary".encode("utf-16-le")) is None


def test_utf8_with_a_few_stray_bytes_stays_utf8():
    text = "Atak na Kraków: groß, Größe, 東京. " * 20
    data = text.encode() + b"\xff\xfe stray \xc3 end"
    decoded = decode_document(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == 3
    assert "Kraków" in decoded.text and "groß" in decoded.text and "atakГіw" not in decoded.text
    assert decoded.notes() == {"invalid_bytes_replaced": 3}


def test_latin1_with_no_utf8_evidence_is_still_windows_1252():
    decoded = decode_document("Le café est très bon, déjà vu à Paris.".encode("latin-1"))
    assert decoded.encoding == "cp1252" and decoded.replaced == 0 and "déjà" in decoded.text


def test_utf16_and_utf32_by_bom_and_by_nul_pattern():
    text = "<html><body><p>Crème brûlée at the café</p></body></html>"
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        assert wide_encoding(text.encode(encoding)) == encoding
        assert decode_document(text.encode(encoding)).text == text
    for encoding, bom in (("utf-16", codecs.BOM_UTF16_LE), ("utf-32", codecs.BOM_UTF32_LE)):
        data = text.encode(encoding)
        assert data.startswith(bom) and decode_document(data).text == text


def test_utf16_html_files_are_html_with_or_without_bom(tmp_path):
    page = html_page("Trams approved", ARTICLE_PARAGRAPHS)
    (tmp_path / "bom.html").write_bytes(page.encode("utf-16"))
    (tmp_path / "nobom.html").write_bytes(page.encode("utf-16-le"))
    for name in ("bom.html", "nobom.html"):
        (doc,), bad = split(read_file(str(tmp_path / name), name))
        assert bad == [] and doc.kind == "html" and doc.content == page


def test_html_is_sniffed_after_decoding_so_utf16_text_stays_text(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("\n".join(ARTICLE_PARAGRAPHS).encode("utf-16"))
    (doc,), _ = split(read_file(str(path), "notes.txt"))
    assert doc.kind == "text" and doc.content.startswith("The city council")


def test_utf16_without_bom_beyond_ascii_is_found_by_its_spaces_and_newlines():
    text = "Россия удовлетворена выполнением соглашения о прекращении огня.\nΗ Αθήνα είναι η πρωτεύουσα.\n" * 5
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        data = text.encode(encoding)
        assert wide_encoding(data) == encoding and looks_binary(data) is None
        assert decode_document(data).text == text
    assert wide_encoding(bytes(range(256)) * 8) is None
