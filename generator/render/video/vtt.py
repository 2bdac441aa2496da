"""WebVTT captions beside each video: what the scenes say, timed as they show it.

Platforms that read a captions file (YouTube, Facebook) show it as subtitles; the
rest still benefit: a scheduler or a screen-reader user can read the text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


def _stamp(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _clean(text: str) -> str:
    """One cue's text: no blank lines (they end a cue) and no "-->" (it starts one)."""
    lines = [ln.strip() for ln in text.replace("-->", "→").splitlines()]
    return "\n".join(ln for ln in lines if ln)


def webvtt(cues: list[Cue], lang: str) -> str:
    out = ["WEBVTT", f"Language: {lang}", ""]
    for i, c in enumerate(cues, 1):
        text = _clean(c.text)
        if not text or c.end <= c.start:
            continue
        out += [str(i), f"{_stamp(c.start)} --> {_stamp(c.end)}", text, ""]
    return "\n".join(out)
