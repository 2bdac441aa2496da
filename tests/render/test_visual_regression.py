"""Visual regression: every built-in card design drawn from the starter project on a
portrait and a landscape preset, compared with a small reference image.

References are 72 px wide greyscale thumbnails (tests/data/visual/<design>@<platform>.png),
a few hundred bytes each: a moved panel, a lost photo, a colour swap or text that
vanished changes them; a newer FreeType or Noto release that moves glyph edges by a pixel
does not, because the comparison allows a mean difference of 6 grey levels and at most 4%
of pixels off by more than 40. After an intended design change, rebuild them with

    SELFSERVE_UPDATE_VISUAL=1 python -m pytest tests/render/test_visual_regression.py

and look at the new files before committing them.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from generator.kinds.faq import render_faq_card
from generator.load.platforms import resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import RenderContext, RenderJob

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
REFS = ROOT / "tests" / "data" / "visual"
WIDTH = 72
DESIGNS = ("faq", "faq-question", "faq-chat", "faq-photo", "faq-cover", "faq-inset", "tip", "steps",
           "steps-cards")
PLATFORMS = ("instagram-portrait", "x")
MEAN_LIMIT = 6.0
FAR, FAR_SHARE = 40, 0.04


@pytest.fixture(scope="module")
def ctx_and_faqs(tmp_path_factory):
    root = tmp_path_factory.mktemp("visual") / "proj"
    shutil.copytree(STARTER, root)
    photo = Image.new("RGB", (800, 500), (90, 70, 60))
    d = ImageDraw.Draw(photo)
    d.rectangle([520, 40, 760, 300], fill=(250, 245, 230))
    d.ellipse([120, 260, 360, 460], fill=(200, 150, 90))
    (root / "assets" / "photos").mkdir(parents=True)
    photo.save(root / "assets" / "photos" / "desk.png")
    (root / "content" / "faqs.yaml").write_text("""faqs:
  - id: long
    question: Can I change my delivery address after ordering?
    category: Orders & delivery
    link: https://example.com/help/address
    image: assets/photos/desk.png
    focus: [0.3, 0.6]
    answer: |
      Yes, until your order is packed. Open **Orders**, choose the order and press
      *Change address*.
  - id: short
    question: Do you ship to Ireland?
    category: Shipping
    answer: Yes, in 3-5 working days.
  - id: howto
    question: How do I pause my subscription?
    category: Subscriptions
    answer: Pause for up to three months.
    steps: [Open Account, Choose Pause, Confirm]
""", encoding="utf-8")
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    return RenderContext(project.root, project.config, presets, project), {f.id: f for f in project.faqs}


def thumbnail(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data)).convert("L")
    return img.resize((WIDTH, round(img.height * WIDTH / img.width)), Image.Resampling.BOX)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("design", DESIGNS)
def test_design_matches_its_reference(ctx_and_faqs, design, platform):
    ctx, faqs = ctx_and_faqs
    faq = faqs["howto" if design.startswith("steps") else "short" if design == "tip" else "long"]
    job = RenderJob("faq", faq.id, platform, "x.png", "png", "k", faq.source, faq, design=design)
    got = thumbnail(render_faq_card(job, ctx).files[0].data)
    ref_path = REFS / f"{design}@{platform}.png"
    if os.environ.get("SELFSERVE_UPDATE_VISUAL") or not ref_path.exists():
        if not os.environ.get("SELFSERVE_UPDATE_VISUAL"):
            pytest.fail(f"no reference {ref_path.name}; rebuild with SELFSERVE_UPDATE_VISUAL=1")
        REFS.mkdir(parents=True, exist_ok=True)
        got.save(ref_path, optimize=True)
        return
    ref = Image.open(ref_path).convert("L")
    assert ref.size == got.size, (ref.size, got.size)
    diff = ImageChops.difference(ref, got)
    hist = diff.histogram()
    n = got.width * got.height
    mean = sum(i * c for i, c in enumerate(hist)) / n
    far = sum(hist[FAR:]) / n
    assert mean <= MEAN_LIMIT and far <= FAR_SHARE, \
        f"{ref_path.name}: mean difference {mean:.1f} (limit {MEAN_LIMIT}), {far:.1%} of pixels " \
        f"off by more than {FAR} (limit {FAR_SHARE:.0%})"
