"""Reply texts that fit a platform's caption limit, counted the way the platform counts.

X weighs characters (CJK and emoji count 2, any URL 23; twitter-text's rules),
Bluesky counts grapheme clusters, everyone else counts characters. A reply that
is too long is cut at a sentence end (or a word, with an ellipsis) and keeps its link.
"""

from __future__ import annotations

import re

import regex

from generator.load.platforms import PlatformPreset

_URL = re.compile(r"https?://\S+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?",
                  re.IGNORECASE)
#: twitter-text v3: code points in these ranges weigh 1, all others 2.
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
X_URL_WEIGHT = 23


def _x_weight(cluster: str) -> int:
    if len(cluster) > 1 and any(ord(c) > 0xFFFF or 0xFE00 <= ord(c) <= 0xFE0F or c == "\u200d"
                                for c in cluster):
        return 2  # an emoji sequence counts once, as 2
    cp = ord(cluster[0])
    base = 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2
    return base + sum(1 if any(lo <= ord(c) <= hi for lo, hi in _X_LIGHT) else 2
                      for c in cluster[1:] if not _is_mark(c))


def _is_mark(c: str) -> bool:
    import unicodedata

    return unicodedata.category(c).startswith("M")


def caption_length(text: str, counting: str) -> int:
    """Length of ``text`` as the platform counts it (``chars``, ``graphemes``, ``x-weighted``)."""
    if counting == "graphemes":
        return len(regex.findall(r"\X", text))
    if counting != "x-weighted":
        return len(text)
    total = 0
    pos = 0
    for m in _URL.finditer(text):
        total += sum(_x_weight(c) for c in regex.findall(r"\X", text[pos:m.start()]))
        total += X_URL_WEIGHT
        pos = m.end()
    return total + sum(_x_weight(c) for c in regex.findall(r"\X", text[pos:]))


def fit_reply(body: str, link: str | None, preset: PlatformPreset) -> str:
    """``body`` then ``link`` on its own line, cut so it fits ``preset.caption_limit``.

    ``body`` is plain text. The cut falls after a whole sentence where one fits,
    else after a whole word with an ellipsis; the link is kept because it is
    where the customer finds the full answer.
    """
    limit = preset.caption_limit
    tail = f"\n\n{link}" if link else ""
    full = body.strip() + tail
    if limit is None or caption_length(full, preset.caption_counting) <= limit:
        return full
    count = preset.caption_counting
    sentences = re.split(r"(?<=[.!?。！？])\s+", body.strip())
    out = ""
    for s in sentences:
        trial = f"{out} {s}".strip()
        if caption_length(trial + tail, count) > limit:
            break
        out = trial
    if not out:
        words = body.split()
        for w in words:
            trial = f"{out} {w}".strip()
            if caption_length(trial + "…" + tail, count) > limit:
                break
            out = trial
        out = out.rstrip(",;:-") + "…" if out else ""
    if not out:  # not even one word fits next to the link
        return link if link and caption_length(link, count) <= limit else ""
    return out + tail
