"""The fast PNG writer gives the pixels Pillow's encoder gives, in bytes that never vary."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from generator.render.encode import encode, png_bytes


def _card(size: tuple[int, int]) -> Image.Image:
    """Flat colours, a gradient strip and anti-aliased text: what a card holds."""
    im = Image.new("RGB", size, (29, 78, 74))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((20, 20, size[0] - 20, size[1] - 20), radius=30, fill=(251, 246, 238))
    for x in range(size[0]):
        d.line((x, 0, x, 10), fill=(x % 256, 255 - x % 256, 128))
    d.text((40, 60), "How long does delivery take? Ünïcödé", fill=(30, 30, 30), font_size=40)
    return im


@pytest.mark.parametrize("size", [(1, 1), (3, 7), (1080, 1350), (1600, 900)])
def test_png_decodes_to_the_same_pixels_as_pillows_encoder(size):
    im = _card(size) if size[0] > 100 else Image.new("RGB", size, (1, 2, 3))
    ours = Image.open(io.BytesIO(png_bytes(im)))
    ours.load()
    buf = io.BytesIO()
    im.save(buf, "PNG")
    theirs = Image.open(buf)
    assert ours.mode == "RGB" and ours.size == size
    assert ours.tobytes() == theirs.convert("RGB").tobytes() == im.tobytes()


def test_png_is_byte_identical_across_calls_and_smaller_than_pillows_level_3():
    im = _card((1080, 1350))
    first = png_bytes(im)
    assert png_bytes(im.copy()) == first
    buf = io.BytesIO()
    im.save(buf, "PNG", compress_level=3)
    assert len(first) <= len(buf.getvalue())


def test_encode_png_takes_any_mode_and_keeps_the_rgb_pixels():
    rgba = _card((300, 200)).convert("RGBA")
    data, settings = encode(rgba, "png", 10_000_000)
    assert settings == {}
    assert Image.open(io.BytesIO(data)).convert("RGB").tobytes() == rgba.convert("RGB").tobytes()


def test_png_bytes_packs_an_rgba_canvas_like_its_rgb_conversion():
    """A card's RGBA canvas goes to PNG without convert("RGB"): the very same bytes,
    translucent alpha included (dropped, as the conversion drops it)."""
    rgba = _card((1080, 1350)).convert("RGBA")
    rgba.putpixel((5, 5), (10, 20, 30, 40))
    assert png_bytes(rgba) == png_bytes(rgba.convert("RGB"))


def test_png_bytes_refuses_other_modes():
    with pytest.raises(ValueError, match="RGB or opaque RGBA image, not L"):
        png_bytes(Image.new("L", (2, 2)))
