"""Line-break opportunities: where a line may end, and where it may end in an emergency.

In: one paragraph's logical text. Out: sorted offsets where a new line may start.
Normal opportunities follow UAX #14 (uniseg), whose classes already carry the CJK
kinsoku rules: no break before closing punctuation such as 、。）」 (class CL) or small
kana, none after an opening bracket (OP). Thai has no spaces and UAX #14 leaves it
unbroken (class SA needs a dictionary), so Thai stretches go through budoux's phrase
model. Emergency opportunities (after / . - _ ? & = in URLs and paths, then between
grapheme clusters) are used only for a piece too wide for a line on its own; no
offset returned here ever falls inside a grapheme cluster.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.render.text.runs import graphemes

# Text made only of these characters breaks after spaces and after a hyphen between
# letters, exactly what UAX #14 gives for it, without uniseg's pure-Python cost (~6 ms
# for a 60-word answer, which matters over thousands of cards).
_SIMPLE = re.compile(r"[\x20-\x7e\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]*\Z")
_SIMPLE_BREAK = re.compile(r"(?<= )(?=[^ ])|(?<=[^\W\d_]-)(?=[^\W\d_])")
_THAI = re.compile(r"[\u0e00-\u0e7f]{2,}")
_URL_BREAK_AFTER = frozenset("/.-_?&=")


@lru_cache(maxsize=8192)
def break_opportunities(text: str) -> tuple[tuple[int, ...], frozenset[int]]:
    """Offsets (0 < i < len(text)) where a line may start, and the mandatory subset."""
    if _SIMPLE.match(text):
        return tuple(m.start() for m in _SIMPLE_BREAK.finditer(text)), frozenset()
    from uniseg.linebreak import line_break_boundaries

    found = {b for b in line_break_boundaries(text) if 0 < b < len(text)}
    mandatory = frozenset(i + 1 for i, ch in enumerate(text[:-1])
                          if ch in "\n\r\u2028\u2029\x0b\x0c" and text[i:i + 2] != "\r\n")
    for m in _THAI.finditer(text):
        found |= _thai_breaks(m.group(), m.start())
    return tuple(sorted(found | mandatory)), mandatory


def _thai_breaks(run: str, offset: int) -> set[int]:
    """Phrase boundaries inside a Thai stretch (budoux), on grapheme boundaries only."""
    allowed = set(cluster_boundaries(run))
    try:
        import budoux
    except ImportError:  # pragma: no cover - then Thai breaks only in emergencies
        return set()
    pos, out = 0, set()
    for phrase in _thai_parser(budoux).parse(run):
        pos += len(phrase)
        if 0 < pos < len(run) and pos in allowed:
            out.add(offset + pos)
    return out


@lru_cache(maxsize=1)
def _thai_parser(budoux):
    return budoux.load_default_thai_parser()


def cluster_boundaries(text: str) -> list[int]:
    """Offsets between grapheme clusters (excluding 0 and len): the last-resort breaks."""
    out, pos = [], 0
    for cl in graphemes(text):
        pos += len(cl)
        out.append(pos)
    return out[:-1]


def url_breaks(text: str) -> list[int]:
    """Offsets after / . - _ ? & = (on cluster boundaries): how long URLs and paths wrap."""
    allowed = set(cluster_boundaries(text))
    return [i + 1 for i, ch in enumerate(text) if ch in _URL_BREAK_AFTER and i + 1 in allowed]
