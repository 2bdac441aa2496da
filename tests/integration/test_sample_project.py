"""End-to-end: the repository's sample project builds completely and cleanly.

One full build of a copy of the sample (every kind, every platform) is shared by
the tests in this module; it is the slowest part of the suite.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PIL import Image

from generator.load.platforms import PRESETS, card_platforms
from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from tests.conftest import copy_sample

ROOT = Path(__file__).resolve().parents[2]
# Every kind on every platform (about 15 s of rendering): the full suite runs it, the fast
# lane does not (tests/integration/test_root_templates.py builds a slice of the sample).
pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    proj = copy_sample(tmp_path_factory.mktemp("sample") / "proj")
    out = proj / "output"
    summary = build(load_project(proj), BuildOptions(out=out))
    return out, summary


def test_every_faq_has_a_card_for_every_card_platform(built) -> None:  # noqa: ANN001
    out, _summary = built
    project = load_project(out.parent)
    assert len(project.faqs) >= 12
    entries = json.loads((out / "manifest.json").read_text())["assets"]
    faq_cards = {(e["source"]["id"], e["platform"]) for e in entries if e["kind"] == "faq"}
    platforms = card_platforms()
    assert len(platforms) >= 16
    # Locale builds prefix paths; count cards of the default locale.
    default = [e for e in entries if e["kind"] == "faq" and e.get("locale") in (None, project.config.locale)]
    assert {(f.id, p) for f in project.faqs for p in platforms} <= faq_cards
    assert len(default) >= len(project.faqs) * len(platforms)


def test_every_file_matches_its_manifest_entry(built) -> None:  # noqa: ANN001
    out, _summary = built
    entries = json.loads((out / "manifest.json").read_text())["assets"]
    assert entries
    for e in entries:
        data = (out / e["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"], e["path"]
        assert len(data) == e["bytes"]
        preset = PRESETS.get(e["platform"])
        if preset is None:
            continue
        assert len(data) <= preset.max_bytes, e["path"]
        if e["format"] in ("png", "jpeg", "webp"):
            with Image.open(out / e["path"]) as im:
                assert im.size == (e["width"], e["height"]), e["path"]
                if e["kind"] == "faq":
                    assert im.size == (preset.width, preset.height)
                    assert im.format.lower() == e["format"]
                    assert e["format"] in preset.formats


def test_sample_build_is_lint_clean(built) -> None:  # noqa: ANN001
    out, summary = built
    report = json.loads((out / "report.json").read_text())
    assert report["findings"] == [], report["findings"][:5]
