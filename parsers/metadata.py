"""Who reports, on which year, when: from the title, the closing signature, or the body."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from parsers.crawl_header import CrawlHeader
from parsers.normalize import nfkc

_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_PUBLISHED = re.compile(r"(?:发布|公开|印发)(?:日期|时间)\s*[:：]?\s*" + _DATE.pattern)
_TITLE_AGENCY_FIRST = re.compile(r"^(?P<agency>.+?)(?:关于)?(?P<year>\d{4})\s*年度?")
_TITLE_YEAR_FIRST = re.compile(
    r"^(?P<year>\d{4})\s*年度?(?P<agency>.+?)(?:政府信息公开|政务公开|信息公开)"
)
_AGENCY_SUFFIX = (
    "街道办事处|街道办|街道|人民政府办公厅|人民政府办公室|人民政府|管理委员会|委员会|办公厅|办公室|"
    "管委会|镇|乡|局|厅|委|署|院|中心|所|站|队|会"
)
# Where a body sentence names its agency: "2023年，慈音街道不同渠道…", "仅反映2020年度慈峪镇…".
_BODY_AGENCY_LEAD = re.compile(
    r"(?:\d{4}\s*年度?\s*[,，、]?\s*|仅反映\d{4}年度?|本年度)(?P<run>[\u4e00-\u9fff]{2,30})"
)
_AGENCY_ENDING = re.compile(rf"(?:{_AGENCY_SUFFIX})")
_AGENCY_AT_END = re.compile(rf"(?:{_AGENCY_SUFFIX})$")
# Words that begin the sentence's predicate: the agency's name ends before them.
_PREDICATE_WORDS = re.compile(
    "认真|坚持|围绕|按照|根据|依据|结合|贯彻|落实|推进|深入|进一步|不断|持续|切实|紧紧|着力|扎实|全力|"
    "大力|始终|积极|高度|严格|继续|加强|做好|不同|通过|共收到|共公开|收到|未收到|主动|及时|把|在|对|以|将|"
    "政府信息公开|政务公开|信息公开"
)
# Words that begin a sentence, not a name: 本年/本机关, 全县, 共收到. 本溪市, 全州县, 共青城市 are
# places.
_SENTENCE_LEADS: dict[str, tuple[str, ...]] = {
    "本": ("年", "级", "机关", "单位", "部门", "报告", "局", "委", "办", "镇", "乡", "街道", "县",
          "市", "区", "省", "厅", "次", "着"),
    "全": ("年", "县", "市", "区", "镇", "乡", "街道", "省", "局", "面", "体", "部", "委"),
    "共": ("收", "计", "有", "发", "办", "受", "公"),
}  # fmt: skip
_NOT_AN_AGENCY = (
    *("我", "各", "该", "上级", "这", "在", "通过", "依据", "依法", "依照", "依申请"),
    *("未收", "未发", "未有", "未出", "未产"),  # 未央区 is a place
    *(lead + word for lead, words in _SENTENCE_LEADS.items() for word in words),
)
_REPORTED_YEAR_PATTERNS = (
    re.compile(r"仅反映\s*(\d{4})\s*年"),
    re.compile(r"统计(?:时限|期限|时间)[^。]{0,4}?自?\s*(\d{4})\s*年\s*1\s*月\s*1\s*日"),
    re.compile(r"(\d{4})\s*年度?政府信息公开工作年度报告"),
    re.compile(r"(\d{4})\s*年度?(?:本级|本机关|本单位|本部门)?政府信息公开(?:工作)?(?:年度)?报告"),
)
_ANY_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
TITLE_WORDS = ("年度报告", "工作报告", "信息公开")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    agency: str | None
    agency_source: str | None
    year: int | None
    year_source: str | None
    published: str | None
    governments: tuple[str, ...] = ()  # see cited_governments


# What a converter or a crawler leaves around a title: a markdown `#`, a `正文` tab label, the
# page's `发布日期：2020-01-31`.
_TITLE_LEAD = re.compile(r"^(?:\s*(?:#+|正文|\*+)\s*[:：]?)+")
# No leading \s*: tried at every position of a long run of whitespace it is quadratic; the
# whitespace left before the tail is stripped.
_TITLE_TAIL = re.compile(r"(?:(?:发布|公开|印发|更新)?(?:日期|时间)\s*[:：].*|\*+)$")


def clean_title(text: str) -> str:
    return _TITLE_TAIL.sub("", _TITLE_LEAD.sub("", text)).strip()


# A covering letter or notice around the report: `X关于报送2020年度…年度报告的函`,
# `关于印发X2020年度…年度报告的通知`. The report's own title is what it sends.
_WRAPPER_VERBS = "报送|印发|公布|发布|上报|呈报|转发|提交"
_WRAPPER = re.compile(
    rf"^(?P<sender>.*?)关于(?:{_WRAPPER_VERBS})(?P<title>.+?报告)的?(?:函|通知|报告|请示)$"
)
# Where a title runs on into the text (a PDF's title line joined to the first sentence).
_TITLE_END = re.compile(r"^(?P<title>.+?(?:年度报告|工作报告))(?P<rest>.+)$")
_RUN_ON = re.compile(r"^(?:[（(]?全文[)）]?|[（(][^）)]{0,12}[)）])$")


def title_proper(title: str) -> str:
    """The report's own title: without a covering letter's words, ending where the title ends."""
    text = title.strip()
    match = _WRAPPER.match(nfkc(text).replace(" ", ""))
    if match:
        text = match["sender"] + match["title"]
    match = _TITLE_END.match(text)
    if match and not _RUN_ON.match(match["rest"].strip()):
        text = match["title"]
    return text


def find_title(lines: list[str], first_heading: int | None) -> tuple[str | None, int]:
    """The title printed above the text (possibly over several short lines), and the index of the
    first line after it."""
    end = first_heading if first_heading is not None else min(len(lines), 6)
    parts: list[str] = []
    index = 0
    for index in range(end):
        text = clean_title(lines[index].strip())
        if not text:
            if parts and any(w in "".join(parts) for w in ("报告",)):
                break
            continue
        if len(text) > 40 and not parts and len(title_proper(text)) <= 40:
            parts.append(text)  # the title ran on into the first sentence: title_proper cuts it
            index += 1
            break
        if len(text) > 40 or text.startswith("根据") or len(parts) >= 3:
            break
        parts.append(text)
    else:
        index = end
    title = "".join(parts)
    if title and any(word in title for word in TITLE_WORDS) and "报告" in title:
        return title, index
    return None, 0


def _clean_agency(name: str) -> str | None:
    name = clean_title(name).strip(' :：,，、《》"“”#*')
    name = re.sub(rf"^关于(?:{_WRAPPER_VERBS})?|关于(?:{_WRAPPER_VERBS})?$", "", name)
    if (
        not name
        or len(name) > 40
        or name.startswith(_NOT_AN_AGENCY)
        or name in ("政府", "人民政府")
    ):
        return None
    return name


def _agency_from_title(title: str) -> tuple[str | None, int | None]:
    text = nfkc(title).replace(" ", "")
    match = _TITLE_YEAR_FIRST.match(text)
    if match:
        return _clean_agency(match["agency"]), int(match["year"])
    match = _TITLE_AGENCY_FIRST.match(text)
    if match:
        return _clean_agency(match["agency"]), int(match["year"])
    return None, None


def find_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(agency, ISO date) of a closing signature: a short name line over a date line at the end."""
    tail = [line.strip() for line in lines[-8:] if line.strip()]
    for position in range(len(tail) - 1, -1, -1):
        date = _DATE_LINE.match(nfkc(tail[position]))
        if not date:
            continue
        iso = _iso(date)
        name = None
        if position > 0:
            candidate = tail[position - 1]
            if len(candidate) <= 30 and not re.search(r"[。；;:：,，!！?？]", candidate):
                name = _clean_agency(candidate)
        return name, iso
    return None, None


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _agency_in_run(run: str) -> str | None:
    """The longest agency-like name at the start of a run of characters, cut before the predicate.
    A one-character predicate word (将, 在, 对, 以, 把) also occurs inside names (洪雅县将军乡,
    将乐县): it ends the name only where a complete name stands before it."""
    head = run
    for cut in _PREDICATE_WORDS.finditer(run, 2):
        before = run[: cut.start()]
        if len(cut[0]) > 1 or _AGENCY_AT_END.search(before):
            head = before
            break
    endings = [m.end() for m in _AGENCY_ENDING.finditer(head)]
    return _clean_agency(head[: endings[-1]]) if endings else None


