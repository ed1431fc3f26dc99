from newsmill.readers.decode import UndecodableError, declared_charset, decode_bytes, looks_binary
import pytest


def test_utf8_wins_over_a_lying_latin1_declaration():
    data = "Café “quoted” — dash".encode("utf-8")
    text, encoding = decode_bytes(data, declared="iso-8859-1")
    assert text == "Café “quoted” — dash"
    assert encoding == "utf-8"


def test_latin1_text_is_decoded_as_windows_1252():
    data = "Le café est très bon à Paris, déjà vu.".encode("latin-1")
    text, encoding = decode_bytes(data)
    assert text == "Le café est très bon à Paris, déjà vu."
    assert encoding == "cp1252"


def test_cyrillic_legacy_encoding_is_detected_not_read_as_latin():
    data = "Россия удовлетворена выполнением соглашения о прекращении огня".encode("cp1251")
    text, _ = decode_bytes(data)
    assert text.startswith("Россия")


def test_declared_charset_from_meta_and_header():
    assert declared_charset(b'<html><head><meta charset="ISO-8859-1">') == "iso-8859-1"
    assert declared_charset(b"", "text/html; charset=Windows-1251") == "windows-1251"
    assert declared_charset(b"<html>") is None


def test_junk_bytes_are_undecodable():
    junk = b"Hello " + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF, 0xFE]) * 40
    with pytest.raises(UndecodableError):
        decode_bytes(junk)


def test_binary_detection():
    assert looks_binary(b"abc\x00def") is not None
    assert looks_binary("plain text\nwith lines\n".encode()) is None
    assert looks_binary(bytes(range(1, 32)) * 10) is not None
