"""Anti-aliased shapes Pillow does not smooth by itself: rounded boxes, gradients.

Pillow's ``rounded_rectangle`` has jagged corners; drawing the whole shape at 4x
is slow for full-card panels. We draw the straight parts at 1x and paste corners
cut from a supersampled circle, which costs the same for any box size.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw

SUPERSAMPLE = 4


@lru_cache(maxsize=64)
def _circle_mask(radius: int) -> Image.Image:
    big = Image.new("L", (radius * 2 * SUPERSAMPLE,) * 2, 0)
    ImageDraw.Draw(big).ellipse((0, 0, big.width - 1, big.height - 1), fill=255)
    return big.resize((radius * 2, radius * 2), Image.Resampling.LANCZOS)


def rounded_mask(size: tuple[int, int], radius: int) -> Image.Image:
    w, h = size
    r = max(0, min(radius, w // 2, h // 2))
    mask = Image.new("L", (w, h), 255)
    if r == 0:
        return mask
    circle = _circle_mask(r)
    d = ImageDraw.Draw(mask)
    for box in ((0, 0, r, r), (w - r, 0, w, r), (0, h - r, r, h), (w - r, h - r, w, h)):
        d.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=0)
    mask.paste(circle.crop((0, 0, r, r)), (0, 0))
    mask.paste(circle.crop((r, 0, 2 * r, r)), (w - r, 0))
    mask.paste(circle.crop((0, r, r, 2 * r)), (0, h - r))
    mask.paste(circle.crop((r, r, 2 * r, 2 * r)), (w - r, h - r))
    return mask


def fill_box(canvas: Image.Image, box: tuple[int, int, int, int], fill: tuple[int, int, int, int],
             radius: int = 0) -> None:
    """Composite a (rounded) box of colour ``fill`` onto ``canvas`` (RGBA)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    r = max(0, min(radius, w // 2, h // 2))
    if fill[3] == 255:
        # Pasting through a full-box mask blends every pixel of a card-sized panel; where
        # the mask is 255 that blend is a plain fill. So fill the cross of straight parts
        # and blend only the four corner squares: the same pixels, several times faster.
        if r == 0:
            canvas.paste(fill, (x0, y0, x1, y1))
            return
        canvas.paste(fill, (x0, y0 + r, x1, y1 - r))
        canvas.paste(fill, (x0 + r, y0, x1 - r, y0 + r))
        canvas.paste(fill, (x0 + r, y1 - r, x1 - r, y1))
        circle = _circle_mask(r)
        corner = Image.new("RGBA", (r, r), fill)
        for cx, cy, mx, my in ((x0, y0, 0, 0), (x1 - r, y0, r, 0), (x0, y1 - r, 0, r),
                               (x1 - r, y1 - r, r, r)):
            canvas.paste(corner, (cx, cy), circle.crop((mx, my, mx + r, my + r)))
        return
    tile = Image.new("RGBA", (w, h), fill)
    mask = rounded_mask((w, h), radius)
    if fill[3] < 255:
        alpha = fill[3]
        mask = Image.eval(mask, lambda v: v * alpha // 255)
    canvas.paste(tile, (x0, y0), mask)


def gradient(size: tuple[int, int], colors: list[tuple[int, int, int, int]], angle: float) -> Image.Image:
    """A linear gradient like CSS ``linear-gradient(<angle>deg, ...)`` (180 = top to bottom).

    Cached: every card of a design on one platform shares its background.
    """
    return _gradient(size, tuple(colors), angle).copy()


# A full-canvas gradient is 4-8 MB: a few per worker, not 32 (150 MB of a worker, issue 25).
@lru_cache(maxsize=6)
def _gradient(size: tuple[int, int], colors: tuple[tuple[int, int, int, int], ...],
              angle: float) -> Image.Image:
    import numpy as np

    # A gradient is smooth: compute it at a quarter of the size and scale it up.
    full = size
    w, h = max(2, size[0] // 4), max(2, size[1] // 4)
    rad = math.radians(angle)
    dx, dy = math.sin(rad), -math.cos(rad)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    proj = (xs - w / 2) * dx + (ys - h / 2) * dy
    span = abs(w / 2 * dx) + abs(h / 2 * dy) or 1.0
    t = np.clip((proj / span + 1) / 2, 0, 1)
    stops = np.linspace(0, 1, len(colors))
    cols = np.array(colors, dtype=np.float64)
    out = np.empty((h, w, 4))
    for c in range(4):
        out[..., c] = np.interp(t, stops, cols[:, c])
    small = Image.fromarray(np.round(out).astype(np.uint8), "RGBA")
    return small.resize(full, Image.Resampling.BILINEAR)
