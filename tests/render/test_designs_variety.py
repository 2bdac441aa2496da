"""Several designs per kind: every FAQ design on every aspect keeps its text whole, in
the safe zone and readable (over photos too, measured on the pixels); icons and
pictures are located errors when wrong; `design: auto` never repeats back to back."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from generator.errors import SelfserveError
from generator.kinds.faq import AUTO_FAQ, auto_designs, plan_faq_cards, render_faq_card
from generator.load.platforms import PRESETS, resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext, RenderJob
from generator.render.card import draw_card
from generator.render.color import parse_color, worst_contrast

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
#: One preset per aspect a feed uses (square, portrait, tall, landscape).
ASPECT_PRESETS = ("instagram-square", "instagram-portrait", "instagram-story", "x")

LONG = ("We roast on **Mondays and Thursdays** and post the same afternoon. Royal Mail "
        "Tracked 48 takes **2-3 working days**; you get a tracking link by email as soon "
        "as your beans leave the roastery.")


def busy_photo(path: Path, size: tuple[int, int] = (1600, 1000)) -> Path:
    """A picture with the trouble real photos have: a white window, black shadows,
    saturated spots, beside mid-tones (the worst case for a fixed-strength overlay)."""
    img = Image.new("RGB", size, (120, 110, 100))
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle([0, 0, w // 3, h], fill=(255, 255, 255))
    d.rectangle([w // 3, 0, 2 * w // 3, h // 2], fill=(10, 10, 10))
    for i in range(0, w, 80):
        d.ellipse([i, h // 2, i + 60, h // 2 + 60], fill=(255, 230, 0) if i % 160 else (0, 200, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=90)
    return path


def make_project(tmp_path: Path, faqs: str, extra_config: str = "") -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(STARTER, dest)
    (dest / "content" / "faqs.yaml").write_text(faqs, encoding="utf-8")
    if extra_config:
        cfg = dest / "selfserve.yaml"
        cfg.write_text(cfg.read_text("utf-8") + extra_config, "utf-8")
    return dest


def context(root: Path):
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    return project, RenderContext(project.root, project.config, presets, project)


@pytest.fixture(scope="module")
def photo_project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("designs")
    root = make_project(tmp, f"""faqs:
  - id: long
    question: When will my coffee arrive at my door if I order today?
    category: Orders & delivery
    link: https://example.com/help/delivery
    image: assets/photos/busy.jpg
    focus: [0.2, 0.5]
    answer: |
      {LONG}
  - id: short
    question: Do you ship to Ireland?
    category: Shipping
    image: assets/photos/busy.jpg
    answer: Yes, in 3-5 working days.
