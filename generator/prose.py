"""The words around the tables: title, preamble, sections 一/五/六, closing signature.

Sentences are drawn from phrase banks written after real reports, so every report reads
differently while saying what such reports say.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from generator.places import Agency
from template.form import EDITION_NOTICES, SECTIONS

_SECTION = {section.key: section for section in SECTIONS}

_OVERVIEW_OPENINGS = (
    "{year}年，{we}在{superior}的正确领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，持续推进政府信息公开工作，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "{year}年，{agency}深入贯彻党中央、国务院关于全面推进政务公开工作的决策部署，"
    "按照{superior}政务公开工作要点的要求，围绕中心工作，扎实推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新成效。",
    "{year}年，{we}围绕社会公众关切的热点领域，根据职责分工，细化工作方案和配套措施，"
    "认真做好本单位政府信息公开工作，加强组织协调，确保本年度政府信息公开各项任务落实到位。",
)
_OVERVIEW_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "主动公开",
        (
            "{year}年，{we}通过政府门户网站主动公开政府信息{n1}条，其中政策文件{n2}条，工作动态{n3}条。",
            "坚持“公开为常态、不公开为例外”，对涉及群众切身利益的重大事项、政策文件及时进行公开。",
            "重点做好财政预决算、重大建设项目、社会救助、乡村振兴等领域信息的发布工作。",
            "与{previous_year}年相比，主动公开信息数量有所增加，公开质量进一步提升。",
            "同时做好民政救助、财政资金、社会公益事业等有关信息的发布。",
            "{bold}二是主动公开政府信息情况。{bold}紧紧依托政府门户网站，及时向社会各界发布政务信息。",
        ),
    ),
    (
        "依申请公开",
        (
            "{applications}",
            "严格执行申请公开的受理、处理、答复等各环节，确保按规定时限及时作出有效答复。",
            "进一步规范依申请公开工作流程，明确专人负责登记、审核和答复工作。",
        ),
    ),
    (
        "政府信息管理",
        (
            "严格落实信息发布三级审核制度，做到先审后发，确保发布信息准确无误。",
            "加强信息保密审查，落实“谁公开、谁审查、谁负责”的原则，杜绝泄密事件发生。",
            "定期开展已公开政府信息的自查工作，对过时失效的信息及时进行清理和调整。",
        ),
    ),
    (
        "政府信息公开平台建设",
        (
            "进一步规范政府网站信息公开专栏建设，及时更新栏目内容，方便公众查阅。",
            "充分利用微信公众号、政务微博等新媒体平台，{year}年共发布信息{n4}条。",
            "通过政务服务大厅、公开栏、电子显示屏等多种渠道，拓宽信息公开覆盖面。",
        ),
    ),
    (
        "监督保障",
        (
            "成立政府信息公开工作领导小组，由主要负责同志任组长，明确专人负责日常工作。",
            "将政府信息公开工作纳入年度目标考核，{year}年度未发生因政府信息公开引发的责任追究情况。",
            "组织开展政务公开业务培训{n5}次，不断提升工作人员的业务能力和水平。",
            "{bold}三是政策解读情况。{bold}通过召开培训会、公示栏等形式，主动开展政策宣讲解读。",
        ),
    ),
)
_PROBLEMS = (
    "{year}年，{we}政府信息公开工作虽然取得了一定成效，但仍存在一些不足：",
    "一是公开内容不够全面，部分信息更新不够及时；",
    "二是政策解读形式较为单一，图解、视频等解读方式运用较少；",
    "三是工作人员业务水平有待提高，对公开范围的把握还不够精准。",
    "下一步，{we}将从以下几个方面加以改进：",
    "一是加强组织领导，压实工作责任，完善信息发布审核机制；",
    "二是丰富公开形式，着力提升政策解读的质量和实效；",
    "三是加强业务培训，进一步提高工作人员的业务能力，推动政府信息公开工作再上新台阶。",
    "{next_year}年，{we}将继续以“公开为常态，不公开为例外”为原则，切实做好政府信息公开工作。",
)
_OTHER = (
    "本年度无其他需要报告的事项。",
    "无。",
    "{year}年度，{we}未收取政府信息公开信息处理费。",
    "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
)
_PROBLEMS_HEADINGS = ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况",
                      "5、 存在的主要问题及改进情况")  # fmt: skip
_OTHER_HEADINGS = ("六、其他需要报告的事项", "六、需要报告的其他事项")
_SUBHEADING_NUMBERS = ("（{0}）", "({0})", "{1}、", "{1}.")
_CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Context:
    agency: Agency
    year: int
    edition: str
    applications_sentence: str  # what the overview says about the year's applications
    cites_superior: bool = False  # the preamble names the superior government (the place's clue)


def we(agency: str) -> str:
    """How a report refers to its own agency: 我镇, 我局, 本机关 …"""
    for suffix, pronoun in (("街道", "我街道"), ("镇", "我镇"), ("乡", "我乡"), ("厅", "我厅"),
                            ("局", "我局"), ("委员会", "我委"), ("办公室", "我办")):  # fmt: skip
        if agency.endswith(suffix) or agency.endswith(suffix + "人民政府"):
            return pronoun
    return "本机关"


_NUMBER_RANGES: dict[str, tuple[int, int]] = {
    "n1": (20, 900), "n2": (0, 60), "n3": (10, 400), "n4": (10, 2000), "n5": (1, 12),
}  # fmt: skip


def _fill(rng: random.Random, sentence: str, context: Context) -> str:
    if "{" not in sentence:
        return sentence
    numbers = {key: rng.randint(*span) for key, span in _NUMBER_RANGES.items() if key in sentence}
    return sentence.format(
        year=context.year,
        next_year=context.year + 1,
        previous_year=context.year - 1,
        agency=context.agency.name,
        we=we(context.agency.name),
        superior=context.agency.superior,
        applications=context.applications_sentence,
        bold="**" if "{bold}" in sentence and rng.random() < 0.3 else "",  # run-in bold heading
        **numbers,
    )


def channel_counts(rng: random.Random) -> list[tuple[str, str]]:
    """A small table of publication channels some reports put inside section 一 (sample 004)."""
    channels = ("门户网站公开政府信息数", "政务微信公开政府信息数", "政务微博公开政府信息数",
                "公开栏公开政府信息数")  # fmt: skip
    chosen = channels[: rng.randint(2, len(channels))]
    return [(channel, f"{rng.randint(0, 900)}条") for channel in chosen]


def title_lines(rng: random.Random, agency: str, year: int) -> tuple[str, list[str]]:
    """(the title on one line, the lines it is printed on: whole, split or wrapped)."""
    report = rng.choice(
        ("政府信息公开工作年度报告", "政府信息公开工作年度报告", "年度政府信息公开工作年度报告")
    )
    when = f"{year}年" if not report.startswith("年度") else str(year)
    title = f"{agency}{when}{report}"
    shape = rng.choice(("whole", "whole", "agency_apart", "wrapped"))
    if shape == "agency_apart":
        return title, [agency, "", f"{when}{report}"]
    if shape == "wrapped":
        return title, [title[:-4], title[-4:]]
    return title, [title]


def preamble(rng: random.Random, context: Context) -> str:
    notice = EDITION_NOTICES[context.edition]
    opening = rng.choice(
        (
            "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
            f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{notice}）要求，",
            "根据《中华人民共和国政府信息公开条例》规定和上级有关工作部署，",
        )
    )
    if context.cites_superior:  # as 慈峪镇's report cites 灵寿县政府办公室
        opening = opening.removesuffix("，") + f"和{context.agency.superior}办公室的要求，"
    return (
        f"{opening}现将{context.year}年度{context.agency.name}政府信息公开工作年度报告如下。"
        f"本报告中所列数据的统计期限自{context.year}年1月1日起至{context.year}年12月31日止。"
        f"如对本报告有任何疑问，请与{context.agency.name}联系。"
    )


def overview(rng: random.Random, context: Context) -> list[str]:
    """Paragraphs of section 一, with numbered sub-headings as real reports have them."""
    paragraphs = [_fill(rng, rng.choice(_OVERVIEW_OPENINGS), context)]
    numbering = rng.choice(_SUBHEADING_NUMBERS)
    position = 0
    for index, (topic, sentences) in enumerate(_OVERVIEW_TOPICS):
        if index > 1 and rng.random() < 0.3:
            continue
        position += 1
        paragraphs.append(numbering.format(_CHINESE_NUMERALS[position - 1], position) + topic)
        chosen = [s for s in sentences if rng.random() < 0.7] or [sentences[0]]
        paragraphs.append("".join(_fill(rng, s, context) for s in chosen))
    return [p for p in paragraphs if p]


def problems(rng: random.Random, context: Context) -> tuple[str, list[str]]:
    chosen = [s for s in _PROBLEMS if rng.random() < 0.85] or list(_PROBLEMS[:2])
    text = "".join(_fill(rng, s, context) for s in chosen)
    return rng.choice(_PROBLEMS_HEADINGS), [text]


def other_matters(rng: random.Random, context: Context) -> tuple[str, list[str]]:
    chosen = rng.sample(_OTHER, rng.randint(1, 2))
    return rng.choice(_OTHER_HEADINGS), ["".join(_fill(rng, s, context) for s in chosen)]


def table_heading(key: str) -> str:
    section = _SECTION[key]
    return f"{section.numeral}、{section.heading}"


def signature(rng: random.Random, agency: str, year: int) -> tuple[str, list[str]]:
    """(ISO date, the closing lines): reports are signed early in the following year."""
    month, day = rng.randint(1, 3), rng.randint(1, 28)
    return f"{year + 1}-{month:02d}-{day:02d}", [agency, f"{year + 1}年{month}月{day}日"]
