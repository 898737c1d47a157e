"""Plain text (.txt, .md): decode bytes whatever the encoding a Chinese government site used."""

from __future__ import annotations

import codecs

from parsers.record import NotAReport

# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character.
_FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5")


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample and not (sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raise NotAReport when the bytes are not text."""
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if looks_binary(data):
        raise NotAReport(f"{name}: binary data, not text")
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise NotAReport(f"{name}: the bytes are neither UTF-8 nor GB18030/GBK nor Big5 text")