def _body_agency(text: str) -> str | None:
    votes = Counter(
        name for match in _BODY_AGENCY_LEAD.finditer(text) if (name := _agency_in_run(match["run"]))
    )
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def _reported_year(text: str, published: str | None) -> tuple[int | None, str | None]:
    for pattern in _REPORTED_YEAR_PATTERNS:
        match = pattern.search(text)
        if match:
            return int(match[1]), "body"
    limit = int(published[:4]) if published else None
    years = Counter(
        int(year) for year in _ANY_YEAR.findall(text) if limit is None or int(year) <= limit
    )
    if years:
        return years.most_common(1)[0][0], "body"
    if limit is not None:
        return limit - 1, "publication date"
    return None, None


# A government the text names: the run of characters before 政府 / 管委会 (和灵寿县政府办公室,
# 盐池县人民政府办公室, 平潭综合实验区管委会), in the opening and the closing of the text where a
# report cites its superior and signs. places/ reads the place from them. 政府信息(公开) is the
# subject of every report, not a government.
_GOVERNMENT_WORDS = ("政府", "管委会", "管理委员会", "党工委")
_CJK_TAIL = re.compile(r"[\u4e00-\u9fff]{2,24}$")
OPENING_SPAN, CLOSING_SPAN = 3000, 300


