"""Banners: which are planned, what a holiday changes, and where their text lands."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from generator.kinds.banner import plan_banners, render_banner
from generator.load.model import ChangedHours
from generator.load.platforms import PRESETS, card_platforms, resolve_presets, select_platforms
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from generator.render.card import draw_card

STARTER = Path(__file__).resolve().parents[2] / "generator" / "data" / "starter"
BANNERS = [n for n, p in PRESETS.items() if p.group == "banner"]
XMAS = ChangedHours("2026-12-24", "Christmas", end="2026-12-26", closed=True)
MIGRATION = ChangedHours("2027-01-02", "system migration", open="10:00", close="14:00",
                         channels=("Live chat",))


@pytest.fixture(scope="module")
def project():  # noqa: ANN201
    p = load_project(STARTER)
    contact = dataclasses.replace(p.config.contact, changed_hours=(XMAS, MIGRATION))
    return dataclasses.replace(p, config=dataclasses.replace(p.config, contact=contact))


def plan(project, requested: tuple[str, ...] = ()):  # noqa: ANN001, ANN201
    presets = resolve_presets(project.config.presets)
    chosen = select_platforms(presets, project.config.platforms, requested)
    return plan_banners(PlanInput(project, presets, tuple(chosen)))


def test_the_seven_banner_presets_are_not_card_platforms():
    assert sorted(BANNERS) == sorted(["facebook-cover", "x-header", "linkedin-page-cover",
                                      "linkedin-profile-banner", "youtube-banner",
                                      "bluesky-banner", "mastodon-header"])
    assert not set(BANNERS) & set(card_platforms())


def test_default_build_plans_every_banner_with_a_variant_per_changed_period(project):
    jobs = plan(project)
    assert {j.platform for j in jobs} == set(BANNERS)
    assert {j.out.split("/", 2)[2].split(".")[0] for j in jobs} == {"default", "2026-12-24", "2027-01-02"}
    assert len(jobs) == 3 * len(BANNERS)
    assert "x-header/banner/default.jpg" in {j.out for j in jobs}


def test_platform_option_limits_banners(project):
    assert plan(project, ("x",)) == []
    assert {j.platform for j in plan(project, ("x", "mastodon-header"))} == {"mastodon-header"}


def test_a_holiday_changes_only_its_own_banners(project):
    before = {j.out: j.key for j in plan(project)}
    contact = dataclasses.replace(project.config.contact, changed_hours=(
        XMAS, MIGRATION, ChangedHours("2027-04-03", "Easter", closed=True)))
    after_project = dataclasses.replace(project, config=dataclasses.replace(project.config,
                                                                            contact=contact))
    after = {j.out: j.key for j in plan(after_project)}
    assert {k: v for k, v in after.items() if k in before} == before
    assert {p.split("/")[-1] for p in set(after) - set(before)} == {"2027-04-03.jpg", "2027-04-03.png"}


@pytest.mark.parametrize("name", BANNERS)
@pytest.mark.parametrize("variant", ["default", "2027-01-02"])
def test_banner_text_stays_in_the_safe_area_and_clear_of_the_profile_picture(project, name, variant):
    job = next(j for j in plan(project, (name,)) if j.item_id == variant)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    card = draw_card(job, ctx, job.payload.as_item())
    preset = presets[name]
    sl, st, sr, sb = preset.safe_box
    drawn = {t.layer for t in card.texts}
    assert {"reply"} <= drawn and ("notice" in drawn) == (variant != "default")
    for t in card.texts:
        il, it, ir, ib = t.ink
        assert sl <= il and st <= it and ir <= sr and ib <= sb, (t.layer, t.ink, preset.safe_box)
        for al, at, ar, ab in preset.avoid:
            assert ir <= al or il >= ar or ib <= at or it >= ab, (t.layer, "under the profile picture")
    result = render_banner(job, ctx)
    (file,) = result.files
    assert Image.open(io.BytesIO(file.data)).size == (preset.width, preset.height)
    assert len(file.data) <= preset.max_bytes
    assert [f for f in result.findings if f.code in ("contrast", "safe-zone", "truncated")] == []
    assert file.meta["alt"].startswith("Your Company banner.")


@pytest.mark.integration
def test_sample_banners_build_clean_and_a_new_holiday_renders_only_its_own(tmp_path: Path) -> None:
    import json

    from generator.publish.build import BuildOptions, build
    from tests.conftest import copy_sample

    proj = copy_sample(tmp_path / "proj")
    out = proj / "output"
    opts = BuildOptions(out=out, kinds=("banner",), jobs=1)
    first = build(load_project(proj), opts)
    assert first.findings == []
    entries = json.loads((out / "manifest.json").read_text("utf-8"))["assets"]
    assert {e["platform"] for e in entries} == set(BANNERS)
    for e in entries:
        preset = PRESETS[e["platform"]]
        assert Image.open(out / e["path"]).size == (preset.width, preset.height)
        assert e["kind"] == "banner" and e["alt"]
    before = {e["path"]: e["sha256"] for e in entries}
    cfg = (proj / "selfserve.yaml").read_text("utf-8")
    marker = "  changed_hours:\n"
    assert marker in cfg
    (proj / "selfserve.yaml").write_text(cfg.replace(
        marker, marker + "    - {date: 2027-04-02, closed: true, note: Good Friday}\n"), "utf-8")
    second = build(load_project(proj), opts)
    rendered = json.loads((out / "build.json").read_text("utf-8"))["rendered"]
    assert rendered and all("/banner/2027-04-02." in p for p in rendered)
    assert second.rendered == len(BANNERS) and second.findings == []
    after = {e["path"]: e["sha256"] for e in json.loads(
        (out / "manifest.json").read_text("utf-8"))["assets"]}
    assert {p: h for p, h in after.items() if p in before} == before
