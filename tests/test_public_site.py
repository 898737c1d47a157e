"""The public site: one record counts per agency-year, and every page speaks Chinese.

Built for real (parse → data package → MkDocs) from a folder as users collect it: the same PDF
saved twice, one report as an HTML page, a GB2312 page and a Word file, a mirror PDF that reads
one cell differently, the sample corpus, the six real reports, and files that are no reports.
"""

from __future__ import annotations

import copy
import csv
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import frictionless
import pytest
from copies_corpus import CHANGED, MIRROR, NEW_TOTAL, SAME_PDF, THREE_FORMATS, write_copies
from test_site import quality_pages

from package_builder import describe_reports, write_package
from package_builder.copies import AGREES, DISAGREES, IDENTICAL
from parsers import parse_report
from parsers.record import Source
from pipeline.parse_folder import Collection, parse_folder
from sitegen import build_site
from template.form import cell_title

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "sample"
REAL = Path(__file__).resolve().parent / "fixtures" / "real"
# Warnings written by the parser's table readers (parsers/tables.py and its helpers).
PARSER_TABLE_CODES = frozenset(
    {"fuzzy_label", "unknown_label", "row_shape", "digit_run", "duplicate_row", "odd_value"}
)


def build(folder: Path, out: Path) -> tuple[Collection, Path, Path]:
    collection = parse_folder(folder)
    write_package(collection, out / "datapackage")
    build_site(collection, out / "datapackage", out / "site")
    return collection, out / "datapackage", out / "site"


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    tmp = tmp_path_factory.mktemp("copies")
    corpus = write_copies(tmp / "reports")
    collection, package, site = build(tmp / "reports", tmp / "out")
    return corpus, collection, package, site


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("public")
    folder = tmp / "reports"
    write_copies(folder / "copies")
    shutil.copytree(SAMPLE, folder / "sample")
    shutil.copytree(REAL, folder / "real")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.txt").write_text("会议纪要：今天讨论了食堂的菜单。\n" * 5, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a report")
    (folder / "animation.gif").write_bytes(b"GIF89a not a report")
    return build(folder, tmp / "out")[2]


def reports_rows(package: Path) -> dict[str, dict[str, str]]:
    with (package / "data" / "reports.csv").open(encoding="utf-8", newline="") as handle:
        return {row["source_file"]: row for row in csv.DictReader(handle)}


def counted_format(rows: dict[str, dict[str, str]]) -> dict[str, str]:
    """The counted one of the report given in three formats."""
    return next(rows[name] for name in THREE_FORMATS if rows[name]["counted"] == "true")


def table_after(html: str, marker: str) -> str:
    rest = html[html.index(marker) :]
    return rest[: rest.index("</table>")]


def text_of(html: str) -> str:
    """A page's text without tags, whitespace collapsed."""
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- one agency-year, one record ----------------------------------------------------------------
def test_totals_count_each_agency_year_once(copies) -> None:  # noqa: ANN001
    corpus, _, package, site = copies
    rows = reports_rows(package)
    assert len(rows) == 6  # every file is kept in the data
    counted = [row for row in rows.values() if row["counted"] == "true"]
    assert len(counted) == 2  # two agency-years
    assert rows["b.pdf"]["copy_kind"] == IDENTICAL and rows["a.pdf"]["counted"] == "true"
    assert rows["b.pdf"]["copy_of"] == rows["a.pdf"]["report_id"]
    assert rows[MIRROR]["copy_kind"] == DISAGREES and rows[MIRROR]["counted"] == "false"
    formats = [rows[name] for name in THREE_FORMATS]
    assert sum(row["counted"] == "true" for row in formats) == 1
    assert sorted(row["copy_kind"] for row in formats) == ["", AGREES, AGREES]
    chosen = counted_format(rows)
    assert chosen["source_format"] == "html"  # same cells and checks: the web page comes first
    assert "格式顺序" in chosen["choice_reason"]

    truths = (corpus.pdf_report, corpus.formats_report)
    new = sum(truth.cells[NEW_TOTAL][0] for truth in truths)
    home = text_of(page(site, ""))
    assert f"本年新收政府信息公开申请合计： {new:,} 件" in home
    assert "目前收录 2 份报告" in home
    assert "另有 4 份副本不计入" in home
    stats = text_of(page(site, "stats"))
    for truth in truths:
        same_year = [t for t in truths if t.year == truth.year]
        year_new = sum(t.cells[NEW_TOTAL][0] for t in same_year)
        assert f"{truth.year}年 {len(same_year)} {len(same_year)} {year_new:,} " in stats
        year_page = text_of(page(site, f"years/{truth.year}"))
        assert f"{truth.year}年 {len(same_year)} {len(same_year)} {year_new:,} " in year_page


def test_an_agency_page_has_one_row_per_year_with_its_copies_as_links(copies) -> None:  # noqa: ANN001
    _, _, package, site = copies
    rows = reports_rows(package)
    chosen = counted_format(rows)
    table = table_after(page(site, f"agencies/{chosen['agency_slug']}"), "各年度报告")
    assert table.count("<tr>") == 2  # the header and one year
    for name in (*THREE_FORMATS, MIRROR):
        row = rows[name]
        if row["counted"] == "false":
            assert f'href="../../reports/{row["report_id"]}/"' in table
    assert f'href="../../reports/{chosen["report_id"]}/"' in table


