"""The sample brand's own design: templates/designs/kettle-faq.yaml at the repository root.

The repository root is the sample project, and its templates/ folder is the
customisation path the README documents. One small build of a copy of the sample (two
platforms, FAQ cards only, one locale) checks that the FAQs that name the variant are
drawn with it, whole, and that the others keep the built-in rotation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main
from generator.load.design.loader import load_design
from tests.conftest import ROOT, copy_sample
from tests.entrypoint import run_cli

VARIANT = "kettle-faq"
USERS = {"storing-beans", "sour-espresso"}  # the FAQs that say `design: kettle-faq`
AMBER = (0xE9, 0xA3, 0x3B)  # brand.colors.accent, the variant's top stripe


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample") / "proj")
    try:
        main(
            [
                "-q",
                "build",
                "--project",
                str(root),
                "--platform",
                "instagram-square",
                "--platform",
                "linkedin",
                "--kind",
                "faq",
            ]
        )
    except SystemExit as exc:
        assert exc.code in (0, None)
    return root


def _near(a: tuple[int, ...], b: tuple[int, ...], tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def test_the_root_variant_extends_the_builtin_faq_design() -> None:
    design = load_design(VARIANT, ROOT)
    assert design.file == "templates/designs/kettle-faq.yaml"
    assert "extends: faq" in (ROOT / design.file).read_text("utf-8")
    faq = load_design("faq", None)
    assert {x.id for x in design.layers} == {x.id for x in faq.layers} | {"stripe"}


def test_faqs_that_name_the_variant_are_drawn_with_it_whole(built: Path) -> None:
    assets = json.loads((built / "output" / "manifest.json").read_text("utf-8"))["assets"]
    faqs = [a for a in assets if a["kind"] == "faq"]
    used = {(a["source"]["id"], a["platform"]) for a in faqs if a["design"] == VARIANT}
    assert used == {(i, p) for i in USERS for p in ("instagram-square", "linkedin")}
    others = {a["design"] for a in faqs if a["source"]["id"] not in USERS}
    assert VARIANT not in others and len(others) >= 3  # the rest still rotate
    assert any(a["design"] == "faq" for a in faqs)
    for a in faqs:
        if a["design"] not in (VARIANT, "faq"):
            continue
        assert a["completeness"] == "full" or a["design"] != VARIANT, a["path"]
        # The variant's own layer is drawn; the built-in design it extends has none.
        with Image.open(built / "output" / a["path"]) as im:
            rgb = im.convert("RGB")
            stripe = rgb.getpixel((rgb.width // 2, 2))
        assert _near(stripe, AMBER) == (a["design"] == VARIANT), (a["path"], stripe)


def test_the_variant_builds_without_findings(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        [
            "build",
            "--project",
            str(built),
            "--platform",
            "instagram-square",
            "--platform",
            "linkedin",
            "--kind",
            "faq",
            "--json",
        ],
        capsys,
    )
    summary = json.loads(out)
    assert code == 0 and summary["rendered"] == 0, err
    assert summary["findings"] == [] and summary["warnings"] == []
