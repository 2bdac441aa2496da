"""``selfserve plan``: the week's posts from a built output folder, as JSON and scheduler CSVs.

Reads ``manifest.json`` (captions, alt text and files of every asset) and the rotation
state in the project (``schedule.state``, default ``.selfserve/rotation.json``); writes
``output/plan/<week>.json``, ``<week>.csv`` (generic), one file per scheduler format and
profile (``<week>-<format>-<channel>.csv``, see plan/exports.py), then the new state, and
prints the week as a table.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from generator.cli import CONTEXT, Verbosity, _out, cli, json_option, out_option, project_option
from generator.errors import Problem, SelfserveError
from generator.outcome import emit


def _now(text: str | None, tz: ZoneInfo) -> datetime:
    if not text:
        return datetime.now(tz)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a date and time such as 2026-11-30T09:00") from None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def read_state(path: Path, shown: str) -> dict[str, Any]:
    from generator.schedule.week import empty_state

    if not path.is_file():
        return empty_state()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SelfserveError(f"{shown}: not readable as JSON ({exc}); fix it or delete it to start "
                             "the rotation again") from None
    if not isinstance(data, dict) or not isinstance(data.get("weeks", {}), dict):
        raise SelfserveError(f"{shown}: expected {{\"version\": 1, \"weeks\": {{...}}}}")
    return data


@cli.command(context_settings=CONTEXT)
@click.option("--week", "week", default=None, metavar="YYYY-Www",
              help="ISO week to plan, e.g. 2026-W49 [default: next week].")
@click.option("--now", "now_text", default=None, metavar="DATETIME",
              help="Plan as if it were this time (slots before it are left out) [default: now].")
@click.option("--base-url", default="", metavar="URL", envvar="SELFSERVE_BASE_URL", show_envvar=True,
              help="Public address where output/ is published; media URLs start with it.")
@click.option("--export", "exports", multiple=True, metavar="FORMAT",
              type=click.Choice(["hootsuite", "buffer", "sprout"]),
              help="Scheduler files to write (repeatable) [default: all that can be written].")
@click.option("--dry-run", is_flag=True, help="Write the plan files but not the rotation state.")
@project_option
@out_option
@json_option
@click.pass_obj
def plan(v: Verbosity, week: str | None, now_text: str | None, base_url: str,
         exports: tuple[str, ...], dry_run: bool, project_dir: Path, out_dir: Path | None,
         as_json: bool) -> None:
    """Choose what to post in a week and write scheduler files for it.

    \b
    News first (an issue whose status changed, changed hours), then featured and
    most asked FAQs, then the rest in turn: nothing repeats until everything has
    been posted. Days and times per platform come from 'schedule:' in
    selfserve.yaml, in the project's time zone. Run 'selfserve build' first.
    Examples:
      selfserve plan --week 2026-W49
      selfserve plan --json --base-url https://cdn.example.com/social
    """
    from generator.load.project import load_project
    from generator.paths import OutsideProject, resolve_inside
    from generator.publish.atomic import write_text_atomic
    from generator.publish.manifest import read_manifest
    from generator.schedule.exports import FORMATS, ExportOptions, check_base_url, export_files
    from generator.schedule.week import generic_csv, parse_week, plan_week, week_of

    project = load_project(project_dir)
    cfg = project.config
    wanted = list(dict.fromkeys(exports))
    check_base_url(base_url, wanted)  # asked for by name: no URL is an error, before any work
    skipped = []
    if not wanted:  # the default: every format this run can write; say which it cannot
        wanted = [n for n, f in FORMATS.items() if base_url or not f.needs_urls]
        skipped = [n for n in FORMATS if n not in wanted]
    tz = ZoneInfo(cfg.timezone)
    now = _now(now_text, tz)
    week_text = week or week_of((now + timedelta(days=7)).date())
    week_name, _monday = parse_week(week_text)
    out = _out(project_dir, out_dir)
    from generator.publish.transaction import recover_if_idle

    recover_if_idle(out)  # a build interrupted while committing is completed first
    entries = list(read_manifest(out).values())
    if not entries:
        raise SelfserveError(f"no assets in {out / 'manifest.json'}: run 'selfserve build' first")
    try:
        state_path = resolve_inside(project.root, cfg.schedule.state)
    except OutsideProject as exc:
        raise SelfserveError(f"{cfg.file}: schedule.state: {exc}") from None
    state = read_state(state_path, cfg.schedule.state)
    week_plan, new_state = plan_week(project, entries, state, week_name, now)

    folder = out / "plan"
    written = [folder / f"{week_name}.json", folder / f"{week_name}.csv"]
    if skipped:
        week_plan.warnings.append(Problem(
            "--base-url", f"{', '.join(FORMATS[n].title for n in skipped)} files not written: they need "
            "public image URLs; pass --base-url with the address where output/ is published",
            severity="warning"))
    files = export_files(week_plan, wanted, ExportOptions(base_url, cfg.schedule.hootsuite_dates),
                         week_plan.notes)
    write_text_atomic(written[0], json.dumps(week_plan.as_json(), indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(written[1], generic_csv(week_plan))
    for f in files:
        written.append(folder / f.name)
        write_text_atomic(written[-1], f.text)
    if not dry_run:
        write_text_atomic(state_path, json.dumps(new_state, indent=1, sort_keys=True) + "\n")

    if as_json:
        emit("plan", {**week_plan.as_json(), "files": [str(p) for p in written],
                      "exports": [{"file": str(folder / f.name), "format": f.format, "channel": f.channel,
                                   "rows": f.rows} for f in files],
                      "state": None if dry_run else str(state_path)})
        return
    from generator.terminal import paint

    for w in week_plan.warnings:
        click.echo(paint(f"warning: {w}", "warning"), err=True)
    _print_table(v, week_plan)
    for note in week_plan.notes:
        v.say(f"note: {note}", err=True)
    saved = "" if dry_run else f"; rotation saved in {state_path}"
    v.say(f"Wrote {len(written)} files in {folder}{saved}")


def _print_table(v: Verbosity, week_plan: Any) -> None:
    rows = [(p.local.strftime("%a %d %b"), p.local.strftime("%H:%M"), p.platform, p.ident, p.reason)
            for p in week_plan.posts]
    head = ("day", "time", "platform", "post", "why")
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head)]
    v.say(f"Week {week_plan.week} ({week_plan.monday:%d %b} – "
          f"{week_plan.monday + timedelta(days=6):%d %b %Y}, {week_plan.timezone}): "
          f"{len(rows)} posts")
    v.say("  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
    v.say("  ".join("-" * w for w in widths))
    for r in rows:
        v.say("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
