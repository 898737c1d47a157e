"""`build.py collect` against a stand-in government site on real sockets (tests/gov_site.py):
what it asks for, what it writes, the manifest, re-runs that ask conditionally, a killed run that
completes on the next one, and the build from the collected folder."""

from __future__ import annotations

import csv
import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from gov_site import CRAWL_DELAY, GovSite, Resource, annual_report_site

from readers import SUPPORTED_SUFFIXES

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--delay", "0.01", "--timeout", "0.5", "--max-size", "1"]  # test-only: default delay is 1 s
START = "/zfxxgk/nb/index.html"
REGION = "江苏省淮安市洪泽区"
KEPT = {  # URL path → file under DIR/<host>_<port>/
    "/zfxxgk/nb/2020/t20210120_1.html": "zfxxgk/nb/2020/t20210120_1.html",
    "/zfxxgk/nb/2020/W020210120_table.png": "zfxxgk/nb/2020/W020210120_table.png",
    "/zfxxgk/nb/2023/t20240110_2.shtml": "zfxxgk/nb/2023/t20240110_2.html",
    "/zfxxgk/nb/2023/t20240120_5.html": "zfxxgk/nb/2023/t20240120_5.html",
    "/module/download/downfile.jsp?classid=0&id=88": "module/download/x.pdf",
    "/zfxxgk/nb/2022/t20230115_3.html": "zfxxgk/nb/2022/t20230115_3.html",
    "/zfxxgk/nb/2022/P020230115_report.docx": "zfxxgk/nb/2022/P020230115_report.docx",
    "/zfxxgk/nb/2022/P020230115_report.doc": "zfxxgk/nb/2022/P020230115_report.doc",
    "/zfxxgk/nb/2022/P020230110_nb.pdf": "zfxxgk/nb/2022/P020230110_nb.pdf",
}
REPORTS = {  # files the build reads as reports (the .png, the .doc and two "see attachment" pages are not)
    "zfxxgk/nb/2020/t20210120_1.html",
    "zfxxgk/nb/2023/t20240110_2.html",
    "module/download/x.pdf",
    "zfxxgk/nb/2022/P020230115_report.docx",
    "zfxxgk/nb/2022/P020230110_nb.pdf",
}


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def collect(site: GovSite, into: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    urls = into.parent / f"{into.name}-urls.csv"
    urls.write_text(f"url,region\n{site.url}{START},{REGION}\n", encoding="utf-8")
    return run("collect", "--urls", str(urls), "--into", str(into), *FAST, *extra)


def host_folder(site: GovSite) -> str:
    return f"127.0.0.1_{urlsplit(site.url).port}"


def manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def files_in(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(".collect/")
    }


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[GovSite, GovSite]]:
    other = GovSite().start()
    site = annual_report_site(f"{other.url}/").start()
    yield site, other
    site.stop()
    other.stop()


@pytest.fixture(scope="module")
def first_run(sites, tmp_path_factory):
    site, _ = sites
    into = tmp_path_factory.mktemp("collected") / "reports"
    before = len(site.hits)
    result = collect(site, into)
    return into, result, site.hits[before:]


def test_asks_for_nothing_disallowed_off_site_or_twice(sites, first_run) -> None:
    site, other = sites
    _, result, hits = first_run
    assert result.returncode == 0, result.stdout + result.stderr
    paths = Counter(hit.path for hit in hits)
    assert other.hits == []  # the other site's link was never followed, not even its robots.txt
    assert not [p for p in paths if p.startswith(("/private/", "/xwzx/", "/images/"))]
    assert paths["/robots.txt"] == 1
    assert paths["/slow/2016.html"] <= 3  # the first try and two retries after a timeout
    assert {p: n for p, n in paths.items() if n > 1 and p != "/slow/2016.html"} == {}
    for path in KEPT:  # every report, its attachments, the 301 and both list pages
        assert paths[path] == 1, path
    assert paths["/old/2023.html"] == 1 and paths["/zfxxgk/nb/index_1.html"] == 1
    for hit in hits:
        agent = hit.headers["User-Agent"]
        assert "gov-disclosure-reports-collector" in agent and "+http" in agent


def test_waits_as_robots_txt_asks(first_run) -> None:
    _, _, hits = first_run
    # --delay 0.01 asks for less; the site's Crawl-delay wins. Times are taken where the server
    # sees the requests, and a busy machine can hold one back and hand it over with the next, so
    # the check is on the whole run: n requests span at least n − 1 delays. (The slow page's
    # retries are left out: they wait for the time limit, whatever the delay.)
    times = sorted(hit.at for hit in hits if hit.path != "/slow/2016.html")
    assert times[-1] - times[0] >= (len(times) - 1) * CRAWL_DELAY * 0.8, times


