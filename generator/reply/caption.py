"""Reply texts that fit a platform's caption limit, counted the way the platform counts.

Counted by :mod:`generator.publish.counting`, the one counter captions use too (X's
twitter-text weights, Bluesky's grapheme clusters, characters elsewhere), so a reply and
a caption of the same text get the same length. A reply that is too long is cut at a
sentence end (or a word, with an ellipsis) and keeps its link.
"""

from __future__ import annotations

import re

from generator.load.platforms import PlatformPreset
from generator.publish import counting


def fit_reply(body: str, link: str | None, preset: PlatformPreset) -> str:
    """``body`` then ``link`` on its own line, cut so it fits ``preset.caption_limit``.

    ``body`` is plain text. The cut falls after a whole sentence where one fits,
    else after a whole word with an ellipsis; the link is kept because it is
    where the customer finds the full answer.
    """
    limit = preset.caption_limit
    tail = f"\n\n{link}" if link else ""
    full = body.strip() + tail
    if limit is None or counting.length(full, preset.caption_counting) <= limit:
        return full
    count = preset.caption_counting
    sentences = re.split(r"(?<=[.!?。！？])\s+", body.strip())
    out = ""
    for s in sentences:
        trial = f"{out} {s}".strip()
        if counting.length(trial + tail, count) > limit:
            break
        out = trial
    if not out:
        words = body.split()
        for w in words:
            trial = f"{out} {w}".strip()
            if counting.length(trial + "…" + tail, count) > limit:
                break
            out = trial
        out = out.rstrip(",;:-") + "…" if out else ""
    if not out:  # not even one word fits next to the link
        return link if link and counting.length(link, count) <= limit else ""
    return out + tail
