"""The benchmark's printout: figures per N, targets, ratios against the baseline."""

from __future__ import annotations

import os
import platform
from pathlib import Path

MB = 1024 * 1024
TARGETS = {  # issue #22 (and #15's, #7's page and search sizes kept)
    "parse_per_core": 500,  # reports/s/core
    "wall_10k": 90,  # s, 10k in one site
    "memory": 2 * 1024 * MB,  # 10k in one site, the whole process tree
    "memory_split_100k": 4 * 1024 * MB,
    "memory_growth": 1.5,  # peak at the largest N ÷ peak at the smallest, same split
    "html_per_page": 25_000,
    "html_any_page": 1_000_000,
    "site_10k": 1_000_000_000,  # one site with its data, or each part; GitHub Pages' 1 GB
    "package_file": 2_000_000_000,  # a GitHub release asset may be 2 GiB
    "search": 300 * 1024,
    "rebuild_share": 0.10,
}


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = int(line.split()[1]) * 1024
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory / 1024**3, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "load_at_start": os.getloadavg(),
    }


def _ok(good: bool) -> str:
    return "ok" if good else "MISSED"


def _mb(value: float) -> str:
    return f"{value / MB:,.1f} MiB"


def print_result(results: dict) -> None:
    m = results["machine"]
    print(f"machine: {m['nproc']} cores, {m['memory_gib']} GiB, {m['cpu']}, Python {m['python']}")
    print(f"date: {results['date']}   load average at start: {m['load_at_start']}")
    for r in results["ours"]:
        n, stages = r["n"], r["stages"]
        split = f", split by {r['split']}" if r.get("split") else ", one site"
        print(f"\n== ours, N = {n:,}{split} ==")
        if r.get("load"):
            print(
                f"  load average (1, 5, 15 min) before / after the build: {r['load'][0]} / {r['load'][1]}"
            )
        print(
            f"parse (one core, in process): {r['parse_per_core']:,.0f} reports/s/core "
            f"[{_ok(r['parse_per_core'] >= TARGETS['parse_per_core'])}]"
        )
        for name, sec in stages.items():
            print(f"  stage {name:<8} {sec:7.1f} s   {n / sec if sec else 0:8,.0f} reports/s")
        total_ok = n < 10000 or r["wall"] * 10000 / n <= TARGETS["wall_10k"]
        print(f"  end to end (process wall) {r['wall']:.1f} s [{_ok(total_ok)} at this N]")
        memory_target = TARGETS["memory_split_100k" if r.get("split") else "memory"]
        print(
            f"  peak memory: PSS {_mb(r['peak_pss'])}, RSS summed over processes "
            f"{_mb(r['peak_rss'])} [{_ok(r['peak_pss'] <= memory_target)} against "
            f"{_mb(memory_target)}]"
        )
        if r.get("package_largest"):
            name, size = r["package_largest"]
            print(
                f"  largest package file: {name} {size / 1e6:,.1f} MB "
                f"[{_ok(size <= TARGETS['package_file'])} against 2,000 MB]"
            )
        s = r["site"]
        print(
            f"  report page HTML: mean {s['report_html_mean']:,.0f} B, max {s['report_html_max']:,} B "
            f"[{_ok(s['report_html_max'] <= TARGETS['html_per_page'])}]"
        )
        print(
            f"  largest HTML page: {s.get('html_max', 0):,} B ({s.get('html_max_path', '')}) "
            f"[{_ok(s.get('html_max', 0) <= TARGETS['html_any_page'])}]"
        )
        per_10k = s["total_bytes"] * 10000 / n
        print(
            f"  site: {_mb(s['total_bytes'])} = {s['total_bytes'] / 1e9:.3f} GB in "
            f"{s['files']:,} files (≈ {per_10k / 1e9:.3f} GB per 10,000 reports "
            f"[{_ok(per_10k <= TARGETS['site_10k'])} against 1 GB = 10^9 bytes])"
        )
        print("    by folder: " + ", ".join(f"{k} {_mb(v)}" for k, v in s["by_folder"].items()))
        for p in r["search"]:
            print(
                f"  first search {p['query']}: {p['bytes'] / 1024:,.0f} KB in {p['requests']} "
                f"requests (gzip ≈ {p['gzip_bytes'] / 1024:,.0f} KB), {p['results']} results shown "
                f"[{_ok(p['bytes'] <= TARGETS['search'])}]  {p['by_kind']}"
            )
        rb = r["rebuild"]
        share = rb["wall"] / r["wall"]
        if not rb["changed"]:
            continue
        print(
            f"  rebuild after changing {rb['changed']}: {rb['wall']:.1f} s = {share:.0%} of the "
            f"full build [{_ok(share <= TARGETS['rebuild_share'])}]  stages {rb['stages']}"
            + (f"  load {rb['load'][0]} / {rb['load'][1]}" if rb.get("load") else "")
        )
    _growth(results["ours"])
    _compare(results)


