"""What to post in one ISO week, on which platform, when: the plan behind ``selfserve plan``.

In: the project (content, ``schedule:`` and time zone), the manifest entries of a
build (any asset kind: posts are made of the files a build wrote, with their
captions and alt text), the rotation state (what earlier weeks posted), the week,
and "now" (only to leave out slots that are already past). Out: a :class:`WeekPlan`
and the new state; no I/O here (``commands/plan.py`` reads and writes files).

Choosing, per platform, slot by slot:
1. news first: a recurring issue whose status changed since the state last saw it
   (or a new issue, ``since`` within 14 days), and the hours card when the hours
   changed or a week with changed hours has its own card;
2. then the rotation: featured FAQs, the most asked FAQs (stats), then everything
   else in content order, skipping what this cycle already posted; when every item
   has been posted the cycle starts again. Nothing repeats within a week, and
   nothing repeats across weeks until everything has been posted once.

Deterministic: the same project, manifest, state, week and "now" give the same plan.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from generator.errors import Problem, SelfserveError
from generator.kinds import post_rank
from generator.load.model import WEEKDAYS, PostingTimes, Project
from generator.load.platforms import _suggest, resolve_presets
from generator.plan.rotation import HOURS_KIND, rotation_order
from generator.publish.counting import urls
from generator.publish.entry import ManifestEntry

#: A weekly cadence for the main feed presets, used when ``schedule.platforms`` is empty
#: (only for platforms that have assets in the output). Middays and early evenings, a
#: few posts a week: a starting point to tune, not a promise of reach.
DEFAULT_CADENCE: dict[str, PostingTimes] = {
    "x": PostingTimes(("mon", "tue", "wed", "thu", "fri"), ("12:00",)),
    "bluesky": PostingTimes(("mon", "wed", "fri"), ("12:30",)),
    "mastodon": PostingTimes(("mon", "wed", "fri"), ("10:00",)),
    "threads": PostingTimes(("tue", "fri"), ("18:00",)),
    "instagram-portrait": PostingTimes(("tue", "thu", "sat"), ("11:00",)),
    "facebook-feed": PostingTimes(("tue", "thu"), ("13:00",)),
    "linkedin": PostingTimes(("tue", "thu"), ("09:00",)),
    "pinterest": PostingTimes(("sat",), ("10:00",)),
    # Short vertical video: evenings and the weekend, when people scroll (W).
    "instagram-reels": PostingTimes(("wed", "sat"), ("18:00",)),
    "facebook-reels": PostingTimes(("thu",), ("19:00",)),
    "tiktok-video": PostingTimes(("tue", "thu", "sat"), ("19:00",)),
    "youtube-shorts": PostingTimes(("fri",), ("17:00",)),
}
NEWS_DAYS = 14
#: Schedulers refuse times too close to the upload; slots nearer than this are left out.
MIN_LEAD = timedelta(minutes=10)
STATE_VERSION = 1
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def parse_week(text: str) -> tuple[str, date]:
    """``2026-W49`` -> (``2026-W49``, its Monday)."""
    m = _WEEK.fullmatch(text.strip())
    if not m:
        raise SelfserveError(f"week '{text}': write an ISO week such as 2026-W49")
    year, num = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, num, 1)
    except ValueError:
        raise SelfserveError(f"week '{text}': {year} has no week {num}") from None
    return f"{year}-W{num:02d}", monday


def week_of(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


@dataclass(frozen=True)
class Post:
    """One scheduled post: an item's asset on a platform at a local time."""

    platform: str
    local: datetime  # aware, in the project's time zone
    ident: str  # content identity, e.g. "faq:delivery-times" (what the rotation counts)
    kind: str
    item: str
    title: str
    caption: str
    alt: tuple[str, ...]
    media: tuple[str, ...]  # paths inside the output folder, in order
    link: str
    reason: str  # news | featured | most asked | rotation
    cycle: int
    thread: tuple[tuple[str, ...], ...] = ()  # later parts of a long carousel, one post each
    locale: str = ""  # in a multi-locale project: the locale of the assets
    account: str = ""  # where they go (schedule.account or schedule.locales.<locale>.account)
    #: ``instagram-portrait`` for the default locale, ``instagram-portrait@de-DE`` for
    #: another one: one scheduler profile, one rotation.
    channel: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "platform": self.platform, "date": self.local.strftime("%Y-%m-%d"),
            "time": self.local.strftime("%H:%M"), "weekday": WEEKDAYS[self.local.weekday()],
            "utc": self.local.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%MZ"),
            "item": self.ident, "kind": self.kind, "id": self.item, "title": self.title,
            "caption": self.caption, "alt": list(self.alt), "media": list(self.media),
            "thread": [list(t) for t in self.thread], "link": self.link, "reason": self.reason,
            "cycle": self.cycle, "locale": self.locale, "account": self.account,
            "channel": self.channel or self.platform,
        }


