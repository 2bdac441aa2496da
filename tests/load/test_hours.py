"""Hours and reply times as banner words, and the banner switch dates for ``plan``."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from generator.load.hours import banner_switches, banner_text, days_text, duration_text
from generator.load.model import Brand, ChangedHours, Channel, Colors, Config, Contact, HoursRule
from tests.cldr import fold_spaces

WEEK = ("mon", "tue", "wed", "thu", "fri")


def config(*changed: ChangedHours, locale: str = "en") -> Config:
    return Config(
        brand=Brand("Kettle & Co.", Colors("#1F4E79", "#F2B33D", "#F7F5F0", "#1B1B1B"),
                    tagline="Fresh coffee, friendly help"),
        contact=Contact(
            channels=(Channel("Email", "help@example.com", reply_minutes=240),
                      Channel("Live chat", "example.com/chat", reply_minutes=5)),
            hours=(HoursRule(WEEK, "09:00", "17:00"), HoursRule(("sat",), "10:00", "14:00")),
            changed_hours=changed),
        locale=locale, timezone="Europe/London")


def test_days_and_durations_read_naturally():
    assert days_text(WEEK, "en") == "Mon–Fri"
    assert days_text(("mon", "wed", "thu", "fri", "sun"), "en") == "Mon, Wed–Fri, Sun"
    assert [duration_text(m, "en") for m in (5, 60, 90, 240, 2880)] == \
        ["5 minutes", "1 hour", "90 minutes", "4 hours", "2 days"]
    assert duration_text(5, "de") == "5 Minuten"


def test_banner_text_promises_the_fastest_channel_by_name():
    t = banner_text(config())
    # Five minutes is the chat's promise, not e-mail's: the headline says whose it is.
    assert t.reply == "Live chat: replies within 5 minutes"
    # "en" is US English in CLDR: a 12-hour clock (Babel), en-GB and de keep 24 hours.
    assert fold_spaces(t.hours) == "Mon–Fri 9:00 AM–5:00 PM · Sat 10:00 AM–2:00 PM, London time"
    assert banner_text(config(locale="en-GB")).hours == \
        "Mon–Fri 09:00–17:00 · Sat 10:00–14:00, London time"
    assert t.channels == "Email (4 hours) · Live chat"
    assert t.notice == ""


def test_changed_hours_say_so():
    xmas = ChangedHours("2026-12-24", "Christmas", end="2026-12-26", closed=True)
    short = ChangedHours("2027-01-02", "system migration", open="10:00", close="14:00",
                         channels=("Live chat",))
    assert fold_spaces(banner_text(config(xmas), xmas).notice) == "Closed on Dec 24–26: Christmas"
    assert fold_spaces(banner_text(config(short), short).notice) == \
        "Changed hours on Jan 2 (Live chat): 10:00 AM–2:00 PM, system migration"
    assert banner_text(config(xmas), xmas, ).hours == banner_text(config()).hours


def test_a_closed_banner_promises_no_reply_time_and_says_when_replies_resume():
    # 24-26 Dec 2026 is Thu-Sat; Sunday is not staffed, so replies resume on Monday 28.
    xmas = ChangedHours("2026-12-24", "Christmas", end="2026-12-26", closed=True)
    ny = ChangedHours("2026-12-28", "Extra day off", closed=True)
    t = banner_text(config(xmas, locale="en-GB"), xmas)
    assert t.reply == "Back on Mon 28 Dec"
    assert "minute" not in t.reply and "hour" not in t.reply
    # A closed day right after moves the promise on; other locales use their own words.
    assert banner_text(config(xmas, ny, locale="en-GB"), xmas).reply == "Back on Tue 29 Dec"
    assert banner_text(config(xmas, locale="de"), xmas).reply == "Wieder da am Mo., 28. Dez."
    # Shorter hours on one channel are not a closed day: the reply time stays.
    short = ChangedHours("2027-01-02", "migration", open="10:00", close="14:00",
                         channels=("Live chat",))
    assert banner_text(config(short), short).reply == "Live chat: replies within 5 minutes"


def test_switches_put_the_banner_up_early_and_take_it_down_after():
    xmas = ChangedHours("2026-12-24", "Christmas", end="2026-12-26", closed=True)
    ny = ChangedHours("2027-01-01", "New Year", closed=True)
    tz = ZoneInfo("Europe/London")
    sw = banner_switches(config(ny, xmas))
    assert [(s.at, s.action, s.variant) for s in sw] == [
        (datetime(2026, 12, 22, tzinfo=tz), "on", "2026-12-24"),
        (datetime(2026, 12, 27, tzinfo=tz), "back", "default"),
        (datetime(2026, 12, 30, tzinfo=tz), "on", "2027-01-01"),
        (datetime(2027, 1, 2, tzinfo=tz), "back", "default"),
    ]
    assert sw[0].as_json()["at"] == "2026-12-22T00:00:00+00:00"


def test_back_to_back_periods_switch_straight_to_the_next_banner():
    a = ChangedHours("2026-12-24", "Christmas", end="2026-12-26", closed=True)
    b = ChangedHours("2026-12-27", "stocktaking", open="10:00", close="12:00")
    sw = banner_switches(config(a, b))
    assert [(s.at.day, s.action, s.variant) for s in sw] == [
        (22, "on", "2026-12-24"), (27, "on", "2026-12-27"), (28, "back", "default")]


def test_no_changed_hours_no_switches():
    assert banner_switches(config()) == []
    assert dataclasses.asdict(banner_text(config()))["notice"] == ""
