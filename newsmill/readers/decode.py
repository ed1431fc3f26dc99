"""Bytes to text, trusting evidence over declarations.

Declared charsets lie: many pages say ISO-8859-1 and are UTF-8. So we try what
the bytes themselves prove first (a BOM, a UTF-16/32 NUL pattern, strict UTF-8,
UTF-8 but for a few stray bytes), then the declaration, then Windows-1252 when
the result looks like Western text, then statistical detection
(charset-normalizer). Bytes that fit no encoding raise `UndecodableError` so the
caller can quarantine the document with a reason.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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
# UTF-8 but for a few stray bytes stays UTF-8: at most this many bad sequences, and fewer than the good ones.
_MAX_STRAY_BYTES = 8
_NUL_PATTERN_SAMPLE = 4096


class UndecodableError(ValueError):
    """No encoding decodes these bytes into plausible text."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and what it took: the encoding, stray bytes replaced, NUL bytes removed."""

    text: str
    encoding: str
    replaced: int = 0
    nul_removed: int = 0

    def notes(self) -> dict[str, int]:
        """The repairs, for a document's `extra` (nothing when none was needed)."""
        out = {}
        if self.replaced:
            out["invalid_bytes_replaced"] = self.replaced
        if self.nul_removed:
            out["nul_bytes_removed"] = self.nul_removed
        return out


def _plausible_wide(sample: bytes, encoding: str) -> bool:
    """The sample read in `encoding` is text: printable characters and whitespace, at most a cut one at the end."""
    text = sample.decode(encoding, errors="replace")
    if text.count("\ufffd") > 1:
        return False
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return good >= 0.95 * len(text)


def wide_encoding(head: bytes) -> str | None:
    """UTF-16/32 by BOM or, without one, by where the NUL bytes fall.

    In UTF-32 the two high bytes of every BMP character are NUL; in UTF-16 the high
    byte of ASCII characters (spaces, newlines, digits) is, so even Cyrillic or Greek
    text shows NULs on one side only. The guess is checked by reading the sample.
    """
    for bom, encoding in _BOMS[1:]:
        if head.startswith(bom):
            return encoding
    sample = head[:_NUL_PATTERN_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    lanes = [sample[i::4].count(0) / (len(sample) // 4) for i in range(4)]
    even, odd = (lanes[0] + lanes[2]) / 2, (lanes[1] + lanes[3]) / 2
    guesses = (
        ("utf-32-le", lanes[2] > 0.9 and lanes[3] > 0.9 and lanes[0] < 0.1),
        ("utf-32-be", lanes[0] > 0.9 and lanes[1] > 0.9 and lanes[3] < 0.1),
        ("utf-16-le", odd >= 0.05 and even <= 0.005),
        ("utf-16-be", even >= 0.05 and odd <= 0.005),
    )
    for encoding, fits in guesses:
        if fits and _plausible_wide(sample, encoding):
            return encoding
    return None


def looks_binary(head: bytes) -> str | None:
    """Why `head` is not text, or None if it may be text.

    One NUL byte does not make a file binary (crawls hold text with a stray NUL);
    a share of NUL and control bytes does, unless they fall in a UTF-16/32 pattern.
    """
    if not head or wide_encoding(head):
        return None
    nuls = head.count(0)
    controls = sum(1 for b in head if b in _CONTROL)
    if controls / len(head) <= 0.05:
        return None
    return "binary content (NUL bytes)" if nuls * 2 >= controls else "binary content (control characters)"


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


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with its few stray bytes replaced, if the rest is proven UTF-8 (multi-byte sequences)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    if 0 < bad <= _MAX_STRAY_BYTES and bad < good:
        return text, bad
    return None


def decode_document(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data` and remove NUL bytes from the text (counted). Raises UndecodableError."""
    text, encoding, replaced = _decode(data, declared)
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
    return Decoded(text, encoding, replaced, nuls)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; returns (text, encoding used). Raises UndecodableError."""
    text, encoding, _ = _decode(data, declared)
    return text, encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str, int]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig", 0
        except UnicodeDecodeError:
            pass
    wide = wide_encoding(data)
    if wide:  # "utf-16" (BOM, consumed) or "utf-16-le" (NUL pattern); a cut-off last character is replaced
        text = data.decode(wide, errors="replace")
        replaced = text.count("\ufffd")
        if replaced <= _MAX_STRAY_BYTES:
            return text, wide, replaced
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly:
        return mostly[0], "utf-8", mostly[1]
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
            return text, encoding, 0
    import charset_normalizer  # slow to import; only legacy-charset documents need it

    best = charset_normalizer.from_bytes(data, cp_isolation=list(WEB_ENCODINGS)).best()
    if best is not None:
        return str(best), best.encoding, 0
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if replaced / max(len(text), 1) <= _MAX_LOSSY_RATIO:
        return text, "utf-8 (lossy)", replaced
    raise UndecodableError("undecodable bytes: no encoding fits (tried UTF-8, declared, cp1252, detection)")
