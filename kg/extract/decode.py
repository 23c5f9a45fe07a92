"""Bytes of a report file → its text, whatever encoding the user saved it in.

Order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32; the mark is dropped), strict UTF-8, the charset an
HTML page declares, then charset-normalizer's guess among the encodings Chinese text is published in. Office
documents and PDFs are refused with a way to convert them; bytes that none of these read are refused naming the
file and the line of the first byte that is not UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import InputError

# Longest first: UTF-32-LE's mark begins with UTF-16-LE's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# What Chinese government sites and users' editors write (GB18030 reads GB2312 and GBK; Big5-HKSCS reads Big5).
CHINESE_ENCODINGS = ("gb18030", "big5hkscs", "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be")
# A page labelled GB2312 or GBK often holds characters only GBK or GB18030 has: read it with the superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs",
             "x-euc-tw": "big5hkscs"}
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)

# Files that are not text at all: (magic bytes, what it is, how to make text of it).
_CONTAINERS = (
    (b"%PDF-", "a PDF document", "copy its text into a UTF-8 .txt file (or `pdftotext -layout FILE.pdf FILE.txt`, "
     "from poppler-utils) and ingest that"),
    (b"PK\x03\x04", "a Word (.docx), WPS or other zipped document",
     "open it and save it as plain text (UTF-8) or as a web page (.html), then ingest that file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or WPS document",
     "open it and save it as plain text (UTF-8) or as a web page (.html), then ingest that file"),
    (b"{\\rtf", "an RTF document", "open it and save it as plain text (UTF-8), then ingest that file"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that read it, as Python names it
    bom: bool  # whether a byte-order mark was dropped


def refuse_documents(data: bytes, path: Path) -> None:
    """Office documents and PDFs are not text: say so, and how to convert them. Known by their first bytes, not
    their names: sites often serve an HTML page as `.doc`, which reads as the page it is."""
    found = next((c for c in _CONTAINERS if data.startswith(c[0])), None)
    if found is not None:
        _magic, what, how = found
        raise InputError(f"is {what}, not text: {how}", file=path)


def decode(data: bytes, path: Path) -> Decoded:
    refuse_documents(data, path)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data[len(bom):], codec, path), codec, True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    declared = _declared_charset(data)
    if declared is not None:
        try:
            return Decoded(data.decode(declared), declared, False)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong label is common; let the detector decide
    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is not None and best.encoding is not None:
        text = str(best)
        if "\x00" not in text:
            return Decoded(text, best.encoding, False)
    line = data[:first_bad].count(b"\n") + 1
    raise InputError(f"cannot tell how this file's text is encoded (byte 0x{data[first_bad]:02x} at byte offset "
                     f"{first_bad} is not UTF-8, and it does not read as GB18030, Big5 or UTF-16 either); "
                     "save the report as UTF-8 text", file=path, line=line)


def _strict(data: bytes, codec: str, path: Path) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"starts with a {codec.upper()} byte-order mark but is not {codec.upper()} "
                         f"(bad bytes at byte offset {exc.start + 1})", file=path) from None


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    if found is None:
        return None
    label = found.group(1).decode("ascii").lower()
    return _SUPERSET.get(label, label)
