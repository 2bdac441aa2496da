"""Project-level designs and presets: copy-and-edit, located design errors, overrides."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from generator.cli import cli
from generator.load.project import load_project
from generator.load.platforms import resolve_presets
from generator.load.design.loader import BUILTIN_DIR


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_copied_design_restyles_cards_and_invalidates_them(project: Path) -> None:
    build = ("build", "--project", str(project), "--platform", "x", "--kind", "faq")
    assert run(*build).exit_code == 0
    (project / "templates").mkdir(exist_ok=True)
    design = (BUILTIN_DIR / "faq.yaml").read_text()
    (project / "templates" / "faq.yaml").write_text(
        design.replace('fill: "{{ colors.primary }}"', 'fill: "#000000"', 1))
    r = run(*build, "--json")
    summary = json.loads(r.output)
    assert summary["rendered"] == 3  # the design's bytes are part of every card's key
    card = project / "output" / "x" / "faq" / "how-do-i-reset-my-password.png"
    with Image.open(card) as im:
        assert im.convert("RGB").getpixel((5, 5)) == (0, 0, 0)


def test_broken_design_is_a_located_error_and_outputs_stay(project: Path) -> None:
    build = ("build", "--project", str(project), "--platform", "x", "--kind", "faq")
    assert run(*build).exit_code == 0
    before = {p: p.read_bytes() for p in (project / "output").rglob("*.png")}
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "faq.yaml").write_text(
        "name: faq\nlayers:\n  - id: a\n    type: txt\n  - id: b\n    type: text\n    colr: red\n")
    r = run(*build)
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        "templates/faq.yaml:4:11: layers[0].type: unknown value 'txt'; did you mean 'text'?",
        "templates/faq.yaml:7:5: layers[1].colr: unknown field; did you mean 'color'?",
    ]
    assert {p: p.read_bytes() for p in (project / "output").rglob("*.png")} == before


def test_bad_content_leaves_earlier_outputs_untouched(project: Path) -> None:
    build = ("build", "--project", str(project), "--platform", "x", "--kind", "faq")
    assert run(*build).exit_code == 0
    out = project / "output"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project / "content" / "faqs.yaml").write_text("faqs:\n  - question: Hi\n")
    r = run(*build)
    assert r.exit_code == 1 and "missing required field 'answer'" in r.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_preset_overrides_and_own_presets(project: Path) -> None:
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text() + "presets:\n  mastodon: {max_bytes: 1000000}\n"
                   "  shop-screen: {extends: x, width: 1920, height: 1080, label: Shop screen}\n"
                   "platforms: [mastodon, shop-screen]\n")
    table = resolve_presets(load_project(project).config.presets)
    assert table["mastodon"].max_bytes == 1_000_000
    assert (table["shop-screen"].width, table["shop-screen"].formats) == (1920, table["x"].formats)
    r = run("build", "--project", str(project), "--kind", "faq")
    assert r.exit_code == 0, r.output
    with Image.open(project / "output" / "shop-screen" / "faq" / "when-will-my-order-arrive.png") as im:
        assert im.size == (1920, 1080)


def test_unknown_preset_field_is_located_with_a_suggestion(project: Path) -> None:
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text() + "presets:\n  x: {max_byte: 1000}\n")
    r = run("validate", "--project", str(project))
    assert r.exit_code == 1
    assert r.output.strip().endswith("presets.x.max_byte: unknown preset field; did you mean 'max_bytes'?")


def test_new_project_uses_builtin_designs_until_it_copies_one(tmp_path: Path) -> None:
    """`init` makes an empty templates/ folder; the built-in designs apply until a file of
    the same name is put there."""
    r = run("init", str(tmp_path / "p"))
    assert r.exit_code == 0
    assert (tmp_path / "p" / "templates").is_dir() and not list((tmp_path / "p" / "templates").iterdir())
    r = run("build", "--project", str(tmp_path / "p"), "--platform", "x", "--kind", "faq", "--json")
    designs = {e["design"] for e in json.loads((tmp_path / "p" / "output" / "manifest.json").read_text())["assets"]}
    assert designs == {"faq"}
