"""``selfserve import tickets``: refresh content/issues.yaml from a helpdesk's ticket export.

Reads the export (load/tickets.py), groups and counts it over a window, then
updates the issues file in place (publish/issues_file.py) keeping comments,
order and hand-written steps. ``--dry-run`` prints the change as a diff and
writes nothing. Only subjects, tags and dates are read from the export.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import CONTEXT, Verbosity, cli, json_option, project_option
from generator.errors import Problem, SelfserveError
from generator.load.tickets import PRESETS
from generator.outcome import emit


@cli.group("import", context_settings=CONTEXT)
def import_() -> None:
    """Bring content in from other systems (helpdesk exports)."""


@import_.command("tickets", context_settings=CONTEXT)
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@project_option
@click.option("--preset", type=click.Choice(sorted(PRESETS)), default=None,
              help="Column names of a known helpdesk's CSV export.")
@click.option("--subject-column", default=None, metavar="NAME", help="Column with the ticket subject.")
@click.option("--tag-column", default=None, metavar="NAME", help="Column with the ticket's tags.")
@click.option("--date-column", default=None, metavar="NAME", help="Column with the creation date.")
@click.option("--group-by", type=click.Choice(["auto", "tag", "subject"]), default="auto",
              show_default=True, help="Group by tag (when the export has tags) or by similar subject.")
@click.option("--ignore-tag", "ignore_tags", multiple=True, metavar="TAG",
              help="A tag that says nothing about the problem, besides the built-in list; repeatable.")
@click.option("--keep-tag", "keep_tags", multiple=True, metavar="TAG",
              help="A tag on the built-in list of generic tags that may become a draft; repeatable.")
@click.option("--min-share", default="1%", show_default=True, metavar="PERCENT",
              help="A new draft needs at least this share of the window's tickets.")
@click.option("--max-bad-rows", default="5%", show_default=True, metavar="N|PERCENT",
              help="Skip at most this many unreadable rows (each reported); more aborts the import.")
@click.option("--since", default="30d", show_default=True,
              help="Count tickets from this long before the newest one (30d, 6w, 3m) or a date.")
@click.option("--until", "until", default=None, metavar="DATE",
              help="End of the window [default: the newest ticket's date].")
@click.option("--top", type=click.IntRange(0, 100), default=5, show_default=True,
              help="Add at most this many new issues (the largest groups no issue matches).")
@click.option("--min-count", type=click.IntRange(1), default=2, show_default=True,
              help="A new issue needs at least this many tickets.")
@click.option("--encoding", default=None, help="The file's encoding [default: detected].")
@click.option("--delimiter", default=None, help="The CSV delimiter [default: detected].")
@click.option("--date-order", type=click.Choice(["dmy", "mdy"]), default=None,
              help="How to read 02/11/2026 [default: from the data, else dmy].")
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@json_option
@click.pass_obj
def tickets(v: Verbosity, export: Path, project_dir: Path, preset: str | None, subject_column: str | None,
            tag_column: str | None, date_column: str | None, group_by: str, ignore_tags: tuple[str, ...],
            keep_tags: tuple[str, ...], min_share: str, max_bad_rows: str,
            since: str, until: str | None, top: int, min_count: int, encoding: str | None,
            delimiter: str | None, date_order: str | None, dry_run: bool, as_json: bool) -> None:
    """Count recurring complaints in a ticket export and update content/issues.yaml.

    \b
    Refreshes 'tickets:' on the issues the export matches and adds the largest
    unmatched groups as draft issues for you to write. Comments, order and
    your steps are kept. Generic tags (android, priority_high, uk, vip, solved...)
    never become drafts. Examples:
      selfserve import tickets zendesk-export.csv --preset zendesk --dry-run
      selfserve import tickets export.csv --since 30d --top 5
      selfserve import tickets tickets.csv --subject-column Title --date-column Opened
    """
    from datetime import date

    from generator.load.tickets import (
        ReadOptions,
        bad_row_limit,
        group_tickets,
        read_export,
        window_start,
    )
    from generator.publish.atomic import write_text_atomic
    from generator.publish.issues_file import diff, update_issues

    project_dir = project_dir.resolve()
    share = _share(min_share)
    bad_row_limit(max_bad_rows, 0)  # a malformed limit fails before the file is read
    opts = ReadOptions(subject=subject_column, tags=tag_column, created=date_column, preset=preset,
                       encoding=encoding, delimiter=delimiter, date_order=date_order,
                       max_bad_rows=max_bad_rows)
    data = read_export(export, opts, shown=str(export))
    end = max(t.created for t in data.tickets)
    if until:
        try:
            end = date.fromisoformat(until)
        except ValueError:
            raise SelfserveError(f"--until {until}: not a date such as 2026-11-30") from None
    start = window_start(since, end)
    window = [t for t in data.tickets if (start is None or t.created >= start) and t.created <= end]
    by = group_by
    if by == "auto":
        by = "tag" if "tags" in data.columns and any(t.tags for t in window) else "subject"
    if by == "tag" and "tags" not in data.columns:
        raise SelfserveError(Problem(str(export), "has no tag column; use --group-by subject or name "
                                     "it with --tag-column", 1))
    if by == "subject" and "subject" not in data.columns:
        raise SelfserveError(Problem(str(export), "has no subject column; name it with "
                                     "--subject-column", 1))
    ignored = {t.lower() for t in ignore_tags}
    if by == "tag":
        ignored |= _everywhere_tags(window, data.notes)
    groups = group_tickets(window, by, frozenset(ignored))
    rel = _issues_file(project_dir)
    target = project_dir / rel
    old = target.read_text("utf-8") if target.is_file() else ""
    first = start or min((t.created for t in window), default=end)
    may_draft = _draft_rule(groups, by, len(window), share, {t.casefold() for t in keep_tags}, data.notes)
    changes = update_issues(old, rel, groups, top, (first, end), min_count, may_draft)
    text = diff(old, changes.text, rel)
    if not dry_run and changes.text != old:
        write_text_atomic(target, changes.text)
        try:  # the updated file must still load; if not, put the old one back
            from generator.load.project import load_project

            load_project(project_dir)
        except SelfserveError:
            write_text_atomic(target, old)
            raise
    if as_json:
        emit("import tickets", {"file": rel, "rows": len(data.tickets), "in_window": len(window),
                               "window": [first.isoformat(), end.isoformat()], "group_by": by,
                               "groups": [{"key": g.key, "label": g.label, "count": g.count}
                                          for g in groups[:20]],
                               "dry_run": dry_run, "diff": text, "bad_rows": len(data.skipped),
                               "warnings": [p.as_json() for p in data.skipped],
                               "notes": data.notes, **changes.as_json()})
        return
    from generator.terminal import paint

    for p in data.skipped:
        click.echo(paint(str(p), "warning"), err=True)
    for note in data.notes:
        v.say(f"note: {note}", err=True)
    bad = f", {len(data.skipped)} unreadable rows skipped" if data.skipped else ""
    v.say(f"Read {len(data.tickets)} tickets from {export} ({data.encoding}, "
          f"'{data.delimiter}'-separated; {data.empty_rows} empty rows skipped{bad}); "
          f"{len(window)} from {first} to {end}, grouped by {by}.", err=True)
    for g in groups[:max(top, 5)]:
        v.detail(f"  {g.count:6d}  {g.label}")
    if dry_run:
        click.echo(text or f"No change to {rel}.", nl=not text)
        return
    for i, o, n in changes.refreshed:
        v.say(f"{i}: tickets {o if o is not None else '-'} -> {n}")
    for i, c in changes.added:
        v.say(f"{i}: new draft issue ({c} tickets); write its summary and steps, then delete 'draft: true'")
    if not changes.refreshed and not changes.added:
        v.say(f"No change to {rel}.")
    else:
        v.say(f"Updated {rel}.")


#: A tag on at least this share of the tickets says nothing about the problem (a channel
#: or a brand tag such as "email" or "web"); it is left out, and the summary says so.
EVERYWHERE = 0.9


def _share(text: str) -> float:
    """``--min-share`` as a fraction: "1%", "0.5%" or a fraction such as 0.01."""
    t = text.strip()
    try:
        value = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise SelfserveError(f"--min-share {text}: write a share of the tickets such as 1% or 0.01") from None
    if not 0 <= value <= 1:
        raise SelfserveError(f"--min-share {text}: a share is between 0% and 100%")
    return value


def _draft_rule(groups: list, by: str, total: int, share: float, keep: set[str],
                notes: list[str]):  # noqa: ANN202 - a predicate on TicketGroup
    """Which groups may become new draft issues: never a generic tag (channel, priority,
    region, tier, workflow; see load/ticket_tags.py) unless ``--keep-tag`` names it, and only
    a group with at least ``share`` of the window's tickets. Generic tags still refresh
    the counts of issues whose ``match:`` names them."""
    from generator.load.ticket_tags import is_generic

    generic = {g.key for g in groups if by == "tag" and g.key.casefold() not in keep and is_generic(g.key)}
    if generic:
        shown = sorted(generic, key=lambda k: (-next(g.count for g in groups if g.key == k), k))
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        notes.append(f"generic tags never become drafts: {', '.join(shown[:8])}{more} (channel, "
                     "priority, region, tier or workflow; --keep-tag TAG to allow one)")
    floor = share * total

    def may_draft(group) -> bool:  # noqa: ANN001 - a TicketGroup
        return group.key not in generic and group.count >= floor

    return may_draft


def _everywhere_tags(tickets: list, notes: list[str]) -> set[str]:
    from collections import Counter

    counts = Counter(tag for t in tickets for tag in t.tags)
    if len(counts) < 3 or not tickets:
        return set()
    common = {tag for tag, n in counts.items() if n >= EVERYWHERE * len(tickets)}
    for tag in sorted(common):
        notes.append(f"tag '{tag}' is on {counts[tag] * 100 // len(tickets)}% of the tickets; left out "
                     "of the groups (it says nothing about the problem)")
    return common


def _issues_file(project_dir: Path) -> str:
    """The issues file the project's config names (content/issues.yaml by default)."""
    from generator.load.project import load_project

    if not (project_dir / "selfserve.yaml").is_file():
        raise SelfserveError(f"{project_dir}: no selfserve.yaml; run this in a project folder "
                             "or pass --project")
    project = load_project(project_dir)
    rel = project.config.content.issues or "content/issues.yaml"
    return rel
