"""A fixed notice says what happened, that it is fixed, and what an affected customer
still does: it used to show only "This is fixed", losing the issue's steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.kinds.notice import plan_notices, render_notice
from generator.load.platforms import resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from generator.render.card import draw_card

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("locale", ["en-GB", "de-DE", "ar"])
def test_a_fixed_notice_keeps_its_summary_and_steps(locale: str) -> None:
    project = load_project(ROOT, locale=locale)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    jobs = [
        j
        for j in plan_notices(PlanInput(project, presets, (presets["instagram-portrait"], presets["x"])))
        if j.payload.status == "fixed"
    ]
    assert {j.item_id for j in jobs} == {"card-declined-3ds", "subscription-double-charge"}
    for job in jobs:
        result = render_notice(job, ctx)
        assert not result.findings, [f"{f.code}: {f.message}" for f in result.findings]
        issue = job.payload
        alt = result.files[0].meta["alt"]
        if job.platform == "instagram-portrait":  # room for every step on a portrait card
            from generator.kinds.notice import notice_item

            card = draw_card(job, ctx, notice_item(issue, locale))
            drawn = " ".join(" ".join(t.texts) for t in card.texts).replace(" ", "")
            for text in (issue.summary, *(s.text for s in issue.steps)):
                assert text.replace(" ", "") in drawn, (locale, text)
        if job.platform == "x":  # a wide card keeps the summary; its steps are in the carousel
            assert issue.summary in alt, alt