""")
    busy_photo(root / "assets" / "photos" / "busy.jpg")
    return root


@pytest.mark.parametrize("design", [d for d in AUTO_FAQ])
@pytest.mark.parametrize("platform", ASPECT_PRESETS)
def test_every_faq_design_keeps_text_whole_in_the_safe_zone_and_readable(photo_project, design,
                                                                         platform):
    project, ctx = context(photo_project)
    preset = PRESETS[platform]
    sl, st, sr, sb = preset.safe_box
    for faq in project.faqs:
        job = RenderJob("faq", faq.id, platform, "x.png", "png", "k", faq.source, faq, design=design)
        result = render_faq_card(job, ctx)
        assert [f for f in result.findings if f.code in ("contrast", "safe-zone", "truncated",
                                                         "missing-glyphs")] == [], \
            (design, platform, faq.id, [str(f) for f in result.findings])
        card = draw_card(job, ctx, {**{k: getattr(faq, k) for k in (
            "question", "answer", "category", "link", "steps", "locale", "tags", "id")},
            "icon": "truck", "image": faq.image, "focus": list(faq.focus)})
        drawn = " ".join(s for t in card.texts for s in t.texts)
        for word in faq.question.replace("?", "").split():
            assert word in drawn, (design, platform, word)
        for t in card.texts:
            il, it, ir, ib = t.ink
            assert sl <= il and st <= it and ir <= sr and ib <= sb, (design, platform, t.layer, t.ink)
            need = 3.0 if t.bold and t.size >= 0.035 * preset.width else 4.5
            assert t.contrast >= need, (design, platform, t.layer, t.contrast, t.background)


def test_a_scrim_gives_every_text_aa_contrast_over_the_photo_pixels(photo_project):
    """faq-cover draws a white-on-teal card over a photo with a pure white window: the
    scrim's opacity is computed so each text's worst pixel (measured after drawing, on
    the pixels under its ink) still has 4.5:1, and is no stronger than needed."""
    project, ctx = context(photo_project)
    faq = project.faqs[0]
    for platform in ASPECT_PRESETS:
        job = RenderJob("faq", faq.id, platform, "x.png", "png", "k", faq.source, faq,
                        design="faq-cover")
        card = draw_card(job, ctx, {"question": faq.question, "answer": faq.answer,
                                    "category": faq.category, "link": faq.link, "icon": "truck",
                                    "image": faq.image, "focus": list(faq.focus), "steps": ()})
        for t in card.texts:
            if t.layer == "category":
                continue  # on its own amber pill
            assert t.contrast >= 4.5, (platform, t.layer, t.contrast, t.background)
    from generator.render.design.engine import SCRIM_TARGET, scrim_alpha

    white, teal = parse_color("#FFFFFF"), parse_color("#1F4E79")
    photo = Image.open(photo_project / "assets" / "photos" / "busy.jpg").convert("RGB")
    alpha = scrim_alpha(photo, teal, white)
    assert 0.5 < alpha < 1.0
    # Just enough: a little less opacity fails on the white window.
    for a, ok in ((alpha, True), (alpha - 0.03, False)):
        veil = Image.new("RGB", photo.size, teal[:3])
        mixed = Image.blend(photo, veil, a)
        assert (worst_contrast(mixed, white)[0] >= SCRIM_TARGET - 0.05) == ok
    # A dark photo needs no more than the design's least opacity.
    dark = Image.new("RGB", (200, 200), (20, 20, 20))
    assert scrim_alpha(dark, teal, white, 0.35) == 0.35


def test_a_cover_crop_keeps_the_focal_point_in_view(tmp_path):
    """A red dot at x=0.15 of a wide photo: a tall crop centred on the photo would cut
    it off; with focus: [0.15, 0.5] it stays on the card."""
    img = Image.new("RGB", (2000, 800), (200, 200, 200))
    ImageDraw.Draw(img).ellipse([270, 370, 330, 430], fill=(255, 0, 0))
    root = make_project(tmp_path, """faqs:
  - question: Where is the shop?
    answer: Next to the station.
    image: assets/photos/wide.png
    focus: [0.15, 0.5]
