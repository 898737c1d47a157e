"""A fictional but realistic geography of China and the agencies that publish annual reports.

The provinces are the real ones; cities, counties and townships get invented names built from
characters common in real place names, so thousands of distinct agencies exist. The world is built
once from a fixed seed, so the same county always has the same townships, and common township names
(城关镇, 城南街道 …) recur in different counties as they do in reality.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

PROVINCES: tuple[str, ...] = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
)  # fmt: skip
MUNICIPALITIES: tuple[str, ...] = ("北京市", "天津市", "上海市", "重庆市")

_FIRST = "东西南北新安平长永清兴宁华金龙凤白青黄云太临武文和嘉宜广德福昌泰丰庆通建江海湖石桃梅柳松沙高大双三五九万张李慈富盐灵里冯宝鹤桂汉淮洛延岳"
_SECOND = "山河阳城平安水江川州宁丰台源泉溪林原田口岭桥湾营集店庄坪塘乐兴昌化定远康德峪音寿池港沟浦亭关堡坝"
_COMMON_TOWNSHIPS: tuple[str, ...] = (
    "城关镇", "城南街道", "城北街道", "城东街道", "城西街道", "新华街道", "东城街道", "西城街道",
    "城郊乡", "新城镇", "太平镇", "长安镇", "和平乡", "永安镇", "红旗街道",
)  # fmt: skip
_WORLD_SEED = 20190515  # the day the revised 条例 took effect; any constant would do

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


@dataclass(frozen=True)
class County:
    province: str
    city: str
    name: str
    townships: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    name: str  # as printed in the title and signature
    region: tuple[str, str, str]  # province, city, county; "" above the agency's level
    level: str  # "township" | "county" | "city" | "province"
    superior: str  # the government one level up, named in the prose


def _place_name(rng: random.Random, taken: set[str], suffix: str) -> str:
    while True:
        name = rng.choice(_FIRST) + rng.choice(_SECOND)
        if rng.random() < 0.15:
            name += rng.choice(_SECOND)
        if name + suffix not in taken:
            taken.add(name + suffix)
            return name + suffix


def _townships(rng: random.Random) -> tuple[str, ...]:
    taken: set[str] = set()
    names = [c for c in _COMMON_TOWNSHIPS if rng.random() < 0.12]
    taken.update(names)
    for _ in range(rng.randint(5, 14)):
        names.append(_place_name(rng, taken, rng.choice(("镇", "镇", "乡", "街道"))))
    return tuple(names)


@cache
def counties() -> tuple[County, ...]:
    """Every county of the fictional world (about 1,500), in a stable order."""
    rng = random.Random(_WORLD_SEED)
    result: list[County] = []
    for province in PROVINCES:
        municipality = province in MUNICIPALITIES
        cities = [province] if municipality else []
        taken: set[str] = set()
        for _ in range(0 if municipality else rng.randint(4, 10)):
            cities.append(_place_name(rng, taken, "市"))
        for city in cities:
            for _ in range(rng.randint(8, 16) if municipality else rng.randint(3, 8)):
                suffix = "区" if municipality else rng.choice(("县", "县", "区", "市"))
                name = _place_name(rng, taken, suffix)
                result.append(County(province, city, name, _townships(rng)))
    return tuple(result)


def pick_agency(rng: random.Random) -> Agency:
    """A random publishing agency: mostly townships and county departments, as in reality."""
    county = rng.choice(counties())
    province, city = county.province, county.city
    city_region = (province, city, "")
    kind = rng.choices(
        ("township", "county", "county_department", "city", "province"), (40, 10, 28, 14, 8)
    )[0]
    if kind == "township":
        town = rng.choice(county.townships)
        if town.endswith("街道"):
            name = rng.choice((town, town + "办事处", county.name + town))
        else:
            name = rng.choice((town, town + "人民政府", county.name + town))
        return Agency(name, (province, city, county.name), "township", county.name + "人民政府")
    if kind == "county":
        name = county.name + rng.choice(("人民政府", "人民政府", "人民政府办公室"))
        return Agency(name, (province, city, county.name), "county", city + "人民政府")
    if kind == "county_department":
        name = county.name + rng.choice(LOCAL_DEPARTMENTS)
        return Agency(name, (province, city, county.name), "county", county.name + "人民政府")
    if kind == "city" and city != province:
        name = city + rng.choice(("人民政府", *LOCAL_DEPARTMENTS))
        return Agency(name, city_region, "city", province + "人民政府")
    departments = LOCAL_DEPARTMENTS if province in MUNICIPALITIES else PROVINCIAL_DEPARTMENTS
    name = province + rng.choice(departments)
    return Agency(name, (province, "", ""), "province", province + "人民政府")