@dataclass
class WeekPlan:
    week: str
    monday: date
    timezone: str
    posts: list[Post] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Scheduled platforms with nothing to post (not built): located, printed as warnings.
    warnings: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"week": self.week, "start": self.monday.isoformat(),
                "end": (self.monday + timedelta(days=6)).isoformat(), "timezone": self.timezone,
                "posts": [p.as_json() for p in self.posts], "notes": self.notes,
                "warnings": [w.as_json() for w in self.warnings]}


# -- what can be posted --------------------------------------------------------------------
@dataclass(frozen=True)
class Postable:
    ident: str
    kind: str
    item: str
    platform: str
    parts: tuple[tuple[ManifestEntry, ...], ...]  # entries per part, slides in order


def _ident(entry: ManifestEntry, project: Project) -> str:
    item, file = entry.item_id, entry.source.file
    if file in {s.file for s in project.config.content.faqs}:
        return f"faq:{item}"
    if file and file == project.config.content.issues:
        return f"issue:{item}"
    return f"{entry.kind}:{item}"


def postables(project: Project, entries: list[ManifestEntry],
              locale: str | None = None) -> dict[str, dict[str, Postable]]:
    """platform -> content identity -> the asset to post (preferred kind, parts in order),
    of one locale's folder in a multi-locale build (default: the default locale's)."""
    groups: dict[tuple[str, str, str], list[ManifestEntry]] = {}
    locales = project.config.build_locales
    wanted = locale or project.config.locale
    for e in entries:
        kind = e.kind
        # Whether a kind is posted, and which kind stands for an item, is its record's say.
        if post_rank(kind) is None or e.format not in ("png", "jpeg", "webp", "gif", "pdf", "mp4") \
                or e.companion_of:  # a video's cover and captions file go with it
            continue
        if len(locales) > 1 and e.path.split("/", 1)[0] != wanted:
            continue
        groups.setdefault((e.platform, _ident(e, project), kind), []).append(e)

    def rank(kind: str) -> tuple[int, str]:
        return post_rank(kind) or (10_000, kind)

    out: dict[str, dict[str, Postable]] = {}
    for (platform, ident, kind), es in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                               rank(kv[0][2]))):
        if ident in out.get(platform, {}):
            continue
        parts: dict[int, list[ManifestEntry]] = {}
        for e in sorted(es, key=lambda e: e.path):
            parts.setdefault(e.part or 1, []).append(e)
        item = es[0].item_id
        out.setdefault(platform, {})[ident] = Postable(
            ident, kind, item, platform, tuple(tuple(parts[k]) for k in sorted(parts)))
    return out


# -- state ---------------------------------------------------------------------------------
def empty_state() -> dict[str, Any]:
    return {"version": STATE_VERSION, "weeks": {}}


def _earlier(state: dict[str, Any], week: str) -> list[tuple[str, dict[str, Any]]]:
    weeks = state.get("weeks") or {}
    return [(w, weeks[w]) for w in sorted(weeks) if w < week and isinstance(weeks[w], dict)]


def hours_fingerprint(project: Project) -> str:
    c = project.config.contact
    blob = json.dumps([repr(c.hours), repr(c.channels), repr(c.changed_hours), project.config.timezone])
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _cycle_state(history: list[tuple[str, dict[str, Any]]], platform: str,
                 universe: set[str]) -> tuple[set[str], int]:
    """What the current cycle already posted on ``platform``, and the cycle number."""
    posted: set[str] = set()
    cycle = 1
    for _w, data in history:
        for ident in (data.get("posts") or {}).get(platform, []):
            if ident not in universe:
                continue  # content deleted since, or news only
            posted.add(ident)
            if universe <= posted:
                posted, cycle = set(), cycle + 1
    return posted, cycle


