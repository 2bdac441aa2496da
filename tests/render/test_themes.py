"""Themes: `init --theme` writes the theme and its palette; each theme changes corners,
heading size and background pattern on every design while the lint stays clean."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from generator.cli import cli
from generator.kinds.faq import render_faq_card
from generator.load.platforms import resolve_presets
from generator.load.project import load_project
from generator.load.themes import THEMES
from generator.plan.jobs import RenderContext, RenderJob


def init(tmp_path: Path, theme: str) -> Path:
    dest = tmp_path / theme
    result = CliRunner().invoke(cli, ["init", str(dest), "--theme", theme])
    assert result.exit_code == 0, result.output
    return dest


def render(root: Path, design: str = "faq", platform: str = "instagram-portrait"):
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    faq = next(f for f in project.faqs if not f.steps)
    job = RenderJob("faq", faq.id, platform, "x.png", "png", "k", faq.source, faq, design=design)
    result = render_faq_card(job, ctx)
    return result, Image.open(io.BytesIO(result.files[0].data)).convert("RGB"), presets[platform]


def test_init_theme_writes_the_theme_and_its_palette(tmp_path):
    root = init(tmp_path, "playful")
    text = (root / "selfserve.yaml").read_text("utf-8")
    assert "  theme: playful" in text and '"#5B2A86"' in text and "# backgrounds and headings" in text
    cfg = load_project(root).config
    assert cfg.brand.theme == "playful" and cfg.brand.colors.primary == "#5B2A86"
    bad = CliRunner().invoke(cli, ["init", str(tmp_path / "x"), "--theme", "loud"])
    assert bad.exit_code == 2 and "'loud' is not one of 'calm', 'bold', 'playful'" in bad.output


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_keeps_every_faq_design_lint_clean(tmp_path, theme):
    root = init(tmp_path, theme)
    for design in ("faq", "faq-question", "faq-chat", "tip"):
        result, _img, _preset = render(root, design)
        assert [str(f) for f in result.findings] == [], (theme, design)


def test_themes_differ_in_corners_headings_and_pattern(tmp_path):
    looks = {}
    for theme in ("calm", "bold", "playful"):
        root = init(tmp_path, theme)
        # The same colours for all three, so only the theme differs.
        cfg = root / "selfserve.yaml"
        text = cfg.read_text("utf-8")
        for role, value in THEMES["calm"].palette.items():
            text = text.replace(f'"{THEMES[theme].palette[role]}"', f'"{value}"')
        cfg.write_text(text, "utf-8")
        result, img, preset = render(root)
        card_texts = {t.layer: t for t in render_texts(root)}
        looks[theme] = (img, preset, card_texts["question"].size)
    # The faq panel's top-left corner: rounded in calm (the brand colour shows at the
    # corner pixel), nearly square in bold (the panel colour reaches it).
    img, preset, _ = looks["calm"]
    sl, st, sr, sb = preset.safe_box
    panel_top = st + round(0.105 * (sb - st))
    corner = (sl + 5, panel_top + 5)
    assert looks["calm"][0].getpixel(corner) != looks["bold"][0].getpixel(corner)
    assert looks["bold"][0].getpixel(corner) == looks["bold"][0].getpixel((sl + 60, panel_top + 60))
    # Headings run larger in bold; playful's background has dots (more than one colour in
    # a strip of bare background), calm's is flat.
    assert looks["bold"][2] >= looks["calm"][2]

    def colours(img):
        strip = img.crop((0, img.height - 40, img.width, img.height))
        return len(strip.getcolors(1 << 16) or [])

    assert colours(looks["calm"][0]) == 1 and colours(looks["playful"][0]) > 1


def render_texts(root: Path):
    from generator.render.card import draw_card

    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    faq = next(f for f in project.faqs if not f.steps)
    job = RenderJob("faq", faq.id, "instagram-portrait", "x.png", "png", "k", faq.source, faq,
                    design="faq")
    return draw_card(job, ctx, {"question": faq.question, "answer": faq.answer,
                                "category": faq.category, "link": faq.link, "steps": ()}).texts


def _font_file(dest: Path, family: str) -> Path:
    """A real font file under a family name nothing on the machine has."""
    from fontTools.ttLib import TTFont

    from generator.render.text.fonts import find_face

    src = find_face("Noto Serif", 700) or find_face("DejaVu Serif", 700)
    assert src is not None, "needs Noto Serif or DejaVu Serif (fonts-noto-core)"
    font = TTFont(src.path, fontNumber=src.index)
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = family
    dest.parent.mkdir(parents=True, exist_ok=True)
    font.save(dest)
    return dest


def test_a_font_file_in_the_project_is_used_like_an_installed_family(tmp_path):
    from generator.render.preflight import check_fonts
    from generator.render.text.fonts import find_face, has_family

    root = init(tmp_path, "calm")
    _font_file(root / "assets" / "fonts" / "KettleSerif-Bold.ttf", "Kettle Serif")
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text("utf-8").replace(
        "    heading: Noto Sans\n",
        "    heading: Kettle Serif\n    files: [assets/fonts/KettleSerif-Bold.ttf]\n"), "utf-8")
    project = load_project(root)
    assert check_fonts(project) == []
    assert has_family("Kettle Serif")
    result, _img, _preset = render(root, "faq-question")
    assert [str(f) for f in result.findings] == []
    face = find_face("Kettle Serif", 700)
    assert face is not None and face.path.endswith("assets/fonts/KettleSerif-Bold.ttf")
    # Characters the file lacks come from the fallback chain and are checked like any other.
    from generator.render.text.fonts import font_chain

    chain = font_chain("Kettle Serif", 700, locale="ar")
    assert chain[0] == face and any("Arabic" in f.family for f in chain)


def test_a_broken_or_missing_font_file_is_a_located_error(tmp_path):
    from generator.errors import SelfserveError
    from generator.render.preflight import check_fonts

    root = init(tmp_path, "calm")
    cfg = root / "selfserve.yaml"
    base = cfg.read_text("utf-8")
    cfg.write_text(base.replace("    heading: Noto Sans\n",
                                "    heading: Noto Sans\n    files: [assets/fonts/Nope.ttf]\n"), "utf-8")
    with pytest.raises(SelfserveError) as exc:
        load_project(root)
    assert "selfserve.yaml:16:13: brand.fonts.files[0]: file 'assets/fonts/Nope.ttf' not found" \
        in exc.value.format_message()
    (root / "assets" / "fonts").mkdir(parents=True)
    (root / "assets" / "fonts" / "Nope.ttf").write_text("not a font", "utf-8")
    problems = [str(p) for p in check_fonts(load_project(root))]
    assert len(problems) == 1 and problems[0].startswith(
        "selfserve.yaml:16:13: brand.fonts.files[0]: 'assets/fonts/Nope.ttf' is not a font file")
    cfg.write_text(base.replace("    heading: Noto Sans\n",
                                "    heading: Noto Sans\n    files: [assets/fonts/Nope.woff2]\n"), "utf-8")
    with pytest.raises(SelfserveError) as exc:
        load_project(root)
    assert "brand.fonts.files[0]" in exc.value.format_message()


def test_a_guide_sets_the_project_font_file_too(tmp_path):
    """The PDF guide declares the project's font files as @font-face (fetched from inside
    the project), so its headings use the same file as the cards: pdffonts lists it."""
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    root = init(tmp_path, "calm")
    _font_file(root / "assets" / "fonts" / "KettleSerif-Bold.ttf", "Kettle Serif")
    cfg = root / "selfserve.yaml"
    cfg.write_text(cfg.read_text("utf-8").replace(
        "    heading: Noto Sans\n",
        "    heading: Kettle Serif\n    files: [assets/fonts/KettleSerif-Bold.ttf]\n"), "utf-8")
    result = CliRunner().invoke(cli, ["build", "--project", str(root), "--kind", "guide"])
    assert result.exit_code == 0, result.output
    fonts = subprocess.run(["pdffonts", str(root / "output" / "guides" / "guide.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "Kettle-Serif-Bold" in fonts, fonts