def cited_governments(text: str) -> tuple[str, ...]:
    """The runs of characters before each 政府/管委会 of the opening and closing, each once."""
    spans = (text,) if len(text) <= OPENING_SPAN + CLOSING_SPAN else (
        text[:OPENING_SPAN], text[-CLOSING_SPAN:]
    )  # fmt: skip
    found: dict[str, None] = {}
    for span in spans:
        for word in _GOVERNMENT_WORDS:
            at = span.find(word)
            while at >= 0:
                if not span.startswith("信息", at + len(word)):
                    tail = _CJK_TAIL.search(span, max(0, at - 24), at)
                    if tail:
                        found.setdefault(tail.group().removesuffix("人民"), None)
                at = span.find(word, at + len(word))
    return tuple(run for run in found if len(run) >= 2)


def find_metadata(
    lines: list[str], first_heading: int | None, body: str, header: CrawlHeader | None = None
) -> Metadata:
    """The crawler's header (when there is one) names the title; the text tells the rest."""
    title = clean_title(header.title) if header and header.title else None
    if not title:
        title, _ = find_title(lines, first_heading)
    if title:
        title = title_proper(title)
    signed_agency, signed_date = find_signature(lines)
    published = signed_date or (header.published if header else None)
    if published is None:
        match = _PUBLISHED.search(nfkc(body))
        if match:
            published = _iso(match)

    agency, year, agency_source, year_source = None, None, None, None
    if title:
        agency, year = _agency_from_title(title)
        agency_source = "title" if agency else None
        year_source = "title" if year else None
    if agency is None and signed_agency:
        agency, agency_source = signed_agency, "signature"
    if agency is None:
        agency = _body_agency(nfkc(body))
        agency_source = "body" if agency else None
    if year is None:
        year, year_source = _reported_year(nfkc(body), published)
    governments = cited_governments(body)
    return Metadata(title, agency, agency_source, year, year_source, published, governments)
