"""Carousels and notices from recurring issues: parts, slide files, words drawn, the
document PDF, and the located error for a step too long for any slide."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from generator.cli import cli
from generator.kinds.carousel import is_carousel_platform, plan_carousels, render_carousel, split_parts
from generator.kinds.notice import plan_notices, render_notice
from generator.load.design.loader import load_design  # noqa: F401 - warms the design cache
from generator.load.model import FixStep
from generator.load.platforms import resolve_presets, select_platforms
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from generator.render.card import draw_card

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample():  # noqa: ANN201
    return load_project(ROOT)


def plan(project, platforms: tuple[str, ...] = (), planner=plan_carousels):  # noqa: ANN001, ANN201
    presets = resolve_presets(project.config.presets)
    chosen = select_platforms(presets, project.config.platforms, platforms)
    pi = PlanInput(project, presets, tuple(chosen))
    jobs = planner(pi)
    return jobs, RenderContext(project.root, project.config, presets, project), pi


def test_parts_are_as_few_and_as_even_as_the_cap_allows():
    assert split_parts(14, None) == [14]
    assert split_parts(14, 20) == [14]
    assert split_parts(14, 10) == [7, 7]
    assert split_parts(14, 4) == [4, 4, 3, 3]
    assert split_parts(5, 4) == [3, 2]
    assert sum(split_parts(301, 7)) == 301


def test_every_issue_with_steps_has_a_carousel_on_every_carousel_platform(sample):
    jobs, ctx, pi = plan(sample)
    with_steps = {i.id for i in sample.issues if i.steps}
    carousel_platforms = {p.name for p in pi.platforms if is_carousel_platform(p)}
    assert {"instagram-square", "instagram-story", "x", "tiktok-photo"} <= carousel_platforms
    assert "pinterest" not in carousel_platforms  # one image per pin
    for platform in carousel_platforms | {"linkedin-document"}:
        assert {j.item_id for j in jobs if j.platform == platform} == with_steps
    # An issue without steps gets no carousel, and the build says so.
    assert any("'app-notifications' has no steps" in n for n in pi.notes)


def test_a_twelve_step_fix_keeps_all_twelve_steps_on_every_platform(sample):
    jobs, ctx, _ = plan(sample)
    grinder = [j for j in jobs if j.item_id == "grinder-setup"]
    assert len(grinder) >= 10
    for job in grinder:
        slides = job.payload.slides
        preset = ctx.presets[job.platform]
        assert [s.step for s in slides if s.slide == "step"] == list(range(1, 13)), job.platform
        assert slides[0].slide == "cover" and slides[-1].slide == "closing"
        if preset.group == "feed":
            assert max(s.count for s in slides) <= preset.images_per_post
        # Every part opens with its own cover; only the last ends with the contact slide.
        assert [s.part for s in slides if s.slide == "cover"] == list(range(1, slides[0].parts + 1))
        assert [s.slide for s in slides].count("closing") == 1
        if job.platform == "x":  # 4 images per post: 12 steps + closing, 3 a part, 5 covers
            assert [s.rel for s in slides][:2] == ["x/carousel/grinder-setup/part-1/01.png",
                                                   "x/carousel/grinder-setup/part-1/02.png"]
            assert slides[-1].rel == "x/carousel/grinder-setup/part-5/03.png"
            assert [s.count for s in slides if s.slide == "cover"] == [4, 4, 4, 3, 3]
        if job.platform == "instagram-story":  # stories have no cap
            assert slides[-1].rel == "instagram-story/carousel/grinder-setup/14.jpg"


def test_slides_are_exact_size_with_progress_step_numbers_and_text_inside_the_safe_zone(sample):
    jobs, ctx, _ = plan(sample, ("instagram-square",))
    job = next(j for j in jobs if j.item_id == "login-link-delay")
    result = render_carousel(job, ctx)
    issue = job.payload.issue
    assert [f.rel for f in result.files] == [
        f"instagram-square/carousel/login-link-delay/{i:02d}.jpg" for i in range(1, 7)]
    for f in result.files:
        with Image.open(io.BytesIO(f.data)) as im:
            assert im.size == (1080, 1080) and im.format == "JPEG"
        assert f.meta["alt"] and len(f.meta["alt"]) <= 100  # Instagram's alt-text limit
    assert not result.findings, [str(f) for f in result.findings]
    from generator.kinds.carousel import slide_item

    left, top, right, bottom = ctx.presets["instagram-square"].safe_box
    for slide in job.payload.slides:
        card = draw_card(job, ctx, slide_item(issue, slide, ctx.config, "en-GB"))
        drawn = {t.layer: " ".join(t.texts) for t in card.texts}
        # One position indicator: "2/4" on step slides (agreeing with the big number).
        assert drawn.get("progress", "") == (f"{slide.step}/{len(issue.steps)}"
                                             if slide.slide == "step" else "")
        for t in card.texts:
            il, it, ir, ib = t.ink
            assert left <= il and top <= it and ir <= right and ib <= bottom, (t.layer, t.ink)
            assert not t.truncated, t.layer
        if slide.slide == "step":
            assert drawn["number"] == str(slide.step)
            assert drawn["text"] == " ".join(issue.steps[slide.step - 1].text.split())
        if slide.slide == "cover":
            assert drawn["badge"] == "WORKAROUND" and drawn["reported"] == "214 customers reported this"
        if slide.slide == "closing":
            assert "Live chat" in drawn["channels"] and "kettleandco.example/help/sign-in" in drawn["link"]


def test_each_part_opens_with_its_own_cover_and_slides_have_one_indicator(sample):
    from generator.kinds.carousel import slide_item

    jobs, ctx, _ = plan(sample, ("x",))
    job = next(j for j in jobs if j.item_id == "grinder-setup")
    issue = job.payload.issue
    cover = job.payload.slides[4]
    assert (cover.slide, cover.part) == ("cover", 2)
    card = draw_card(job, ctx, slide_item(issue, cover, ctx.config, "en-GB"))
    drawn = {t.layer: " ".join(t.texts) for t in card.texts}
    assert drawn["title"] == f"Part 2 of 5: {issue.title}" and "part" not in drawn
    step = job.payload.slides[5]
    card = draw_card(job, ctx, slide_item(issue, step, ctx.config, "en-GB"))
    drawn = {t.layer: " ".join(t.texts) for t in card.texts}
    assert drawn["progress"] == "4/12" and drawn["number"] == "4" and "part" not in drawn


def test_the_document_pdf_has_a_page_per_slide_the_title_and_selectable_step_text(sample, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    jobs, ctx, _ = plan(sample, ("linkedin-document",))
    job = next(j for j in jobs if j.item_id == "card-declined-3ds")
    result = render_carousel(job, ctx)
    (f,) = result.files
    assert f.rel == "linkedin-document/carousel/card-declined-3ds.pdf" and f.meta["pages"] == 4
    reader = pypdf.PdfReader(io.BytesIO(f.data))
    assert len(reader.pages) == 4
    assert reader.metadata.title == "Card payments fail at the security check"
    box = reader.pages[0].mediabox
    assert float(box.height) > float(box.width)  # portrait
    assert len(f.data) < ctx.presets["linkedin-document"].max_bytes
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(f.data)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for step in job.payload.issue.steps:
        assert step.text in text
    assert render_carousel(job, ctx).files[0].data == f.data  # deterministic


def test_a_step_too_long_for_any_slide_is_a_located_error(sample, tmp_path):
    from tests.conftest import copy_sample

    proj = copy_sample(tmp_path / "p")
    issues = proj / "content" / "issues.yaml"
    text = issues.read_text()
    long_step = "Open the settings page and " + "check every option very carefully " * 40
    text = text.replace("      - Add hello@kettleandco.example to your contacts.",
                        f"      - {long_step.strip()}")
    issues.write_text(text)
    line = text.splitlines().index(f"      - {long_step.strip()}") + 1
    res = CliRunner().invoke(cli, ["build", "--project", str(proj), "--kind", "carousel",
                                   "--platform", "instagram-square"])
    assert res.exit_code == 1
    assert (f"content/issues.yaml:{line}: issues[0].steps[1]: step 2 of 'login-link-delay' "
            f"({len(long_step.strip())} characters) does not fit a instagram-square slide even at the "
            "smallest text size; split it into two shorter steps") in res.output
    assert "Traceback" not in res.output


def test_step_images_are_part_of_the_key(sample):
    jobs, _, _ = plan(sample, ("instagram-square",))
    issue = sample.issues[0]
    pic = dataclasses.replace(issue, steps=(FixStep(issue.steps[0].text, "assets/logo.png"),
                                            *issue.steps[1:]))
    other = dataclasses.replace(sample, issues=(pic, *sample.issues[1:]))
    jobs2, _, _ = plan(other, ("instagram-square",))
    assert jobs[0].key != jobs2[0].key and jobs[1].key == jobs2[1].key


def test_notices_go_to_feeds_for_investigating_and_fixed_issues(sample):
    jobs, ctx, _ = plan(sample, (), plan_notices)
    assert {j.platform for j in jobs} == {p for p, pr in ctx.presets.items()
                                          if pr.group == "feed" and p in {j.platform for j in jobs}}
    assert "instagram-story" not in {j.platform for j in jobs}
    by_status = {i.id: i.status for i in sample.issues}
    assert {j.item_id for j in jobs} == {i for i, s in by_status.items() if s in ("investigating", "fixed")}
    assert "app-notifications" in {j.item_id for j in jobs}  # no steps: still a notice


def test_notice_cards_say_what_they_are(sample):
    jobs, ctx, _ = plan(sample, ("instagram-portrait",), plan_notices)
    for job in jobs:
        result = render_notice(job, ctx)
        (f,) = result.files
        assert f.meta["notice"] == job.payload.status
        assert not result.findings, [str(x) for x in result.findings]
        assert f.meta["alt"].startswith("We know about this" if job.payload.status == "investigating"
                                        else "Fixed")
