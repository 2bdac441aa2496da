"""How long a scene stays on screen: reading speed in the text's language.

Speeds are characters per second of on-screen text, after the Netflix Timed Text
Style Guides (adult programmes: 17 cps for most alphabetic languages, Japanese 4,
Chinese 9, Korean 12), lowered a little for text over a moving video that is read
at a glance on a phone. A scene never runs shorter than :data:`MIN_SCENE` (a cut
faster than that reads as a glitch) nor longer than :data:`MAX_SCENE` (longer text
is split into more scenes, not shown for longer).
"""

from __future__ import annotations

import re

from generator.i18n.locales import language

#: Characters per second by language (the part of the locale before ``-``).
READING_CPS: dict[str, float] = {"ja": 4.0, "zh": 8.0, "ko": 11.0, "th": 12.0}
DEFAULT_CPS = 15.0
#: Time to find the text on a new scene before reading starts.
SETTLE = 0.8
MIN_SCENE = 2.5
MAX_SCENE = 12.0
#: The last scene of a part stays up a little longer (the viewer's loop restarts there).
END_HOLD = 1.0

_SPACE = re.compile(r"\s+")


def cps(locale: str | None) -> float:
    return READING_CPS.get(language(locale), DEFAULT_CPS)


def reading_seconds(text: str, locale: str | None) -> float:
    """Seconds to read ``text`` (whitespace runs count once), without clamping."""
    n = len(_SPACE.sub(" ", text).strip())
    return n / cps(locale)


def scene_seconds(text: str, locale: str | None) -> float:
    """A scene's length for ``text``: settle + reading time, within the bounds."""
    return min(MAX_SCENE, max(MIN_SCENE, SETTLE + reading_seconds(text, locale)))


def fits_scene(text: str, locale: str | None) -> bool:
    """Whether ``text`` can be read within one scene's maximum."""
    return SETTLE + reading_seconds(text, locale) <= MAX_SCENE


def split_by_duration(seconds: list[float], limit: float) -> list[list[int]]:
    """Scene indexes grouped into parts no longer than ``limit`` seconds each, as few
    parts as that allows and as even as possible (so a 100 s story on a 90 s platform
    becomes 50 + 50, not 90 + 10). A scene is never split."""
    total = sum(seconds)
    if total <= limit or len(seconds) <= 1:
        return [list(range(len(seconds)))]
    parts = max(2, -(-int(total * 1000) // int(limit * 1000)))
    while True:
        target = total / parts
        out: list[list[int]] = [[]]
        acc = 0.0
        for i, s in enumerate(seconds):
            # Start a new part when this scene would pass the even share (or the limit).
            if out[-1] and (acc + s > limit or (acc + s / 2 > target and len(out) < parts)):
                out.append([])
                acc = 0.0
            out[-1].append(i)
            acc += s
        if all(sum(seconds[i] for i in p) <= limit for p in out):
            return out
        parts += 1
