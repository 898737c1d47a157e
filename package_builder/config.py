"""What the package says about itself: name, publisher, licences, where it is published.

The URL is a placeholder until the package has a home; set PACKAGE.homepage (or pass another
PackageConfig to write_package) and every citation and link follows.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _project_version() -> str:
    with (PROJECT_ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


@dataclass(frozen=True)
class License:
    name: str  # SPDX identifier
    title: str
    path: str


@dataclass(frozen=True)
class PackageConfig:
    name: str = "gov-info-disclosure-annual-reports"
    title: str = "政府信息公开工作年度报告数据集"
    description: str = (
        "各级行政机关《政府信息公开工作年度报告》中的统计表（主动公开、依申请公开、"
        "行政复议与诉讼）与文字部分，逐格结构化，附表内勾稽校验结果与来源行号。"
    )
    publisher: str = "政府信息公开年度报告开放数据项目"
    homepage: str = "https://example.org/gov-disclosure-reports"  # placeholder until published
    version: str = _project_version()
    data_license: License = License(
        "CC-BY-4.0",
        "知识共享 署名 4.0 国际（CC BY 4.0）：公开政府信息的汇编",
        "https://creativecommons.org/licenses/by/4.0/",
    )
    code_license: License = License("MIT", "MIT License", "https://opensource.org/license/mit")
    keywords: tuple[str, ...] = ("政府信息公开", "年度报告", "依申请公开", "开放数据")
    # A package of more reports than this writes every resource with rows per report (all but
    # `reports`, `agencies`, `codes`, `failures`) as one file per year, and a year of more reports than this
    # in several files: at 20,000 reports the largest file (cells, CSV) is ≈ 460 MB, well under
    # what a GitHub release asset may be (2 GiB), and a user downloads one year.
    part_reports: int = 20_000


PACKAGE = PackageConfig()
