"""Draw the sample project's stand-in photo, assets/photos/roastery.jpg.

The sample needs a picture with real photographic trouble (a bright window on one
side, dark shadows, soft highlights) to show and test scrims and focal-point crops,
and a file we can ship under the project's own licence. This draws one: a warm
out-of-focus interior, seeded, so running it again gives the same bytes.

    python tools/make_sample_photo.py
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "assets" / "photos" / "roastery.jpg"
W, H = 1600, 1067


def main() -> None:
    rng = random.Random(21)
    img = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(img)
    for y in range(H):  # a dark wall, warmer towards the floor
        t = y / H
        d.line([(0, y), (W, y)], fill=(int(46 + 40 * t), int(30 + 22 * t), int(22 + 10 * t)))
    d.rectangle([1040, 90, 1500, 640], fill=(250, 244, 228))  # the bright window
    d.rectangle([1255, 90, 1285, 640], fill=(92, 70, 52))
    d.rectangle([1040, 350, 1500, 372], fill=(92, 70, 52))
    d.rectangle([0, 760, W, H], fill=(120, 78, 44))  # the counter
    d.ellipse([300, 560, 700, 860], fill=(196, 180, 160))  # a sack of beans
    d.ellipse([360, 600, 640, 780], fill=(80, 48, 28))
    glow = Image.new("RGB", (W, H))
    g = ImageDraw.Draw(glow)
    for _ in range(70):  # bokeh highlights
        x, y, r = rng.randrange(W), rng.randrange(H // 2), rng.randrange(12, 60)
        c = rng.choice([(255, 196, 120), (255, 226, 170), (240, 170, 90)])
        g.ellipse([x - r, y - r, x + r, y + r], fill=c)
    img = Image.blend(img, glow, 0.35).filter(ImageFilter.GaussianBlur(9))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    img.save(OUT, "JPEG", quality=86, optimize=True)
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
