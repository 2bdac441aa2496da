"""Draw a :class:`TextLayout` onto a Pillow image and report the ink actually drawn.

In: an image, a layout, the box origin and width (for alignment). Out: the ink
bounding box in image coordinates. Glyphs are drawn onto a transparent layer the size
of the box and composited once, which clips stray ink (italic overhang, stacked
marks) to the box, so the returned bbox is always inside
``(x, y, x + width, y + layout.height)`` as callers and the safe-zone lint rely on.
Colour emoji come from a bitmap font that only loads at 109 px: they are drawn at that
size and scaled to the text size.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from cachetools import LRUCache, cached
from PIL import Image, ImageDraw

from generator.render.text.fonts import EMOJI_STRIKE, FontFace, load_font
from generator.render.text.layout import em_width
from generator.render.text.model import GlyphRun, Line, TextLayout

_TOKENS = re.compile(r"\s+|\S+")


def line_offset(line: Line, align: str, width: int) -> float:
    """Left edge of a line in a box of ``width``: "start" follows the line's direction."""
    rtl = line.direction == "rtl"
    side = {"start": "right" if rtl else "left", "end": "left" if rtl else "right",
            "left": "left", "right": "right"}.get(align, "center")
    if side == "left":
        return 0.0
    if side == "right":
        return width - line.width
    return (width - line.width) / 2


def draw_text(image: Image.Image, layout: TextLayout, x: int, y: int,
              width: int) -> tuple[int, int, int, int]:
    """Draw ``layout`` in the box at (x, y) of ``width``; return the ink bbox (l, t, r, b).

    An empty drawing returns the zero-size box ``(x, y, x, y)``.
    """
    width, height = max(1, int(width)), max(1, int(layout.height))
    # Marks may reach past the line box (the two dots under a final Arabic yeh, Thai and
    # Vietnamese stacked marks, Devanagari vowel signs below); a layer as tall as the
    # lines clipped them, so "في" lost its dots on tightly set cards. Draw with a margin
    # of one em above and below, and report the ink where it really is.
    pad = max(1, int(layout.size))
    # Text in one colour (no colour emoji) is drawn as its coverage only, on a one-byte
    # layer: Pillow's fill keeps an RGBA layer's colour at the ink colour wherever alpha is
    # not 0 and blends the alpha exactly as an "L" layer's value, so the colour is added
    # back on the inked part alone. A quarter of the bytes to clear, blend and crop: the
    # same pixels in half the time (4.9 -> 2.5 ms per threads card of the sample).
    mono = not any(run.face.bitmap for line in layout.lines for run in line.runs)
    layer = Image.new("L" if mono else "RGBA", (width, height + 2 * pad), 0)
    pen = ImageDraw.Draw(layer)
    ink = layout.color[3] if mono else layout.color
    for line in layout.lines:
        left = line_offset(line, layout.align, width)
        for run in line.runs:
            rx = round(left + run.x)
            by = round(line.baseline) + pad
            if run.face.bitmap:
                if layout.color[3] == 0:
                    # Fully transparent text draws nothing, colour emoji included (a
                    # video's line reveal lays text out invisibly before showing it).
                    continue
                glyphs, ascent = _emoji_image(run.face, run.text, run.size, run.direction)
                _paste_clipped(layer, glyphs, rx, by - ascent)
                continue
            _draw_words(pen, run, left, by, layout, ink)
    # Keep what the layout reserved room for: the lines plus the ink that fit measured
    # above the first and below the last line (deep Arabic dots, stacked Thai marks).
    # A pixel of hinting past that is clipped, so text never inks outside its box.
    alpha = layer if mono else layer.getchannel("A")
    bbox = alpha.crop((0, pad, width, pad + height)).getbbox()
    if bbox is None:
        return (x, y, x, y)
    l, t, r, b = bbox  # in the box's coordinates
    # Composite only the inked part: converting a whole 900x600 layer costs milliseconds.
    if mono:
        part = Image.new("RGBA", (r - l, b - t), (*layout.color[:3], 0))
        part.putalpha(layer.crop((l, t + pad, r, b + pad)))
    else:
        part = layer.crop((l, t + pad, r, b + pad))
    _composite(image, part, x + l, y + t)
    # Clamp to the image too: a box hanging off the canvas has no ink there.
    return (max(0, x + l), max(0, y + t), min(image.width, x + r), min(image.height, y + b))