def test_writes_each_file_as_served_and_only_inside_the_folder(sites, first_run) -> None:
    site, _ = sites
    into, _, _ = first_run
    host = host_folder(site)
    assert files_in(into) == {"manifest.csv"} | {f"{host}/{name}" for name in KEPT.values()}
    for path, name in KEPT.items():
        assert (into / host / name).read_bytes() == site.resources[path].body, path
    # Content-Disposition named ../../x.pdf: kept as x.pdf inside the folder, nothing above it
    assert not (into.parent / "x.pdf").exists() and not (into.parent.parent / "x.pdf").exists()
    assert not (into / host / "zfxxgk/nb/2022/P020230115_scan.pdf").exists()  # over 1 MB


def test_manifest_names_each_file_once_with_its_source(sites, first_run) -> None:
    site, _ = sites
    into, _, _ = first_run
    rows = manifest(into)
    files = [row["file"] for row in rows]
    assert len(files) == len(set(files)) == len(KEPT)
    by_file = {row["file"]: row for row in rows}
    for path, name in KEPT.items():
        row = by_file[f"{host_folder(site)}/{name}"]
        final = "/zfxxgk/nb/2023/t20240110_2.shtml" if path == "/old/2023.html" else path
        assert row["source_url"] == site.url + final
        assert row["region"] == REGION
        assert row["sha256"] == hashlib.sha256((into / row["file"]).read_bytes()).hexdigest()
        assert row["fetched_at"].endswith("Z")
    page = by_file[f"{host_folder(site)}/zfxxgk/nb/2023/t20240110_2.html"]
    assert (page["agency"], page["year"]) == ("慈音街道", "2023")  # from the list's link text
    # the image and the PDF behind the download script belong to their report pages' year
    assert by_file[f"{host_folder(site)}/module/download/x.pdf"]["year"] == "2023"
    assert by_file[f"{host_folder(site)}/zfxxgk/nb/2020/W020210120_table.png"]["year"] == "2020"


def test_summary_lists_what_could_not_be_fetched_in_chinese(sites, first_run) -> None:
    site, _ = sites
    _, result, _ = first_run
    out = result.stdout
    assert f"{site.url}/zfxxgk/nb/2017/gone.html  服务器返回 HTTP 404（页面不存在）" in out
    assert f"{site.url}/slow/2016.html  超时：0.5 秒内没有完成" in out
    assert f"{site.url}/zfxxgk/nb/2022/P020230115_scan.pdf  文件超过大小上限（1 MB）" in out
    assert "robots.txt 不允许抓取" in out and f"{site.url}/private/2018.html" in out
    assert f"新下载 {len(KEPT)} 个文件" in out
    assert "Traceback" not in result.stderr


