"""Readers: reports as users find them (HTML, Word, PDF, Traditional characters, manifest.csv).

Generated reports (generator/) are rendered to documents (generator/documents.py), read back through
the same path build.py takes (pipeline.parse_folder) and compared cell by cell with their truth.
"""

from __future__ import annotations

import csv
import io
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import docx
import opencc
import pytest

from generator import generate_report
from generator.documents import document, to_docx, to_html, to_pdf
from generator.model import GeneratedReport
from parsers.record import NotAReport, Report
from pipeline.parse_folder import parse_file, parse_folder
from readers import SUPPORTED_SUFFIXES, read_report_file
from readers.chinese import is_traditional, to_simplified
from readers.html import read_html
from readers.layout import SpanCell, SpanTable, expand
from readers.manifest import parse_manifest

EDITIONS = ("2019", "2021")
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "reports" / "sample").glob("*.txt"))


def generated(
    seed: int, edition: str, layout: str = "pipe_rows", **options: object
) -> GeneratedReport:
    return generate_report(
        random.Random(f"readers:{seed}"), edition=edition, layout=layout, blank_rate=0.0, **options
    )


def assert_cells(report: Report, truth: GeneratedReport) -> None:
    """Every printed cell read as printed (blank stays blank), and nothing read that was not printed."""
    wrong = {
        key: (value, report.value(*key))
        for key, (value, _) in truth.cells.items()
        if report.value(*key) != value
    }
    assert not wrong, f"cells read wrong (truth, read): {wrong}"
    invented = [
        (c.table, c.row, c.column)
        for c in report.cells
        if c.value is not None and (c.table, c.row, c.column) not in truth.cells
    ]
    assert not invented
    assert (report.agency, report.year) == (truth.agency, truth.year)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---------------------------------------------------------------------------------------------
# Round trips: a generated report → document → text → record, every cell compared


@pytest.mark.parametrize("edition", EDITIONS)
def test_gbk_html_page_with_chrome_reads_every_cell(tmp_path: Path, edition: str) -> None:
    truth = generated(1, edition)
    data = to_html(truth, encoding="gbk")
    assert b"charset=gb2312" in data and b"rowspan=" in data and b"colspan=" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = parse_file(write(tmp_path, "report.html", data))
    assert_cells(report, truth)
    assert report.source is not None
    assert (report.source.format, report.source.encoding) == ("html", "gb18030")
    text, _ = read_report_file(tmp_path / "report.html")
    for chrome in (
        "无障碍",
        "登录",
        "ICP备",
        "当前位置",
        "分享到",
        "打印本页",
        "var sections",
        "相关年报",
    ):
        assert chrome not in text
    assert text.splitlines()[0] == truth.title  # printed above the article body, kept


@pytest.mark.parametrize("edition", EDITIONS)
def test_docx_with_merged_cells_reads_every_cell(tmp_path: Path, edition: str) -> None:
    truth = generated(2, edition)
    path = write(tmp_path, "report.docx", to_docx(truth))
    word = docx.Document(str(path))
    header = word.tables[1].rows[0].cells
    assert header[0].text == header[1].text != ""  # merged: python-docx repeats the text
    report = parse_file(path)
    assert_cells(report, truth)
    text, source = read_report_file(path)
    assert source.format == "docx"
    assert "— 1 —" not in text  # the page footer is not report text


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_with_ruled_tables_reads_every_cell(tmp_path: Path, edition: str) -> None:
    truth = generated(3, edition)
    path = write(tmp_path, "report.pdf", to_pdf(truth))
    report = parse_file(path)
    assert_cells(report, truth)
    text, source = read_report_file(path)
    assert source.format == "pdf"
    assert "— 1 —" not in text
    # lines wrapped at the right margin are joined back into their paragraphs
    paragraphs = [block for block in document(truth).blocks if isinstance(block, str)]
    assert set(paragraphs) <= set(text.splitlines())


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_without_rules_reads_every_cell(tmp_path: Path, edition: str) -> None:
    truth = generated(4, edition)
    report = parse_file(write(tmp_path, "report.pdf", to_pdf(truth, ruled=False)))
    assert_cells(report, truth)


