"""Built-in themes: one brand's colours, three looks (``brand: {theme: calm}``).

A theme is the layer of style between the brand colours and the designs: how round the
panels are, how large the headings run, and a quiet pattern on the background. Every
design draws with it, so changing ``theme:`` restyles every card without copying a
design. ``selfserve init --theme NAME`` also starts the project with the theme's
example palette (:attr:`ThemeStyle.palette`), which the user then replaces with theirs.

Patterns are drawn in the background's own readable text colour at a few percent of
opacity, under every layer; the contrast lint measures text over the patterned pixels,
so a pattern can never make a card fail without the build saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported where a pattern is drawn, so loading stays light.
    from PIL.Image import Image


@dataclass(frozen=True)
class ThemeStyle:
    name: str
    description: str
    radius_scale: float  # multiplies every design radius (0 = square corners)
    heading_scale: float  # multiplies the largest size of heading text
    pattern: str  # none | dots | lines
    pattern_alpha: int  # 0-255: how strongly the pattern shows
    palette: dict[str, str]  # the example colours `init --theme` writes


THEMES: dict[str, ThemeStyle] = {
    "calm": ThemeStyle("calm", "soft corners, measured type, plain backgrounds", 1.0, 1.0,
                       "none", 0,
                       {"primary": "#1F4E79", "accent": "#F2B33D", "background": "#F7F5F0",
                        "text": "#1B1B1B"}),
    "bold": ThemeStyle("bold", "square corners, larger headings, fine diagonal lines", 0.25,
                       1.15, "lines", 14,
                       {"primary": "#14213D", "accent": "#FCA311", "background": "#FFFFFF",
                        "text": "#111111"}),
    "playful": ThemeStyle("playful", "round corners, a dotted background", 1.7, 1.05, "dots",
                          22,
                          {"primary": "#5B2A86", "accent": "#FF8C61", "background": "#FFF6EC",
                           "text": "#2B2118"}),
}
DEFAULT_THEME = "calm"


def theme_style(name: str | None) -> ThemeStyle:
    return THEMES.get(name or DEFAULT_THEME, THEMES[DEFAULT_THEME])


def draw_pattern(canvas: Image, style: ThemeStyle, color: tuple[int, int, int], scale: float) -> None:
    """The theme's pattern over the whole ``canvas`` (RGBA), in ``color`` at the theme's
    opacity; spacing in design px at 1080 px width."""
    if style.pattern == "none" or style.pattern_alpha <= 0:
        return
    from PIL import Image, ImageDraw

    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    ink = (*color, style.pattern_alpha)
    w, h = canvas.size
    if style.pattern == "dots":
        step, r = max(8, round(46 * scale)), max(2, round(5 * scale))
        for y in range(step // 2, h, step):
            off = step // 2 if (y // step) % 2 else 0
            for x in range(off + step // 2, w, step):
                d.ellipse((x - r, y - r, x + r, y + r), fill=ink)
    elif style.pattern == "lines":
        step, width = max(8, round(36 * scale)), max(1, round(3 * scale))
        for x in range(-h, w, step):
            d.line((x, h, x + h, 0), fill=ink, width=width)
    canvas.alpha_composite(layer)