def test_the_build_gives_each_report_its_source_url(sites, first_run, tmp_path) -> None:
    site, _ = sites
    into, _, _ = first_run
    built = run(
        "package", "--reports", str(into), "--out", str(tmp_path), "--no-cache", timeout=300
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert "manifest.csv: unknown column" not in built.stderr  # fetched_at, sha256 are known
    with (tmp_path / "datapackage" / "data" / "reports.csv").open(encoding="utf-8") as handle:
        reports = {row["source_file"]: row for row in csv.DictReader(handle)}
    host = host_folder(site)
    assert set(reports) == {f"{host}/{name}" for name in REPORTS}
    sources = {row["file"]: row["source_url"] for row in manifest(into)}
    for file, row in reports.items():
        assert row["source_url"] == sources[file]
    assert reports[f"{host}/zfxxgk/nb/2023/t20240110_2.html"]["agency"] == "慈音街道"  # GBK page


def test_a_second_run_asks_conditionally_and_downloads_only_what_changed(sites, first_run) -> None:
    site, _ = sites
    into, _, _ = first_run
    stamps = {name: (into / name).stat().st_mtime_ns for name in files_in(into) - {"manifest.csv"}}
    before = len(site.hits)
    again = collect(site, into)
    assert again.returncode == 0, again.stdout + again.stderr
    hits = {hit.path: hit for hit in site.hits[before:]}
    for path in [*KEPT, START, "/zfxxgk/nb/index_1.html"]:
        assert hits[path].status == 304, path
        assert hits[path].headers.get("If-None-Match") and hits[path].headers["If-Modified-Since"]
    assert "新下载 0 个文件，内容有变更新 0 个" in again.stdout
    assert {name: (into / name).stat().st_mtime_ns for name in stamps} == stamps
    assert len(manifest(into)) == len(KEPT)

    changed = "/zfxxgk/nb/2022/P020230115_report.docx"
    site.resources[changed] = Resource(b"PK\x03\x04 changed", "application/octet-stream")
    before = len(site.hits)
    third = collect(site, into)
    downloaded = {hit.path for hit in site.hits[before:] if hit.status == 200}
    assert downloaded - {
        "/robots.txt",
        "/slow/2016.html",
        "/zfxxgk/nb/2022/P020230115_scan.pdf",
    } == {changed}
    assert "内容有变更新 1 个" in third.stdout
    assert (into / host_folder(site) / KEPT[changed]).read_bytes() == b"PK\x03\x04 changed"
    assert len(manifest(into)) == len(KEPT)


def test_a_killed_run_completes_on_the_next(tmp_path) -> None:
    other = GovSite().start()
    site = annual_report_site(f"{other.url}/").start()
    try:
        into = tmp_path / "reports"
        urls = tmp_path / "urls.csv"
        urls.write_text(f"{site.url}{START}\n", encoding="utf-8")
        args = ["collect", "--urls", str(urls), "--into", str(into), "--delay", "0.3"]
        crawl = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), *args, "--timeout", "0.5"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while len(files_in(into)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(timeout=30)
        assert not (into / "manifest.csv").exists()  # it stopped halfway
        with sqlite3.connect(into / ".collect" / "state.sqlite") as db:
            kept = [row[0] for row in db.execute("SELECT url FROM fetched WHERE file IS NOT NULL")]
        assert 0 < len(kept) < len(KEPT)

        before = len(site.hits)
        done = run("collect", "--urls", str(urls), "--into", str(into), *FAST)
        assert done.returncode == 0, done.stdout + done.stderr
        hits = {hit.path: hit.status for hit in site.hits[before:]}
        for url in kept:  # what the killed run had is only asked about, not downloaded again
            path = url.removeprefix(site.url)
            assert hits.get(path, 304) == 304 or path == "/old/2023.html", path
        host = host_folder(site)
        assert sorted(row["file"] for row in manifest(into)) == sorted(
            f"{host}/{name}" for name in KEPT.values()
        )
        assert files_in(into) == {"manifest.csv"} | {f"{host}/{n}" for n in KEPT.values()}
        assert not list((into / ".collect" / "partial").glob("*"))
    finally:
        site.stop()
        other.stop()


# --- the command line's edges -----------------------------------------------------------------
def test_collect_refuses_a_bad_url_and_an_unwritable_folder(tmp_path) -> None:
    bad = run("collect", "www.example.gov.cn/nb/", "--into", str(tmp_path / "a"))
    assert bad.returncode == 2
    assert (
        bad.stderr.strip()
        == "error: not a web address (http:// or https://): 'www.example.gov.cn/nb/'"
    )
    blocker = tmp_path / "file"
    blocker.write_text("x")
    unwritable = run("collect", "http://127.0.0.1:9/nb/", "--into", str(blocker / "reports"))
    assert unwritable.returncode == 2
    assert (
        unwritable.stderr.strip()
        == f"error: cannot write to {blocker / 'reports'}: Not a directory"
    )
    nothing = run("collect", "--into", str(tmp_path / "b"))
    assert nothing.returncode == 2 and "no URL" in nothing.stderr


def test_collect_lists_an_unreachable_host_and_exits_non_zero(tmp_path) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/zfxxgk/nb/index.html"
    result = run("collect", url, "--into", str(tmp_path / "reports"), *FAST)
    assert result.returncode == 1
    assert f"{url}  连接被拒绝" in result.stdout
    assert "Traceback" not in result.stderr
    assert manifest(tmp_path / "reports") == []


def test_build_says_what_a_folder_without_reports_holds(tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("package", "--reports", str(empty), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        f"no report files in {empty} ({' '.join(SUPPORTED_SUFFIXES)}): it is empty"
    )
    (empty / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("package", "--reports", str(empty), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert (
        "found 1 other file(s): table.xls (not a supported report format (.xls))" in result.stderr
    )
    assert not (tmp_path / "out" / "datapackage").exists()


def test_build_says_where_and_why_it_cannot_write(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    sample = ROOT / "reports" / "sample"
    result = run("package", "--reports", str(sample), "--out", str(blocker / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: cannot write to {blocker / 'out'}: Not a directory"


def test_max_pages_bounds_the_list_pages_followed(tmp_path) -> None:
    other = GovSite().start()
    site = annual_report_site(f"{other.url}/").start()
    try:
        result = run(
            "collect", site.url + START, "--into", str(tmp_path), "--max-pages", "1", *FAST
        )
        assert result.returncode == 0, result.stdout + result.stderr
        paths = site.paths()
        assert "/zfxxgk/nb/index_1.html" not in paths  # the second list page, and its reports
        assert "/zfxxgk/nb/2022/t20230115_3.html" not in paths
        assert "/zfxxgk/nb/2020/t20210120_1.html" in paths
    finally:
        site.stop()
        other.stop()


def test_ctrl_c_stops_with_a_manifest_of_what_was_kept(tmp_path) -> None:
    other = GovSite().start()
    site = annual_report_site(f"{other.url}/").start()
    try:
        into = tmp_path / "reports"
        crawl = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "collect", site.url + START]
            + ["--into", str(into), "--delay", "0.3", "--timeout", "0.5"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while len(files_in(into)) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        crawl.send_signal(signal.SIGINT)
        out, err = crawl.communicate(timeout=60)
        assert crawl.returncode == 1, out + err
        assert "收集在完成之前停止" in out and "Traceback" not in err
        rows = manifest(into)
        assert 0 < len(rows) < len(KEPT)
        assert {row["file"] for row in rows} == files_in(into) - {"manifest.csv"}
    finally:
        site.stop()
        other.stop()
