"""Project-level designs and presets: copy-and-edit, located design errors, overrides."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from PIL import Image

from generator.cli import cli
from generator.errors import SelfserveError
from generator.load.design.loader import BUILTIN_DIR, available_designs, design_digest, load_design
from generator.load.jsonschema import schema_for
from generator.load.platforms import resolve_presets
from generator.load.project import load_project


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


# -- templates/designs/: overriding and extending built-in designs -------------------------

def _design_file(project: Path, name: str, text: str) -> Path:
    path = project / "templates" / "designs" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _find(layers: tuple, layer_id: str):  # noqa: ANN202 - a Layer
    for layer in layers:
        if layer.id == layer_id:
            return layer
        found = _find(layer.children, layer_id)
        if found is not None:
            return found
    return None


def test_a_design_in_templates_designs_wins_over_the_builtin(project: Path) -> None:
    design = (BUILTIN_DIR / "faq.yaml").read_text()
    _design_file(project, "faq", design.replace('fill: "{{ colors.primary }}"', 'fill: "#000000"', 1))
    assert load_design("faq", project).file == "templates/designs/faq.yaml"
    r = run("build", "--project", str(project), "--platform", "x", "--kind", "faq")
    assert r.exit_code == 0, r.output
    assets = json.loads((project / "output" / "manifest.json").read_text())["assets"]
    assert {a["design"] for a in assets} == {"faq"}
    with Image.open(project / "output" / "x" / "faq" / "how-do-i-reset-my-password.png") as im:
        assert im.convert("RGB").getpixel((5, 5)) == (0, 0, 0)


EXTENDING = """\
extends: faq
description: Mine.
background: {fill: "#101010"}
layers:
  question: {family: Noto Serif, color: "#222222"}
remove: [footer]
add:
  - {id: stripe, type: rect, area: canvas, box: [0, 0, 1, 0.02], fill: "#FF0000"}
variants:
  landscape: {panel: {radius: 0}}
