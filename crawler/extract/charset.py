"""Decode page bytes as the WHATWG HTML standard says: BOM, Content-Type header, meta prescan, sniff."""

import codecs
import re
from collections.abc import Mapping

import charset_normalizer

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le"))
PRESCAN_BYTES = 1024
SNIFF_BYTES = 65536
DEFAULT_ENCODING = "cp1252"
STRAY_BYTES_TOLERATED = 3
# WHATWG label -> decoder where Python's meaning differs from the standard's.
LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254",
    "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030",
    "gbk": "gb18030", "x-gbk": "gb18030", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932", "windows-31j": "cp932",
    "x-user-defined": "cp1252", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
}
SINGLE_BYTE = {"cp1252", "cp1254", "cp874"} | {f"iso8859-{n}" for n in range(2, 17)}
CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
HTTP_EQUIV = re.compile(rb"""http-equiv\s*=\s*["']?\s*content-type""", re.I)
META_CHARSET = re.compile(rb"""\bcharset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def normalise_label(label: str | bytes | None) -> str | None:
    """A Python codec name for an encoding label, None when unknown."""
    if not label:
        return None
    text = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    text = LABEL_ALIASES.get(text, text)
    try:
        name = codecs.lookup(text).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a page read as bytes-compatible text cannot really be UTF-16
    return LABEL_ALIASES.get(name, name)


def bom_encoding(data: bytes) -> tuple[str | None, int]:
    """Encoding named by a byte-order mark and the mark's length."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None, 0


def header_encoding(headers: Mapping[str, str] | None) -> str | None:
    """charset parameter of the Content-Type header."""
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            match = CHARSET_PARAM.search(value.encode("latin-1", "ignore"))
            return normalise_label(match.group(1)) if match else None
    return None


def meta_encoding(data: bytes) -> str | None:
    """<meta charset> or <meta http-equiv=content-type> within the first 1024 bytes."""
    for tag in META_TAG.finditer(data[:PRESCAN_BYTES]):
        text = tag.group(0)
        if re.search(rb"\bcharset\s*=", text, re.I) and (b"http-equiv" not in text.lower() or HTTP_EQUIV.search(text)):
            match = META_CHARSET.search(text)
            if match and (name := normalise_label(match.group(1))):
                return name
    return None


def is_utf8(data: bytes) -> bool:
    """True when the bytes are valid UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_errors(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")


def sniff(data: bytes) -> str:
    """Frequency analysis for an undeclared page: UTF-8 when valid, else the best guess."""
    if is_utf8(data):
        return "utf-8"
    guess = charset_normalizer.from_bytes(data[:SNIFF_BYTES]).best()
    return (normalise_label(guess.encoding) if guess else None) or DEFAULT_ENCODING


def choose_encoding(data: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, int]:
    """Encoding and BOM length; a declared single-byte charset yields to valid multi-byte UTF-8."""
    bom, skip = bom_encoding(data)
    if bom:
        return bom, skip
    declared = header_encoding(headers) or meta_encoding(data)
    if declared is None:
        return sniff(data), 0
    if declared in SINGLE_BYTE and not data.isascii() and is_utf8(data):
        return "utf-8", 0  # mislabelled: legacy text is almost never valid multi-byte UTF-8
    if declared == "utf-8" and _utf8_errors(data) > STRAY_BYTES_TOLERATED:
        return sniff(data), 0  # mislabelled the other way
    return declared, 0


def decode_page(data: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Page text; undecodable bytes become U+FFFD."""
    encoding, skip = choose_encoding(data, headers)
    return data[skip:].decode(encoding, errors="replace")
