"""Traditional → Simplified characters, so the parser sees the form's own wording."""

from __future__ import annotations

from functools import cache

import opencc

# Share of CJK characters that t2s changes above which a text is taken as Traditional. Simplified
# text changes almost nowhere (a handful of variant characters); Traditional text changes about one
# character in five.
TRADITIONAL_SHARE = 0.03
_SAMPLE = 20_000
# Traditional-only forms of characters no annual report can do without (公開, 申請, 數量, 機關, 處理,
# 報告, 資訊…). A text with none of them is not Traditional, and OpenCC (most of a small file's
# reading time) need not run on it.
_TRADITIONAL_MARKERS = frozenset("開請數關機處報資訊務會國為與發個條們這時對經當於應後頁規類復訟")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def is_traditional(text: str) -> bool:
    sample = text[:_SAMPLE]
    if _TRADITIONAL_MARKERS.isdisjoint(sample):
        return False
    cjk = [char for char in sample if _is_cjk(char)]
    if not cjk:
        return False
    converted = _converter().convert("".join(cjk))
    changed = sum(a != b for a, b in zip(cjk, converted, strict=False))
    return changed / len(cjk) >= TRADITIONAL_SHARE


def to_simplified(text: str) -> str:
    """The text in Simplified characters when it is detectably Traditional, else unchanged."""
    return _converter().convert(text) if is_traditional(text) else text