defaults: {note: kept}
"""


def test_extends_changes_only_what_it_writes_on_every_aspect(project: Path) -> None:
    _design_file(project, "mine", EXTENDING)
    base = load_design("faq", None)
    mine = load_design("mine", project)
    assert (mine.name, mine.file, mine.description) == ("mine", "templates/designs/mine.yaml", "Mine.")
    assert mine.background == dataclasses.replace(base.background, fill="#101010")
    assert mine.defaults == {**base.defaults, "note": "kept"}
    assert set(mine.variants) == set(base.variants) | {"landscape"}
    for aspect in ("square", "portrait", "tall", "landscape", "wide"):
        got, was = mine.layers_for(aspect), base.layers_for(aspect)
        assert [x.id for x in got] == [x.id for x in was if x.id != "footer"] + ["stripe"], aspect
        question, before = _find(got, "question"), _find(was, "question")
        # The changed fields on every aspect, the built-in's own per-aspect sizes kept.
        assert (question.family, question.color) == ("Noto Serif", "#222222"), aspect
        assert question.size == before.size and question.box == before.box, aspect
        assert _find(got, "panel").radius == (0 if aspect == "landscape" else _find(was, "panel").radius)
        assert _find(got, "answer") == _find(was, "answer"), aspect
    assert mine.digest != base.digest


def test_a_design_that_extends_its_own_name_changes_the_builtin(project: Path) -> None:
    _design_file(project, "faq", "extends: faq\nlayers:\n  panel: {fill: '#000000'}\n")
    design = load_design("faq", project)
    assert design.file == "templates/designs/faq.yaml"
    assert _find(design.layers, "panel").fill == "#000000"
    assert [x.id for x in design.layers] == [x.id for x in load_design("faq", None).layers]


def test_the_key_of_an_extending_design_follows_the_design_it_extends(project: Path) -> None:
    base = _design_file(project, "house", (BUILTIN_DIR / "faq.yaml").read_text().replace(
        "name: faq", "name: house", 1))
    child = _design_file(project, "house-dark", "extends: house\nbackground: {fill: '#000000'}\n")
    first = design_digest("house-dark", project)
    base.write_text(base.read_text().replace("radius: 36", "radius: 12", 1))
    second = design_digest("house-dark", project)
    child.write_text(child.read_text() + "description: Dark.\n")
    third = design_digest("house-dark", project)
    assert len({first, second, third}) == 3
    assert _find(load_design("house-dark", project).layers, "panel").radius == 12


def test_designs_that_extend_each_other_are_a_located_error(project: Path) -> None:
    _design_file(project, "a", "extends: b\n")
    _design_file(project, "b", "# b\nextends: a\n")
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text() + "designs: {faq: a}\n")
    r = run("build", "--project", str(project), "--platform", "x", "--kind", "faq")
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        "templates/designs/a.yaml:1:10: extends: designs extend each other in a loop "
        "(templates/designs/a.yaml -> templates/designs/b.yaml -> templates/designs/a.yaml); "
        "one of them must extend a built-in design",
    ]
    assert not (project / "output" / "x").exists()


def test_an_unknown_design_in_extends_is_located_with_a_suggestion(project: Path) -> None:
    _design_file(project, "mine", "# my card\nextends: faq-chatt\n")
    with pytest.raises(SelfserveError) as exc:
        load_design("mine", project)
    assert str(exc.value.problems[0]) == (
        "templates/designs/mine.yaml:2:10: extends: unknown design 'faq-chatt'; did you mean 'faq-chat'?")
    _design_file(project, "mine", "extends: mine\n")
    with pytest.raises(SelfserveError) as exc:
        load_design("mine", project)
    assert str(exc.value.problems[0]).startswith(
        "templates/designs/mine.yaml:1:10: extends: no built-in design 'mine'; available: banner, ")


def test_project_designs_are_listed_from_both_folders(project: Path) -> None:
    _design_file(project, "mine", "extends: faq\n")
    (project / "templates" / "older.yaml").write_text((BUILTIN_DIR / "tip.yaml").read_text())
    names = available_designs(project)
    assert {"mine", "older", "faq"} <= set(names)
    assert load_design("older", project).file == "templates/older.yaml"


def test_the_design_schema_takes_whole_and_extending_designs() -> None:
    """`selfserve schema design` (for editors) accepts every built-in design and the sample's
    own variant, and refuses what the loader refuses: a mistyped top-level field."""
    schema = schema_for("design")
    Draft202012Validator.check_schema(schema)
    check = Draft202012Validator(schema)
    root = BUILTIN_DIR.parents[2]
    for path in [*sorted(BUILTIN_DIR.glob("*.yaml")), root / "templates" / "designs" / "kettle-faq.yaml"]:
        assert check.is_valid(yaml.safe_load(path.read_text("utf-8"))), path.name
    assert not check.is_valid({"extends": "faq", "layerz": {"panel": {"radius": 0}}})
    assert not check.is_valid({"extends": "faq", "remove": "footer"})


def _all_layers(layers: tuple) -> list:
    return [x for layer in layers for x in (layer, *_all_layers(layer.children))]


def test_builtin_designs_need_no_checks_on_the_users_machine() -> None:
    """Preflight skips the built-in designs a project does not override (parsing them was
    most of `validate`'s time). That is sound only while each one loads clean, has no
    expression preflight would refuse, and names no font family or image file of its own:
    only brand and content values, which preflight checks where they are written."""
    from generator.load.yamlsource import load_yaml
    from generator.render.preflight import expression_problems

    names = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))
    assert len(names) >= 19
    for name in names:
        design = load_design(name, None)
        assert design.file == f"builtin:{name}"
        doc, problems = load_yaml(BUILTIN_DIR / f"{name}.yaml", design.file)
        assert doc is not None and not problems
        assert expression_problems(doc) == [], name
        for layers in (design.layers, *design.variants.values()):
            for layer in _all_layers(layers):
                assert not layer.family or "{" in layer.family, (name, layer.id, layer.family)
                assert layer.type != "image" or not layer.src or "{" in layer.src, (name, layer.id)


def test_validate_checks_every_project_design_and_an_override_of_a_kind_default(project: Path) -> None:
    """`validate` does not load the kinds (their renderers), so it checks every design file
    the project holds: one nothing names yet, and one that overrides a kind's built-in
    default, each with its located line; build says the same about the override."""
    assert run("validate", "--project", str(project)).exit_code == 0
    _design_file(project, "spare", "extends: faq\nlayers:\n  panel: {radious: 4}\n")
    _design_file(project, "banner", "extends: banner\nlayerz: {}\n")
    r = run("validate", "--project", str(project))
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        "templates/designs/banner.yaml:2:1: layerz: unknown field; did you mean 'layers'?",
        "templates/designs/spare.yaml:3:11: layers.panel.radious: unknown field; did you mean 'radius'?",
    ]
    r = run("build", "--project", str(project), "--platform", "x", "--kind", "faq")
    assert r.exit_code == 1 and r.output.splitlines() == [
        "templates/designs/banner.yaml:2:1: layerz: unknown field; did you mean 'layers'?",
        "templates/designs/spare.yaml:3:11: layers.panel.radious: unknown field; did you mean 'radius'?",
    ]
