"""A renderer reads its inputs through its job: in a build its context holds the project
folder and the presets only (no settings, no content), so every setting it draws is one
its job carries, and its job's key covers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.kinds import AssetKind, all_kinds
from generator.load.model import Config
from generator.load.project import load_project
from generator.plan.jobs import READABLE, RenderContext, RenderJob, job_config, render_config
from generator.publish.build import BuildOptions, plan_jobs
from generator.publish.workers import render_one, sealed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def planned():  # noqa: ANN201
    project = load_project(ROOT)
    jobs, ctx, _notes, _shard = plan_jobs(
        project,
        BuildOptions(
            out=ROOT / "output",
            platforms=("instagram-portrait", "x", "linkedin-document", "instagram-reels", "x-header"),
        ),
    )
    return project, jobs, ctx


def test_every_job_carries_only_the_settings_its_kind_reads(planned) -> None:
    project, jobs, _ctx = planned
    kinds = all_kinds()
    by_locale: dict[str, Config] = {}
    # (Guides, planned with the default platforms only, are built sealed by tests/guide.)
    assert {j.kind for j in jobs} >= {
        "faq",
        "carousel",
        "notice",
        "hours",
        "banner",
        "chart",
        "infographic",
        "video",
    }
    for job in jobs:
        reads = kinds[job.kind].reads
        assert set(reads) <= set(READABLE)
        variant = job.extra.get("variant") or project.config.locale
        if variant not in by_locale:
            by_locale[variant] = load_project(ROOT, locale=variant).config
        full, blank = by_locale[variant], render_config(by_locale[variant], ())
        for section in READABLE:  # what the kind reads, as the project says; the rest blank
            expected = getattr(full if section in reads else blank, section)
            assert getattr(job.config, section) == expected, (job.kind, section)
        # What decides which jobs exist is not a renderer's input.
        assert job.config.platforms == () and job.config.designs == {} and job.config.guides is None


@pytest.mark.slow
def test_every_kind_renders_from_its_job_alone(planned) -> None:
    _project, jobs, ctx = planned
    first: dict[str, RenderJob] = {}
    for job in jobs:
        first.setdefault(job.kind, job)
    for kind, job in sorted(first.items()):
        result = render_one(job, ctx)  # through the build's sealed context
        assert result.files, kind


def test_a_renderer_that_reaches_into_the_context_fails_in_a_build(planned) -> None:
    _project, jobs, ctx = planned
    job = next(j for j in jobs if j.kind == "faq")
    assert sealed(ctx).config is None and sealed(ctx).project is None
    assert job_config(job, sealed(ctx)) is job.config

    def sneaky(job: RenderJob, ctx: RenderContext):  # noqa: ANN202 - a renderer
        return ctx.config.brand.name  # type: ignore[union-attr]  # what the seal forbids

    kind = AssetKind(
        name="faq", description="", label="", order=0, posted=False, plan=lambda pi: [], render=sneaky
    )
    registry = all_kinds()
    real = registry["faq"]
    registry["faq"] = kind
    try:
        with pytest.raises(AttributeError):
            render_one(job, ctx)
    finally:
        registry["faq"] = real
    with pytest.raises(RuntimeError, match="carries no settings"):
        job_config(RenderJob("faq", "x", "x", "x.png", "png", "k", None), sealed(ctx))
