"""``build --today``: an hours/today card of that date's week with the day marked.

Without the option no card depends on the date, so a build is the same on any day; with
it, only the today cards' keys move from one day to the next."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.kinds.hours import TODAY_DESIGN, TODAY_VARIANT, plan_hours, render_hours
from generator.load.platforms import resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext, project_keyed
from generator.render.card import draw_card
from tests.entrypoint import run_cli

ROOT = Path(__file__).resolve().parents[2]
PLATFORMS = ("instagram-portrait", "x")


@pytest.fixture(scope="module")
def sample():  # noqa: ANN201
    project = load_project(ROOT)
    presets = resolve_presets(project.config.presets)
    return project, presets, RenderContext(project.root, project.config, presets, project)


def _plan(sample, today: date | None):  # noqa: ANN001, ANN202
    project, presets, _ctx = sample
    # Keyed as the build keys them: project_keyed adds what each job carries (its card).
    jobs = plan_hours(PlanInput(project, presets, tuple(presets[p] for p in PLATFORMS), today=today))
    return project_keyed(jobs, project, project.config.locale, presets)


def test_no_date_no_today_card_and_the_other_cards_ignore_the_date(sample) -> None:
    plain = {(j.platform, j.item_id): j.key for j in _plan(sample, None)}
    assert not any(v == TODAY_VARIANT for _p, v in plain)
    dated = {(j.platform, j.item_id): j.key for j in _plan(sample, date(2026, 12, 24))}
    assert {k: v for k, v in dated.items() if k[1] != TODAY_VARIANT} == plain
    assert {p for p, v in dated if v == TODAY_VARIANT} == set(PLATFORMS)


def test_the_day_is_marked_in_its_week_with_that_weeks_changed_hours(sample) -> None:
    jobs = [j for j in _plan(sample, date(2026, 12, 24)) if j.item_id == TODAY_VARIANT]
    assert {j.design for j in jobs} == {TODAY_DESIGN}
    card = jobs[0].payload
    assert [d.today for d in card.days] == [False, False, False, True, False, False, False]
    thu, fri = card.days[3], card.days[4]
    # Christmas Eve: open 08:00-12:00 that Thursday; Christmas Day closed.
    assert (thu.changed, thu.closed, thu.note) == (True, False, "Christmas Eve")
    assert fri.changed and fri.closed
    assert card.today_line == "Today: Thu 24 Dec"
    assert card.week.startswith("This week: 21 Dec")
    # Another day: another key for that card only.
    other = {j.platform: j.key for j in _plan(sample, date(2026, 12, 23)) if j.item_id == TODAY_VARIANT}
    assert all(other[j.platform] != j.key for j in jobs)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_today_card_reads_cleanly_and_says_the_day(sample, platform: str) -> None:
    _project, _presets, ctx = sample
    job = next(
        j for j in _plan(sample, date(2026, 12, 24)) if j.item_id == TODAY_VARIANT and j.platform == platform
    )
    result = render_hours(job, ctx)
    assert not result.findings, [f"{f.code}: {f.message}" for f in result.findings]
    assert "Today (Thu): 08:00–12:00, Christmas Eve." in result.files[0].meta["alt"]
    card = draw_card(job, ctx, job.payload.as_item())
    drawn = {t.layer: " ".join(t.texts) for t in card.texts}
    assert drawn["today"] == "Today: Thu 24 Dec"
    assert drawn["day3-name"] == "Thu" and drawn["day3-hours"] == "08:00–12:00"
    left, top, right, bottom = ctx.presets[platform].safe_box
    for t in card.texts:
        assert left <= t.ink[0] and top <= t.ink[1] and t.ink[2] <= right and t.ink[3] <= bottom, t.layer


def test_a_week_without_changes_marks_only_the_day(sample) -> None:
    card = next(j for j in _plan(sample, date(2026, 12, 2)) if j.item_id == TODAY_VARIANT).payload
    assert [d.today for d in card.days].index(True) == 2  # a Wednesday
    assert not any(d.changed for d in card.days)


def test_build_option_and_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "generator" / "data" / "starter", root)
    args = ["build", "--project", str(root), "--kind", "hours", "--platform", "x", "-q"]
    code, _out, err = run_cli([*args, "--today", "2026-13-01"], capsys)
    assert code == 2
    assert "'2026-13-01' is not a date; write it as YYYY-MM-DD (e.g. 2026-12-24) or 'now'" in err
    monkeypatch.setenv("SELFSERVE_TODAY", "2026-12-02")
    code, _out, err = run_cli(args, capsys)
    assert code == 0, err
    assert (root / "output" / "x" / "hours" / "today.png").is_file()
    monkeypatch.delenv("SELFSERVE_TODAY")
    code, _out, err = run_cli(args, capsys)
    assert code == 0, err
    # Asked without a date, the build removes the card it made for one.
    assert not (root / "output" / "x" / "hours" / "today.png").exists()


def test_now_is_the_date_in_the_projects_time_zone() -> None:
    from generator.cli import _parse_today

    assert _parse_today(None, "Europe/London") is None
    assert _parse_today(" 2026-12-24 ", "Europe/London") == date(2026, 12, 24)
    assert isinstance(_parse_today("now", "Pacific/Kiritimati"), date)
    _ = dataclasses  # the module is used by the fixtures' callers
