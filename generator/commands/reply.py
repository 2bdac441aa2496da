"""``selfserve reply``: an agent pastes a customer's message, gets the card to answer with.

Loading, searching and (only when the card is not in the output folder yet)
rendering one card; heavy modules are imported only on the path that needs them,
so a reply from a built output folder takes a fraction of a second.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.cli import CONTEXT, Verbosity, _out, cli, json_option, out_option, project_option
from generator.errors import SelfserveError

#: Exit status when nothing matches well enough to answer with (not an error).
NO_MATCH_EXIT = 3


@cli.command(context_settings=CONTEXT)
@click.argument("message")
@click.option("--platform", required=True, metavar="NAME",
              help="Where you answer (a post preset such as x, bluesky, facebook-feed).")
@click.option("--pick", type=click.IntRange(1, 50), default=None, metavar="N",
              help="Answer with the Nth match instead of the best one.")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many matches to list.")
@click.option("--format", "fmt", type=click.Choice(["png", "jpeg", "webp"]), default=None,
              help="Image format, where the platform accepts it.")
@project_option
@out_option
@json_option
@click.pass_obj
def reply(v: Verbosity, message: str, platform: str, pick: int | None, limit: int,
          fmt: str | None, project_dir: Path, out_dir: Path | None, as_json: bool) -> None:
    """Find the FAQ (or known issue) that answers MESSAGE and print a ready reply.

    \b
    MESSAGE is the customer's text as written (typos are fine) or a FAQ id.
    Prints the ranked matches with scores, then the card's image path (taken
    from the output folder when 'build' already made it, else rendered now),
    a reply text within the platform's caption limit and the alt text.
    Exit status 3 when nothing matches well: the closest questions are listed.
    Examples:
      selfserve reply "my parcle never arived, its been 2 weeks" --platform x
      selfserve reply "how-do-i-reset-my-password" --platform bluesky --json
      selfserve reply "charged twice??" --platform x --pick 2
    """
    from generator.load.project import load_project
    from generator.reply.search import SearchIndex

    project = load_project(project_dir)
    out = _out(project_dir, out_dir)
    result = SearchIndex.from_project(project).search(message, limit=max(limit, pick or 0))
    matches = result.matches
    chosen = None
    if pick is not None:
        if pick > len(matches):
            raise SelfserveError(f"--pick {pick}: only {len(matches)} matches")
        chosen = matches[pick - 1]
    elif result.good:
        chosen = matches[0]
    doc: dict = {"query": message, "ok": chosen is not None, "threshold": result.threshold,
                 "corrections": result.corrections,
                 "matches": [m.as_json() for m in matches[:limit]]}
    if chosen is None:
        doc["suggestions"] = [m.title for m in matches[:3]]
        if as_json:
            click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        else:
            best = f" (best score {matches[0].score:.0f} < {result.threshold:.0f})" if matches else ""
            click.echo(f"No good match for this message{best}.")
            if matches:
                click.echo("Closest questions (answer with --pick N if one fits):")
                for i, m in enumerate(matches[:3], 1):
                    click.echo(f"  {i}. {m.title}  [{m.score:.0f}]")
        sys.exit(NO_MATCH_EXIT)

    from generator.reply.answer import answer

    item = _item(project, chosen.kind, chosen.id)
    ans = answer(project, item, platform, out, fmt)
    if as_json:
        doc["picked"] = chosen.as_json()
        doc.update(ans.as_json(out))
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    click.echo("Matches:")
    for i, m in enumerate(matches[:limit], 1):
        mark = "*" if m is chosen else " "
        click.echo(f" {mark}{i}. {m.score:5.1f}  {m.kind:5} {m.id}  ({m.field})")
    if result.corrections:
        click.echo("Read as: " + ", ".join(f"{a} -> {b}" for a, b in result.corrections.items()))
    click.echo("")
    if ans.card:
        click.echo(f"Image: {out / ans.card}  ({'from the build output' if ans.reused else 'rendered now'})")
    else:
        click.echo(f"Image: none ({ans.note})")
    limit_txt = f"/{ans.limit}" if ans.limit else ""
    click.echo(f"Reply ({ans.length}{limit_txt}, {ans.counting}):")
    click.echo(_indent(ans.text))
    click.echo("Alt text:")
    click.echo(_indent(ans.alt))


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def _item(project, kind: str, item_id: str):
    pool = project.faqs if kind == "faq" else project.issues
    for it in pool:
        if it.id == item_id:
            return it
    raise SelfserveError(f"no {kind} with id '{item_id}'")  # the index was built from this project
