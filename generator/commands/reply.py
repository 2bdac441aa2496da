"""``selfserve reply``: an agent pastes a customer's message, gets the card to answer with.

Loading, searching and (only when the card is not in the output folder yet)
rendering one card; heavy modules are imported only on the path that needs them,
so a reply from a built output folder takes a fraction of a second.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli import CONTEXT, Verbosity, _out, cli, json_option, out_option, project_option
from generator.errors import SelfserveError
from generator.outcome import emit

#: Exit status when nothing matches well enough to answer with (not an error).
NO_MATCH_EXIT = 3


@cli.command(context_settings=CONTEXT)
@click.argument("message", required=False)
@click.option("--platform", default=None, metavar="NAME",
              help="Where you answer (a post preset such as x, bluesky, facebook-feed).")
@click.option("--pick", type=click.IntRange(1, 50), default=None, metavar="N",
              help="Answer with the Nth match instead of the best one.")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many matches to list.")
@click.option("--format", "fmt", type=click.Choice(["png", "jpeg", "webp"]), default=None,
              help="Image format, where the platform accepts it.")
@click.option("--eval", "cases_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="CASES.yaml",
              help="Score reply on labelled messages (message + answer id) instead of answering.")
@project_option
@out_option
@json_option
@click.pass_obj
def reply(v: Verbosity, message: str | None, platform: str | None, pick: int | None, limit: int,
          fmt: str | None, cases_file: Path | None, project_dir: Path, out_dir: Path | None,
          as_json: bool) -> None:
    """Find the FAQ (or known issue) that answers MESSAGE and print a ready reply.

    \b
    MESSAGE is the customer's text as written (typos, slang and any of the
    project's languages are fine), a FAQ id, or - to read it from stdin.
    Prints the closest matches with the probability that each is right. When
    the best one is likely enough (see the README), prints its card's image
    path (taken from the output folder when 'build' made it, else rendered
    now), a reply text within the platform's caption limit and the alt text,
    in the language of the message when the project builds that locale.
    Exit status 3 when no match is likely enough: the closest three are listed
    with their probabilities; answer with --pick N if one fits.
    Examples:
      selfserve reply "my parcle never arived, its been 2 weeks" --platform x
      selfserve reply "Ich möchte mein Abo kündigen" --platform bluesky --json
      selfserve reply "charged twice??" --platform x --pick 2
      selfserve reply --eval cases.yaml
    """
    from generator.load.project import load_project
    from generator.reply.search import MAX_MESSAGE, SearchIndex, clean_message

    if cases_file is not None:
        if message is not None:
            raise click.UsageError("--eval scores a file of cases; leave out MESSAGE")
        _evaluate(project_dir, out_dir, cases_file, as_json)
        return
    if message == "-":
        message = sys.stdin.buffer.read(4 * MAX_MESSAGE).decode("utf-8", "replace")
    if message is None or not clean_message(message):
        raise click.UsageError("MESSAGE is empty: paste the customer's text in quotes, "
                               "or give a FAQ id")
    if platform is None:
        raise click.UsageError("--platform is required: where you answer (e.g. x, bluesky)")
    project = load_project(project_dir)
    out = _out(project_dir, out_dir)
    from generator.reply.answer import reply_preset

    reply_preset(project, platform)  # an unknown platform fails before any search
    result = SearchIndex.from_project(project, out).search(message, limit=max(limit, pick or 0))
    matches = result.matches
    chosen = None
    if pick is not None:
        if pick > len(matches):
            raise SelfserveError(f"--pick {pick}: only {len(matches)} matches")
        chosen = matches[pick - 1]
    elif result.good:
        chosen = matches[0]
    doc: dict = {"query": clean_message(message), "ok": chosen is not None,
                 "threshold": result.threshold, "locale": result.locale,
                 "probability": round(matches[0].probability, 3) if matches else 0.0,
                 "corrections": result.corrections,
                 "matches": [m.as_json() for m in matches[:limit]]}
    if chosen is None:
        doc["reason"] = result.reason or "no match is likely enough to be right"
        doc["suggestions"] = [m.as_json() for m in matches[:3]]
        if as_json:
            emit("reply", doc, ok=False)
        elif result.reason:
            click.echo(f"No good match: {result.reason}.")
        else:
            best = matches[0].probability if matches else 0.0
            click.echo(f"No good match for this message (best {best:.0%} likely right, "
                       f"answering needs {result.threshold:.0%}).")
            if matches:
                click.echo("Closest questions (answer with --pick N if one fits):")
                for i, m in enumerate(matches[:3], 1):
                    click.echo(f"  {i}. {m.probability:4.0%}  {m.title}  [{m.id}]")
        sys.exit(NO_MATCH_EXIT)

    from generator.reply.answer import answer

    if result.locale != project.config.locale:
        project = load_project(project_dir, locale=result.locale)
    item = _item(project, chosen.kind, chosen.id)
    ans = answer(project, item, platform, out, fmt)
    if as_json:
        doc["picked"] = chosen.as_json()
        doc.update(ans.as_json(out))
        emit("reply", doc)
        return
    click.echo("Matches (probability that it is right):")
    for i, m in enumerate(matches[:limit], 1):
        mark = "*" if m is chosen else " "
        click.echo(f" {mark}{i}. {m.probability:4.0%}  {m.kind:5} {m.id}  ({m.field})")
    if result.corrections:
        click.echo("Read as: " + ", ".join(f"{a} -> {b}" for a, b in result.corrections.items()))
    if result.locale != project.default_locale and project.default_locale:
        click.echo(f"Answering in {result.locale} (the language of the message).")
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


def _evaluate(project_dir: Path, out_dir: Path | None, cases_file: Path, as_json: bool) -> None:
    """``--eval``: the project's own labelled cases, scored (see generator/reply/evaluate.py)."""
    from generator.load.project import load_project
    from generator.reply.evaluate import as_json as eval_json
    from generator.reply.evaluate import evaluate, load_cases, report_lines
    from generator.reply.search import SearchIndex

    project = load_project(project_dir)
    index = SearchIndex.from_project(project, _out(project_dir, out_dir))
    cases = load_cases(cases_file, str(cases_file), {v.id for v in index.variants})
    ev = evaluate(index, cases)
    if as_json:
        emit("reply", {"eval": True, **eval_json(ev, index.model.threshold)})
    else:
        for line in report_lines(ev, index.model.threshold):
            click.echo(line)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def _item(project, kind: str, item_id: str):
    pool = project.faqs if kind == "faq" else project.issues
    for it in pool:
        if it.id == item_id:
            return it
    raise SelfserveError(f"no {kind} with id '{item_id}'")  # the index was built from this project
