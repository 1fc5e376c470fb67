"""Bytes to text: the encoding of a class list, detected, and broken å/ä/ö repaired.

School systems hand over UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
text"), Windows-1252 or ISO-8859-1, and now and then UTF-8 that was read as Windows-1252 and
saved again ("Ã¥" for "å"). Undecodable bytes become U+FFFD here and are located per cell by
the row readers; a spreadsheet or other binary file is a file-level error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.importing.results import ParsedFile, RowError

_MAGIC = {
    b"PK\x03\x04": "spreadsheet_file",  # .xlsx, .ods (zip)
    b"\xd0\xcf\x11\xe0": "spreadsheet_file",  # .xls
    b"%PDF": "binary_file",
}
# "Ã" or "Â" followed by what Windows-1252 makes of a UTF-8 continuation byte.
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u201a\u0192\u201e\u2026\u2020\u2021"
    "\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022"
    "\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178\u20ac]"
)
_C1_BYTE = re.compile(b"[\x80-\x9f]")
_UTF8_SEQUENCE = re.compile(
    b"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


@dataclass
class DecodedText:
    """A file's text, its encoding, and the file-level error when it is not text at all."""

    text: str = ""
    encoding: str = ""
    repaired: bool = False
    error: RowError | None = None


def decode(data: bytes) -> DecodedText:
    """Detect the encoding and decode; undecodable bytes become U+FFFD, located later."""
    for magic, code in _MAGIC.items():
        if data.startswith(magic):
            return DecodedText(error=RowError(1, "", code, "not a text file"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedText(data.decode("utf-16", errors="replace"), "utf-16")
    if b"\x00" in data:
        return DecodedText(error=RowError(1, "", "binary_file", "not a text file"))
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_not_utf8(data)
    if encoding.startswith("utf-8") and _MOJIBAKE.search(text):
        repaired = _repair_mojibake(text)
        if repaired is not None:
            return DecodedText(repaired, encoding, repaired=True)
    return DecodedText(text, encoding)


def _decode_not_utf8(data: bytes) -> tuple[str, str]:
    as_utf8 = data.decode("utf-8", errors="replace")
    if len(_UTF8_SEQUENCE.findall(data)) > as_utf8.count("\ufffd"):
        return as_utf8, "utf-8"  # UTF-8 with a few damaged bytes: those rows are rejected
    # Without bytes 0x80-0x9F the two encodings read the same; with them only cp1252 makes
    # sense of text (0x81, 0x8D, 0x8F, 0x90, 0x9D stay undecodable and are located later).
    if _C1_BYTE.search(data) is None:
        return data.decode("latin-1"), "iso-8859-1"
    return data.decode("cp1252", errors="replace"), "windows-1252"


def _repair_mojibake(text: str) -> str | None:
    """Undo UTF-8 read as Windows-1252 and saved as UTF-8 again; None if the file is mixed."""
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        try:  # the five bytes cp1252 leaves undefined come through as C1 controls
            raw = bytes(
                b
                for c in text
                for b in (
                    c.encode("cp1252")
                    if ord(c) > 255 or not 0x80 <= ord(c) <= 0x9F
                    else bytes([ord(c)])
                )
            )
        except UnicodeEncodeError:
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def mojibake_warnings(text: str) -> list[RowError]:
    """One warning per line that still looks double-encoded (a file too mixed to repair)."""
    warnings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _MOJIBAKE.search(line):
            warnings.append(RowError(number, "", "mojibake", "å/ä/ö look broken"))
    return warnings


def decoded_text(data: bytes, result: ParsedFile) -> str | None:
    """Decode an import file's bytes, noting in `result` how (encoding, å/ä/ö repaired).

    The first step of reading any import file, a class list's or an absence file's.

    Returns:
        The text; None when there is none to read (not text, or empty), with the located
        error appended to `result.errors`.
    """
    decoded = decode(data)
    result.encoding = decoded.encoding
    if decoded.error:
        result.errors.append(decoded.error)
        return None
    result.repaired_mojibake = decoded.repaired
    if not decoded.text.strip():
        result.errors.append(RowError(1, "", "empty_file", "the file is empty"))
        return None
    return decoded.text


def warn_of_broken_letters(text: str, result: ParsedFile) -> None:
    """Warn of lines whose å/ä/ö still look broken in UTF-8 text that was not repaired."""
    if not result.repaired_mojibake and result.encoding.startswith("utf-8"):
        result.warnings.extend(mojibake_warnings(text))
