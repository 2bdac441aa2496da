"""Scenes to frames: every scene is drawn once (as a yuv420p array) and each frame is
composited from those arrays, never laid out again.

A :class:`Scene` is a still image shown for some seconds, optionally with a reveal:
bands of rows (the lines of an answer) that fade in one after another from a
second, fully drawn image. Between scenes a transition of :data:`TRANSITION`
seconds takes the start of the incoming scene: a crossfade, a slide (the new scene
pushes in from the side the text runs towards) or a zoom (the new scene settles
from 106% while fading in). A still stretch yields the same array object frame
after frame, so the encoder wraps it once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

TRANSITION = 0.4
REVEAL_FADE = 0.3
ZOOM_FROM = 1.06
TRANSITIONS = ("crossfade", "slide", "zoom")


@dataclass(frozen=True, eq=False)
class Reveal:
    """Rows of ``full`` that appear over the scene's base image, one band at a time."""

    full: Any  # yuv420p array, the scene with every line drawn
    bands: tuple[tuple[int, int], ...]  # (top, bottom) luma rows, even numbers
    starts: tuple[float, ...]  # seconds from the scene's start when each band begins to appear


@dataclass(frozen=True, eq=False)
class Scene:
    image: Any  # yuv420p array
    seconds: float
    reveal: Reveal | None = None


def planes(arr: Any, width: int, height: int) -> tuple[Any, Any, Any]:
    """Views of the Y, U and V planes of a yuv420p array of shape (height * 3/2, width)."""
    y = arr[:height]
    q = height // 4
    u = arr[height: height + q].reshape(height // 2, width // 2)
    v = arr[height + q: height + 2 * q].reshape(height // 2, width // 2)
    return y, u, v


def _rows_from(dst: Any, src: Any, top: int, bottom: int, width: int, height: int,
               weight: float = 1.0) -> None:
    """Copy (or blend by ``weight``) rows ``top``-``bottom`` of ``src`` into ``dst``."""
    import numpy as np

    for d, s, div in zip(planes(dst, width, height), planes(src, width, height), (1, 2, 2)):
        a, b = top // div, bottom // div
        if weight >= 1.0:
            d[a:b] = s[a:b]
        else:
            mixed = d[a:b].astype(np.float32) * (1 - weight) + s[a:b].astype(np.float32) * weight
            d[a:b] = np.rint(mixed).astype(np.uint8)


def _ease(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


class SceneState:
    """A scene's image at a time: cached per set of fully shown bands."""

    def __init__(self, scene: Scene, width: int, height: int):
        self.scene = scene
        self.w, self.h = width, height
        self._cache: dict[int, Any] = {}

    def at(self, t: float) -> Any:
        rv = self.scene.reveal
        if rv is None:
            return self.scene.image
        done = sum(1 for s in rv.starts if t >= s + REVEAL_FADE)
        fading = [(k, (t - s) / REVEAL_FADE) for k, s in enumerate(rv.starts) if s <= t < s + REVEAL_FADE]
        base = self._full_through(done)
        if not fading:
            return base
        out = base.copy()
        for k, w in fading:
            top, bottom = rv.bands[k]
            _rows_from(out, rv.full, top, bottom, self.w, self.h, _ease(w))
        return out

    def final(self) -> Any:
        rv = self.scene.reveal
        return self.scene.image if rv is None else self._full_through(len(rv.bands))

    def _full_through(self, n: int) -> Any:
        if n not in self._cache:
            rv = self.scene.reveal
            assert rv is not None
            img = self.scene.image.copy()
            for top, bottom in rv.bands[:n]:
                _rows_from(img, rv.full, top, bottom, self.w, self.h)
            self._cache = {n: img}  # only the latest is needed again
        return self._cache[n]


def _blend(a: Any, b: Any, w: float) -> Any:
    import numpy as np

    return np.rint(a.astype(np.float32) * (1 - w) + b.astype(np.float32) * w).astype(np.uint8)


def _slide(prev: Any, cur: Any, w: float, width: int, height: int, rtl: bool) -> Any:
    import numpy as np

    shift = int(round(width * w / 2)) * 2  # even, so the chroma planes move with the luma
    out = np.empty_like(cur)
    for o, p, c, div in zip(planes(out, width, height), planes(prev, width, height),
                            planes(cur, width, height), (1, 2, 2)):
        s = shift // div
        pw = o.shape[1]
        if not rtl:  # the new scene comes in from the right, the old one leaves left
            o[:, : pw - s] = p[:, s:]
            o[:, pw - s:] = c[:, : s]
        else:
            o[:, s:] = p[:, : pw - s]
            o[:, :s] = c[:, pw - s:]
    return out


def _zoomed(cur: Any, scale: float, width: int, height: int) -> Any:
    import numpy as np
    from PIL import Image

    out = np.empty_like(cur)
    for o, c in zip(planes(out, width, height), planes(cur, width, height)):
        h, w = c.shape
        big = Image.fromarray(c).resize((int(round(w * scale)), int(round(h * scale))),
                                        Image.Resampling.BILINEAR)
        left, top = (big.width - w) // 2, (big.height - h) // 2
        o[:] = np.asarray(big.crop((left, top, left + w, top + h)))
    return out


def frame_count(seconds: list[float], fps: int) -> list[int]:
    """Frames per scene, rounded on the running total so the video is not longer or
    shorter than the scenes' sum by more than one frame."""
    out, total, done = [], 0.0, 0
    for s in seconds:
        total += s
        end = int(round(total * fps))
        out.append(end - done)
        done = end
    return out


def render_frames(scenes: list[Scene], width: int, height: int, fps: int,
                  transition: str = "crossfade", rtl: bool = False) -> Iterator[Any]:
    """Every frame of ``scenes`` in order, as yuv420p arrays."""
    counts = frame_count([s.seconds for s in scenes], fps)
    prev_final = None
    for scene, n in zip(scenes, counts):
        state = SceneState(scene, width, height)
        trans = 0 if prev_final is None else min(n // 2, int(round(TRANSITION * fps)))
        for f in range(n):
            img = state.at(f / fps)
            if f < trans:
                w = _ease((f + 1) / (trans + 1))
                if transition == "slide":
                    img = _slide(prev_final, img, w, width, height, rtl)
                elif transition == "zoom":
                    img = _blend(prev_final, _zoomed(img, ZOOM_FROM - (ZOOM_FROM - 1) * w, width, height), w)
                else:
                    img = _blend(prev_final, img, w)
            yield img
        prev_final = state.final()
