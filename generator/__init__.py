"""Synthetic annual reports with known truth, for round-trip tests and benchmarks.

    import random
    from generator import generate_report, generate_corpus, LAYOUTS

    report = generate_report(random.Random(7), edition="2021", layout="tab_rows")
    report.text                                   # the report as extracted text
    report.cells[("applications", "new", "total")]  # (value, text as printed)
    for report in generate_corpus(1000, seed=1): ...  # deterministic for a seed

Each report is printed in one of LAYOUTS, the text layouts of reports/sample; values are realistic
and consistent (every identity of template/identities.py holds) unless asked otherwise.
`layout=CRAWLED_LINE` prints a crawled page's text instead: the whole report on one line, cells glued
(generator/crawl.py); it is never drawn by default.
"""

from generator.compose import generate_corpus, generate_report
from generator.crawl import CRAWLED_LINE
from generator.layouts import LAYOUTS
from generator.model import GeneratedReport

__all__ = ["CRAWLED_LINE", "LAYOUTS", "GeneratedReport", "generate_corpus", "generate_report"]
