#!/usr/bin/env python3
"""Fidelity: how many cells of real reports the parser reads right, misses, or reads WRONG.

    python bench/fidelity.py                     # the real fixtures and the five samples
    python bench/fidelity.py --reports DIR --truth DIR   # any folder with hand-checked truth

A truth file (`<report file>.json`) gives `agency`, `year`, `template` and `cells`
(`"table.row.column": value`, only the cells whose value is certain); `blank` lists cells that
must stay blank (printed empty, or glued digits that split more than one way). Per report:
cells right; missed (blank where the truth has a number); wrong (a different number, or any
number where the truth says blank — the outcome that must never happen); and whether agency,
year and form are right; for files read by OCR, the seconds per page. Then the parse speed on one
core over a generated corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers import parse_report  # noqa: E402
from parsers.ocr_gate import OCR  # noqa: E402
from parsers.record import Report  # noqa: E402
from pipeline.parse_folder import parse_file  # noqa: E402
from places.stage import identify  # noqa: E402

REAL = ROOT / "tests" / "fixtures" / "real"
SAMPLE = ROOT / "reports" / "sample"
SAMPLE_TRUTH = ROOT / "tests" / "fixtures" / "sample-truth"
_TOLERANCE = 1e-6


@dataclass
class Score:
    file: str
    right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    agency_ok: bool = False
    year_ok: bool = False
    template_ok: bool = False
    place_ok: bool | None = None  # province right; None when the truth gives none
    identity_ok: bool | None = None  # agency_id as expected; None when the truth gives none
    error: str | None = None
    seconds: float = 0.0  # reading and parsing the file, wall clock
    cpu_seconds: float = 0.0  # the same in this process's CPU time (what a busy machine hides)
    ocr_pages: int = 0  # pages read by OCR (a scan, an image)

    @property
    def total(self) -> int:
        return (
            self.right + len(self.missed) + sum(1 for w in self.wrong if "must stay blank" not in w)
        )

    @property
    def metadata_ok(self) -> bool:
        return self.agency_ok and self.year_ok and self.template_ok


def score_report(report: Report | None, truth: dict, error: str | None = None) -> Score:
    score = Score(truth["file"], error=error)
    got = {(f"{c.table}.{c.row}.{c.column}"): c.value for c in report.cells} if report else {}
    for key, want in truth["cells"].items():
        value = got.get(key)
        if value is None:
            score.missed.append(f"{key}: want {want}, blank")
        elif abs(float(value) - float(want)) < _TOLERANCE:
            score.right += 1
        else:
            score.wrong.append(f"{key}: want {want}, got {value}")
    for key in truth.get("blank", []):
        if got.get(key) is not None:
            score.wrong.append(f"{key}: must stay blank, got {got[key]}")
    if report is not None:
        score.agency_ok = report.agency == truth["agency"]
        score.year_ok = report.year == truth["year"]
        score.template_ok = report.template == str(truth["template"])
    return score


def score_folder(reports: Path, truths: Path) -> list[Score]:
    parsed: list[tuple[dict, Report | None, str | None, float, float]] = []
    for path in sorted(truths.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            report, error = parse_file(reports / truth["file"]), None
        except Exception as failure:  # noqa: BLE001 - a refusal is a score of 0, not a crash
            report, error = None, f"{type(failure).__name__}: {failure}"
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
        parsed.append((truth, report, error, seconds, cpu_seconds))
    identify([report for _, report, *_ in parsed if report is not None])  # as the build does
    scores = []
    for truth, report, error, seconds, cpu_seconds in parsed:
        score = score_report(report, truth, error)
        score.seconds, score.cpu_seconds = seconds, cpu_seconds
        if report is not None and "province" in truth:
            score.place_ok = report.place is not None and report.place.province == truth["province"]
        if report is not None and "agency_id" in truth:
            score.identity_ok = report.agency_id == truth["agency_id"]
        if report is not None and any(cell.method == OCR for cell in report.cells):
            score.ocr_pages = _pages(reports / truth["file"])
        scores.append(score)
    return scores


def _pages(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        return len(pypdfium2.PdfDocument(path))
    from PIL import Image

    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def print_ocr_speed(scores: list[Score]) -> None:
    """Seconds per page of the files read by OCR (reading, OCR and parsing together)."""
    scanned = [s for s in scores if s.ocr_pages]
    if not scanned:
        return
    pages, seconds = sum(s.ocr_pages for s in scanned), sum(s.seconds for s in scanned)
    cpu = sum(s.cpu_seconds for s in scanned)
    print(
        f"\nOCR: {pages} pages in {len(scanned)} file(s): {seconds / pages:.1f} s per page "
        f"({cpu / pages:.1f} s of CPU time per page; the engine runs on one core)"
    )


def parse_rate(n: int, seed: int = 7) -> float:
    """Generated reports parsed per second on one core (text already in memory)."""
    from generator import generate_report

    rng = random.Random(seed)
    texts = [generate_report(rng).text for _ in range(n)]
    start = time.perf_counter()
    for text in texts:
        parse_report(text)
    return n / (time.perf_counter() - start)


def print_scores(title: str, scores: list[Score], verbose: bool) -> None:
    print(f"\n{title}")
    print(f"{'file':44s} {'right':>11s} {'missed':>6s} {'WRONG':>5s}  agency year form place id")
    for s in scores:
        mark = lambda ok: "-" if ok is None else "ok" if ok else "BAD"  # noqa: E731
        print(
            f"{s.file[:44]:44s} {s.right:5d}/{s.total:<5d} {len(s.missed):6d} {len(s.wrong):5d}  "
            f"{mark(s.agency_ok):6s} {mark(s.year_ok):4s} {mark(s.template_ok):4s} "
            f"{mark(s.place_ok):5s} {mark(s.identity_ok):3s}" + (f"  {s.error}" if s.error else "")
        )
        if verbose:
            for line in (s.wrong + s.missed)[:20]:
                print(f"      {line}")
    right, total = sum(s.right for s in scores), sum(s.total for s in scores)
    wrong = sum(len(s.wrong) for s in scores)
    print(
        f"{'all':44s} {right:5d}/{total:<5d} {total - right - wrong:6d} {wrong:5d}  "
        f"cells right {right / total:.2%}; metadata wrong in "
        f"{sum(not s.metadata_ok for s in scores)}/{len(scores)}"
    )
    placed = [s.place_ok for s in scores if s.place_ok is not None]
    identified = [s.identity_ok for s in scores if s.identity_ok is not None]
    print(
        f"{'':44s} place found (province right) {sum(placed)}/{len(placed)}; "
        f"agency identity right {sum(identified)}/{len(identified)}"
    )


def places_cost(n: int, seed: int = 7) -> tuple[float, float, float]:
    """(gazetteer load s, places stage ms per report, parse ms per report) over generated reports:
    the places stage's share of the parse stage, as the build runs both."""
    from generator import generate_corpus
    from places.gazetteer import gazetteer

    start = time.perf_counter()
    gazetteer.__wrapped__()  # built again, as a build's first use builds it
    load = time.perf_counter() - start
    generated = list(generate_corpus(n, seed))
    start = time.perf_counter()
    reports = [parse_report(g.text) for g in generated]
    parse = (time.perf_counter() - start) / n
    for g, report in zip(generated, reports, strict=True):
        report.region = g.manifest_region
    start = time.perf_counter()
    identify(reports)
    return load, (time.perf_counter() - start) / n * 1000, parse * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, help="folder of reports (with --truth)")
    parser.add_argument("--truth", type=Path, help="folder of <report file>.json truth files")
    parser.add_argument(
        "--speed", type=int, default=500, metavar="N", help="generated reports to time (0: skip)"
    )
    parser.add_argument("--verbose", action="store_true", help="list the missed and wrong cells")
    args = parser.parse_args()
    if args.reports and args.truth:
        sets = [(str(args.reports), score_folder(args.reports, args.truth))]
    else:
        sets = [
            ("real reports (tests/fixtures/real)", score_folder(REAL, REAL / "truth")),
            ("bundled samples (reports/sample)", score_folder(SAMPLE, SAMPLE_TRUTH)),
        ]
    for title, scores in sets:
        print_scores(title, scores, args.verbose)
        print_ocr_speed(scores)
    if args.speed:
        print(
            f"\nparse speed, one core, {args.speed} generated reports: {parse_rate(args.speed):.0f} reports/s"
        )
        load, place_ms, parse_ms = places_cost(args.speed)
        print(
            f"places stage, {args.speed} generated reports: {place_ms:.3f} ms/report "
            f"({place_ms / parse_ms:.1%} of the parse's {parse_ms:.2f} ms/report), "
            f"plus {load:.2f} s once to load the gazetteer "
            f"({load / (100_000 * parse_ms / 1000):.2%} of a 100,000-report parse)"
        )
    return 1 if any(s.wrong for _, scores in sets for s in scores) else 0


if __name__ == "__main__":
    sys.exit(main())
