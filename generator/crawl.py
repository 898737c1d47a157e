"""The crawled one-line layout: a page's text as BeautifulSoup's `get_text()` leaves it.

Everything the page shows runs together on one line, labels and numbers with no separator:
`…第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件3336第二十条…`,
`（七）总计 1 0 00 0 0 1四、结转下年度继续办理0 0 0 0 0 00`, `行政许可1-10`, `1973601627.4元`
(reports/…/02[3456]* in the real set). Usually a crawler's header block (标题/发布时间/…/原文链接, then
a `=== 正文 ===` rule) comes first, and the site's navigation text before the report body.

A blank cell cannot be seen in glued text, so this layout prints every cell. Its truth is what a
careful reader can know (generator/glued.py): cells of a row whose digits read more than one way
are unknowable, and expected blank.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import islice

from generator.glued import (
    MAX_READINGS,
    Knowable,
    decided_across_rows,
    knowable,
    printed_number,
    readings,
    totals_hold,
)
from generator.grid import Grid
from generator.model import CellKey
from template.form import (
    ACTIVE_BLOCKS,
    APPLICANT_COLUMNS,
    APPLICATION_COLUMNS,
    APPLICATION_ROWS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
)

CRAWLED_LINE = "crawled_line"


@dataclass(frozen=True)
class Run:
    """Cells a crawler prints as one run of digits: a row of 二 or 三, or all of 四's data row."""

    keys: tuple[CellKey, ...]
    kinds: tuple[str, ...]
    every: int = 0  # each group of `every` numbers ends with their total; 0: no identity


@lru_cache(maxsize=8)
def runs(edition: str, has_total_column: bool) -> tuple[Run, ...]:
    found: list[Run] = []
    for block in ACTIVE_BLOCKS:
        columns = block.columns.get(edition, ())
        for row in block.rows:
            if columns and edition in row.editions:
                keys = tuple(("active", row.code, c.code) for c in columns)
                found.append(Run(keys, tuple(c.kind for c in columns)))
    columns = APPLICATION_COLUMNS if has_total_column else APPLICANT_COLUMNS
    every = len(APPLICATION_COLUMNS) if has_total_column else 0
    for row in APPLICATION_ROWS:
        if edition in row.editions:
            keys = tuple(("applications", row.code, c.code) for c in columns)
            found.append(Run(keys, tuple(c.kind for c in columns), every))
    keys = tuple(("reviews", row.code, c.code) for row in REVIEW_ROWS for c in REVIEW_COLUMNS)
    found.append(Run(keys, tuple(c.kind for c in REVIEW_COLUMNS) * len(REVIEW_ROWS),
                     len(REVIEW_COLUMNS)))  # fmt: skip
    return tuple(found)


GLUED, SPACED, SOME, LAST_GLUED = "glued", "spaced", "some", "last_glued"


def _separators(rng: random.Random, count: int) -> list[str]:
    """What a crawler leaves between a run's cells: nothing (`0000000`), spaces (`0 0 0`), some
    (`1 0 00 0 0 1`) or all but the last (`0 0 0 0 0 00`)."""
    style = rng.choices((GLUED, SPACED, SOME, LAST_GLUED), (55, 15, 15, 15))[0]
    gaps = count - 1
    if style == GLUED:
        return [""] * gaps
    if style == SPACED:
        return [" "] * gaps
    if style == LAST_GLUED:
        return [" "] * (gaps - 1) + [""] if gaps else []
    return [rng.choice(("", " ")) for _ in range(gaps)]


def _groups(texts: list[str], separators: list[str]) -> list[str]:
    joined = texts[0] + "".join(sep + text for sep, text in zip(separators, texts[1:], strict=True))
    return joined.split()


@dataclass
class Glued:
    printed: dict[CellKey, str]  # each cell's text with the separators printed around it
    unknowable: set[CellKey]  # cells of runs that read more than one way
    respaced: int = 0  # runs printed spaced because their glued digits would mislead a reader


