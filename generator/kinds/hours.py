"""Support-hours cards (kind ``hours``): channels, staffed hours and first-reply times.

Plan: for every platform that gets FAQ cards (the selected presets, minus banners and
documents) one ``default`` card (``<platform>/hours/default.<ext>``) with the usual
hours, plus one card per week that has changed hours in ``selfserve.yaml``
(``<platform>/hours/week-<monday>.<ext>``) listing that week's holidays and changed
hours. The week comes from the content (the changed periods), never from the wall
clock, so a build is the same on any day; the scheduler posts each weekly card on
its Monday. ``build --today DATE`` (a daily job passes ``now``) adds a ``today`` card:
that date's week as a grid (design ``hours-week``), its changed hours applied and the day
itself marked; the date is part of that card's key only. Times are in the project's time
zone and written as the locale writes them (Babel). Render: the ``hours`` design with an
:class:`HoursCard` as ``item``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from generator.i18n.localefmt import day_month
from generator.i18n.words import words
from generator.kinds import AssetKind, register
from generator.kinds.faq import image_format, pick_design
from generator.load.hours import (
    _lang,
    changed_text,
    duration_text,
    hours_text,
    span_text,
    weekday_date_text,
    zone_text,
)
from generator.load.model import WEEKDAYS, ChangedHours, Config, Source
from generator.load.platforms import PlatformPreset
from generator.plan.jobs import PlanInput, RenderContext, RenderJob, file_fingerprint, job_config, make_key
from generator.render.alt import shorten
from generator.render.card import draw_card, finish_card
from generator.render.encode import EXTENSIONS

KIND = "hours"
DEFAULT_VARIANT = "default"
#: ``build --today``: the card of that date's week with the day marked, as a week grid.
TODAY_VARIANT = "today"
TODAY_DESIGN = "hours-week"
#: Preset groups that get no hours card: profile banners show hours themselves, and
#: documents are PDFs.
SKIP_GROUPS = ("banner", "document", "video")


@dataclass(frozen=True)
class ChannelHours:
    name: str
    hours: str  # its own hours when they differ from the usual ones, else ''
    reply: str  # "first reply within 5 minutes" ('' when the channel promises none)


@dataclass(frozen=True)
class DayHours:
    """One day of the week grid: its name, its staffed hours ('' when closed) and
    whether that week's changed hours touch it (the grid marks it)."""

    name: str  # "Mon", "Mo." (the locale's abbreviation)
    hours: str  # "08:00–18:00"; '' when closed
    closed: bool
    changed: bool
    note: str = ""  # the changed period's note ("Christmas Eve") on a changed day
    today: bool = False  # the day --today names (on the hours/today card only)


@dataclass(frozen=True)
class HoursCard:
    """Everything an hours card says, as plain strings (the design decides the layout)."""

    title: str
    zone: str  # "London time"
    hours: str  # the usual staffed hours: "Mon–Fri 08:00–18:00 · Sat 09:00–13:00"
    channels: tuple[ChannelHours, ...]
    week: str  # '' on the default card; "Week of 21 Dec" on a weekly card
    notices: tuple[str, ...]  # that week's changed hours, one line each
    days: tuple[DayHours, ...] = ()  # Monday to Sunday, for the week grid
    closed_word: str = "closed"
    today_word: str = ""  # "Today", on the hours/today card
    today_line: str = ""  # "Today: Thu 24 Dec", on the hours/today card

    def as_item(self) -> dict[str, object]:
        return asdict(self)


def hours_presets(pi: PlanInput) -> list[PlatformPreset]:
    return [p for p in pi.platforms if p.group not in SKIP_GROUPS]


def week_of(day: str) -> date:
    """The Monday of the ISO week that holds ``day``."""
    d = date.fromisoformat(day)
    return d - timedelta(days=d.weekday())


def changed_weeks(config: Config) -> dict[date, list[ChangedHours]]:
    """Monday -> the changed periods that touch that week (a period across a weekend
    appears in both weeks), sorted by Monday and by first day."""
    weeks: dict[date, list[ChangedHours]] = {}
    for ch in sorted(config.contact.changed_hours, key=lambda c: (c.date, c.end or c.date)):
        monday = week_of(ch.date)
        last = date.fromisoformat(ch.end or ch.date)
        while monday <= last:
            weeks.setdefault(monday, []).append(ch)
            monday += timedelta(days=7)
    return dict(sorted(weeks.items()))


def hours_card(config: Config, monday: date | None = None,
               changed: tuple[ChangedHours, ...] = (), today: date | None = None) -> HoursCard:

    w = words(config.locale)
    loc = _lang(config)
    contact = config.contact
    # A channel with the usual hours says only its reply time: the usual hours are said
    # once, under the title, which keeps a landscape card to a few short lines.
    rows = tuple(
        ChannelHours(
            c.name, hours_text(c.hours, loc) if c.hours and c.hours != contact.hours else "",
            w["hours_reply"].format(time=duration_text(c.reply_minutes, loc))
            if c.reply_minutes is not None else "")
        for c in contact.channels)
    week = ""
    if monday is not None:
        week = f"{w['hours_this_week']}: {day_month(monday.isoformat(), config.locale)}–" \
               f"{day_month((monday + timedelta(days=6)).isoformat(), config.locale)}"
    return HoursCard(title=w["hours_title"], zone=zone_text(config),
                     hours=hours_text(contact.hours, loc), channels=rows, week=week,
                     notices=tuple(changed_text(ch, config) for ch in changed),
                     days=week_days(config, monday, changed, today), closed_word=w["banner_closed"],
                     today_word=w["hours_today"] if today else "",
                     today_line=f"{w['hours_today']}: {weekday_date_text(today, loc)}" if today else "")