def _news(project: Project, history: list[tuple[str, dict[str, Any]]], week: str,
          monday: date) -> list[tuple[str, str]]:
    """(identity, why) of what must go out this week whatever the rotation says."""
    news: list[tuple[str, str]] = []
    last_status: dict[str, str] = {}
    last_hours: str | None = None
    for _w, data in history:
        last_status.update(data.get("issues") or {})
        last_hours = data.get("hours") or last_hours
    sunday = monday + timedelta(days=6)
    for i in project.issues:
        if getattr(i, "draft", False):
            continue
        before = last_status.get(i.id)
        if before is not None and before != i.status:
            news.append((f"issue:{i.id}", f"status now {i.status} (was {before})"))
        elif before is None and i.since and monday - timedelta(days=NEWS_DAYS) <= _date(i.since) <= sunday:
            news.append((f"issue:{i.id}", f"new issue ({i.status})"))
    fp = hours_fingerprint(project)
    news.append((f"{HOURS_KIND}:week-{monday.isoformat()}", "changed hours this week"))
    if last_hours is not None and last_hours != fp:
        news.append((f"{HOURS_KIND}:default", "hours changed"))
    return news


def _date(text: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return date.min


# -- slots ---------------------------------------------------------------------------------
def cadence(project: Project, available: set[str]) -> dict[str, PostingTimes]:
    """Posting times per platform: ``schedule.platforms``, else the defaults that have assets."""

    configured = project.config.schedule.platforms
    if configured:
        known = resolve_presets(project.config.presets)
        for name in configured:
            if name not in known:
                raise SelfserveError(f"{project.config.file}: schedule.platforms.{name}: unknown "
                                     f"platform '{name}'{_suggest(name, list(known))}")
        return dict(sorted(configured.items()))
    return {k: v for k, v in sorted(DEFAULT_CADENCE.items()) if k in available}


def _channels(project: Project, entries: list[ManifestEntry]
              ) -> list[tuple[str, PostingTimes, str, str]]:
    """(platform, times, locale, account) to plan: the default locale on every scheduled
    platform, each locale in ``schedule.locales`` on its platforms at the same times.
    The default locale's is ''."""
    cfg = project.config
    sched = cfg.schedule
    times_for = cadence(project, set(postables(project, entries)))
    out = [(p, t, "", sched.account) for p, t in times_for.items()]
    for loc, chan in sorted(sched.locales.items()):
        if loc not in cfg.build_locales or loc == cfg.locale:
            raise SelfserveError(f"{cfg.file}: schedule.locales.{loc}: not one of the other locales "
                                 f"the project builds ({', '.join(cfg.build_locales[1:]) or 'none'})")
        every = cadence(project, set(postables(project, entries, loc)))
        for platform in chan.platforms:
            times = times_for.get(platform) or every.get(platform) or DEFAULT_CADENCE.get(platform)
            if times is None:
                raise SelfserveError(f"{cfg.file}: schedule.locales.{loc}.platforms: '{platform}' has no "
                                     "posting times; add it to schedule.platforms")
            out.append((platform, times, loc, chan.account))
    return out


def slots(monday: date, times: PostingTimes, tz: ZoneInfo) -> list[datetime]:
    out: list[datetime] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if WEEKDAYS[day.weekday()] not in times.days:
            continue
        for t in sorted(set(times.times)):
            hh, mm = (int(x) for x in t.split(":"))
            local = datetime.combine(day, time(0, 0), tz) + timedelta(hours=hh, minutes=mm)
            # Through UTC and back: a wall time that does not exist (a DST gap) moves on.
            out.append(local.astimezone(ZoneInfo("UTC")).astimezone(tz))
    return sorted(out)


# -- the plan ------------------------------------------------------------------------------
def plan_week(project: Project, entries: list[ManifestEntry], state: dict[str, Any], week_text: str,
              now: datetime) -> tuple[WeekPlan, dict[str, Any]]:
    """The week's posts and the state to save after posting them."""
    week, monday = parse_week(week_text)
    tz = ZoneInfo(project.config.timezone)
    plan = WeekPlan(week, monday, project.config.timezone)
    history = _earlier(state, week)
    news = _news(project, history, week, monday)
    chosen: dict[str, list[str]] = {}
    skipped_past = 0
    if not project.config.schedule.platforms:
        built = set(postables(project, entries))
        for name in sorted(set(DEFAULT_CADENCE) & set(project.config.platforms or DEFAULT_CADENCE) - built):
            plan.warnings.append(Problem(
                project.config.file, f"'{name}' is in platforms and has a default posting cadence, but "
                f"the output has nothing for it, so it is left out of the week; build it (selfserve "
                f"build --platform {name})", path="platforms", severity="warning"))
    for platform, times, loc, account in _channels(project, entries):
        table = postables(project, entries, loc or None)
        assets = table.get(platform, {})
        key = f"{platform}@{loc}" if loc else platform  # the rotation is kept per channel
        if not assets:
            where = (f"schedule.locales.{loc}.platforms" if loc else f"schedule.platforms.{platform}")
            plan.warnings.append(Problem(
                project.config.file, f"'{key}' is scheduled but the output has nothing for it; build it "
                f"(selfserve build --platform {platform}) or remove it from the schedule", path=where,
                severity="warning"))
            continue
        order = rotation_order(project, set(assets))
        universe = {i for i, _ in order}
        posted, cycle = _cycle_state(history, key, universe)
        queue = [(i, f"news: {why}") for i, why in news if i in assets]
        queue += [(i, r) for i, r in order if i not in posted and i not in {q for q, _ in queue}]
        this_week: list[str] = []
        for when in slots(monday, times, tz):
            if when < now + MIN_LEAD:
                skipped_past += 1
                continue
            if not queue:  # everything posted: the next cycle starts
                cycle += 1
                posted = set()
                queue = [(i, r) for i, r in order if i not in this_week]
                if not queue:
                    plan.notes.append(f"{platform}: only {len(this_week)} item(s) to post; "
                                      "some slots stay empty")
                    break
            ident, reason = queue.pop(0)
            posted.add(ident)
            this_week.append(ident)
            plan.posts.append(dataclasses.replace(
                _post(assets[ident], when, reason, cycle), account=account, channel=key,
                locale=loc or (project.config.locale if len(project.config.build_locales) > 1 else "")))
        chosen[key] = this_week
    if skipped_past:
        plan.notes.append(f"{skipped_past} slot(s) less than {int(MIN_LEAD.total_seconds() // 60)} "
                          "minutes ahead were left out")
    plan.posts.sort(key=lambda p: (p.local, p.platform, p.locale))
    weeks: dict[str, Any] = dict(state.get("weeks") or {})
    weeks[week] = {
        "posts": {p: ids for p, ids in sorted(chosen.items())},
        "issues": {i.id: i.status for i in project.issues if not getattr(i, "draft", False)},
        "hours": hours_fingerprint(project),
    }
    new_state = {"version": STATE_VERSION, "weeks": dict(sorted(weeks.items()))}
    return plan, new_state


def _post(asset: Postable, when: datetime, reason: str, cycle: int) -> Post:
    first = asset.parts[0]
    lead = first[0]
    link = _first_link(lead)
    return Post(
        platform=asset.platform, local=when, ident=asset.ident, kind=asset.kind, item=asset.item,
        title=lead.title or asset.item, caption=lead.caption or "",
        alt=tuple(e.alt or "" for e in first), media=tuple(e.path for e in first),
        link=link, reason=reason, cycle=cycle,
        thread=tuple(tuple(e.path for e in part) for part in asset.parts[1:]))


def _first_link(entry: ManifestEntry) -> str:
    found = [u for u in urls(entry.caption or "") if u.startswith(("http://", "https://"))]
    return found[0] if found else ""


# -- scheduler files (the scheduler formats live in plan/exports.py) ---------------------
GENERIC_HEADER = ("date", "time", "timezone", "platform", "caption", "alt_text", "media_path", "link")


def _csv(rows: Sequence[Sequence[str]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def generic_csv(plan: WeekPlan) -> str:
    """``date, time, timezone, platform, caption, alt_text, media_path, link`` for scripts;
    several images are joined with ``|``."""
    rows = [GENERIC_HEADER]
    for p in plan.posts:
        rows.append((p.local.strftime("%Y-%m-%d"), p.local.strftime("%H:%M"), plan.timezone, p.platform,
                     p.caption, " | ".join(p.alt), "|".join(p.media), p.link))
    return _csv(rows)
