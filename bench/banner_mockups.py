"""Banners next to each platform's profile layout, for a person to look at.

Usage: python bench/banner_mockups.py OUTPUT_FOLDER [SHEET.png]

For every banner in the manifest, draws the parts the platform covers or crops
over a copy: the profile picture (a grey disc over the preset's ``avoid`` box),
the cropped edges outside the safe zone (hatched), and the safe box (green).
Text must sit inside the green box and never under a disc. Writes one contact
sheet (default: OUTPUT_FOLDER/banner-mockups.png; not listed in the manifest).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from generator.load.platforms import PRESETS

WIDTH = 1000  # each banner is shown this wide


def mockup(path: Path, preset_name: str) -> Image.Image:
    preset = PRESETS[preset_name]
    img = Image.open(path).convert("RGBA")
    over = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(over)
    l, t, r, b = preset.safe_box
    shade = (0, 0, 0, 110)
    for box in ((0, 0, img.width, t), (0, b, img.width, img.height), (0, t, l, b),
                (r, t, img.width, b)):
        if box[2] > box[0] and box[3] > box[1]:
            d.rectangle(box, fill=shade)
    for al, at, ar, ab in preset.avoid:
        # The picture is a disc (X, Bluesky, Mastodon) or a rounded square: draw the disc
        # inscribed in the avoid box's height, at its lower left, with a white ring.
        size = min(ar - al, ab - at) - 20
        x0, y0 = al + 20, ab - size
        d.ellipse((x0, y0, x0 + size, y0 + size), fill=(200, 200, 200, 255),
                  outline=(255, 255, 255, 255), width=max(4, size // 30))
    d.rectangle((l, t, r - 1, b - 1), outline=(40, 220, 90, 255), width=max(3, img.width // 400))
    shown = Image.alpha_composite(img, over).convert("RGB")
    shown.thumbnail((WIDTH, WIDTH))
    return shown


def main(out: Path, sheet: Path | None = None) -> Path:
    entries = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    tiles = []
    for e in entries:
        if e.get("kind") == "banner":
            tile = mockup(out / e["path"], e["platform"])
            label = Image.new("RGB", (tile.width, 28), "white")
            ImageDraw.Draw(label).text((6, 6), e["path"], fill="black")
            tiles += [label, tile]
    if not tiles:
        raise SystemExit(f"no banners in {out}/manifest.json; run: selfserve build --kind banner")
    sheet_img = Image.new("RGB", (WIDTH, sum(t.height for t in tiles)), "white")
    y = 0
    for t in tiles:
        sheet_img.paste(t, (0, y))
        y += t.height
    target = sheet or out / "banner-mockups.png"
    sheet_img.save(target)
    print(f"wrote {target} ({len(tiles) // 2} banners)")
    return target


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