def _draw_words(pen: ImageDraw.ImageDraw, run: GlyphRun, left: float, baseline: int,
                layout: TextLayout, ink: int | tuple[int, ...]) -> None:
    """Draw a run word by word from a cache of glyph masks.

    FreeType rasterising Noto Sans costs ~60 us a glyph (its hinting programs), and
    thousands of cards repeat the same words at the same sizes, so each word's mask is
    rendered once. Shaping never crosses a space in the scripts we draw (Arabic joins
    and Indic clusters stay inside words), so words are placed by their shaped advances:
    left to right for LTR runs, from the run's right edge for RTL runs.
    """
    x = left + run.x if run.direction == "ltr" else left + run.x + run.width
    for token in _TOKENS.findall(run.text):
        advance = em_width(run.face, token, run.direction, layout.language) * run.size
        if run.direction == "rtl":
            x -= advance
        if not token.isspace():
            mask, (ox, oy) = _word_mask(run.face, run.size, token, run.direction,
                                        layout.language)
            pen.bitmap((round(x) + ox, baseline + oy), mask, fill=ink)
        if run.direction == "ltr":
            x += advance


def _mask_bytes(entry: tuple[Image.Image, tuple[int, int]]) -> int:
    return entry[0].width * entry[0].height + 200  # the pixels and the objects around them


#: Word masks a process keeps, bounded by their bytes: a 30 px body word is 2 kB, a 96 px
#: question word 40 kB, so a count limit either thrashes on body text or lets headings
#: take hundreds of MB. On the sample's 720 FAQ cards in plan order (one process): 1,024
#: masks (the count limit before) 20.0 s CPU, 53% of words found; 16 MB 18.5 s; 32 MB
#: (about 5,400 masks) 18.0 s for 41 MB more resident memory; 64 MB 17.9 s.
WORD_MASK_BYTES = 32 * 1024 * 1024
_WORD_MASKS: LRUCache = LRUCache(maxsize=WORD_MASK_BYTES, getsizeof=_mask_bytes)


@cached(_WORD_MASKS, lock=threading.Lock())
def _word_mask(face: FontFace, size: int, word: str, direction: str,
               language: str | None) -> tuple[Image.Image, tuple[int, int]]:
    """Anti-aliased mask of one shaped word and its offset from the baseline origin."""
    core, offset = load_font(face, size).getmask2(word, mode="L", anchor="ls",
                                                  direction=direction, language=language)
    # getmask2 returns Pillow's internal image core; wrapping it is what ImageDraw.text
    # does too (the result is byte-identical to drawing the word with text()).
    return Image.Image()._new(core), offset


def _paste_clipped(layer: Image.Image, im: Image.Image, x: int, y: int) -> None:
    """alpha_composite refuses sources reaching outside; crop to the overlap first."""
    l, t = max(0, x), max(0, y)
    r, b = min(layer.width, x + im.width), min(layer.height, y + im.height)
    if r > l and b > t:
        layer.alpha_composite(im.crop((l - x, t - y, r - x, b - y)), (l, t))


def _composite(image: Image.Image, layer: Image.Image, x: int, y: int) -> None:
    l, t = max(0, x), max(0, y)
    r, b = min(image.width, x + layer.width), min(image.height, y + layer.height)
    if r <= l or b <= t:
        return
    # Cropped only where the layer hangs off the image (a copy otherwise for nothing).
    part = layer if (l - x, t - y, r - x, b - y) == (0, 0, layer.width, layer.height) \
        else layer.crop((l - x, t - y, r - x, b - y))
    if image.mode == "RGBA":
        image.alpha_composite(part, (l, t))
    else:
        image.paste(part.convert(image.mode) if image.mode != "RGB" else part.convert("RGB"),
                    (l, t), part)


@lru_cache(maxsize=512)
def _emoji_image(face: FontFace, text: str, size: int, direction: str
                 ) -> tuple[Image.Image, int]:
    """Emoji run rendered at the strike size, scaled to ``size``; (image, ascent in px)."""
    font = load_font(face, EMOJI_STRIKE)
    ascent, descent = font.getmetrics()
    w = max(1, round(font.getlength(text, direction=direction)))
    big = Image.new("RGBA", (w, ascent + descent), (0, 0, 0, 0))
    ImageDraw.Draw(big).text((0, ascent), text, font=font, anchor="ls", embedded_color=True,
                             direction=direction)
    k = size / EMOJI_STRIKE
    small = big.resize((max(1, round(w * k)), max(1, round((ascent + descent) * k))),
                       Image.Resampling.LANCZOS)
    return small, round(ascent * k)


__all__ = ["draw_text", "line_offset"]
