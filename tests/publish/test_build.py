"""End-to-end builds of a small project: sizes, limits, manifest truth, reuse, removal."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image

from generator.load.platforms import PRESETS
from generator.load.project import load_project
from generator.publish.build import BuildOptions, build

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"



def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_cards_have_exact_sizes_and_true_hashes(project: Path) -> None:
    out = project / "output"
    opts = BuildOptions(out=out, jobs=1, kinds=("faq",),
                        platforms=("instagram-square", "x", "linkedin-document"))
    summary = build(load_project(project), opts)
    assert summary.rendered == 3 * 3
    entries = [e for e in _manifest(out)["assets"] if e["kind"] == "faq"]
    assert len(entries) == 9
    for e in entries:
        data = (out / e["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"]
        assert len(data) == e["bytes"] <= PRESETS[e["platform"]].max_bytes
        preset = PRESETS[e["platform"]]
        assert (e["width"], e["height"]) == (preset.width, preset.height)
        if e["format"] != "pdf":
            with Image.open(out / e["path"]) as im:
                assert im.size == (preset.width, preset.height)
                assert im.format.lower() == e["format"]
        assert e["alt"] and len(e["alt"]) <= (preset.alt_limit or 1000)


def test_rebuild_reuses_and_deleted_faq_is_removed_but_user_file_kept(project: Path) -> None:
    out = project / "output"
    opts = BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=("x",))
    build(load_project(project), opts)
    first = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix != ".json"}
    (out / "x" / "mine.txt").write_text("a user's own file")
    again = build(load_project(project), opts)
    assert again.rendered == 0 and again.reused == 3
    faqs = project / "content" / "faqs.yaml"
    text = faqs.read_text()
    faqs.write_text(text[: text.index("  - id: can-i-change-my-delivery-address")])
    third = build(load_project(project), opts)
    assert third.removed == 1 and third.rendered == 0
    assert (out / "x" / "mine.txt").read_text() == "a user's own file"
    left = {p for p in out.rglob("*.png")}
    assert len(left) == 2
    for p in left:
        assert p.read_bytes() == first[p]


def test_two_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    # 8 platforms x 3 FAQs = 24 jobs: enough for the build to use worker processes.
    opts = dict(kinds=("faq",), force=True, platforms=(
        "instagram-portrait", "bluesky", "x", "pinterest", "instagram-story", "linkedin",
        "youtube-thumbnail", "tiktok-photo"))
    build(load_project(project), BuildOptions(out=a, jobs=1, **opts))
    build(load_project(project), BuildOptions(out=b, jobs=2, **opts))
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.name != "build.json"
                     and not any(part.startswith(".") for part in p.relative_to(a).parts))
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file() and p.name != "build.json"
                     and not any(part.startswith(".") for part in p.relative_to(b).parts))
    assert files_a == files_b
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_editing_one_faq_rerenders_only_its_images(project: Path) -> None:
    out = project / "output"
    opts = BuildOptions(out=out, jobs=1, kinds=("faq",), platforms=("x", "instagram-square", "bluesky"))
    build(load_project(project), opts)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.parent.name == "faq"
              and p.suffix != ".txt"}  # images only; each caption .txt changes with its image
    faqs = project / "content" / "faqs.yaml"
    faqs.write_text(faqs.read_text().replace("The link works for 30 minutes.", "The link works for an hour."))
    summary = build(load_project(project), opts)
    assert summary.rendered == 3 and summary.reused == 6
    rendered = json.loads((out / "build.json").read_text())["rendered"]
    assert sorted(rendered) == sorted(f"{p}/faq/how-do-i-reset-my-password.{e}" for p, e in
                                      (("x", "png"), ("instagram-square", "jpg"), ("bluesky", "png")))
    changed = {p for p, data in before.items() if p.read_bytes() != data}
    assert {p.stem for p in changed} == {"how-do-i-reset-my-password"} and len(changed) == 3
