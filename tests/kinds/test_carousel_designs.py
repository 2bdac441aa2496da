"""The two carousel designs: every slide of every sample how-to drawn without a finding
(cut, too small, low contrast, outside the safe zone), every step's words on its slide,
in English, German and Arabic; and ``designs: {carousel: auto}`` alternating them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.kinds.carousel import AUTO_CAROUSEL, plan_carousels, render_carousel, slide_item
from generator.load.platforms import resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from generator.render.card import draw_card

ROOT = Path(__file__).resolve().parents[2]
PLATFORMS = ("instagram-square", "instagram-portrait", "instagram-story", "x")


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("en-GB", marks=pytest.mark.slow),
        pytest.param("de-DE", marks=pytest.mark.slow),
        pytest.param("ar", marks=pytest.mark.slow),
    ],
)
def planned(request):  # noqa: ANN001, ANN201
    project = load_project(ROOT, locale=request.param)
    presets = resolve_presets(project.config.presets)
    jobs = plan_carousels(PlanInput(project, presets, tuple(presets[p] for p in PLATFORMS)))
    return project, jobs, RenderContext(project.root, project.config, presets, project)


@pytest.mark.parametrize("design", AUTO_CAROUSEL)
def test_every_slide_reads_cleanly_in_both_designs(planned, design: str) -> None:
    project, jobs, ctx = planned
    # The longest how-to (12 steps, split into parts on X) and one with an address in a step.
    chosen = [j for j in jobs if j.item_id in ("grinder-setup", "login-link-delay")]
    assert chosen
    for job in chosen:
        job = dataclasses.replace(job, design=design)
        result = render_carousel(job, ctx)
        assert not result.findings, (
            design,
            job.platform,
            job.item_id,
            [f"{f.code}: {f.message}" for f in result.findings],
        )
        left, top, right, bottom = ctx.presets[job.platform].safe_box
        issue = job.payload.issue
        for slide in job.payload.slides:
            card = draw_card(job, ctx, slide_item(issue, slide, ctx.config, ctx.config.locale))
            for t in card.texts:
                il, it, ir, ib = t.ink
                assert left <= il and top <= it and ir <= right and ib <= bottom, (t.layer, t.ink)
            drawn = " ".join(" ".join(t.texts) for t in card.texts)
            if slide.slide == "step":
                words = issue.steps[slide.step - 1].text.split()
                assert all(w in drawn for w in words), (job.platform, slide.step)
            elif slide.slide == "closing":  # every channel with its address and its own hours
                item = slide_item(issue, slide, ctx.config, ctx.config.locale)
                flat = drawn.replace(" ", "")
                for c in item["channels"]:
                    for part in (c["name"], c["address"], c["hours"]):
                        assert part.replace(" ", "") in flat, (design, job.platform, part)


def test_auto_alternates_the_carousel_designs_from_one_issue_to_the_next(tmp_path: Path) -> None:
    project = load_project(ROOT)
    cfg = dataclasses.replace(project.config, designs={**project.config.designs, "carousel": "auto"})
    project = dataclasses.replace(project, config=cfg)
    presets = resolve_presets(cfg.presets)
    jobs = plan_carousels(PlanInput(project, presets, (presets["instagram-portrait"],)))
    order = [i.id for i in project.issues if i.steps]
    picked = {j.item_id: j.design for j in jobs}
    assert [picked[i] for i in order] == [AUTO_CAROUSEL[n % 2] for n in range(len(order))]
