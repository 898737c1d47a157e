"""Where an agency is, as precisely as the evidence allows, and how that was found."""

from __future__ import annotations

from dataclasses import dataclass

# How a place was found, in the order the evidence is weighed (place_source).
MANIFEST, NAME, TEXT, FOLDER, HOST, OVERRIDE = (
    "manifest",
    "name",
    "text",
    "folder",
    "host",
    "agencies.csv",
)
PLACE_SOURCES: dict[str, str] = {
    MANIFEST: "manifest.csv 给出的地区",
    NAME: "机关名称中的地名",
    TEXT: "报告正文中提到的上级政府或落款",
    FOLDER: "文件所在的文件夹名",
    HOST: "原文链接的网站域名",
    OVERRIDE: "agencies.csv 中的人工对照",
}

# How an agency's identity (agency_id) was settled.
# entries each lookup cache of this stage keeps: the names of a national collection are mostly
# distinct, so an unbounded cache would grow with it; a bounded one still catches the repeats
LOOKUPS_KEPT = 20_000

AUTOMATIC = "automatic"
IDENTITY_SOURCES: dict[str, str] = {
    AUTOMATIC: "按行政区划代码与规范化的机关名称自动判定",
    OVERRIDE: "agencies.csv 中的人工对照",
}


@dataclass(frozen=True, slots=True)
class Place:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    town: str | None = None  # the township or street, where the agency is one or names one
    code: str | None = None  # 6-digit division code of the most precise division known
    source: str | None = None  # one of PLACE_SOURCES; None when unknown
    note: str | None = None  # why the place is unknown or less precise than the agency (Chinese)

    @property
    def known(self) -> bool:
        return self.code is not None

    @property
    def label(self) -> str:
        """江苏省淮安市洪泽区, 上海市浦东新区: the names from the province down, each once."""
        parts = (self.province, self.city, self.county, self.town)
        return "".join(dict.fromkeys(part for part in parts if part))

    @property
    def source_label(self) -> str:
        return PLACE_SOURCES.get(self.source or "", "")


UNKNOWN = Place()
