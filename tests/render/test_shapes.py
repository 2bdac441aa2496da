"""fill_box's fast path (plain fills plus four blended corners) gives the pixels of the
full-box mask it replaced, on any size, radius and canvas."""

from __future__ import annotations

import pytest
from PIL import Image

from generator.render.shapes import fill_box, gradient, rounded_mask


def _reference(canvas: Image.Image, box, fill, radius: int) -> None:
    """The earlier fill_box: one tile pasted through a mask of the whole box."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    canvas.paste(Image.new("RGBA", (w, h), fill), (x0, y0), rounded_mask((w, h), radius))


def _background(mode: str) -> Image.Image:
    bg = gradient((180, 140), [(200, 30, 90, 255), (10, 120, 250, 128)], 35.0)
    return bg if mode == "RGBA" else bg.convert(mode)


@pytest.mark.parametrize("mode", ["RGBA", "RGB"])
@pytest.mark.parametrize("box,radius", [
    ((10, 10, 170, 130), 36), ((10, 10, 170, 130), 0), ((0, 0, 180, 140), 500),
    ((5, 7, 6, 8), 3), ((20, 30, 41, 31), 10), ((20, 30, 27, 60), 3), ((40, 40, 40, 90), 8),
    ((-20, -10, 60, 50), 12), ((150, 100, 230, 190), 25), ((30, 30, 90, 62), 16),
])
def test_fill_box_matches_the_full_mask(mode, box, radius):
    fill = (251, 246, 238, 255)
    ours, theirs = _background(mode), _background(mode)
    fill_box(ours, box, fill, radius)
    _reference(theirs, box, fill, radius)
    assert ours.tobytes() == theirs.tobytes()


def test_translucent_fill_still_blends():
    ours, theirs = _background("RGBA"), _background("RGBA")
    fill_box(ours, (10, 10, 170, 130), (0, 0, 0, 100), 20)
    mask = Image.eval(rounded_mask((160, 120), 20), lambda v: v * 100 // 255)
    theirs.paste(Image.new("RGBA", (160, 120), (0, 0, 0, 100)), (10, 10), mask)
    assert ours.tobytes() == theirs.tobytes()