def with_blank(truth: GeneratedReport, key: tuple[str, str, str]) -> GeneratedReport:
    return replace(truth, cells={**truth.cells, key: (None, "")})


@pytest.mark.parametrize("render", [to_html, to_docx, to_pdf], ids=["html", "docx", "pdf"])
@pytest.mark.parametrize(
    "key", [("applications", "new", "research"), ("reviews", "review", "upheld")], ids=["三", "四"]
)
def test_blank_cell_is_blank_never_zero(tmp_path: Path, render, key: tuple[str, str, str]) -> None:
    truth = with_blank(generated(5, "2021"), key)
    suffix = render.__name__.removeprefix("to_")
    report = parse_file(write(tmp_path, f"report.{suffix}", render(truth)))
    cell = report.cell(*key)
    assert cell is not None and cell.value is None and cell.raw == ""
    assert_cells(report, truth)


def test_blank_in_last_column_is_placed(tmp_path: Path) -> None:
    truth = with_blank(generated(6, "2021"), ("applications", "new", "total"))
    assert_cells(parse_file(write(tmp_path, "report.html", to_html(truth))), truth)


# ---------------------------------------------------------------------------------------------
# HTML by hand: spans, &nbsp;, encodings, chrome


def test_spans_expand_into_blank_positions() -> None:
    table = SpanTable(
        [
            [SpanCell("A", rowspan=2), SpanCell("B", colspan=2)],
            [SpanCell("1"), SpanCell("2")],
            [SpanCell("C", colspan=3)],
        ]
    )
    assert expand(table) == [["A", "B", ""], ["", "1", "2"], ["C", "", ""]]


def test_html_table_spans_and_nbsp() -> None:
    page = """<html><body><div>一、总体情况</div><table border=1>
    <tr><td rowspan=2>申请人<br>情况</td><td colspan=2>法人或 | 其他组织</td></tr>
    <tr><td>&nbsp;</td><td><p>3</p></td></tr></table></body></html>"""
    text, encoding = read_html(page.encode("utf-8"), "t.html")
    assert encoding == "utf-8"
    assert text.splitlines() == [
        "一、总体情况",
        "",
        "申请人 情况 | 法人或 / 其他组织 |  |",
        " |  | 3 |",
    ]