def test_a_copy_says_it_is_not_counted_and_links_the_counted_record(copies) -> None:  # noqa: ANN001
    _, _, package, site = copies
    rows = reports_rows(package)
    copy_page = page(site, f"reports/{rows[SAME_PDF[1]]['report_id']}")
    assert "不计入任何统计" in text_of(copy_page)
    assert f'href="../../reports/{rows[SAME_PDF[0]]["report_id"]}/"' in copy_page
    counted_page = page(site, f"reports/{rows[SAME_PDF[0]]['report_id']}")
    assert f'href="../../reports/{rows[SAME_PDF[1]]["report_id"]}/"' in counted_page
    assert "同一文件（字节完全相同）" in text_of(counted_page)


def test_a_disagreement_is_shown_side_by_side(copies) -> None:  # noqa: ANN001
    corpus, _, package, site = copies
    rows = reports_rows(package)
    chosen = counted_format(rows)
    html = page(site, f"reports/{chosen['report_id']}")
    table = text_of(table_after(html, 'class="copy-differences"'))
    original = corpus.formats_report.cells[CHANGED][0]
    assert f"{cell_title(*CHANGED)} {original} {corpus.mirror_value}" in table
    assert chosen["source_file"] in table and MIRROR in table
    assert table.count(" · ") == 1  # only the cell that differs


def test_the_package_with_copies_validates(copies) -> None:  # noqa: ANN001
    _, _, package, _ = copies
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_most_complete_reading_counts_whatever_its_format_or_name() -> None:
    text = sorted(SAMPLE.glob("*.txt"))[0].read_text(encoding="utf-8")
    full = parse_report(text)
    worse = copy.deepcopy(full)
    next(cell for cell in worse.cells if cell.value is not None).value = None  # one cell fewer
    full.source = Source("z.txt", "1" * 64, 1, "txt")  # the format and name that come last
    worse.source = Source("a.html", "2" * 64, 1, "html")
    lesser, complete = describe_reports([worse, full])
    assert complete.counted and not lesser.counted
    assert (lesser.copy_of, lesser.copy_kind) == (complete.report_id, DISAGREES)
    assert complete.choice_reason is not None
    assert complete.choice_reason.startswith("读出的单元格最多")


# --- Chinese throughout -------------------------------------------------------------------------
_SKIPPED_TAGS = frozenset({"script", "style", "code", "svg", "head", "textarea"})  # textarea: SQL
_VOID = frozenset({"br", "meta", "link", "img", "input", "hr", "wbr", "source", "area", "col"})
_PHRASES = re.compile(
    r"https?://\S+|www\.\S+|[\w./\-]*\.(?:pdf|html?|docx?|wps|rtf|odt|txt|md|csv|json|parquet|zip|xlsx|jpe?g|png|tiff?|gif)\b"
    r"|Material for MkDocs|Frictionless Data Package|Table Schema|CC BY|SHA-256|UTF-8|GB2312"
)
_WORDS = frozenset(
    {"CSV", "JSON", "ZIP", "PDF", "PARQUET", "Parquet", "Word", "Markdown", "MkDocs", "MIT"}
    | {"SQL", "DuckDB", "WASM", "GitHub"}
)
_LATIN = re.compile(r"[A-Za-z][A-Za-z_]+")


class VisibleText(HTMLParser):
    """Text a reader sees, outside <code> and outside what the report itself prints (its prose
    and printed headings)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: whether its text is skipped
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        skipped = tag in _SKIPPED_TAGS or "prose" in classes or "printed" in classes
        self.stack.append(skipped or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def english_on(path: Path) -> list[str]:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    found = []
    for chunk in parser.chunks:
        for word in _LATIN.findall(_PHRASES.sub(" ", chunk)):
            if word not in _WORDS:
                found.append(f"{word} in “{chunk.strip()[:80]}”")
    return found


def test_no_english_sentence_or_bare_code_on_any_page(public_site: Path) -> None:
    pages = sorted(public_site.rglob("*.html"))
    assert len(pages) > 30
    offenders = {
        str(path.relative_to(public_site)): words for path in pages if (words := english_on(path))
    }
    assert offenders == {}


def test_the_scan_finds_english_when_there_is_some(tmp_path: Path) -> None:
    page_file = tmp_path / "index.html"
    page_file.write_text(
        "<p>表格 <code>row_shape</code> row “规章” has 3 numbers</p><div class=prose>LED 显示屏</div>",
        encoding="utf-8",
    )
    assert [word.split()[0] for word in english_on(page_file)] == ["row", "has", "numbers"]


def test_failures_and_skipped_files_read_in_chinese(public_site: Path) -> None:
    quality = text_of(page(public_site, "quality"))
    assert "empty.txt 解析失败 文件是空的" in quality
    assert "notes.txt 解析失败 未找到年度报告的结构" in quality
    assert "photo.jpg 解析失败 无法读取的图片文件" in quality
    assert "animation.gif 已跳过 不是支持的报告格式（.gif）" in quality


def test_a_warning_reads_in_chinese_with_its_code_beside_it(public_site: Path) -> None:
    quality = quality_pages(public_site)
    assert "相同文件的副本 <code>duplicate_file</code>" in quality
    assert "同一文件内容还以 copies/a.pdf 给出（字节完全相同）" in quality or (
        "同一文件内容还以 copies/b.pdf 给出（字节完全相同）" in quality
    )


def test_the_table_readers_warnings_read_in_chinese(public_site: Path) -> None:
    quality = quality_pages(public_site)
    messages = re.findall(
        r'<td class="warning-message" data-code="([a-z_]+)">([^<]*)</td>', quality
    )
    table_warnings = [message for code, message in messages if code in PARSER_TABLE_CODES]
    assert table_warnings
    assert [m for m in table_warnings if _LATIN.search(_PHRASES.sub(" ", m))] == []
