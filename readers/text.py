"""Plain text (.txt, .md): decode bytes whatever the encoding a Chinese government site used."""

from __future__ import annotations

import codecs

from parsers.record import NotAReport

# GB2312 and GBK are subsets of GB18030, Big5 of Big5-HKSCS: decoding with the superset never
# loses a character.
_FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5hkscs")
_SAMPLE = 20_000


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample and not (
        sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE)
    ):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > 0.05


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_after_bom(data: bytes, name: str) -> tuple[str, str] | None:
    """(text, encoding) of bytes that start with a byte-order mark; None without one. Bytes that
    do not follow the mark's encoding are refused (truncated UTF-16, junk after a UTF-8 mark)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise NotAReport(
                    f"{name}: the file starts with a {encoding.upper()} byte-order mark but the "
                    f"bytes after it are not {encoding.upper()} (at byte {error.start})"
                ) from None
    return None


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raise NotAReport when the bytes are not text."""
    if not data.strip():
        raise NotAReport(f"{name}: the file is empty")
    decoded = decode_after_bom(data, name)
    if decoded is not None:
        return decoded
    if looks_binary(data):
        raise NotAReport(f"{name}: binary data, not text")
    decoded = best_decoding(data, _FALLBACK_ENCODINGS)
    if decoded is None:
        raise NotAReport(f"{name}: the bytes are neither UTF-8 nor GB18030/GBK nor Big5 text")
    return decoded


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese report is made of. Big5 bytes read as GB18030 (and the
    reverse) decode without error, into kana, bopomofo, box drawing and rare ideographs."""
    sample = text[:_SAMPLE]
    plausible = sum(
        1
        for char in sample
        if char.isascii()
        or "\u4e00" <= char <= "\u9fff"
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
        or "\u2010" <= char <= "\u203a"
    )
    return plausible / max(len(sample), 1)


def best_decoding(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """(text, encoding): UTF-8 when the bytes are UTF-8 (legacy encodings almost never are), else
    the legacy encoding whose reading looks most like Chinese text; None when none decodes."""
    candidates: list[tuple[str, str]] = []
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "utf-8":
            return text, encoding
        candidates.append((text, encoding))
    if not candidates:
        return None
    # max keeps the first of equals: the order of `encodings` breaks ties
    return max(candidates, key=lambda candidate: _plausible_share(candidate[0]))
