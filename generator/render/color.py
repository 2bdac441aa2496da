"""Colours: parsing design/brand colour strings and WCAG 2.x contrast.

Contrast follows WCAG 2.x exactly (linearised sRGB, L = 0.2126 R + 0.7152 G +
0.0722 B, ratio (L1 + 0.05) / (L2 + 0.05)). Text over a gradient or photo is
measured against its worst background pixel, never the average.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

RGBA = tuple[int, int, int, int]

_HEX = re.compile(r"#?([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
NAMED = {"white": "#FFFFFF", "black": "#000000", "transparent": "#00000000"}


class ColorError(ValueError):
    pass


@lru_cache(maxsize=1024)
def parse_color(text: str) -> RGBA:
    """``#RGB``, ``#RGBA``, ``#RRGGBB``, ``#RRGGBBAA``, ``white``, ``black``."""
    s = NAMED.get(text.strip().lower(), text.strip())
    m = _HEX.fullmatch(s)
    if not m:
        raise ColorError(f"'{text}' is not a colour; write it as #RRGGBB")
    h = m.group(1)
    if len(h) in (3, 4):
        h = "".join(c * 2 for c in h)
    if len(h) == 6:
        h += "FF"
    return tuple(int(h[i: i + 2], 16) for i in range(0, 8, 2))  # type: ignore[return-value]


def to_hex(rgb: tuple[int, ...]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def _lin(c: float) -> float:
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, ...]) -> float:
    r, g, b = rgb[:3]
    return 0.2126 * _lin(r) + 0.7152 * _lin(g) + 0.0722 * _lin(b)


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def worst_contrast(region, text_rgb: tuple[int, ...]) -> tuple[float, tuple[int, int, int]]:
    """Lowest contrast between ``text_rgb`` and any pixel of ``region`` (an RGB image),
    and that pixel's colour.

    Anti-aliased glyph edges are not background: callers pass the region captured
    before the text was drawn.
    """
    import numpy as np

    rgb = region.convert("RGB")
    lt = luminance(text_rgb)
    r, g, b = linear_tables()
    # Flat and two-tone backgrounds (most cards) and veiled photos have few colours:
    # Pillow counts them in C and each colour is judged once.
    few = rgb.getcolors(maxcolors=4096) if rgb.width and rgb.height else None
    if few:
        # Flattened through an iterator: numpy builds an array from 2,000 tuples (a
        # veiled photo under a paragraph) at half the cost of a list of them.
        cols = np.fromiter(chain.from_iterable(c for _n, c in few), dtype=np.uint8,
                           count=3 * len(few)).reshape(-1, 3)
    else:
        cols = np.asarray(rgb).reshape(-1, 3)
        if cols.size == 0:
            return 21.0, (255, 255, 255)
    # Each colour's luminance through a 256-entry table per channel (no power per pixel);
    # the worst is the colour whose luminance is nearest the text's, not only the darkest
    # or the brightest (text of middle luminance over a photo with both).
    lum = r[cols[:, 0]] + g[cols[:, 1]] + b[cols[:, 2]]
    ratios = (np.maximum(lum, lt) + 0.05) / (np.minimum(lum, lt) + 0.05)
    i = int(ratios.argmin())
    return float(ratios[i]), tuple(int(v) for v in cols[i])  # type: ignore[return-value]


@lru_cache(maxsize=1)
def linear_tables():  # noqa: ANN201 - three numpy arrays
    """WCAG's linearised sRGB of every 8-bit value, times each channel's weight in L."""
    import numpy as np

    c = np.arange(256, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    # float32: a photo's pixels are looked up in these; the ratios need 4 digits, not 16.
    return tuple((lin * w).astype(np.float32) for w in (0.2126, 0.7152, 0.0722))


def nearest_passing(color: tuple[int, ...], background: tuple[int, ...],
                    ratio: float) -> tuple[int, int, int]:
    """The closest colour to ``color`` (same hue, darker or lighter) reaching ``ratio``."""
    import colorsys

    r, g, b = (c / 255 for c in color[:3])
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    best: tuple[int, int, int] | None = None
    best_d = 2.0
    for step in range(101):
        for sign in (-1, 1):
            li = lightness + sign * step / 100
            if not 0 <= li <= 1:
                continue
            rr, gg, bb = colorsys.hls_to_rgb(h, li, s)
            cand = (round(rr * 255), round(gg * 255), round(bb * 255))
            if contrast(cand, background) >= ratio and abs(li - lightness) < best_d:
                best, best_d = cand, abs(li - lightness)
        if best is not None:
            return best
    return (0, 0, 0) if luminance(background) > 0.18 else (255, 255, 255)
