"""China's real geography, from the project's gazetteer (places/gazetteer.py, jionlp's data), and
the agencies that publish annual reports in it.

Provinces, cities, counties and townships are the real ones, so same-named townships (城关镇 in
about a hundred counties) and same-named counties (朝阳区 of 北京 and of 长春) occur as they do in
reality. An agency prints its name in one of the forms real agencies use from one year to the next
(洪泽区人民政府 / 淮安市洪泽区人民政府, 城关镇 / 城关镇人民政府 / 灵寿县城关镇, 新华街道 /
新华街道办事处), and carries the truth of where it is and which agency it is (its agency_id).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from functools import cache

from places.gazetteer import COUNTY, TOWN, gazetteer, resolve_prefix
from places.identity import agency_id, slugify, strip_places
from places.model import Place

MUNICIPALITIES: tuple[str, ...] = ("北京市", "天津市", "上海市", "重庆市")

# Departments of a city or county government, and of a provincial government.
LOCAL_DEPARTMENTS: tuple[str, ...] = (
    "商务局", "教育局", "财政局", "民政局", "自然资源局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "水利局", "农业农村局", "卫生健康委员会", "市场监督管理局", "应急管理局",
    "人力资源和社会保障局", "文化和旅游局", "统计局", "审计局", "医疗保障局", "退役军人事务局",
    "司法局", "发展和改革局", "林业局", "城市管理局", "行政审批局", "人民政府办公室",
)  # fmt: skip
PROVINCIAL_DEPARTMENTS: tuple[str, ...] = (
    "教育厅", "财政厅", "民政厅", "自然资源厅", "生态环境厅", "住房和城乡建设厅", "交通运输厅",
    "水利厅", "农业农村厅", "卫生健康委员会", "商务厅", "文化和旅游厅", "司法厅", "审计厅",
    "人力资源和社会保障厅", "应急管理厅", "市场监督管理局", "统计局", "人民政府办公厅",
)  # fmt: skip
_TOWNSHIP_ENDINGS = ("镇", "乡", "街道")
# The gazetteer also lists development zones as counties (苏州工业园区, 山西长治高新技术产业园区),
# whose townships it names with the zone's name; the generator publishes from real counties only.
_ZONE_WORDS = ("开发区", "园区", "高新", "示范区", "管理区", "实验区", "管委会", "农场")
# Where the report gives its place when its name alone does not: its text names the superior
# government, or its folder, or manifest.csv's region.
CLUES: tuple[str, ...] = ("text", "folder", "manifest")


@dataclass(frozen=True)
class County:
    province: str
    city: str
    name: str
    code: str
    townships: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    name: str  # as printed in the title and signature (one of `variants`)
    region: tuple[str, str, str]  # province, city, county; "" above the agency's level
    level: str  # "township" | "county" | "city" | "province"
    superior: str  # the government one level up, named in the prose so that it names one place
    town: str = ""  # the township or street the agency is
    code: str = ""  # the division code of its place (county, city or province)
    identity: str = ""  # its name as an agency_id reads it (政府, 城关镇, 商务局)
    variants: tuple[str, ...] = ()  # every form of its name it prints from year to year

    @property
    def agency_id(self) -> str:
        return agency_id((self.code, self.identity), slugify(self.identity))

    def printed(self, rng: random.Random) -> Agency:
        """The agency under one of its names, as one year's report prints it."""
        return replace(self, name=rng.choice(self.variants)) if self.variants else self

    @property
    def place(self) -> tuple[str, ...]:
        """Province, city, county as folders name them (a municipality once)."""
        return tuple(dict.fromkeys(part for part in self.region if part))


@cache
def counties() -> tuple[County, ...]:
    """Every county of the gazetteer that has townships, in code order."""
    index = gazetteer()
    found: dict[str, County] = {}
    for divisions in index.by_name.values():
        for division in divisions:
            if division.level != COUNTY or division.code in found or not division.city:
                continue
            county = division.county or ""
            namesakes = [d for d in divisions if d.level == COUNTY and d.city == division.city]
            if any(word in county for word in _ZONE_WORDS) or len(namesakes) > 1:
                continue  # a zone, or a county the gazetteer lists twice in one city (湾里区)
            towns = tuple(
                sorted(
                    name
                    for name in index.towns_by_county.get(division.code, {})
                    if name.endswith(_TOWNSHIP_ENDINGS)
                    and len(name) >= 3
                    and strip_places(name, Place(division.province, division.city, county)) == name
                )
            )
            if towns:
                found[division.code] = County(
                    division.province, division.city, division.county or "", division.code, towns
                )
    return tuple(found[code] for code in sorted(found))


@cache
def _codes() -> dict[tuple[str, ...], str]:
    """The code of each city and province, by its names."""
    codes: dict[tuple[str, ...], str] = {}
    for divisions in gazetteer().by_name.values():
        for d in divisions:
            if d.level == "city":
                codes[(d.province, d.city or "")] = d.code
            elif d.level == "province":
                codes[(d.province,)] = d.code
    return codes


def _city_prefix(county: County) -> str:
    return "" if county.city == county.province else county.city


@cache
def _departments(place: str) -> tuple[str, ...]:
    """The departments a place's government may publish as, less those whose printed name the
    gazetteer lists as a township-level division of its own (阿荣旗林业局, a state forestry bureau):
    the truth of such a name's place would be ambiguous."""
    return tuple(office for office in LOCAL_DEPARTMENTS if not _names_a_township(place + office))


def _names_a_township(name: str) -> bool:
    resolved = resolve_prefix(name)
    return resolved.consumed == len(name) and any(c.level == TOWN for c in resolved.candidates)


def pick_agency(rng: random.Random) -> Agency:
    """A random publishing agency: mostly townships and county departments, as in reality."""
    county = rng.choice(counties())
    province, city = county.province, county.city
    full_county = f"{province if city == province else city}{county.name}"
    superior_county = full_county + "人民政府"
    kinds = ("township", "county", "county_department", "city", "province")
    kind = rng.choices(kinds, (40, 10, 28, 14, 8))[0]
    region = (province, city, county.name)
    if kind == "township":
        town = rng.choice(county.townships)
        government = "办事处" if town.endswith("街道") else "人民政府"
        variants = (town, town + government, county.name + town)
        return Agency(rng.choice(variants), region, "township", superior_county, town,
                      county.code, town, variants)  # fmt: skip
    if kind in ("county", "county_department"):
        office = "人民政府" if kind == "county" else rng.choice(_departments(county.name))
        identity = office.replace("人民政府", "政府") if kind == "county_department" else "政府"
        variants = (county.name + office, _city_prefix(county) + county.name + office)
        superior = (province if city == province else city) + "人民政府"
        return Agency(rng.choice(variants), region, "county", superior, "", county.code,
                      identity, tuple(dict.fromkeys(variants)))  # fmt: skip
    if kind == "city" and city != province:
        office = rng.choice(("人民政府", *_departments(city)))
        identity = "政府" if office == "人民政府" else office.replace("人民政府", "政府")
        variants = (city + office, province + city + office)
        return Agency(rng.choice(variants), (province, city, ""), "city", province + "人民政府",
                      "", _codes()[(province, city)], identity, variants)  # fmt: skip
    departments = LOCAL_DEPARTMENTS if province in MUNICIPALITIES else PROVINCIAL_DEPARTMENTS
    office = rng.choice(departments)
    identity = office.replace("人民政府", "政府")
    return Agency(province + office, (province, "", ""), "province", "国务院", "",
                  _codes()[(province,)], identity, (province + office,))  # fmt: skip
