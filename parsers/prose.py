"""The prose of a report: cleaning extraction artefacts, cutting out injected spam, and reading the
few numbers the prose states so they can be compared with the tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.normalize import nfkc
from parsers.record import Number

_ARTEFACTS = (
    re.compile(r"\[bookmark:[^\]]*\]"),
    re.compile(r"\*\*"),
    re.compile(r"&nbsp;|\u00a0"),
)
# Words no government report uses; each seeds a spam span.
SPAM_SEEDS = (
    "老虎机",
    "即时比分",
    "比分网",
    "博彩",
    "赌场",
    "赌博网",
    "百家乐",
    "六合彩",
    "时时彩",
    "娱乐城",
    "真人娱乐",
    "彩票网",
    "下注",
    "网上赌",
    "澳门新葡京",
    "葡京",
    "威尼斯人",
    "线上娱乐",
    "电子游艺",
    "体育投注",
    "开户送",
    "注册送",
    "棋牌游戏",
    "pk10",
    "PK10",
)
# Words that extend a span once it is seeded (common words alone never start one).
SPAM_EXTENDERS = SPAM_SEEDS + (
    "最新",
    "官方",
    "官网",
    "手机版",
    "平台",
    "游戏",
    "网址",
    "下载",
    "app",
    "APP",
    "网站",
    "入口",
    "登录",
    "注册",
    "首页",
    "在线",
    "免费",
    "大全",
    "网",
    "版",
)
_SPAM_SYMBOLS = "_¥$＄:：|~～·-—【】[]()（）"


@dataclass(frozen=True)
class SpamSpan:
    start: int
    end: int
    text: str


def clean_artefacts(text: str) -> str:
    for pattern in _ARTEFACTS:
        text = pattern.sub("", text)
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.split("\n")]
    cleaned: list[str] = []
    for line in lines:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return "\n".join(cleaned).strip()


def find_spam(text: str) -> list[SpamSpan]:
    spans: list[SpamSpan] = []
    for seed in SPAM_SEEDS:
        for match in re.finditer(re.escape(seed), text):
            start, end = _extend(text, match.start(), match.end())
            if any(s.start <= start < s.end for s in spans):
                continue
            spans.append(SpamSpan(start, end, text[start:end]))
    return sorted(spans, key=lambda s: s.start)


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    changed = True
    while changed:
        changed = False
        if start > 0 and text[start - 1] in _SPAM_SYMBOLS:
            start, changed = start - 1, True
        if end < len(text) and text[end] in _SPAM_SYMBOLS:
            end, changed = end + 1, True
        for word in SPAM_EXTENDERS:
            if text.startswith(word, end):
                end, changed = end + len(word), True
            if start >= len(word) and text.startswith(word, start - len(word)):
                start, changed = start - len(word), True
    return start, end


def remove_spans(text: str, spans: list[SpamSpan]) -> str:
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        text = text[: span.start] + text[span.end :]
    return text


# ---------------------------------------------------------------------------------------------
# Numbers the prose states


_CLAUSE_END = "。；;！!？?\n"


@dataclass(frozen=True)
class Statement:
    subject: str  # "applications" | "review" | "litigation"
    value: Number
    text: str


_STATED = (
    (
        "applications",
        re.compile(r"收到[^,，。;；\d]{0,14}?申请[^,，。;；\d]{0,8}?(\d+)\s*(?:件|条|个|份|次)"),
    ),
    (
        "litigation",
        re.compile(r"(?:收到|发生|提起)?行政诉讼[^,，。;；\d]{0,6}?(\d+)\s*(?:件|条|起|个|宗)"),
    ),
    (
        "review",
        re.compile(r"(?:收到|发生|提起)?行政复议[^,，。;；\d]{0,6}?(\d+)\s*(?:件|条|起|个|宗)"),
    ),
)
_NONE_STATED = re.compile(r"(?:未|没有)(?:收到|发生|出现|产生)([^" + _CLAUSE_END + "]{0,40})")
_SUBJECT_WORDS = {"applications": "申请", "review": "行政复议", "litigation": "行政诉讼"}


def stated_numbers(prose: str) -> list[Statement]:
    """Counts the prose states: "收到政府信息公开申请 0 条", "收到行政诉讼1条", "未收到行政复议…"."""
    text = nfkc(prose)
    statements = [
        Statement(subject, int(match[1]), match[0])
        for subject, pattern in _STATED
        for match in pattern.finditer(text)
    ]
    for match in _NONE_STATED.finditer(text):
        clause = match[0]
        for subject, word in _SUBJECT_WORDS.items():
            if word in clause:
                statements.append(Statement(subject, 0, clause))
    return statements