def week_days(config: Config, monday: date | None, changed: tuple[ChangedHours, ...],
              today: date | None = None) -> tuple[DayHours, ...]:
    """Monday to Sunday with the usual hours, and on a weekly card that week's changed
    hours applied (periods for some channels only are left to the notices)."""
    from babel.dates import get_day_names


    loc = _lang(config)
    names = get_day_names("abbreviated", locale=loc)
    out = []
    for i, wd in enumerate(WEEKDAYS):
        rule = next((r for r in config.contact.hours if wd in r.days), None)
        hours = span_text(rule.open, rule.close, loc) if rule else ""
        closed, touched, note = rule is None, False, ""
        if monday is not None:
            day = monday + timedelta(days=i)
            for ch in changed:
                first, last = date.fromisoformat(ch.date), date.fromisoformat(ch.end or ch.date)
                if ch.channels or not first <= day <= last:
                    continue
                touched, note = True, ch.note
                if ch.closed:
                    hours, closed = "", True
                else:
                    hours, closed = span_text(ch.open or "", ch.close or "", loc), False
        is_today = monday is not None and today == monday + timedelta(days=i)
        out.append(DayHours(names[i], hours, closed, touched, note, is_today))
    return tuple(out)


def plan_hours(pi: PlanInput) -> list[RenderJob]:
    cfg = pi.project.config
    root = pi.project.root
    src = Source(cfg.file, None, "contact")
    cards: list[tuple[str, HoursCard]] = [(DEFAULT_VARIANT, hours_card(cfg))]
    for monday, periods in changed_weeks(cfg).items():
        cards.append((f"week-{monday.isoformat()}", hours_card(cfg, monday, tuple(periods))))
    if pi.today is not None:
        monday = pi.today - timedelta(days=pi.today.weekday())
        this_week = tuple(changed_weeks(cfg).get(monday, ()))
        cards.append((TODAY_VARIANT, hours_card(cfg, monday, this_week, pi.today)))
    # The words drawn (the payload, with the design and preset: project_keyed) are the
    # key: a new holiday adds its week's cards and leaves the others untouched. Besides
    # them the cards read the brand and its logo's bytes, the same for every card.
    key = make_key(cfg.brand, file_fingerprint(root, cfg.brand.logo), cfg.locale)
    jobs: list[RenderJob] = []
    for preset in hours_presets(pi):
        fmt = image_format(preset, pi.forced_format)
        chosen = pick_design(cfg.designs, KIND, preset.name, None)
        for variant, card in cards:
            # The today card is a week with one day marked: the grid shows it, a list cannot.
            design = TODAY_DESIGN if variant == TODAY_VARIANT else chosen
            out = f"{preset.name}/{KIND}/{variant}.{EXTENSIONS[fmt]}"
            jobs.append(RenderJob(KIND, variant, preset.name, out, fmt, key, src, payload=card,
                                  design=design, locale=cfg.locale))
    return jobs


def hours_alt(card: HoursCard, brand: str, limit: int | None) -> str:
    parts = [f"{brand}: {card.title}: {card.hours} ({card.zone})."]
    marked = next((d for d in card.days if d.today), None)
    if marked is not None:  # what the today card is for, said before what a short limit cuts
        parts.insert(0, f"{card.today_word} ({marked.name}): {marked.hours or card.closed_word}"
                     + (f", {marked.note}" if marked.note else "") + ".")
    if card.week:
        parts.append(card.week + ". " + " ".join(n.rstrip(".") + "." for n in card.notices))
    for c in card.channels:
        parts.append(f"{c.name}: " + ", ".join(p for p in (c.hours, c.reply) if p) + ".")
    return shorten(" ".join(parts), limit or 1000)


def render_hours(job: RenderJob, ctx: RenderContext):
    card: HoursCard = job.payload
    drawn = draw_card(job, ctx, card.as_item())
    preset = ctx.presets[job.platform]
    alt = hours_alt(card, job_config(job, ctx).brand.name, preset.alt_limit)
    title = f"{job_config(job, ctx).brand.name}: {card.title}" + (f" ({card.week})" if card.week else "")
    return finish_card(job, ctx, drawn, title=title, alt=alt, meta={"variant": job.item_id})


register(AssetKind(name=KIND,
                   description="support-hours cards: channels, staffed hours, reply times, changed hours",
                   label="Hours cards", order=70, posted=True, post_rank=60, plan=plan_hours,
                   render=render_hours, designs=("hours", "hours-week")))
