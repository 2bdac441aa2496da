"""Bidirectional text in a simple level model: paragraph direction, levels, visual order.

In: one paragraph's logical text. Out: its base direction and one embedding level per
character (0 = LTR, 1 = RTL, 2 = LTR inside RTL), and a reordering of level runs.
python-bidi is not available and raqm only reorders inside one shaping call, while a
line that mixes fonts is several calls; so the engine resolves levels itself. This
follows UAX #9's W/N/I rules for the cases FAQ text has (no explicit embeddings):
numbers keep their digit order inside RTL text, neutrals between two runs of the same
direction join them, other neutrals take the paragraph direction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from generator.i18n.locales import is_rtl

T = TypeVar("T")

_L, _R, _NUM, _N = "L", "R", "NUM", "N"


def base_direction(text: str, locale: str | None = None) -> str:
    """"rtl" when the first strong character is RTL (or, with none, an RTL locale)."""
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls == "L":
            return "ltr"
        if cls in ("R", "AL"):
            return "rtl"
    return "rtl" if is_rtl(locale) else "ltr"


# Scripts with RTL letters or Arabic digits; text without any is all level 0 in LTR.
_RTL_CHARS = re.compile("[\u0590-\u08ff\u200f\u202b\u202e\ufb1d-\ufdff\ufe70-\ufefc"
                        "\U00010800-\U00010fff\U0001e800-\U0001efff]")


@lru_cache(maxsize=4096)
def levels(text: str, direction: str) -> tuple[int, ...]:
    """Resolved embedding level of every character of ``text`` in a paragraph."""
    base = 1 if direction == "rtl" else 0
    if base == 0 and not _RTL_CHARS.search(text):
        return (0,) * len(text)
    raw = [unicodedata.bidirectional(c) for c in text]
    kinds: list[str] = []
    for cls in raw:
        if cls == "L":
            kinds.append(_L)
        elif cls in ("R", "AL"):
            kinds.append(_R)
        elif cls in ("EN", "AN"):
            kinds.append(_NUM)
        elif cls == "NSM" and kinds:
            kinds.append(kinds[-1])
        else:
            kinds.append(_N)
    # W4/W5: separators and terminators touching numbers belong to the number.
    for i, cls in enumerate(raw):
        if kinds[i] != _N:
            continue
        before = kinds[i - 1] if i else None
        after = kinds[i + 1] if i + 1 < len(kinds) else None
        between = before == _NUM and after == _NUM
        if (cls in ("ES", "CS") and between) or (cls == "ET" and _NUM in (before, after)):
            kinds[i] = _NUM
    # W7: numbers after an L (or at the start of an LTR paragraph) count as L.
    last = _L if base == 0 else _R
    for i, k in enumerate(kinds):
        if k in (_L, _R):
            last = k
        elif k == _NUM and last == _L:
            kinds[i] = _L
    # N1/N2: neutrals between same-direction strongs (numbers act as R) take it.
    sos = _L if base == 0 else _R
    out = list(kinds)
    i = 0
    while i < len(kinds):
        if kinds[i] != _N:
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] == _N:
            j += 1
        left = sos if i == 0 else (_R if kinds[i - 1] == _NUM else kinds[i - 1])
        right = sos if j == len(kinds) else (_R if kinds[j] == _NUM else kinds[j])
        fill = left if left == right else sos
        for at in range(i, j):
            out[at] = fill
        i = j
    lv: list[int] = []
    for k in out:
        if base == 0:
            lv.append(0 if k == _L else 1 if k == _R else 2)
        else:
            lv.append(1 if k == _R else 2)
    return tuple(lv)


def visual_order(items: Sequence[T], item_levels: Sequence[int]) -> list[T]:
    """Reorder runs (each at one level) for display: UAX #9 rule L2."""
    order = list(range(len(items)))
    if not item_levels:
        return []
    top = max(item_levels)
    low_odd = min((lv for lv in item_levels if lv % 2), default=top + 1)
    for level in range(top, low_odd - 1, -1):
        i = 0
        while i < len(order):
            if item_levels[order[i]] >= level:
                j = i
                while j < len(order) and item_levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return [items[i] for i in order]
