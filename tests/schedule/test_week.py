"""The weekly plan: news first, a rotation without repeats, scheduler files that upload."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from generator.cli import _load_command_modules, cli
from generator.errors import SelfserveError
from generator.load.project import load_project
from generator.publish.entry import ManifestEntry
from generator.schedule.exports import ExportOptions, export_files
from generator.schedule.week import empty_state, generic_csv, parse_week, plan_week

PLATFORMS = ("x", "bluesky", "instagram-portrait", "pinterest")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def _entries(project) -> list[ManifestEntry]:
    """Manifest entries as a build writes them (one card per FAQ and issue per platform)."""
    return [e for e in map(ManifestEntry.from_json, _raw_entries(project)) if e is not None]


def _raw_entries(project) -> list[dict]:
    """The same entries as manifest.json holds them."""
    out = []
    for pl in PLATFORMS:
        for f in project.faqs:
            out.append({"path": f"{pl}/faq/{f.id}.png", "kind": "faq", "platform": pl, "format": "png",
                        "bytes": 1000, "sha256": "0" * 64,
                        "source": {"file": "content/faqs.yaml", "line": 1, "id": f.id},
                        "title": f.question, "caption": f"{f.question}\n\nhttps://example.com/{f.id}",
                        "alt": f"Card: {f.question}"})
        for i in project.issues:
            for slide in (1, 2):
                out.append({"path": f"{pl}/carousel/{i.id}/0{slide}.png", "kind": "carousel",
                            "platform": pl, "format": "png", "slide": slide, "bytes": 1000,
                            "sha256": "1" * 64,
                            "source": {"file": "content/issues.yaml", "line": 1, "id": i.id},
                            "title": i.title, "caption": i.title, "alt": f"slide {slide}"})
        out.append({"path": f"{pl}/banner/default.png", "kind": "banner", "platform": pl, "format": "png",
                    "bytes": 1000, "sha256": "2" * 64,
                    "source": {"file": "selfserve.yaml", "line": None, "id": "default"}})
    return out


def _sample_project(sample: Path, schedule: str | None = None):
    if schedule:
        cfg = sample / "selfserve.yaml"
        cfg.write_text(cfg.read_text("utf-8") + schedule, "utf-8")
    return load_project(sample)


def _posted(plan, platform: str) -> list[str]:
    return [p.ident for p in plan.posts if p.platform == platform]


def test_parse_week() -> None:
    assert parse_week("2026-W49") == ("2026-W49", datetime(2026, 11, 30).date())
    with pytest.raises(SelfserveError, match="write an ISO week such as 2026-W49"):
        parse_week("2026-49")
    with pytest.raises(SelfserveError, match="2026 has no week 54"):
        parse_week("2026-W54")


def test_two_consecutive_weeks_rotate_without_repeats(sample: Path) -> None:
    project = _sample_project(sample)
    entries = _entries(project)
    w49, state = plan_week(project, entries, empty_state(), "2026-W49", NOW)
    w50, state2 = plan_week(project, entries, state, "2026-W50", NOW)
    assert {p.platform for p in w49.posts} == set(PLATFORMS)  # defaults for built platforms only
    for pl in PLATFORMS:
        first, second = _posted(w49, pl), _posted(w50, pl)
        assert first and second
        assert len(set(first)) == len(first) and not set(first) & set(second), pl
    # Featured FAQs first, then the most asked (stats), on every platform.
    featured = [f"faq:{f.id}" for f in project.faqs if f.featured]
    top = [f"faq:{q.faq}" for q in sorted(project.stats.top_questions, key=lambda q: -q.asked)]
    x_posts = [p for p in w49.posts + w50.posts if p.platform == "x"]
    # A recurring issue first seen in the last two weeks is news: it goes out first.
    new = [i for i in project.issues if "2026-11-16" <= (i.since or "") <= "2026-12-06"]
    assert [p.ident for p in x_posts[: len(new)]] == [f"issue:{i.id}" for i in new] and new
    assert x_posts[0].reason == f"news: new issue ({new[0].status})"
    expected = list(dict.fromkeys(featured + top))
    x_order = [p.ident for p in x_posts if not p.reason.startswith("news")]
    assert x_order[: len(expected)] == expected
    assert [p.reason for p in x_posts[len(new):]][:2] == ["featured", "featured"]
    # Banners are never posted; every post carries its caption, alt text and files.
    assert all(p.kind != "banner" for p in w49.posts + w50.posts)
    carousel = next(p for p in w49.posts + w50.posts if p.kind == "carousel")
    assert len(carousel.media) == 2 and carousel.alt == ("slide 1", "slide 2")
    # Local times in the project's time zone, on the default days.
    assert all(p.local.tzinfo == ZoneInfo("Europe/London") for p in w49.posts)
    assert sorted({p.local.strftime("%a") for p in w49.posts if p.platform == "x"}) == \
        ["Fri", "Mon", "Thu", "Tue", "Wed"]
    assert list(state2["weeks"]) == ["2026-W49", "2026-W50"]


def test_a_full_cycle_posts_everything_once_before_any_repeat(sample: Path) -> None:
    project = _sample_project(sample, "schedule:\n  platforms:\n    x: {days: mon-sun, times: ['09:00', '17:30']}\n")
    entries = _entries(project)
    items = {f"faq:{f.id}" for f in project.faqs} | {f"issue:{i.id}" for i in project.issues}
    state, seq = empty_state(), []
    for n in range(5):  # 5 weeks x 14 slots = 70 posts: more than three cycles of 21 items
        plan, state = plan_week(project, entries, state, f"2026-W{49 + n:02d}", NOW)
        seq += _posted(plan, "x")
    assert len(seq) == 70
    for start in range(0, 63, len(items)):
        block = seq[start: start + len(items)]
        assert set(block) == items and len(block) == len(set(block)), start
    assert [p.cycle for p in plan.posts][-1] == 4


def test_replanning_a_week_gives_the_same_plan(sample: Path) -> None:
    project = _sample_project(sample)
    entries = _entries(project)
    a, state = plan_week(project, entries, empty_state(), "2026-W49", NOW)
    b, state_b = plan_week(project, entries, state, "2026-W49", NOW)  # state already has W49
    assert json.dumps(a.as_json()) == json.dumps(b.as_json())
    assert state == state_b


def test_an_issue_whose_status_changed_goes_out_first(sample: Path) -> None:
    project = _sample_project(sample)
    entries = _entries(project)
    _, state = plan_week(project, entries, empty_state(), "2026-W49", NOW)
    issues = sample / "content" / "issues.yaml"
    issues.write_text(issues.read_text("utf-8").replace("status: investigating", "status: fixed", 1), "utf-8")
    changed = load_project(sample)
    fixed_now = next(i for i in project.issues if i.status == "investigating")
    w50, _ = plan_week(changed, entries, state, "2026-W50", NOW)
    for pl in PLATFORMS:
        first = next(p for p in w50.posts if p.platform == pl)
        assert first.ident == f"issue:{fixed_now.id}"
        assert first.reason == "news: status now fixed (was investigating)"


def test_hootsuite_csv_no_header_three_columns_future_five_minute_times(sample: Path) -> None:
    project = _sample_project(sample, "schedule:\n  hootsuite_dates: MM/DD/YYYY\n  platforms:\n"
                                      "    x: {days: mon-fri, times: ['08:05', '12:00', '17:55']}\n"
                                      "    bluesky: {days: [tue, thu], times: '12:30'}\n")
    # Planned on the Wednesday of that week at 12:02: Monday to Wednesday noon are past.
    now = datetime(2026, 12, 2, 12, 2, tzinfo=ZoneInfo("Europe/London"))
    plan, _ = plan_week(project, _entries(project), empty_state(), "2026-W49", now)
    files = export_files(plan, ["hootsuite"], ExportOptions(date_order="MM/DD/YYYY"))
    assert [f.name for f in files] == ["2026-W49-hootsuite-bluesky.csv", "2026-W49-hootsuite-x.csv"]
    rows = [r for f in files for r in csv.reader(io.StringIO(f.text))]
    assert len(rows) == len(plan.posts) == 1 + 3 + 3 + 1  # x: Wed 17:55, Thu, Fri; bluesky: Thu
    for row in rows:
        assert len(row) == 3
        when = datetime.strptime(row[0], "%m/%d/%Y %H:%M").replace(tzinfo=ZoneInfo("Europe/London"))
        assert when > now and when.minute % 5 == 0
        # The link moves out of the message into Hootsuite's link column (added once, shortened).
        assert row[1].strip() and (row[2] == "" or row[2].startswith("https://example.com/"))
        assert not row[2] or row[2] not in row[1]
    assert any(row[2] for row in rows)  # FAQ cards carry their link there
    assert "past" in plan.notes[-1] or "left out" in plan.notes[-1]


def test_hootsuite_files_hold_at_most_350_rows(sample: Path) -> None:
    project = _sample_project(sample)
    plan, _ = plan_week(project, _entries(project), empty_state(), "2026-W49", NOW)
    many = [dataclasses.replace(plan.posts[0], local=plan.posts[0].local + timedelta(minutes=5 * i))
            for i in range(800)]
    files = export_files(dataclasses.replace(plan, posts=many), ["hootsuite"], ExportOptions())
    rows = [list(csv.reader(io.StringIO(f.text))) for f in files]
    assert [len(r) for r in rows] == [350, 350, 100]
    channel = plan.posts[0].platform
    assert [f.name for f in files] == [f"2026-W49-hootsuite-{channel}{s}.csv" for s in ("", "-2", "-3")]
    assert rows[1][0][0] == (plan.posts[0].local + timedelta(minutes=5 * 350)).strftime("%d/%m/%Y %H:%M")


def test_more_slots_than_items_leave_slots_empty_rather_than_repeat(sample: Path) -> None:
    times = ", ".join(f"'{h:02d}:00'" for h in range(8, 20))
    project = _sample_project(sample, f"schedule:\n  platforms:\n    x: {{days: mon-sun, times: [{times}]}}\n")
    plan, _ = plan_week(project, _entries(project), empty_state(), "2026-W49", NOW)
    posted = _posted(plan, "x")
    assert len(posted) == len(set(posted)) == len(project.faqs) + len(project.issues)
    assert any("some slots stay empty" in n for n in plan.notes)


def test_buffer_and_generic_csv(sample: Path) -> None:
    project = _sample_project(sample)
    plan, _ = plan_week(project, _entries(project), empty_state(), "2026-W49", NOW)
    files = export_files(plan, ["buffer"], ExportOptions("https://cdn.example.com/social/"))
    assert {f.channel for f in files} == {p.platform for p in plan.posts}  # one file per channel
    for f in files:
        buffer = list(csv.reader(io.StringIO(f.text)))
        assert buffer[0] == ["Text", "Image URL", "Tags", "Posting Time"]
        posts = [p for p in plan.posts if p.platform == f.channel]
        assert len(buffer) == len(posts) + 1
        for row, post in zip(buffer[1:], posts):
            assert row[1] == f"https://cdn.example.com/social/{post.media[0]}"
            assert datetime.strptime(row[3], "%Y-%m-%d %H:%M")
    with pytest.raises(SelfserveError, match="--base-url: Buffer bulk import needs public image URLs"):
        export_files(plan, ["buffer"], ExportOptions(""))
    generic = list(csv.DictReader(io.StringIO(generic_csv(plan))))
    assert list(generic[0]) == ["date", "time", "timezone", "platform", "caption", "alt_text",
                                "media_path", "link"]
    assert {g["timezone"] for g in generic} == {"Europe/London"}


def test_unknown_platform_in_schedule(sample: Path) -> None:
    project = _sample_project(sample, "schedule:\n  platforms:\n    blusky: {days: mon, times: '09:00'}\n")
    with pytest.raises(SelfserveError, match="schedule.platforms.blusky: unknown platform 'blusky'; "
                                             "did you mean 'bluesky'"):
        plan_week(project, _entries(project), empty_state(), "2026-W49", NOW)


def test_plan_command_writes_files_and_state(sample: Path) -> None:
    _load_command_modules()
    project = load_project(sample)
    out = sample / "output"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"assets": _raw_entries(project)}), "utf-8")
    runner = CliRunner()
    args = ["plan", "--project", str(sample), "--week", "2026-W49", "--now", "2026-11-26T09:00"]
    res = runner.invoke(cli, args, obj=None, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "Week 2026-W49 (30 Nov – 06 Dec 2026, Europe/London)" in res.output
    names = sorted(p.name for p in (out / "plan").iterdir())
    assert {"2026-W49.json", "2026-W49.csv", "2026-W49-hootsuite-x.csv"} <= set(names)
    assert not any("buffer" in n or "sprout" in n for n in names)  # they need --base-url
    assert "warning: --base-url: Buffer bulk import, Sprout Social bulk scheduling files not written" in res.output
    state = json.loads((sample / ".selfserve" / "rotation.json").read_text("utf-8"))
    assert list(state["weeks"]) == ["2026-W49"]
    first = (out / "plan" / "2026-W49.json").read_bytes()
    res = runner.invoke(cli, args + ["--json"], catch_exceptions=False)
    data = json.loads(res.output)
    assert data["week"] == "2026-W49" and data["posts"]
    assert (out / "plan" / "2026-W49.json").read_bytes() == first  # deterministic


def test_a_multi_locale_output_posts_the_default_locale(sample: Path) -> None:
    cfg = sample / "selfserve.yaml"  # the fixture leaves the other locales out; put two back
    cfg.write_text(cfg.read_text("utf-8") + "locales: [en-GB, de-DE]\n", "utf-8")
    project = _sample_project(sample)
    assert len(project.config.build_locales) > 1 and project.config.locale == "en-GB"
    entries = _entries(project)
    other = [dataclasses.replace(e, path=f"de-DE/{e.path}", locale="de-DE", caption="Deutsch")
             for e in entries]
    default = [dataclasses.replace(e, path=f"en-GB/{e.path}", locale="en-GB") for e in entries]
    plan, _ = plan_week(project, other + default, empty_state(), "2026-W49", NOW)
    assert plan.posts and all(m.startswith("en-GB/") for p in plan.posts for m in p.media)
    assert not any(p.caption == "Deutsch" for p in plan.posts)
