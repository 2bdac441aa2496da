"""The ``selfserve`` command line: thin click wrappers around load, plan, render, publish.

Every user-facing problem arrives as a SelfserveError and is printed once as
located lines with exit status 1; any other exception is a bug in selfserve and
is reported as such in one line (the traceback only with ``--debug``).
Heavy modules are imported inside commands so ``selfserve --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.errors import SelfserveError
from generator.outcome import emit
from generator.terminal import paint

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Verbosity:
    def __init__(self, quiet: bool, verbose: bool, debug: bool):
        self.quiet, self.verbose, self.debug = quiet, verbose, debug

    def say(self, msg: str = "", *, err: bool = False) -> None:
        if not self.quiet:
            click.echo(msg, err=err)

    def detail(self, msg: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(msg, err=True)


def _discover_project(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    """No ``--project``: the nearest folder upward holding selfserve.yaml, as git finds
    its repository, so ``selfserve build`` works from ``content/`` too."""
    if value is not None:
        return value
    from generator.load.project import find_project

    return find_project(Path.cwd())


def _set_global(attr: str):  # noqa: ANN202 - a click callback
    """Global flags given after the command name land on the same Verbosity object."""
    def callback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        obj = ctx.find_object(Verbosity)
        if value and obj is not None:
            setattr(obj, attr, True)
    return callback


def _global_params() -> list[click.Parameter]:
    return [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_set_global("quiet"),
                     help="Print only errors (also before the command)."),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False,
                     callback=_set_global("verbose"), help="Print every file written."),
        click.Option(["--debug"], is_flag=True, expose_value=False, callback=_set_global("debug"),
                     help="Show Python tracebacks for errors."),
    ]


class SelfserveCommand(click.Command):
    """A command that also takes the global options after its name: ``selfserve build -q``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = {o for p in self.params for o in getattr(p, "opts", [])}
        self.params.extend(p for p in _global_params() if not taken & set(p.opts))


class SelfserveGroup(click.Group):
    """Commands and sub-groups (``import tickets``) made on it take the global options too."""

    command_class = SelfserveCommand
    group_class = type  # sub-groups are SelfserveGroups


def project_option(f):
    return click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=None, callback=_discover_project, envvar="SELFSERVE_PROJECT",
                        show_envvar=True,
                        help="Project folder (holds selfserve.yaml) [default: the nearest folder "
                             "upward from here that holds one].")(f)


def out_option(f):
    # A file given as --out is refused by _out, in the same one line as a file above it.
    return click.option("--out", "out_dir", type=click.Path(path_type=Path),
                        default=None, envvar="SELFSERVE_OUT", show_envvar=True,
                        help="Output folder [default: <project>/output].")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(f)


def _out(project_dir: Path, out_dir: Path | None) -> Path:
    """The output folder, resolved; a file standing where it or a folder above it should
    be is a one-line error naming the option, not a NotADirectoryError mid-build."""
    out = (out_dir if out_dir is not None else project_dir / "output").resolve()
    shown = f"--out {out_dir}" if out_dir is not None else f"the output folder {out}"
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                raise SelfserveError(f"{shown}: '{folder}' is a file, not a folder; choose another "
                                     "--out or move that file")
            break
    return out


@click.group(cls=SelfserveGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="selfserve")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every file written.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """selfserve turns your support answers into ready-to-post images and guides.

    \b
    Example:
      selfserve init my-help        # start a project
      selfserve validate            # check the YAML (CI on pull requests)
      selfserve build               # render everything into output/
    """
    ctx.obj = Verbosity(quiet, verbose, debug)


