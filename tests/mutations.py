"""Helpers for the fuzz and hostile-input tests: seed texts, deterministic mutations, odd encodings,
a time bound per parse, and the property every parsed cell must satisfy (its value comes from the
input text)."""

from __future__ import annotations

import codecs
import math
import random
import re
import signal
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

from parsers.normalize import drop_invisible
from parsers.record import Report
from template.form import AMOUNT, cell_specs, cell_title

SAMPLE = Path(__file__).resolve().parent.parent / "reports" / "sample"
SEED_NAMES = tuple(sorted(p.name for p in SAMPLE.glob("*.txt")))
TIME_BOUND = 10  # seconds per parse: catches hangs, asserts nothing about speed


def seed_text(name: str) -> str:
    return (SAMPLE / name).read_text(encoding="utf-8")


class Hang(Exception):
    pass


@contextmanager
def time_bound(seconds: int = TIME_BOUND, what: str = "parse") -> Iterator[None]:
    """Raise Hang when the block runs longer than `seconds` (SIGALRM; main thread only)."""

    def alarm(signum, frame):  # noqa: ARG001
        raise Hang(f"{what} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------------------------
# Junk to insert

HUGE = "9" * 400
JUNK: tuple[str, ...] = (
    "\x00\x01\x02\x7f\x1b[31m",
    "\ufffd\ufffe\uffff",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<table><tr><td>1</td><td>2</td></tr></table>",
    "&lt;b&gt;&amp;&#x4e00;",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}{% raw %}<!-- -->",
    HUGE,
    HUGE + ".5元",
    "-" + HUGE,
    "1e400",
    "１２３４５",  # full-width digits
    "١٢٣",  # Arabic-Indic digits
    "१२३",  # Devanagari digits
    "12²³",  # superscripts: isdigit() but not decimal
    "①②③",
    "1,234,567",
    "12.5万元",
    "3元",
    "7（其中修订 2 件）",
    "\u200b\u200c\u200d\u2060",  # zero-width
    "\u202e123\u202c",  # right-to-left override
    "e\u0301\u0301\u0301",  # combining marks
    "\u2028\u2029\x85\x0b\x0c",  # line separators str.splitlines knows and str.split does not
    "\ud800",  # lone surrogate (text tests only: cannot be encoded)
    "\U0001f600\U0001f4a9",
    "|||||",
    "\t\t\t",
    "— 3 —",
    "第 3 页 共 5 页",
    "一、总体情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "（一）予以公开",
)


def long_line(rng: random.Random) -> str:
    unit = rng.choice(("一", "9", "|", "\t", "a b ", "（", "1|", "规章"))
    return unit * rng.choice((1_000, 20_000, 100_000))


# ---------------------------------------------------------------------------------------------
# Text mutations: each takes (rng, text) and returns a new text

Mutation = Callable[[random.Random, str], str]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return "\n".join(lines)


def swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    j = min(len(lines) - 1, i + 1) if rng.random() < 0.5 else rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def delete_chars(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + text[i + rng.choice((1, 1, 2, 5)) :]


def duplicate_chars(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    n = rng.choice((1, 2, 5))
    return text[: i + n] + text[i : i + n] + text[i + n :]


def swap_chars(rng: random.Random, text: str) -> str:
    if len(text) < 2:
        return text
    i = rng.randrange(len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def insert_junk(rng: random.Random, text: str) -> str:
    junk = long_line(rng) if rng.random() < 0.08 else rng.choice(JUNK)
    i = rng.randrange(len(text) + 1)
    if rng.random() < 0.5:  # at a line start, as a line of its own
        i = text.rfind("\n", 0, i) + 1
        junk += "\n"
    return text[:i] + junk + text[i:]


_DIGITS = re.compile(r"\d+")


def replace_number(rng: random.Random, text: str) -> str:
    """A printed number (most are table cells) → a number-like oddity."""
    found = list(_DIGITS.finditer(text))
    if not found:
        return text
    m = rng.choice(found)
    new = rng.choice(
        (HUGE, "0" + m[0], m[0] + ".5", m[0] + "元", m[0] + "万元", "-" + m[0],
         m[0].translate(_FULL_WIDTH), m[0] + "²", "١٢", "1,000", "", "—", "无", "0 0",
         m[0] + "（注）", m[0] * 3, "9" * 41)
    )  # fmt: skip
    return text[: m.start()] + new + text[m.end() :]


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def glue_row(rng: random.Random, text: str) -> str:
    """Remove every cell separator of one line: `label | 1 | 2 |` → `label12`."""
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if ("|" in line or "\t" in line)]
    if not candidates:
        return text
    i = rng.choice(candidates)
    lines[i] = re.sub(r"[|\t ]", "", lines[i])
    return "\n".join(lines)


def line_endings(rng: random.Random, text: str) -> str:
    """CRLF, CR, or a mix, at the text level."""
    choice = rng.randrange(3)
    if choice == 0:
        return text.replace("\n", "\r\n")
    if choice == 1:
        return text.replace("\n", "\r")
    return "".join(
        line + rng.choice(("\n", "\r\n", "\r")) for line in text.split("\n")
    )  # fmt: skip


def insert_bom(rng: random.Random, text: str) -> str:
    i = 0 if rng.random() < 0.5 else rng.randrange(len(text) + 1)
    return text[:i] + "\ufeff" + text[i:]


MUTATIONS: tuple[Mutation, ...] = (
    delete_line, duplicate_line, swap_lines, delete_chars, duplicate_chars, swap_chars, truncate,
    insert_junk, insert_junk, replace_number, replace_number, glue_row, line_endings, insert_bom,
)  # fmt: skip


def mutate(rng: random.Random, text: str) -> tuple[str, list[str]]:
    """1–4 random mutations; returns the text and the names of the mutations applied."""
    applied: list[str] = []
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        mutation = rng.choice(MUTATIONS)
        text = mutation(rng, text)
        applied.append(mutation.__name__)
    return text, applied


# ---------------------------------------------------------------------------------------------
# Bytes: odd encodings


def encode(rng: random.Random, text: str) -> tuple[bytes, str]:
    """The text as bytes in an encoding a government site may use, or a broken one."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # no lone surrogates
    how = rng.choice(
        ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5", "crlf",
         "mixed", "cut", "bytes", "bom+junk")
    )  # fmt: skip
    if how in ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"):
        return text.encode(how), how
    if how == "big5":
        return text.encode("big5", "replace"), how
    if how == "crlf":
        return text.replace("\n", "\r\n").encode(rng.choice(("utf-8", "gb18030"))), how
    data = text.encode("utf-8")
    if how == "mixed":  # a page pasted together from a UTF-8 and a GB18030 source
        half = len(text) // 2
        return text[:half].encode("utf-8") + text[half:].encode("gb18030"), how
    if how == "cut":  # cut in the middle of a multi-byte character
        return data[: max(1, rng.randrange(len(data) + 1))], how
    if how == "bom+junk":
        bom = rng.choice((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        return bom + rng.randbytes(rng.choice((1, 3, 64))) + data, how
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.randbytes(rng.choice((1, 2, 16, 512))) + data[i:], how


# ---------------------------------------------------------------------------------------------
# The provenance property: every non-null cell value comes from the input


def parser_lines(text: str) -> list[str]:
    """The lines `Cell.line` counts and `Cell.raw` is cut from (parse_report's own normalisation:
    characters that print as nothing removed, line ends unified)."""
    return drop_invisible(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


_PRINTED = re.compile(
    r"^(?P<number>[-+]?\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|元|万|件|条|个|项|次|人次|家|起|宗|份|篇)?\s*(?:[(（].*[)）])?$"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_KINDS = {
    (spec.table, spec.row.code, spec.column.code): spec.column.kind
    for edition in ("2019", "2021")
    for spec in cell_specs(edition)
}


def printed_number(raw: str) -> tuple[Decimal, str | None] | None:
    """(number, unit) a printed cell reads as: widths normalised, spaces and thousands separators
    dropped, an optional unit and a bracketed note after the number; None when it is not one."""
    normal = unicodedata.normalize("NFKC", raw.strip()).replace(" ", "")
    match = _PRINTED.match(_THOUSANDS.sub("", normal))
    if not match:
        return None
    try:
        return Decimal(match["number"]), match["unit"]
    except InvalidOperation:
        return None


def decimal_runs(line: str) -> list[str]:
    """Runs of decimal digits on a line, each digit as ASCII (full-width ２ → 2; ² is no digit)."""
    ascii_digits = "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() else " " for c in line
    )  # fmt: skip
    return ascii_digits.split()


def _same(value: float | int, expected: Decimal) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return expected == value
    return float(expected) == value


def cell_problems(text: str, report: Report) -> list[str]:
    """Why a cell's value does not come from the input; [] when every one does.

    A non-null value's `raw` occurs on its `line` and reads as the value (an amount printed in 元,
    or under a 元 header, is divided by 10000 into 万元), or it is a part of a digit run printed on
    that line which the parser split by the form's identities (raw is then the part in ASCII
    digits, without a leading zero, and the value is that integer)."""
    lines = parser_lines(text)
    split_lines = {
        w.line for w in report.warnings if w.code == "digit_run" and "留空" not in w.message
    }
    # a number no figure can be (beyond 2^53) is left blank with a warning naming the cell
    refusals = " ".join(w.message for w in report.warnings if w.code == "odd_value")
    problems: list[str] = []
    for cell in report.cells:
        where = f"{cell.table}/{cell.row}/{cell.column} (line {cell.line}, raw {cell.raw!r})"
        if cell.value is None:
            refused = cell_title(cell.table, cell.row, cell.column) in refusals
            if cell.raw and printed_number(cell.raw) is not None and not refused:
                problems.append(f"{where}: a printed number left blank without a warning")
            continue
        if isinstance(cell.value, float) and not math.isfinite(cell.value):
            problems.append(f"{where}: value {cell.value!r} is not a finite number")
            continue
        if cell.raw is None or cell.line is None or not 1 <= cell.line <= len(lines):
            problems.append(f"{where}: value {cell.value!r} has no printed source")
            continue
        line = lines[cell.line - 1]
        if cell.raw and cell.raw in line and (read := printed_number(cell.raw)) is not None:
            number, unit = read
            amount = _KINDS.get((cell.table, cell.row, cell.column)) == AMOUNT
            if amount and unit == "元":
                allowed = [number / 10000]
            elif amount and unit is None:
                allowed = [number, number / 10000]  # the column header may say 元
            else:
                allowed = [number]
            if not any(_same(cell.value, a) for a in allowed):
                problems.append(f"{where}: value {cell.value!r} is not what {cell.raw!r} reads as")
            continue
        part_of_run = (
            cell.line in split_lines
            and cell.raw.isascii()
            and cell.raw.isdigit()
            and (cell.raw == "0" or not cell.raw.startswith("0"))
            and any(cell.raw in run for run in decimal_runs(line))
        )
        if not part_of_run:
            problems.append(
                f"{where}: raw text does not occur on line {cell.line}: {line[:200]!r}"
                + _diagnosis(lines, cell.line, cell.raw)
            )
        elif not _same(cell.value, Decimal(cell.raw)):
            problems.append(f"{where}: value {cell.value!r} is not the digits {cell.raw}")
    return problems


def _diagnosis(lines: list[str], line: int, raw: str) -> str:
    """What the parser made of the text, for known ways a raw text is not on its line."""
    for first in range(line - 1, max(0, line - 6), -1):
        pieces = [text.strip().strip("|").strip() for text in lines[first - 1 : line]]
        joined = "".join(pieces)
        if joined == raw or (raw.isdigit() and any(raw in r for r in decimal_runs(joined))):
            return f"; it joins lines {first}–{line}"
    text = lines[line - 1]
    if any(c.isdigit() and not c.isdecimal() for c in text) and raw in "".join(
        c for c in unicodedata.normalize("NFKC", text) if c.isdigit()
    ):
        return "; it reads a non-decimal digit (such as ²) as a digit"
    return ""


# ---------------------------------------------------------------------------------------------
# Whole-text mutations of real reports (as ../shared/tools/fuzz.py draws them): `KEEP` ones keep
# the meaning, so every cell must still be the truth; `BREAK` ones destroy information, so cells
# may be lost but a value must never be a number the text does not print.

_PAGE_JUNK = (
    "首页 > 政务公开 > 年度报告",
    "字号：大 中 小  打印  关闭",
    "分享到：微信 微博",
    "【打印】【关闭】",
)
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")


def flatten(rng: random.Random, text: str) -> str:  # noqa: ARG001 - one signature for all
    return text.replace("\n", "")


def newlines_to_spaces(rng: random.Random, text: str) -> str:  # noqa: ARG001
    return text.replace("\n", " ")


def invisible_characters(rng: random.Random, text: str) -> str:
    """Zero-width and other invisible characters after one non-digit in 200 (inside words)."""
    chars = list(text)
    for _ in range(max(1, len(chars) // 200)):
        i = rng.randrange(len(chars))
        if not chars[i].isdigit():
            chars[i] += rng.choice(INVISIBLE)
    return "".join(chars)


def full_width_digits(rng: random.Random, text: str) -> str:  # noqa: ARG001
    return text.translate(_FULL_WIDTH)


def no_break_spaces(rng: random.Random, text: str) -> str:  # noqa: ARG001
    return text.replace(" ", "\xa0")


def page_junk(rng: random.Random, text: str) -> str:
    return "\n".join(rng.sample(_PAGE_JUNK, 2)) + "\n" + text + "\n" + rng.choice(_PAGE_JUNK)


def crlf(rng: random.Random, text: str) -> str:  # noqa: ARG001
    return text.replace("\n", "\r\n")


def spaces_to_tabs(rng: random.Random, text: str) -> str:  # noqa: ARG001
    return re.sub(r" +", "\t", text)


def cut_chunk(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text))
    return text[:i] + text[i + rng.randrange(1, 400) :]


def swap_digits(rng: random.Random, text: str) -> str:
    digits = [m.start() for m in re.finditer(r"\d", text)]
    if len(digits) < 2:
        return text
    i, j = rng.sample(digits, 2)
    chars = list(text)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def noise(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 30)):
        chars[rng.randrange(len(chars))] = chr(rng.randrange(0x20, 0x9FFF))
    return "".join(chars)


def shuffle_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.randrange(2, 20))
    part = lines[a:b]
    rng.shuffle(part)
    return "\n".join(lines[:a] + part + lines[b:])


def repeat_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    return "\n".join(lines[: i + 1] + lines[i : i + 5] + lines[i + 1 :])


def drop_digits(rng: random.Random, text: str) -> str:
    digits = [m.start() for m in re.finditer(r"\d", text)]
    drop = set(rng.sample(digits, min(len(digits), rng.randrange(1, 6))))
    return "".join(c for k, c in enumerate(text) if k not in drop)


KEEP: tuple[Mutation, ...] = (
    flatten, newlines_to_spaces, invisible_characters, full_width_digits, no_break_spaces,
    page_junk, crlf, spaces_to_tabs,
)  # fmt: skip
BREAK: tuple[Mutation, ...] = (
    truncate, cut_chunk, swap_digits, noise, shuffle_lines, repeat_lines, drop_digits,
)  # fmt: skip


def digits_of(value: float | int) -> list[str]:
    """The digits a printed number would show: as given, and ×10000 (money printed in 元)."""
    out = []
    for v in (value, value * 10000):
        printed = f"{abs(v):.6f}".rstrip("0").rstrip(".")
        out.append(re.sub(r"\D", "", printed))
    return out


def invented(text: str, report: Report) -> list[str]:
    """Cells whose value's digits are nowhere in the text (digits of the whole text run together)."""
    flat = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", text))
    return [
        f"{c.table}.{c.row}.{c.column}={c.value}"
        for c in report.cells
        if c.value is not None and not any(d in flat for d in digits_of(c.value))
    ]
