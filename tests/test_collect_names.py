"""Where `collect` puts what a server sends, and which links it takes: pure functions, checked
against the hostile names a server can send and the link texts government sites use."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st
from parsel import Selector

from collector.links import attachment_links, paging_links, report_links, report_year
from collector.names import MAX_NAME_BYTES, relative_path

PAGE = "http://www.example.gov.cn/zfxxgk/nb/index.html"


def assert_inside(relative: str) -> None:
    path = PurePosixPath(relative)
    assert not path.is_absolute() and "\\" not in relative and "\x00" not in relative
    for part in path.parts:
        assert part not in {"", ".", ".."} and not part.startswith(".")
        assert len(part.encode("utf-8")) <= 255


def test_a_content_disposition_never_leaves_the_folder() -> None:
    url = "http://www.example.gov.cn/module/download/downfile.jsp?id=88"
    for header, name in [
        ('attachment; filename="../../x.pdf"', "x.pdf"),
        ('attachment; filename="/etc/passwd"', "passwd"),
        ('attachment; filename="..\\\\..\\\\x.pdf"', "x.pdf"),
        ("attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf", "年报.pdf"),
        ('attachment; filename="a\x00b.pdf"', "a_b.pdf"),
        ('attachment; filename=".."', "file"),
    ]:
        relative = relative_path(url, header, "application/pdf")
        assert_inside(relative)
        assert relative.startswith("www.example.gov.cn/module/download/")
        assert PurePosixPath(relative).name.removesuffix(".pdf") == name.removesuffix(".pdf")
    gbk = 'attachment; filename="年度报告.pdf"'.encode("gbk").decode("latin-1")
    assert relative_path(url, gbk).endswith("/年度报告.pdf")
    long = relative_path(url, f'attachment; filename="{"报" * 300}.pdf"')
    assert_inside(long)
    assert long.endswith(".pdf")
    assert len(PurePosixPath(long).name.encode("utf-8")) <= MAX_NAME_BYTES


def test_a_page_gets_a_suffix_the_readers_open() -> None:
    assert relative_path("http://a.gov.cn/nb/t1.shtml", None, "text/html").endswith("nb/t1.html")
    assert relative_path("http://a.gov.cn/nb/", None, "text/html").endswith("nb/index.html")
    one, two = (
        relative_path(f"http://a.gov.cn/down.jsp?id={n}", None, "application/pdf") for n in (1, 2)
    )
    assert one != two and one.endswith(".pdf")
    assert relative_path("http://a.gov.cn:8080/%2e%2e/%2e%2e/x.pdf").startswith("a.gov.cn_8080/x")


@given(st.text(max_size=400), st.text(max_size=300))
def test_no_name_from_a_server_leaves_the_folder(path: str, name: str) -> None:
    url = "http://www.example.gov.cn/" + path.replace("#", "").replace("?", "")
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    assert_inside(relative_path(url, f'attachment; filename="{escaped}"', None))
    assert_inside(relative_path(url, None, "text/html"))


def test_report_links_name_an_annual_report_with_a_year() -> None:
    assert report_year("某某区人民政府2023年度政府信息公开工作年度报告") == 2023
    assert report_year("区教育局2022年政府信息公开年报") == 2022
    assert report_year("政府信息公开工作年度报告") is None  # no year
    assert report_year("《2023年政府信息公开工作年度报告》解读") is None
    assert report_year("区政府召开2024年第一次常务会议") is None
    page = Selector(
        text='<a href="2023/t1.html">2023年政府信息公开工作年度报告</a>'
        '<a href="http://other.gov.cn/nb.html">2023年政府信息公开年报</a>'
        '<a href="news.html" title="2022年度政府信息公开工作年度报告">2022年度报告...</a>'
        '<a href="index_1.html">下一页</a><a href="../../xwzx/a.html">新闻</a>'
        '<script>createPageHTML(3, 0, "index", "html");</script>'
    )
    assert [(link.url, link.year) for link in report_links(PAGE, page)] == [
        ("http://www.example.gov.cn/zfxxgk/nb/2023/t1.html", 2023),
        ("http://www.example.gov.cn/zfxxgk/nb/news.html", 2022),
    ]
    assert paging_links(PAGE, page) == [
        "http://www.example.gov.cn/zfxxgk/nb/index_1.html",
        "http://www.example.gov.cn/zfxxgk/nb/index_2.html",
    ]


def test_attachments_are_documents_and_images_of_the_body() -> None:
    page = Selector(
        text='<div class="header"><img src="/images/banner.jpg"></div>'
        '<div class="article"><img src="W02024_table.png"><img src="/images/icon_print.png">'
        '<a href="P0202401.pdf">年报</a><a href="/module/download/downfile.jsp?id=9">附件</a>'
        '<a href="t2.html">上一篇</a><a href="http://cdn.other.cn/a.pdf">外站</a></div>'
    )
    assert attachment_links(PAGE, page) == [
        "http://www.example.gov.cn/zfxxgk/nb/P0202401.pdf",
        "http://www.example.gov.cn/module/download/downfile.jsp?id=9",
        "http://www.example.gov.cn/zfxxgk/nb/W02024_table.png",
    ]
