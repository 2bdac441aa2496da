"""Scheduler bulk-upload files from a week's plan: one registered format per scheduler.

In: a :class:`~generator.schedule.week.WeekPlan` and :class:`ExportOptions` (where output/ is
published, the date order picked at upload). Out: :class:`ExportFile` s, text only; the
command writes them. Each format follows its vendor's documented bulk-upload file:

- columns and header (or none), date and time format;
- the row cap of one upload: a longer week is split into ``-2``, ``-3`` files;
- one file per profile: a scheduler imports a file into the profile picked at upload, so
  every channel (platform, or platform in another locale) gets its own file;
- media as public URLs: ``--base-url`` + the asset's path in output/. A format whose media
  column must hold URLs refuses to write local paths (a located error names the option).

Adding a scheduler is adding one :class:`SchedulerFormat` to :data:`FORMATS`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable
from urllib.parse import quote, urlsplit

from generator.errors import SelfserveError
from generator.schedule.week import Post, WeekPlan


@dataclass(frozen=True)
class ExportOptions:
    base_url: str = ""  # where output/ is published, e.g. https://cdn.example.com/social/
    date_order: str = "DD/MM/YYYY"  # or MM/DD/YYYY: what the user picks at upload


@dataclass(frozen=True)
class ExportFile:
    name: str  # file name inside output/plan/
    format: str
    channel: str
    rows: int
    text: str


Row = tuple[str, ...]


@dataclass(frozen=True)
class SchedulerFormat:
    """One scheduler's bulk-upload file, as its documentation describes it."""

    name: str
    title: str
    header: Row | None  # None: the file has no header row
    row: Callable[[Post, ExportOptions], Row]
    max_rows: int | None  # rows one upload takes; None: no documented cap
    needs_urls: bool  # its media column must hold public URLs
    min_gap: timedelta | None  # least time between two posts of one profile
    source: str  # the documentation the columns come from


def media_url(base_url: str, path: str) -> str:
    """The public URL of an asset: ``base_url`` joined with its path, each segment quoted
    (a space or an accent in a file name would break the scheduler's download)."""
    return base_url.rstrip("/") + "/" + "/".join(quote(seg) for seg in path.split("/"))


def _split_link(post: Post) -> tuple[str, str]:
    """(message, link) for schedulers with a link column: a caption that ends with the
    post's link loses it, so the scheduler adds (and shortens) it once, not twice."""
    text, link = post.caption.rstrip(), post.link
    if link and text.endswith(link):
        return text[: -len(link)].rstrip(" \n:–-—"), link
    return text, link if link and link not in text else ""


def _date(post: Post, order: str) -> str:
    return post.local.strftime("%m/%d/%Y" if order == "MM/DD/YYYY" else "%d/%m/%Y")


def _hootsuite(post: Post, opts: ExportOptions) -> Row:
    message, link = _split_link(post)
    return (f"{_date(post, opts.date_order)} {post.local:%H:%M}", message, link)


def _buffer(post: Post, opts: ExportOptions) -> Row:
    image = media_url(opts.base_url, post.media[0]) if post.media else ""
    return (post.caption, image, f"{post.kind},{post.item}", post.local.strftime("%Y-%m-%d %H:%M"))


def _sprout(post: Post, opts: ExportOptions) -> Row:
    message, link = _split_link(post)
    image = media_url(opts.base_url, post.media[0]) if post.media else ""
    return (_date(post, opts.date_order), post.local.strftime("%H:%M"), message, link, image,
            f"{post.kind},{post.item}")


FORMATS: dict[str, SchedulerFormat] = {f.name: f for f in (
    SchedulerFormat(
        "hootsuite", "Hootsuite bulk composer", None, _hootsuite, 350, False, None,
        "Hootsuite bulk composer instructions (date and time, message, link; up to 350 messages; "
        "one CSV per profile; date format picked at upload)"),
    SchedulerFormat(
        "buffer", "Buffer bulk import", ("Text", "Image URL", "Tags", "Posting Time"), _buffer, None,
        True, None, "Buffer CSV import (Text, Image URL, Tags, Posting Time as YYYY-MM-DD HH:mm; one channel "
        "per import)"),
    SchedulerFormat(
        "sprout", "Sprout Social bulk scheduling",
        ("date", "time_24hr", "message_text", "link", "image_url", "tags"), _sprout, 350, True,
        timedelta(minutes=10),
        "https://support.sproutsocial.com/hc/en-us/articles/115005864203-How-do-I-use-bulk-scheduling"),
)}


def _csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def check_base_url(base_url: str, wanted: list[str]) -> None:
    """A located error when a format that needs public media URLs has none, or a bad one."""
    needing = [FORMATS[n].title for n in wanted if FORMATS[n].needs_urls]
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise SelfserveError(f"--base-url {base_url}: write the public address where output/ is "
                                 "published, such as https://cdn.example.com/social/")
        return
    if needing:
        raise SelfserveError(
            f"--base-url: {' and '.join(needing)} {'needs' if len(needing) == 1 else 'need'} public "
            "image URLs; pass --base-url with the "
            "address where output/ is published (e.g. --base-url https://cdn.example.com/social/), "
            "or leave those out with --export hootsuite")


def _gap_problems(fmt: SchedulerFormat, channel: str, posts: list[Post]) -> list[str]:
    if fmt.min_gap is None:
        return []
    notes = []
    for a, b in zip(posts, posts[1:]):
        if b.local - a.local < fmt.min_gap:
            notes.append(f"{fmt.title}: {channel} posts at {a.local:%a %H:%M} and {b.local:%H:%M} are less "
                         f"than {int(fmt.min_gap.total_seconds() // 60)} minutes apart; the upload "
                         "refuses the second (space the times in schedule.platforms)")
    return notes


def export_files(plan: WeekPlan, names: list[str], opts: ExportOptions,
                 notes: list[str] | None = None) -> list[ExportFile]:
    """Every file of the chosen formats: one per channel and per ``max_rows`` rows."""
    check_base_url(opts.base_url, names)
    out: list[ExportFile] = []
    channels = sorted({p.channel or p.platform for p in plan.posts})
    for name in names:
        fmt = FORMATS[name]
        for channel in channels:
            posts = [p for p in plan.posts if (p.channel or p.platform) == channel]
            if notes is not None:
                notes.extend(_gap_problems(fmt, channel, posts))
            rows = [fmt.row(p, opts) for p in posts]
            cap = fmt.max_rows or len(rows) or 1
            chunks = [rows[i: i + cap] for i in range(0, len(rows), cap)]
            for i, chunk in enumerate(chunks, 1):
                suffix = "" if i == 1 else f"-{i}"
                text = _csv(([fmt.header] if fmt.header else []) + chunk)
                out.append(ExportFile(f"{plan.week}-{name}-{channel.replace('@', '-')}{suffix}.csv",
                                      name, channel, len(chunk), text))
    return out