@cli.command(context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Write into a folder that already has files.")
@click.option("--theme", type=click.Choice(["calm", "bold", "playful"]), default=None,
              help="Start with this look and its example colours [default: calm].")
@click.pass_obj
def init(v: Verbosity, directory: Path, force: bool, theme: str | None) -> None:
    """Start a new project in DIRECTORY with example content to edit.

    \b
    Example:
      selfserve init my-help && cd my-help && selfserve build
      selfserve init my-help --theme playful
    """
    from generator.starter import create_project

    written = create_project(directory, force=force, theme=theme)
    for p in written:
        v.detail(f"wrote {p}")
    v.say(f"Created a selfserve project in {directory} ({len(written)} files).")
    v.say(f"Next: edit {directory}/content/faqs.yaml, then run: selfserve build --project {directory}")


@cli.command(context_settings=CONTEXT)
@project_option
@json_option
@click.pass_obj
def validate(v: Verbosity, project_dir: Path, as_json: bool) -> None:
    """Check selfserve.yaml and every content file; report all problems at once.

    \b
    Exit status 0 when everything is valid, 1 with one located line per problem:
      content/faqs.yaml:12:7: faqs[3].answr: unknown field; did you mean 'answer'?
    Example (CI on pull requests):
      selfserve validate --json
    """
    from generator.load.project import load_project
    from generator.render.preflight import preflight

    try:
        project = load_project(project_dir)
        preflight(project)
        # Every locale's translations (per-locale files, maps) are checked too.
        others = [load_project(project_dir, locale=loc) for loc in project.config.build_locales[1:]]
    except SelfserveError:
        raise  # with --json, main() prints the problems as the failure document
    info = {"faqs": len(project.faqs), "issues": len(project.issues),
            "stats": project.stats.period if project.stats else None,
            "warnings": [p.as_json() for p in project.warnings]}
    if as_json:
        emit("validate", info)
        return
    for w in project.warnings:
        click.echo(paint(str(w), "warning"), err=True)
    for other in others:
        for t in other.translations:
            v.detail(f"{other.config.locale}: {t}")
    v.say(f"ok: {len(project.faqs)} FAQs, {len(project.issues)} recurring issues"
          + (f", stats for {project.stats.period}" if project.stats else "")
          + (f"; locales {', '.join(project.config.build_locales)} ("
             f"{sum(len(o.translations) for o in others)} untranslated items)" if others else "") + ".")


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        a, b = (int(x) for x in value.split("/"))
    except ValueError:
        raise click.BadParameter("write a shard as INDEX/COUNT, e.g. 2/4") from None
    if not 1 <= a <= b:
        raise click.BadParameter(f"shard {value}: INDEX must be between 1 and COUNT")
    return (a, b)


def _parse_today(value: str | None, timezone: str) -> date | None:
    """``--today``: a calendar date, or ``now`` (the date in the project's time zone). The
    date is an input of the hours/today cards' keys, so only they change from day to day."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.lower() == "now":
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(timezone)).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a date; write it as YYYY-MM-DD (e.g. 2026-12-24) "
                                 "or 'now'", param_hint="'--today' / SELFSERVE_TODAY") from None


@cli.command(context_settings=CONTEXT)
@project_option
@out_option
@click.option("--platform", "platforms", multiple=True, metavar="NAME",
              help="Only these platforms (repeatable). See 'selfserve platforms'.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only these asset kinds (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["png", "jpeg", "webp"]), default=None,
              help="Force one image format where the platform accepts it.")
@click.option("--force", is_flag=True, help="Render everything, even unchanged assets.")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=0, envvar="SELFSERVE_JOBS",
              show_envvar=True, help="Worker processes [default: one per core].")
@click.option("--shard", default=None, metavar="I/N", help="Render only shard I of N (CI matrices).")
@click.option("--strict", is_flag=True, help="Exit 1 when the accessibility lint finds anything.")
@click.option("--today", default=None, metavar="YYYY-MM-DD", envvar="SELFSERVE_TODAY", show_envvar=True,
              help="Also make hours/today cards: this date's week with the day marked "
                   "('now': today in the project's time zone).")
@json_option
@click.pass_obj
def build(v: Verbosity, project_dir: Path, out_dir: Path | None, platforms: tuple[str, ...],
          kinds: tuple[str, ...], fmt: str | None, force: bool, jobs: int, shard: str | None,
          strict: bool, today: str | None, as_json: bool) -> None:
    """Render every asset into the output folder, with manifest.json and report.json.

    \b
    Unchanged assets are reused; files whose content was deleted are removed
    (only files selfserve wrote). Examples:
      selfserve build
      selfserve build --out public/ --platform instagram-square --platform x
      selfserve build --strict --json       # CI: fail on lint findings
      selfserve build --today now           # a daily job: hours/today.png marks the day
    """
    import time

    from generator.publish import stamp

    started = time.perf_counter()
    out = _out(project_dir, out_dir)
    parsed_shard = _parse_shard(shard)
    # Nothing the build reads changed and its files are as it left them: answer from the
    # stamp without loading anything (a sharded build, or one dated 'now', never does).
    digest = None if parsed_shard or today == "now" else stamp.inputs_digest(
        project_dir, out, {"platforms": platforms, "kinds": kinds, "format": fmt, "today": today})
    hit = None if digest is None or force else stamp.replay(out, digest)
    if hit is not None:
        _replay(v, hit, out, time.perf_counter() - started, strict, as_json)
        return

    from generator.kinds import check_kind_names, preflight_designs
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions
    from generator.publish.build import build as run_build
    from generator.render.preflight import preflight

    check_kind_names(kinds)
    project = load_project(project_dir)
    preflight(project, preflight_designs())
    for w in project.warnings:
        click.echo(paint(str(w), "warning"), err=True)
    opts = BuildOptions(out=out, platforms=platforms, forced_format=fmt,
                        force=force, jobs=jobs, shard=parsed_shard, kinds=kinds,
                        today=_parse_today(today, project.config.timezone), stamp=digest)
    summary = _run_with_progress(v, project, opts, run_build, as_json)
    _report_build(v, summary.as_json(), summary.findings, strict, as_json,
                  f"Built {summary.files} files in {summary.out} ({summary.rendered} rendered, "
                  f"{summary.reused} unchanged, {summary.removed} removed) in {summary.seconds:.1f} s.")


def _report_build(v: Verbosity, doc: dict[str, Any], findings: list[Any], strict: bool, as_json: bool,
                  line: str) -> None:
    """A build's outcome, rendered or answered from its stamp: JSON, or notes, warnings, the
    one-line summary and the lint; exit 1 on findings under --strict."""
    if as_json:
        emit("build", doc, ok=not (strict and findings))
    else:
        for note in doc.get("notes", []):
            v.say(f"note: {note}", err=True)
        for w in doc.get("warnings", []):
            click.echo(paint(f"warning: {w}", "warning"), err=True)
        v.say(line)
        _print_lint(v, findings, strict)
    if strict and findings:
        sys.exit(1)


def _replay(v: Verbosity, hit: Any, out: Path, seconds: float, strict: bool, as_json: bool) -> None:
    """Print what a build answered from its stamp says: the last build's figures, nothing rendered."""
    doc = {**hit.document, "out": str(out), "seconds": round(seconds, 3)}
    if not as_json:
        for w in hit.warnings:  # the project's load warnings, printed before a build
            click.echo(paint(w, "warning"), err=True)
    _report_build(v, doc, hit.findings, strict, as_json,
                  f"Built {hit.files} files in {out} (0 rendered, {hit.jobs} unchanged, 0 removed) in "
                  f"{seconds:.1f} s; nothing changed since the last build.")


def _run_with_progress(v: Verbosity, project: Any, opts: Any, run_build: Any, as_json: bool) -> Any:
    if v.quiet or as_json:
        return run_build(project, opts)
    from generator.terminal import may_animate

    if may_animate():  # plain lines in CI logs and files, where a redrawn bar is noise
        bar = click.progressbar(length=1, label="Rendering", file=sys.stderr)
        state = {"started": False}

        def tick(done: int, total: int, path: str) -> None:
            if not state["started"]:
                bar.length = total
                bar.__enter__()
                state["started"] = True
            bar.update(1)

        try:
            return run_build(project, opts, progress=tick)
        finally:
            if state["started"]:
                bar.__exit__(None, None, None)
    step = {"next": 0}

    def line(done: int, total: int, path: str) -> None:
        if v.verbose:
            click.echo(f"[{done}/{total}] {path}", err=True)
        elif done >= step["next"] or done == total:
            click.echo(f"rendered {done}/{total}", err=True)
            step["next"] = done + max(1, total // 10)

    return run_build(project, opts, progress=line)


def _print_lint(v: Verbosity, findings: list[Any], strict: bool) -> None:
    if not findings:
        v.say("Lint: no findings (contrast, sizes, safe zones, glyphs, cut text).")
        return
    from collections import Counter

    counts = Counter(f.code for f in findings)
    click.echo("Lint: " + ", ".join(f"{n} {c}" for c, n in sorted(counts.items()))
               + " (details in report.json)", err=True)
    shown = findings if v.verbose else findings[:10]
    for f in shown:
        click.echo(f"  {f}", err=True)
    if len(findings) > len(shown):
        click.echo(f"  ... and {len(findings) - len(shown)} more", err=True)


@cli.command(context_settings=CONTEXT)
@project_option
@json_option
def platforms(project_dir: Path, as_json: bool) -> None:
    """List the platform presets: sizes, safe zones, formats and limits.

    \b
    Values come from platform documentation (see their sources with --json).
    Override any value under 'presets:' in selfserve.yaml. Example:
      selfserve platforms --json
    """
    import dataclasses

    from generator.load.platforms import PRESETS, resolve_presets

    table = PRESETS
    if (project_dir / "selfserve.yaml").is_file():
        from generator.load.project import load_project

        table = resolve_presets(load_project(project_dir).config.presets)
    if as_json:
        emit("platforms", {"platforms": [dataclasses.asdict(p) for p in table.values()]})
        return
    header = f"{'name':24} {'size':>10} {'aspect':9} {'formats':15} {'max file':>9} " \
             f"{'caption':>8} {'alt':>5} {'imgs':>4}  safe zone t/r/b/l"
    click.echo(header)
    click.echo("-" * len(header))
    for p in table.values():
        size = f"{p.width}x{p.height}"
        mb = f"{p.max_bytes // 2**20} MB" if p.max_bytes % 2**20 == 0 else f"{p.max_bytes / 1e6:.1f} MB"
        s = p.safe
        click.echo(f"{p.name:24} {size:>10} {p.aspect:9} {','.join(p.formats):15} {mb:>9} "
                   f"{p.caption_limit or '-':>8} {p.alt_limit or '-':>5} {p.images_per_post:>4}  "
                   f"{s.top}/{s.right}/{s.bottom}/{s.left}")


@cli.command(context_settings=CONTEXT)
@click.argument("which", type=click.Choice(["config", "faqs", "issues", "stats", "design", "all"]),
                default="all")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write <name>.schema.json files into this folder instead of printing.")
def schema(which: str, out_dir: Path | None) -> None:
    """Print the JSON Schema of a content file, for editors with a YAML language server.

    \b
    Example: write the schemas, then put this first line in content/faqs.yaml:
      selfserve schema --out schemas/
      # yaml-language-server: $schema=../schemas/faqs.schema.json
    """
    from generator.load.jsonschema import SCHEMAS, schema_for

    names = list(SCHEMAS) if which == "all" else [which]
    if out_dir is None:
        docs = {n: schema_for(n) for n in names}
        click.echo(json.dumps(docs if which == "all" else docs[which], indent=2))
        return
    from generator.publish.atomic import write_text_atomic

    for n in names:
        write_text_atomic(out_dir / f"{n}.schema.json", json.dumps(schema_for(n), indent=2) + "\n")
        click.echo(f"wrote {out_dir / f'{n}.schema.json'}")


COMMAND_MODULES: tuple[str, ...] = (
    "generator.commands.merge",
    "generator.commands.reply",
    "generator.commands.import_tickets",
    "generator.commands.import_faqs",
    "generator.commands.ids",
    "generator.commands.plan",
    "generator.commands.serve",
)


def _load_command_modules() -> None:
    """Commands added by other modules register themselves on ``cli`` when imported."""
    import importlib

    for mod in COMMAND_MODULES:
        importlib.import_module(mod)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every failure becomes located lines on stderr and exit status 1.

    With ``--json`` the failure is also printed on stdout as one JSON document
    (``outcome.failure_document``), so a CI job that saved stdout can show what failed.
    """
    from generator import outcome

    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    _load_command_modules()
    as_json = outcome.wants_json(args)
    name = outcome.command_name(cli, args)

    def fail(exc: BaseException, code: int, **kw: Any) -> None:
        if as_json:
            outcome.print_failure(name, exc, **kw)
        sys.exit(code)

    try:
        cli.main(args=args, prog_name="selfserve", standalone_mode=False)
    except SelfserveError as exc:
        if debug:
            raise
        exc.show()
        fail(exc, exc.exit_code)
    except click.exceptions.Abort as exc:
        click.echo("Aborted.", err=True)
        fail(exc, 130, message="Aborted.")
    except click.ClickException as exc:
        exc.show()
        fail(exc, exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:
        click.echo("Interrupted; earlier outputs are intact.", err=True)
        fail(exc, 130, message="Interrupted; earlier outputs are intact.")
    except Exception as exc:
        if debug:
            raise
        from generator.environment import missing_library_message

        missing = missing_library_message(exc)
        if missing:  # not a bug: the machine lacks a library (Pango for PDFs, say)
            click.echo(missing, err=True)
            fail(exc, 1, message=missing)
        text = (f"internal error: {type(exc).__name__}: {exc} (this is a bug in selfserve; "
                "run again with --debug and report the traceback)")
        click.echo(text, err=True)
        fail(exc, 2, message=text, internal=True)