def glue(
    rng: random.Random, printed: dict[CellKey, str], edition: str, has_total_column: bool
) -> Glued:
    """Print each run of cells as a crawler does, and tell which cells the text leaves unknowable.

    A run whose only reading satisfying its identities is not what is printed (an identity broken
    on purpose, digits glued) would make any reader take wrong numbers: no text can tell them, so
    such a run is printed with spaces between its cells instead."""
    result = Glued(dict(printed), set())
    chosen: dict[Run, list[str]] = {}
    edges: dict[Run, tuple[str, str]] = {}
    known: dict[CellKey, Decimal] = {}
    ambiguous: dict[Run, list[tuple[Decimal, ...]]] = {}
    for run in runs(edition, has_total_column):
        texts = [printed[key] for key in run.keys]
        values = tuple(printed_number(text) for text in texts)
        separators = _separators(rng, len(texts))
        status = knowable(_groups(texts, separators), list(run.kinds), run.every, values)
        if status is Knowable.MISLEADING:
            separators = [" "] * (len(texts) - 1)
            result.respaced += 1
            status = Knowable.KNOWN
        chosen[run] = separators
        edges[run] = (
            " " if rng.random() < 0.15 else "",  # before the run
            " " if rng.random() < 0.25 else "",  # after it
        )
        if status is Knowable.KNOWN:
            known.update(zip(run.keys, values, strict=True))
            continue
        result.unknowable.update(run.keys)
        satisfying = (
            list(
                islice(
                    readings(_groups(texts, separators), list(run.kinds), totals_hold(run.every)),
                    MAX_READINGS + 1,
                )
            )
            if run.every and run.keys[0][0] == "applications"
            else []
        )
        if 2 <= len(satisfying) <= MAX_READINGS:
            ambiguous[run] = satisfying
    _decide_across_rows(edition, known, ambiguous, chosen, printed, result)
    for run, separators in chosen.items():
        lead, trail = edges[run]
        for index, key in enumerate(run.keys):
            after = separators[index] if index < len(separators) else trail
            result.printed[key] = (lead if index == 0 else "") + printed[key] + after
    return result


def _decide_across_rows(
    edition: str,
    known: dict[CellKey, Decimal],
    ambiguous: dict[Run, list[tuple[Decimal, ...]]],
    chosen: dict[Run, list[str]],
    printed: dict[CellKey, str],
    result: Glued,
) -> None:
    """Rows the identities across rows decide become knowable; when the one combination that
    satisfies them is not what is printed (identities broken on purpose), those rows are printed
    with spaces instead, as a misleading single row is."""
    decided = decided_across_rows(
        edition, known, {run.keys: readings for run, readings in ambiguous.items()}
    )
    if decided is None:
        return
    misleading = any(
        numbers != tuple(printed_number(printed[key]) for key in keys)
        for keys, numbers in decided.items()
    )
    for run in ambiguous:
        result.unknowable.difference_update(run.keys)
        if misleading:
            chosen[run] = [" "] * (len(run.keys) - 1)
            result.respaced += 1


def table_text(grid: Grid) -> str:
    """A table as get_text() prints it: every cell's text in document order, nothing between."""
    return "".join(cell for row in grid.rows for cell in row if isinstance(cell, str))


def one_line(rng: random.Random, pieces: list[str]) -> str:
    """Paragraphs, headings and tables run together, now and then with a space between."""
    line = ""
    for piece in pieces:
        if line and not line.endswith(" ") and rng.random() < 0.2:
            line += " "
        line += piece
    return line


def _page_time(rng: random.Random, published: str) -> str:
    return f"{published} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"


def header_block(rng: random.Random, title: str, agency: str, published: str) -> list[str]:
    """The lines a crawler writes above the page's text (as in the real set's 023–026)."""
    day = published.replace("-", "")
    number = rng.randint(10000, 99999)
    path = f"zwgk/zfxxgk/{rng.choice(('bm', 'xz', 'jd'))}{rng.randint(1, 99)}/zfxxgknb/{day[:6]}"
    lines = [
        f"标题: {title}",
        f"发布时间: {_page_time(rng, published)}",
        "文号: ",
        f"发布机构: {agency if rng.random() < 0.4 else ''}",
        "栏目: 政府信息公开年报",
        f"原文链接: https://www.{rng.choice(('gov', 'zwgk', 'xxgk'))}{rng.randint(1, 999)}.gov.cn/"
        f"{path}/t{day}_{number}.htm",
    ]
    if rng.random() < 0.6:
        lines += [f"本地目录: {path}/{number}_{title}", "页面链接与图片详见 links.tsv(同目录)"]
    return [*lines, "==================== 正文 ===================="]


def navigation(rng: random.Random, title: str, agency: str, published: str) -> str:
    """The breadcrumbs and share buttons a page shows above the report."""
    return (
        f"当前位置： 首页政务公开政府信息公开{agency}政府信息公开年报 {title} 来源： "
        f"时间：{_page_time(rng, published)} --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： "
    )
