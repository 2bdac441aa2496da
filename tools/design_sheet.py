"""Rebuild docs/designs.png: every built-in design on four aspect ratios, one row each.

Each design is drawn by its kind's real renderer from the sample project (the FAQ with a
photo for the photo designs, a short FAQ for `tip`, a how-to for the steps designs, a
known issue for notices and carousels, the stats for infographics, the Christmas week for
hours), on a square, a portrait, a tall and a landscape preset (banners: four banner
presets). Run from the repository root after changing a design:

    python tools/design_sheet.py [OUT.png]
"""

from __future__ import annotations

import dataclasses
import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ASPECTS = ("instagram-square", "instagram-portrait", "instagram-story", "x")
BANNERS = ("x-header", "facebook-cover", "linkedin-profile-banner", "youtube-banner")
TILE = 240  # px: the longer side of each thumbnail
#: design -> (kind, item id to draw, platforms)
SHEET: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "faq": ("faq", "change-address", ASPECTS),
    "faq-question": ("faq", "change-address", ASPECTS),
    "faq-chat": ("faq", "change-address", ASPECTS),
    "faq-photo": ("faq", "delivery-times", ASPECTS),
    "faq-cover": ("faq", "delivery-times", ASPECTS),
    "faq-inset": ("faq", "delivery-times", ASPECTS),
    "tip": ("faq", "ship-to-ireland", ASPECTS),
    "steps": ("faq", "pause-subscription", ASPECTS),
    "steps-cards": ("faq", "pause-subscription", ASPECTS),
    "notice": ("notice", "tracking-not-updating", ASPECTS),
    "notice-alert": ("notice", "tracking-not-updating", ASPECTS),
    "carousel": ("carousel", "grinder-setup", ASPECTS),
    "carousel-cards": ("carousel", "grinder-setup", ASPECTS),
    "hours": ("hours", "week-2026-12-21", ASPECTS),
    "hours-week": ("hours", "week-2026-12-21", ASPECTS),
    "infographic": ("infographic", "support-stats", ("pinterest", "instagram-story")),
    "infographic-square": ("infographic", "support-stats", ("instagram-square",)),
    "infographic-landscape": ("infographic", "support-stats", ("x", "facebook-link")),
    "banner": ("banner", "2026-12-25", BANNERS),
}


def render(design: str, kind_name: str, item_id: str, platforms: tuple[str, ...]) -> list[Image.Image]:
    from generator.kinds import all_kinds
    from generator.load.project import load_project
    from generator.plan.jobs import PlanInput, RenderContext
    from generator.load.platforms import resolve_presets

    project = load_project(ROOT)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    kind = all_kinds()[kind_name]
    jobs = kind.plan(PlanInput(project, presets, tuple(presets[p] for p in platforms)))
    out = []
    for platform in platforms:
        job = next((j for j in jobs if j.platform == platform and j.item_id == item_id), None)
        if job is None:  # the kind makes nothing for this platform (no carousel on X)
            continue
        result = kind.render(dataclasses.replace(job, design=design), ctx)
        img = Image.open(io.BytesIO(result.files[0].data)).convert("RGB")
        img.thumbnail((TILE, TILE))
        out.append(img)
    return out


def main(dest: Path) -> None:
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 18) if _has("DejaVuSans-Bold.ttf") \
        else ImageFont.load_default()
    rows = [(name, render(name, *spec)) for name, spec in SHEET.items()]
    label_w, gap = 240, 12
    width = label_w + max(sum(t.width + gap for t in tiles) for _n, tiles in rows)
    height = sum(max(t.height for t in tiles) + gap for _n, tiles in rows) + gap
    sheet = Image.new("RGB", (width, height), "#F4F4F4")
    draw = ImageDraw.Draw(sheet)
    y = gap
    for name, tiles in rows:
        draw.text((gap, y + 8), name, fill="#222222", font=font)
        x = label_w
        for t in tiles:
            sheet.paste(t, (x, y))
            x += t.width + gap
        y += max(t.height for t in tiles) + gap
    dest.parent.mkdir(parents=True, exist_ok=True)
    # 256 colours keep the sheet near 0.5 MB in the repository; it is an overview, the
    # cards themselves are full colour.
    sheet.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        dest, optimize=True)
    print(f"{dest}: {len(rows)} designs, {sheet.width}x{sheet.height}")


def _has(font: str) -> bool:
    try:
        ImageFont.truetype(font, 10)
        return True
    except OSError:
        return False


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "designs.png")