def _growth(ours: list[dict]) -> None:
    """Peak memory at the largest N against the smallest, for each way of building (split)."""
    by_split: dict[str | None, list[dict]] = {}
    for r in ours:
        by_split.setdefault(r.get("split"), []).append(r)
    for split, runs in by_split.items():
        if len(runs) < 2:
            continue
        small, large = min(runs, key=lambda r: r["n"]), max(runs, key=lambda r: r["n"])
        ratio = large["peak_pss"] / small["peak_pss"]
        print(
            f"\n== peak memory growth ({'split by ' + split if split else 'one site'}) ==\n"
            f"  N = {large['n']:,}: {_mb(large['peak_pss'])} / N = {small['n']:,}: "
            f"{_mb(small['peak_pss'])} = {ratio:.2f}× "
            f"[{_ok(ratio <= TARGETS['memory_growth'])} against {TARGETS['memory_growth']}×]"
        )


def _compare(results: dict) -> None:
    baselines = {b["n"]: b for b in results["baseline"]}
    for b in results["baseline"]:
        s = b["site"]
        print(f"\n== baseline (plain MkDocs: all pages in nav, Material search), N = {b['n']:,} ==")
        print(
            f"  stages {b['stages']}   end to end {b['wall']:.1f} s   peak PSS {_mb(b['peak_pss'])}"
            + (f"   load {b['load'][0]} / {b['load'][1]}" if b.get("load") else "")
        )
        print(
            f"  site {_mb(s['total_bytes'])}; report page HTML mean {s['report_html_mean']:,.0f} B, "
            f"max {s['report_html_max']:,} B"
        )
        for p in b["search"]:
            print(
                f"  first search {p['query']}: {p['bytes'] / 1024:,.0f} KB "
                f"(gzip ≈ {p['gzip_bytes'] / 1024:,.0f} KB)  {p['by_kind']}"
            )
    if not baselines:
        return
    print("\n== ours / baseline ==")
    for r in results["ours"]:
        b = baselines.get(r["n"])
        label = "measured"
        if b is None:
            b, label = _extrapolate(list(baselines.values()), r["n"])
        ours_search = r["search"][0]["bytes"] if r["search"] else 0
        base_search = b["search"][0]["bytes"]
        print(
            f"  N = {r['n']:,} ({label}): site stage {r['stages']['site']:.1f} / "
            f"{b['stages']['site']:.1f} s = {r['stages']['site'] / b['stages']['site']:.2f}; "
            f"end to end {r['wall']:.1f} / {b['wall']:.1f} s = {r['wall'] / b['wall']:.2f}; "
            f"site size {_mb(r['site']['total_bytes'])} / {_mb(b['site']['total_bytes'])} = "
            f"{r['site']['total_bytes'] / b['site']['total_bytes']:.2f}; first search "
            f"{ours_search / 1024:,.0f} / {base_search / 1024:,.0f} KB = "
            f"{ours_search / base_search:.3f}"
        )


def _fit(points: list[tuple[int, float]], n: int) -> float:
    """Through (0, 0): a·N with one point; a·N + b·N² with two or more (least squares)."""
    if len(points) == 1:
        return points[0][1] * n / points[0][0]
    sxx = sum(x**2 for x, _ in points)
    sx3 = sum(x**3 for x, _ in points)
    sx4 = sum(x**4 for x, _ in points)
    sxy = sum(x * y for x, y in points)
    sx2y = sum(x * x * y for x, y in points)
    det = sxx * sx4 - sx3 * sx3
    a = (sxy * sx4 - sx3 * sx2y) / det
    b = (sxx * sx2y - sx3 * sxy) / det
    return a * n + b * n * n


def _extrapolate(measured: list[dict], n: int) -> tuple[dict, str]:
    """Every page carries the whole nav, so time and bytes grow with N²: fitted a·N + b·N² when
    two sizes were measured; the search index (one entry per page section) grows with N."""
    sizes = sorted(b["n"] for b in measured)

    def fit(get) -> float:  # noqa: ANN001
        return _fit([(b["n"], get(b)) for b in measured], n)

    label = (
        f"baseline EXTRAPOLATED from N = {', '.join(f'{s:,}' for s in sizes)} "
        f"({'a·N + b·N² fit' if len(sizes) > 1 else 'linear'})"
    )
    largest = max(measured, key=lambda b: b["n"])
    estimate = {
        "n": n,
        "wall": fit(lambda b: b["wall"]),
        "stages": {k: fit(lambda b, k=k: b["stages"][k]) for k in largest["stages"]},
        "site": {"total_bytes": fit(lambda b: b["site"]["total_bytes"])},
        "search": [{"bytes": largest["search"][0]["bytes"] * n / largest["n"]}],
    }
    return estimate, label
