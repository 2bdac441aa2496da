"""Staffed hours and reply times as the words a banner shows, and when banners switch.

In: the validated :class:`~generator.load.model.Config` (contact channels, hours,
changed hours, time zone, locale). Out: plain strings ("Mon–Fri 09:00–17:00",
"We reply within 5 minutes (Live chat)") and :class:`BannerSwitch` dates. No
pixels here: the banner kind draws these strings, the scheduler (``plan``) calls
:func:`banner_switches` to put the holiday banner up and take it down again.

Weekday names, dates and durations come from Babel (CLDR), so a German project
reads "Mo.–Fr." and "5 Minuten" without a translation table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.i18n.localefmt import clock
from generator.i18n.words import words
from generator.icons import icon_for_words
from generator.load.model import WEEKDAYS, ChangedHours, Channel, Config, HoursRule

DEFAULT_VARIANT = "default"
#: Days before a changed period that its banner goes up, so customers see it coming.
LEAD_DAYS = 2


def _lang(config: Config) -> str:
    return config.locale.replace("-", "_")


def days_text(days: tuple[str, ...], locale: str) -> str:
    """``("mon", "tue", "wed", "thu", "fri", "sat")`` -> ``Mon–Sat``; gaps become commas."""
    from babel.dates import get_day_names

    names = get_day_names("abbreviated", locale=locale)
    idx = sorted({WEEKDAYS.index(d) for d in days})
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts.extend(names[i] for i in run)
    return ", ".join(parts)


def span_text(open_: str, close: str, locale: str) -> str:
    """``09:00``-``17:00`` as the locale writes times: ``09:00–17:00`` (en-GB, de) or
    ``9:00 AM–5:00 PM`` (en-US): Babel's short time format, not the config's spelling."""

    return f"{clock(open_, locale)}–{clock(close, locale)}"


def hours_text(rules: tuple[HoursRule, ...], locale: str) -> str:
    """``Mon–Fri 09:00–17:00 · Sat 10:00–14:00`` (the locale's 24- or 12-hour clock)."""
    return " · ".join(f"{days_text(r.days, locale)} {span_text(r.open, r.close, locale)}"
                      for r in rules)


def duration_text(minutes: int, locale: str) -> str:
    """A promised reply time in the largest whole unit: 5 minutes, 4 hours, 2 days."""
    from babel.units import format_unit

    def unit(n: int, name: str) -> str:
        text = format_unit(n, name, length="long", locale=locale)
        # CLDR has no long form in some languages (Japanese): Babel then prints the unit's
        # id ("5 duration-minute"); the short form ("5 分") is what people write there.
        return format_unit(n, name, length="short", locale=locale) if "duration-" in text else text

    # Never rounded: 90 minutes stays "90 minutes", 25 hours stays "25 hours".
    if minutes and minutes % 1440 == 0:
        return unit(minutes // 1440, "duration-day")
    if minutes and minutes % 60 == 0:
        return unit(minutes // 60, "duration-hour")
    return unit(minutes, "duration-minute")


def zone_text(config: Config) -> str:
    """``Europe/London`` -> ``London time`` (the project's words)."""
    city = config.timezone.split("/")[-1].replace("_", " ")
    return words(config.locale)["banner_time_zone"].format(zone=city)


def date_text(first: str, last: str | None, locale: str) -> str:
    """``2026-12-24`` (to ``2026-12-26``) -> ``Dec 24`` / ``Dec 24 – 26``."""
    from babel.dates import format_interval, format_skeleton

    start = date.fromisoformat(first)
    if not last or last == first:
        return format_skeleton("MMMd", start, locale=locale)
    return format_interval(start, date.fromisoformat(last), "MMMd", locale=locale)


def changed_text(ch: ChangedHours, config: Config) -> str:
    """``Closed on Dec 25: Christmas Day`` or ``Changed hours on Dec 24: 09:00–13:00 (Live chat)``."""
    w = words(config.locale)
    loc = _lang(config)
    when = date_text(ch.date, ch.end, loc)
    who = f" ({', '.join(ch.channels)})" if ch.channels else ""
    if ch.closed:
        return f"{w['banner_closed_on']} {when}{who}: {ch.note}"
    return f"{w['banner_changed_hours']} {when}{who}: {span_text(ch.open or '', ch.close or '', loc)}, " \
        f"{ch.note}"


@dataclass(frozen=True)
class BannerText:
    """Everything a banner says, as plain strings (the design decides the layout)."""

    name: str
    tagline: str
    hours: str  # staffed hours with the time zone
    reply: str  # the promised reply time of the fastest channel
    channels: str  # the channels' names, with the other channels' reply times
    notice: str  # the changed-hours line of a dated variant ('' on the default banner)
    reply_icon: str = "clock"  # the promised channel's icon ("clock" when replies pause)

    def as_item(self) -> dict[str, str]:
        return dict(self.__dict__)


def banner_text(config: Config, changed: ChangedHours | None = None) -> BannerText:
    w = words(config.locale)
    loc = _lang(config)
    contact = config.contact
    base = contact.hours
    # The usual hours only: a channel with its own hours keeps them for the FAQ cards
    # and captions, a banner has room for one line of hours.
    hours = hours_text(base, loc)
    promised = sorted((c for c in contact.channels if c.reply_minutes is not None),
                      key=lambda c: c.reply_minutes or 0)
    fastest = promised[0].name if promised else None
    # The headline names the channel it promises for: "2 minutes" on the phone is not a
    # promise for e-mail (4 hours). The others say theirs beside their name.
    reply = ""
    if promised:
        within = w["hours_reply"].format(time=duration_text(promised[0].reply_minutes or 0, loc))
        reply = f"{promised[0].name}: {within}"
    if changed is not None and changed.closed and not changed.channels:
        # A banner up over a closed day promises no reply time for it: it says when
        # replies start again (the first staffed day after the period).
        back = next_open_day(config, date.fromisoformat(changed.end or changed.date))
        reply = f"{w['banner_back_on']} {weekday_date_text(back, loc)}" if back else ""
    reply_icon = channel_icon(promised[0]) if promised else "clock"
    if changed is not None and changed.closed and not changed.channels:
        reply_icon = "calendar-clock"
    channels = " · ".join(
        f"{c.name} ({duration_text(c.reply_minutes, loc)})"
        if c.reply_minutes is not None and c.name != fastest else c.name
        for c in contact.channels)
    return BannerText(
        name=config.brand.name, tagline=config.brand.tagline or "",
        hours=f"{hours}, {zone_text(config)}" if hours else "",
        reply=reply, channels=channels,
        notice=changed_text(changed, config) if changed else "",
        reply_icon=reply_icon,
    )


def channel_icon(channel: Channel) -> str:
    """The channel's own ``icon:``, else the one its name suggests ("Live chat")."""

    return channel.icon or icon_for_words(channel.name)


def next_open_day(config: Config, after: date, horizon: int = 31) -> date | None:
    """The first day after ``after`` with staffed hours: a usual weekday that no closed
    changed period covers (a period with hours of its own counts as open)."""
    closed: set[date] = set()
    for ch in config.contact.changed_hours:
        if ch.closed and not ch.channels:
            first, last = date.fromisoformat(ch.date), date.fromisoformat(ch.end or ch.date)
            closed |= {first + timedelta(days=i) for i in range((last - first).days + 1)}
    staffed = {d for rule in config.contact.hours for d in rule.days}
    for i in range(1, horizon + 1):
        day = after + timedelta(days=i)
        if day not in closed and WEEKDAYS[day.weekday()] in staffed:
            return day
    return None


def weekday_date_text(day: date, locale: str) -> str:
    """``Mon 28 Dec`` (en-GB), ``Mon, Dec 28`` (en-US), ``Mo., 28. Dez.`` (de)."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMEd", day, locale=locale)


def variant_name(ch: ChangedHours) -> str:
    """The file stem of a changed period's banner: its first day (``2026-12-24``)."""
    return ch.date


@dataclass(frozen=True)
class BannerSwitch:
    """Put up ``variant`` on every banner at ``at`` (an aware datetime in the project's zone)."""

    at: datetime
    action: str  # "on": the changed-hours banner goes up; "back": the default returns
    variant: str  # DEFAULT_VARIANT or a changed period's first day
    note: str

    def as_json(self) -> dict[str, str]:
        return {"at": self.at.isoformat(), "action": self.action, "variant": self.variant,
                "note": self.note}


def banner_switches(config: Config, lead_days: int = LEAD_DAYS) -> list[BannerSwitch]:
    """When each banner variant goes up: for every changed period, ``on`` at midnight
    ``lead_days`` before its first day and ``back`` (to the default, or to the next
    period's banner when they overlap) at midnight after its last day. Sorted by time.

    For the scheduler of ``plan``: upload ``banner_path(platform, switch.variant, ext)``
    for each banner preset at ``switch.at``.
    """
    tz = ZoneInfo(config.timezone)
    periods = sorted(config.contact.changed_hours, key=lambda c: (c.date, c.end or c.date))

    def midnight(d: date) -> datetime:
        return datetime.combine(d, time(0, 0), tzinfo=tz)

    out: list[BannerSwitch] = []
    for ch in periods:
        start = date.fromisoformat(ch.date)
        end = date.fromisoformat(ch.end or ch.date)
        on = midnight(start - timedelta(days=lead_days))
        if out and out[-1].at > on:
            # The previous period's banner is still up then: keep it until its own
            # end, then switch straight to this one instead of back to the default.
            on = max(on, min(out.pop().at, midnight(start)))
        out.append(BannerSwitch(on, "on", variant_name(ch), changed_text(ch, config)))
        out.append(BannerSwitch(midnight(end + timedelta(days=1)), "back", DEFAULT_VARIANT,
                                f"back to usual hours after: {ch.note}"))
    return sorted(out, key=lambda s: (s.at, s.action != "back"))
