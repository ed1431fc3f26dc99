"""Bytes to text, trusting evidence over declarations.

Declared charsets lie: many pages say ISO-8859-1 and are UTF-8. So we try what
the bytes themselves prove first (a BOM, strict UTF-8), then the declaration,
then Windows-1252 when the result looks like Western text, then statistical
detection (charset-normalizer). Bytes that fit no encoding raise
`UndecodableError` so the caller can quarantine the document with a reason.
"""
from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declarations that browsers (WHATWG) read as Windows-1252.
_WESTERN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Encodings seen on the web; DOS and Mac code pages accept almost any bytes and only mislead detection.
WEB_ENCODINGS = (
    "utf_8", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_15", "koi8_r", "koi8_u", "cp932", "shift_jis",
    "euc_jp", "iso2022_jp", "euc_kr", "cp949", "gb18030", "gbk", "big5", "cp874", "tis_620",
)
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
_MAX_LOSSY_RATIO = 0.01


class UndecodableError(ValueError):
    """No encoding decodes these bytes into plausible text."""


def looks_binary(head: bytes) -> str | None:
    """Why `head` is not text (NUL bytes, control characters), or None if it may be text."""
    if not head:
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "binary content (NUL bytes)"
    controls = sum(1 for b in head if b in _CONTROL)
    if controls / len(head) > 0.05:
        return "binary content (control characters)"
    return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTTP header or an HTML <meta> tag claims, if any."""
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
        if match:
            return match.group(1).lower()
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def _plausible_western(text: str) -> bool:
    """Western European text has mostly ASCII letters; mis-decoded CJK/Cyrillic does not."""
    letters = non_ascii = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ord(ch) > 127:
                non_ascii += 1
    return letters == 0 or non_ascii / letters < 0.3


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; returns (text, encoding used). Raises UndecodableError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    declared_name = (declared or "").strip().lower()
    if declared_name in _WESTERN:
        candidates.append("cp1252")
    elif _codec(declared_name) and _codec(declared_name) != "utf-8":
        candidates.append(_codec(declared_name))  # type: ignore[arg-type]
    candidates.append("cp1252")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "cp1252" or _plausible_western(text):
            return text, encoding
    best = charset_normalizer.from_bytes(data, cp_isolation=list(WEB_ENCODINGS)).best()
    if best is not None:
        return str(best), best.encoding
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") / max(len(text), 1) <= _MAX_LOSSY_RATIO:
        return text, "utf-8 (lossy)"
    raise UndecodableError("undecodable bytes: no encoding fits (tried UTF-8, declared, cp1252, detection)")
