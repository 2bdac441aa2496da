"""Stats input: CSV series, and every bad-input case with its exact located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.load.project import load_project


def _stats(sample: Path, text: str) -> None:
    (sample / "content" / "stats.yaml").write_text(text, encoding="utf-8")


def _errors(sample: Path) -> list[str]:
    with pytest.raises(SelfserveError) as exc:
        load_project(sample)
    return [str(p) for p in exc.value.problems]


def test_a_series_from_csv_loads_like_the_yaml_list(sample: Path):
    (sample / "data").mkdir()
    (sample / "data" / "weekly.csv").write_text("label,value\n2026-W43,467\n2026-W44,531\n")
    (sample / "data" / "reply.csv").write_text(
        "channel,median_minutes,p90_minutes\nPhone,1.5,6\nEmail,145,460\n")
    _stats(sample, "period: October 2026\nvolume_by_week: {csv: data/weekly.csv}\n"
                   "first_reply: {csv: data/reply.csv}\n")
    stats = load_project(sample).stats
    assert [(c.label, c.value) for c in stats.volume_by_week] == [("2026-W43", 467), ("2026-W44", 531)]
    assert [(r.channel, r.median_minutes, r.p90_minutes) for r in stats.first_reply] == \
        [("Phone", 1.5, 6), ("Email", 145, 460)]


def test_negative_count_and_percent_over_100(sample: Path):
    _stats(sample, "period: October 2026\n"
                   "volume_by_topic:\n  - {label: Delivery, value: -3}\n"
                   "satisfaction: {percent: 104, responses: 10}\n")
    assert _errors(sample) == [
        "content/stats.yaml:3:30: volume_by_topic[0].value: must be at least 0, found -3",
        "content/stats.yaml:4:25: satisfaction.percent: must be at most 100%, found 104",
    ]


def test_csv_rows_of_different_lengths_and_bad_values_are_located_in_the_csv(sample: Path):
    (sample / "data").mkdir()
    (sample / "data" / "weekly.csv").write_text(
        "label,value\n2026-W42,439\n2026-W43\n2026-W44,-5\n")
    _stats(sample, "period: October 2026\nvolume_by_week: {csv: data/weekly.csv}\n")
    assert _errors(sample) == [
        "data/weekly.csv:3: volume_by_week[1]: row has 1 values, the header has 2 (label, value)",
        "data/weekly.csv:4:2: volume_by_week[2].value: must be at least 0, found -5",
    ]


def test_missing_csv_and_csv_outside_the_project(sample: Path):
    _stats(sample, "period: October 2026\nvolume_by_week: {csv: data/nope.csv}\n"
                   "volume_by_topic: {csv: ../../etc/passwd}\n")
    errors = _errors(sample)
    assert errors[0] == "content/stats.yaml:2:23: volume_by_week.csv: file 'data/nope.csv' not found"
    assert errors[1].startswith("content/stats.yaml:3:24: volume_by_topic.csv: ")
    assert "outside the project" in errors[1]


def _line(text: str, needle: str) -> int:
    """1-based line of ``needle`` in the sample's config (the sample file may grow)."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_unknown_time_zone(sample: Path):
    cfg = (sample / "selfserve.yaml").read_text().replace("timezone: Europe/London",
                                                          "timezone: Europe/Londn")
    (sample / "selfserve.yaml").write_text(cfg)
    assert _errors(sample) == [f"selfserve.yaml:{_line(cfg, 'timezone:')}:11: timezone: unknown "
                               "time zone 'Europe/Londn'; did you mean 'Europe/London'?"]


def test_hours_ending_before_they_start(sample: Path):
    cfg = (sample / "selfserve.yaml").read_text().replace(
        '{days: sat, open: "09:00", close: "13:00"}', '{days: sat, open: "13:00", close: "09:00"}')
    (sample / "selfserve.yaml").write_text(cfg)
    assert _errors(sample) == [f"selfserve.yaml:{_line(cfg, 'days: sat')}:41: contact.hours[1].close: "
                               "closes at 09:00, before it opens at 13:00"]


def test_an_empty_series_is_a_warning_not_an_error(sample: Path):
    _stats(sample, "period: October 2026\nvolume_by_week: []\n"
                   "volume_by_topic:\n  - {label: Delivery, value: 3}\n")
    project = load_project(sample)
    assert [str(w) for w in project.warnings] == [
        "content/stats.yaml:2:17: volume_by_week: empty series: its chart and infographic panel "
        "are skipped"]
