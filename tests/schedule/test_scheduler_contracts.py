"""Contract tests: each scheduler file selfserve writes has the shape its vendor documents.

Each fixture in tests/data/schedulers/ was written by hand from the vendor's documentation
(sources in that folder's README and in each test below). A test checks that the fixture
meets the documented rules (so the rules encode the documentation), then that selfserve's
file meets the same rules: header, columns, date format, row cap, one file per profile,
media as public URLs.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from generator.errors import SelfserveError
from generator.schedule.exports import FORMATS, ExportOptions, export_files, media_url
from generator.schedule.week import empty_state, plan_week
from tests.schedule.test_week import NOW, _entries, _sample_project

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schedulers"
BASE = "https://cdn.example.com/social/"
URL = re.compile(r"^https?://[^\s/]+/\S*$")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _public(url: str) -> bool:
    return bool(URL.match(url)) and urlsplit(url).scheme in ("http", "https")


def check_hootsuite(rows: list[list[str]], date_order: str = "DD/MM/YYYY") -> None:
    """Hootsuite bulk composer (quoted in the kim-iverson-headlee.blogspot.com and
    gussetbeard.com pages cited in tests/data/schedulers/README.md): no header, three
    columns (date and time, message, link), up to 350 messages, the date format picked at
    upload, times on a 5-minute step."""
    fmt = "%m/%d/%Y %H:%M" if date_order == "MM/DD/YYYY" else "%d/%m/%Y %H:%M"
    assert 0 < len(rows) <= 350
    for r in rows:
        assert len(r) == 3, r
        assert datetime.strptime(r[0], fmt).minute % 5 == 0
        assert r[1].strip()
        assert r[2] == "" or _public(r[2])


def check_buffer(rows: list[list[str]]) -> None:
    """Buffer CSV import: header Text, Image URL, Tags, Posting Time (YYYY-MM-DD HH:mm);
    the image is a URL Buffer downloads."""
    assert rows[0] == ["Text", "Image URL", "Tags", "Posting Time"]
    for r in rows[1:]:
        assert len(r) == 4 and r[0].strip()
        assert r[1] == "" or _public(r[1])
        datetime.strptime(r[3], "%Y-%m-%d %H:%M")


def check_sprout(rows: list[list[str]], date_order: str = "DD/MM/YYYY") -> None:
    """Sprout Social, https://support.sproutsocial.com/hc/en-us/articles/115005864203: headers
    are case-sensitive; date (dd/mm/yyyy or mm/dd/yyyy per import preference), time_24hr and
    message_text are required; up to 350 messages an import; messages at least 10 minutes
    apart."""
    assert rows[0][:3] == ["date", "time_24hr", "message_text"]
    assert rows[0] == ["date", "time_24hr", "message_text", "link", "image_url", "tags"]
    assert len(rows) - 1 <= 350
    fmt = "%m/%d/%Y %H:%M" if date_order == "MM/DD/YYYY" else "%d/%m/%Y %H:%M"
    times = []
    for r in rows[1:]:
        assert len(r) == 6 and r[2].strip()
        times.append(datetime.strptime(f"{r[0]} {r[1]}", fmt))
        assert r[3] == "" or _public(r[3])
        assert r[4] == "" or _public(r[4])
    assert all(b - a >= timedelta(minutes=10) for a, b in zip(sorted(times), sorted(times)[1:]))


CHECKS = {"hootsuite": check_hootsuite, "buffer": check_buffer, "sprout": check_sprout}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_fixture_meets_the_documented_rules(name: str) -> None:
    CHECKS[name](_rows((FIXTURES / f"{name}.csv").read_text("utf-8")))


@pytest.fixture()
def plan(sample: Path):  # noqa: ANN201
    project = _sample_project(sample)
    week, _ = plan_week(project, _entries(project), empty_state(), "2026-W49", NOW)
    return week


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_selfserve_files_meet_the_same_rules(name: str, plan) -> None:
    fixture = _rows((FIXTURES / f"{name}.csv").read_text("utf-8"))
    files = export_files(plan, [name], ExportOptions(BASE))
    # One file per profile: each file's posts are one channel's, every channel has a file.
    assert sorted(f.channel for f in files) == sorted({p.channel or p.platform for p in plan.posts})
    for f in files:
        rows = _rows(f.text)
        CHECKS[name](rows)
        if FORMATS[name].header:
            assert rows[0] == fixture[0]  # the same header, byte for byte
        assert {len(r) for r in rows} == {len(fixture[0])}
        body = rows[1:] if FORMATS[name].header else rows
        posts = [p for p in plan.posts if (p.channel or p.platform) == f.channel]
        assert len(body) == len(posts) == f.rows
        assert f.text.endswith("\r\n") and "\r\n" in f.text  # RFC 4180 line ends, as Excel writes
    if name in ("buffer", "sprout"):
        col = 1 if name == "buffer" else 4
        urls = [r[col] for f in files for r in _rows(f.text)[1:]]
        assert urls and all(u.startswith(BASE) for u in urls)


@pytest.mark.parametrize("name", ["buffer", "sprout"])
def test_formats_that_need_urls_refuse_local_paths(name: str, plan) -> None:
    with pytest.raises(SelfserveError, match=r"^--base-url: .* needs public image URLs; pass --base-url"):
        export_files(plan, [name], ExportOptions(""))
    with pytest.raises(SelfserveError, match="--base-url output/: write the public address"):
        export_files(plan, [name], ExportOptions("output/"))


def test_row_caps_split_files_and_media_urls_are_quoted(plan) -> None:
    first = plan.posts[0]
    many = [dataclasses.replace(first, local=first.local + timedelta(minutes=10 * i)) for i in range(720)]
    files = export_files(dataclasses.replace(plan, posts=many), ["sprout"], ExportOptions(BASE))
    assert [f.rows for f in files] == [350, 350, 20]
    for f in files:
        check_sprout(_rows(f.text))
    assert media_url(BASE, "x/faq/café au lait.png") == "https://cdn.example.com/social/x/faq/caf%C3%A9%20au%20lait.png"


def test_sprout_posts_closer_than_ten_minutes_are_reported(plan) -> None:
    first = plan.posts[0]
    close = [first, dataclasses.replace(first, local=first.local + timedelta(minutes=5))]
    notes: list[str] = []
    export_files(dataclasses.replace(plan, posts=close), ["sprout"], ExportOptions(BASE), notes)
    assert len(notes) == 1 and "less than 10 minutes apart; the upload refuses the second" in notes[0]


def test_plan_warns_about_scheduled_platforms_that_were_not_built(sample: Path) -> None:
    project = _sample_project(sample, "schedule:\n  platforms:\n    x: {days: mon, times: '09:00'}\n"
                                      "    linkedin: {days: tue, times: '09:00'}\n")
    week, _ = plan_week(project, _entries(project), empty_state(), "2026-W49",
                        datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/London")))
    assert [str(w) for w in week.warnings] == [
        "selfserve.yaml: schedule.platforms.linkedin: 'linkedin' is scheduled but the output has nothing "
        "for it; build it (selfserve build --platform linkedin) or remove it from the schedule"]
    assert week.warnings[0].severity == "warning"
    assert {p.platform for p in week.posts} == {"x"}


def test_the_default_cadence_warns_about_platforms_left_out(sample: Path) -> None:
    project = _sample_project(sample)
    assert not project.config.schedule.platforms
    week, _ = plan_week(project, _entries(project), empty_state(), "2026-W49", NOW)
    left_out = {w.message.split("'")[1] for w in week.warnings}
    # Built: x, bluesky, instagram-portrait, pinterest (see _entries); every other platform
    # with a default cadence is named (the sample builds every platform: platforms is empty).
    from generator.schedule.week import DEFAULT_CADENCE

    assert not project.config.platforms
    expected = set(DEFAULT_CADENCE) - {"x", "bluesky", "instagram-portrait", "pinterest"}
    assert left_out == expected and {"mastodon", "threads", "linkedin"} <= expected
    assert all(w.path == "platforms" and "build it (selfserve build --platform" in w.message for w in week.warnings)