GBK_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县2021年政府信息公开工作年度报告_某县人民政府</title></head><body>
<table width=980><tr><td class="menu"><a href="/">首页</a><a href="/zw">政务公开</a><a href="/login">登录</a></td></tr>
<tr><td><div class="content"><p>一、总体情况</p><p>本县全年主动公开信息100条。</p>
<p>二、主动公开政府信息情况</p><table border=1><tr><td>信息内容</td><td>本年制发件数</td></tr>
<tr><td>规章</td><td>2</td></tr></table><p>六、其他需要报告的事项</p><p>无。</p></div></td></tr>
<tr><td class="foot">网站标识码 1234 京ICP备0001号</td></tr></table></body></html>"""


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (GBK_PAGE.encode("gbk"), "gb18030"),  # declared gb2312, GBK bytes
        (GBK_PAGE.replace("gb2312", "utf-8").encode("gbk"), "gb18030"),  # declared wrongly
        (GBK_PAGE.replace("charset=gb2312", "").encode("gbk"), "gb18030"),  # undeclared
        (GBK_PAGE.encode("utf-8"), "utf-8"),  # re-saved as UTF-8, the old meta kept
        (b"\xef\xbb\xbf" + GBK_PAGE.encode("utf-8"), "utf-8-sig"),  # BOM first
    ],
    ids=["declared", "wrong-meta", "no-meta", "utf8-old-meta", "bom"],
)
def test_html_encoding_and_layout_table_chrome(data: bytes, encoding: str) -> None:
    text, used = read_html(data, "page.html")
    assert used == encoding
    lines = text.splitlines()
    assert lines[0] == "某县2021年政府信息公开工作年度报告"  # from <title>, the page prints none
    assert "规章 | 2 |" in lines and "本县全年主动公开信息100条。" in lines
    assert not any(word in text for word in ("首页", "登录", "ICP备", "网站标识码"))


# ---------------------------------------------------------------------------------------------
# Bad files: a clear reason naming the file, never an empty record


def scanned_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.effect_noise((200, 280), 60).convert("RGB")
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawImage(ImageReader(image), 40, 100, width=500, height=700)
    page.save()
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=StandardEncryption("secret", "owner"))
    page.drawString(100, 700, "report")
    page.save()
    return out.getvalue()


def truncated_docx() -> bytes:
    data = to_docx(generated(7, "2021"))
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("scan.pdf", scanned_pdf, "OCR"),  # noise: no text found, or no report in it
        ("locked.pdf", encrypted_pdf, "password-protected PDF"),
        ("empty.pdf", lambda: b"", "the file is empty"),
        ("noise.pdf", lambda: random.Random(1).randbytes(4000), "not a PDF file"),
        ("broken.pdf", lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog", "not a readable PDF"),
        ("empty.docx", lambda: b"", "the file is empty"),
        ("noise.docx", lambda: random.Random(2).randbytes(4000), "not a Word .docx file"),
        ("cut.docx", truncated_docx, "not a Word .docx file"),
        (
            "locked.docx",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "password-protected",
        ),
        ("binary.html", lambda: bytes(range(256)) * 4, "binary data"),
    ],
)
def test_bad_file_gives_clear_reason(tmp_path: Path, name: str, make, reason: str) -> None:
    path = write(tmp_path, name, make())
    with pytest.raises(NotAReport) as error:
        parse_file(path)
    message = str(error.value)
    assert message.startswith(f"{name}: ") and reason in message
    assert "\n" not in message
    collection = parse_folder(tmp_path)
    assert not collection.reports
    assert [(f.file, reason in f.reason) for f in collection.failures] == [(name, True)]


def test_every_format_is_dispatched(tmp_path: Path) -> None:
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= set(SUPPORTED_SUFFIXES)
    assert {".doc", ".wps", ".rtf", ".odt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"} <= set(
        SUPPORTED_SUFFIXES
    )
    with pytest.raises(NotAReport, match=r"^report\.xls: unsupported file type '\.xls'"):
        read_report_file(write(tmp_path, "report.xls", b"x"))


# ---------------------------------------------------------------------------------------------
# Traditional characters


def traditional(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


def test_traditional_detection() -> None:
    assert is_traditional("申請人情況：規章、行政許可、政府資訊公開")
    for sample in SAMPLES:  # the seeds are Simplified: left exactly as they are
        text = sample.read_text(encoding="utf-8")
        assert to_simplified(text) == text


@pytest.mark.parametrize(("suffix", "layout"), [(".txt", "tab_rows"), (".htm", "pipe_rows")])
def test_traditional_report_is_read_simplified(tmp_path: Path, suffix: str, layout: str) -> None:
    truth = generated(8, "2019", layout)
    if suffix == ".txt":
        # 爲 (OpenCC's form) is not in Big5; Taiwan and Hong Kong print 為
        data = traditional(truth.text).replace("爲", "為").encode("big5hkscs")
    else:
        page = to_html(truth).decode("utf-8").replace("charset=utf-8", "charset=big5")
        data = traditional(page).encode("big5hkscs", errors="xmlcharrefreplace")
    report = parse_file(write(tmp_path, f"report{suffix}", data))
    assert_cells(report, truth)
    assert "規" not in (report.title or "") + (report.agency or "")


# ---------------------------------------------------------------------------------------------
# manifest.csv


def manifest_bytes(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_manifest_overrides_and_reports_what_it_cannot_apply(tmp_path: Path, encoding: str) -> None:
    first, second = generated(9, "2021"), generated(10, "2019")
    write(tmp_path, "a.txt", first.text)
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/b.md", second.text)
    rows = [
        ["file", "agency", "region", "year", "source_url"],
        [
            "a.txt",
            "某某县人民政府办公室",
            "浙江省杭州市富阳区",
            "2022",
            "https://example.gov.cn/a.html",
        ],
        ["sub/b.md", "", "", "二〇二〇", ""],
        ["gone.pdf", "某局", "", "2021", ""],
    ]
    write(tmp_path, "manifest.csv", manifest_bytes(rows, encoding))
    collection = parse_folder(tmp_path)
    reports = {r.source.file: r for r in collection.reports if r.source}
    a, b = reports["a.txt"], reports["sub/b.md"]
    assert (a.agency, a.agency_source, a.region, a.year) == (
        "某某县人民政府办公室",
        "manifest",
        "浙江省杭州市富阳区",
        2022,
    )
    assert a.source is not None and a.source.source_url == "https://example.gov.cn/a.html"
    assert_cells(a, replace(first, agency=a.agency, year=2022))
    # the row with a bad year overrides nothing else and keeps what the report says
    assert (b.agency, b.year, b.agency_source != "manifest") == (second.agency, second.year, True)
    failures = [f.reason for f in collection.failures if f.file == "manifest.csv"]
    assert len(failures) == 1 and "year '二〇二〇'" in failures[0] and "line 3" in failures[0]
    skipped = [f.reason for f in collection.skipped if f.file == "manifest.csv"]
    assert len(skipped) == 1 and "gone.pdf" in skipped[0] and "line 4" in skipped[0]


def test_manifest_without_file_column_or_with_unknown_columns() -> None:
    assert "no 'file' column" in parse_manifest(b"name,year\na.txt,2020\n").problems[0]
    manifest = parse_manifest("file,agency,remarks\na.txt,某局,备注\n".encode("gb18030"))
    assert manifest.entries["a.txt"].agency == "某局"
    assert "remarks" in manifest.problems[0]


# ---------------------------------------------------------------------------------------------
# A folder as users bring it


def test_mixed_folder_parses_every_report(tmp_path: Path) -> None:
    truths = {
        "plain.txt": (generated(11, "2019", "tab_rows"), None),
        "notes.md": (generated(12, "2021", "pipe_cells"), None),
        "page.html": (generated(13, "2019"), lambda t: to_html(t, encoding="gbk")),
        "word.docx": (generated(14, "2021"), to_docx),
        "scan-free.pdf": (generated(15, "2019"), to_pdf),
    }
    for name, (truth, render) in truths.items():
        write(tmp_path, name, render(truth) if render else truth.text)
    collection = parse_folder(tmp_path)
    assert not collection.failures and not collection.skipped
    reports = {r.source.file: r for r in collection.reports if r.source}
    assert set(reports) == set(truths)
    for name, (truth, _) in truths.items():
        assert_cells(reports[name], truth)

    # and the whole folder builds into one package and one site
    out = tmp_path.parent / f"{tmp_path.name}-out"
    build = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--reports", str(tmp_path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    with (out / "datapackage" / "data" / "reports.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["source_file"]: row["source_format"] for row in rows} == {
        "plain.txt": "txt",
        "notes.md": "md",
        "page.html": "html",
        "word.docx": "docx",
        "scan-free.pdf": "pdf",
    }
    assert all(
        (out / "site" / "reports" / row["report_id"] / "index.html").is_file() for row in rows
    )


def test_document_keeps_every_paragraph_of_the_text() -> None:
    truth = generated(16, "2021")
    doc = document(truth)
    prose = [line.strip() for line in truth.text.splitlines() if line.strip() and "|" not in line]
    assert [*doc.title_lines, *(b for b in doc.blocks if isinstance(b, str))] == prose
    assert sum(not isinstance(b, str) for b in doc.blocks) == 3