""")
    (root / "assets" / "photos").mkdir(parents=True)
    img.save(root / "assets" / "photos" / "wide.png")
    project, ctx = context(root)
    faq = project.faqs[0]
    job = RenderJob("faq", faq.id, "instagram-story", "x.png", "png", "k", faq.source, faq,
                    design="faq-photo")
    result = render_faq_card(job, ctx)
    card = Image.open(io.BytesIO(result.files[0].data)).convert("RGB")
    reds = [(x, y) for x in range(0, card.width, 4) for y in range(0, card.height // 2, 4)
            if card.getpixel((x, y))[0] > 200 and card.getpixel((x, y))[1] < 60]
    assert reds, "the focal point was cropped away"


@pytest.mark.parametrize(("yaml_line", "message"), [
    ("    icon: trukc\n", "content/faqs.yaml:4:11: faqs[0].icon: unknown icon 'trukc'; did you mean 'truck'?"),
    ("    image: assets/nope.jpg\n", "content/faqs.yaml:4:12: faqs[0].image: file 'assets/nope.jpg' not found"),
    ("    image: ../outside.jpg\n", "content/faqs.yaml:4:12: faqs[0].image:"),
    ("    focus: [0.5, 2]\n", "content/faqs.yaml:4:18: faqs[0].focus[1]: must be at most 1, found 2"),
])
def test_bad_icons_and_pictures_are_located_errors(tmp_path, yaml_line, message):
    root = make_project(tmp_path, "faqs:\n  - question: Where is the shop?\n"
                                  "    answer: Next to the station.\n" + yaml_line)
    with pytest.raises(SelfserveError) as exc:
        load_project(root)
    assert any(line.startswith(message) for line in exc.value.format_message().splitlines()), \
        exc.value.format_message()


def test_a_file_that_is_not_a_picture_is_a_located_error(tmp_path):
    from generator.render.preflight import check_assets

    root = make_project(tmp_path, "faqs:\n  - question: Where is the shop?\n"
                                  "    answer: Next to the station.\n    image: assets/notes.jpg\n")
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "notes.jpg").write_text("not a picture", "utf-8")
    problems = [str(p) for p in check_assets(load_project(root))]
    assert problems == ["content/faqs.yaml:4:12: faqs[0].image: 'assets/notes.jpg' is not an image "
                        "Pillow can read (use PNG or JPEG)"]


def test_category_icons_come_from_config_or_from_the_words():
    from generator.icons import icon_for_words, resolve

    assert icon_for_words("Orders & delivery") == "truck"
    assert icon_for_words("Versand und Lieferung") == "truck"
    assert icon_for_words("Facturation et paiement") == "credit-card"
    assert icon_for_words("Kaffee") == "coffee"
    assert icon_for_words("Miscellaneous") == "circle-question-mark"
    assert resolve("chat") == "message-circle" and resolve("email") == "mail"
    assert resolve("not-an-icon") is None


def test_config_category_icon_wins_over_the_words(tmp_path):
    from generator.plan.looks import faq_look

    root = make_project(tmp_path, "faqs:\n  - question: Where is my parcel?\n"
                                  "    answer: On its way.\n    category: Orders\n",
                        "categories:\n  Orders:\n    icon: package-check\n")
    project = load_project(root)
    assert faq_look(project.faqs[0], project.config).icon == "package-check"


def test_design_auto_never_shows_one_layout_twice_in_a_row(tmp_path):
    faqs = "faqs:\n" + "".join(
        f"  - question: Question number {i} about orders?\n    answer: {'Short. ' if i % 3 else LONG}\n"
        + ("    image: assets/photos/busy.jpg\n" if i % 4 == 0 else "")
        for i in range(9))
    root = make_project(tmp_path, faqs, "designs:\n  faq: auto\n")
    busy_photo(root / "assets" / "photos" / "busy.jpg", (400, 300))
    project = load_project(root)
    from generator.plan.rotation import rotation_order

    picked = auto_designs(project, list(project.faqs))
    order = [i.split(":", 1)[1] for i, _r in rotation_order(project, {f"faq:{f.id}" for f in project.faqs})]
    seq = [picked[i] for i in order]
    assert all(a != b for a, b in zip(seq, seq[1:] + seq[:1])), seq  # wrapping round, too
    assert len(set(seq)) >= 4
    by_id = {f.id: f for f in project.faqs}
    assert all(by_id[i].image for i in order if picked[i] in ("faq-photo", "faq-cover"))
    presets = resolve_presets(project.config.presets)
    jobs = plan_faq_cards(PlanInput(project, presets, (presets["x"],)))
    assert {j.item_id: j.design for j in jobs} == picked


def test_every_icon_the_tables_and_designs_name_is_in_the_shipped_set():
    """Lucide renames icons between releases (circle-help became circle-question-mark):
    a name in our tables or built-in designs that the installed set lacks fails here,
    not on a user's card."""
    import re

    from generator.icons import ALIASES, FALLBACK, TOPICS, resolve

    named = {FALLBACK, *ALIASES.values(), *(icon for icon, _words in TOPICS), "wrench"}
    for design in (ROOT / "generator" / "data" / "designs").glob("*.yaml"):
        named |= set(re.findall(r"^\s+src: ([a-z][a-z0-9-]+)\s*$", design.read_text("utf-8"), re.M))
    assert named and all(resolve(n) == n for n in named), sorted(n for n in named if resolve(n) != n)


def test_the_hours_grid_marks_the_changed_days_of_its_week_and_fits():
    """hours-week: Monday to Sunday; in the week of 21 Dec 2026 Thursday has shorter
    hours and Friday-Saturday are closed, each marked; every card fits its preset."""
    import dataclasses

    from generator.kinds.hours import plan_hours, render_hours

    project = load_project(ROOT)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    chosen = tuple(presets[p] for p in ASPECT_PRESETS)
    jobs = plan_hours(PlanInput(project, presets, chosen))
    xmas = next(j for j in jobs if j.item_id == "week-2026-12-21")
    days = xmas.payload.days
    assert [d.name for d in days] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [(d.hours, d.changed) for d in days[3:6]] == [("08:00–12:00", True), ("", True), ("", True)]
    assert days[0] == dataclasses.replace(days[0], hours="08:00–18:00", changed=False, closed=False)
    assert days[6].closed and not days[6].changed
    default = next(j for j in jobs if j.item_id == "default")
    assert not any(d.changed for d in default.payload.days)
    for job in jobs:
        result = render_hours(dataclasses.replace(job, design="hours-week"), ctx)
        assert [str(f) for f in result.findings] == [], (job.platform, job.item_id)
