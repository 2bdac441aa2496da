"""``selfserve serve``: build, show the gallery on localhost, rebuild on change, reload the page.

The HTTP server (the standard library's, in a daemon thread) serves the output
folder on 127.0.0.1 only. The main thread watches the project's inputs with
watchfiles (content files, ``selfserve.yaml``, ``assets/``, ``templates/``, ``locale/``) and runs
the same incremental build as ``selfserve build``, so only what changed is
rendered. Pages get a small script, added when served (the file on disk stays
static), that polls ``/__selfserve/status`` and reloads when a build finished, or
shows the build's error. Ctrl-C stops the watcher and the server and exits 0.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.cli import CONTEXT, Verbosity, _out, cli, out_option, project_option
from generator.errors import SelfserveError
from generator.i18n.catalogs import PROJECT_DIR as CATALOG_DIR

if TYPE_CHECKING:
    from generator.commands.preview_http import BuildState

def watched_paths(root: Path) -> list[Path]:
    """The inputs of a build: content, config, assets, templates and the project's word
    catalogs (``locale/*.po``: editing one rewords the cards), those that exist."""
    paths = [root / "content", root / "selfserve.yaml", root / "assets", root / "templates",
             root / CATALOG_DIR]
    try:
        from generator.load.project import load_project

        cfg = load_project(root).config
        extra = [s.file for s in cfg.content.faqs] + [cfg.content.issues or "", cfg.content.stats or ""]
        paths += [root / p for p in extra if p]
    except SelfserveError:
        pass  # a broken project still gets its usual folders watched, so fixing it rebuilds
    out: list[Path] = []
    for p in paths:
        p = p if p.exists() else p.parent
        if p.exists() and not any(p == q or q in p.parents for q in out):
            out.append(p)
    return sorted(set(out))


def rebuild(v: Verbosity, project_dir: Path, out: Path, state: BuildState,
            platforms: tuple[str, ...] = (), kinds: tuple[str, ...] = ()) -> None:
    """One incremental build; a user error is shown on the page, never raised."""
    from generator.kinds import preflight_designs
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions, build
    from generator.render.preflight import preflight

    try:
        project = load_project(project_dir)
        preflight(project, preflight_designs())
        # The page reloads when the cards are committed, and again when the guide follows.
        summary = build(project, BuildOptions(out=out, platforms=platforms, kinds=kinds),
                        on_published=functools.partial(_published, v, state))
    except SelfserveError as exc:
        message = exc.format_message()
        click.echo(f"build failed:\n{message}", err=True)
        state.finished(message)
        return
    v.say(f"Built: {summary.rendered} rendered, {summary.reused} unchanged, {summary.removed} removed "
          f"({summary.seconds:.1f} s)")
    state.finished()


def warm_deferred(kinds: tuple[str, ...] = ()) -> None:
    """Import what the deferred kinds (the guide) need, once, in this long-lived process.

    Each rebuild forks a fresh process for the guide; forked from a cold parent it spent
    its first second importing WeasyPrint and matplotlib again after every edit (the
    sample's guide was committed 3.0-3.7 s after an edit, 1.0 s of it imports). Forked
    from a warm parent it starts laying out at once. Not done by ``build``, which runs
    once: there the guide's own process warms up while the cards are drawn."""
    from generator.kinds import all_kinds

    for name, kind in all_kinds().items():
        if kind.deferred and kind.warm is not None and (not kinds or name in kinds):
            kind.warm()


def _published(v: Verbosity, state: BuildState, summary: Any) -> None:
    """The cards are committed while the guide still renders: reload the page now."""
    v.say(f"Published: {summary.rendered} rendered ({summary.published_seconds:.1f} s); "
          "the guide follows")
    state.finished()


@cli.command(context_settings=CONTEXT)
@project_option
@out_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--platform", "platforms", multiple=True, metavar="NAME",
              help="Only these platforms (repeatable): faster rebuilds while editing.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only these asset kinds (repeatable).")
@click.pass_obj
def serve(v: Verbosity, project_dir: Path, out_dir: Path | None, port: int, platforms: tuple[str, ...],
          kinds: tuple[str, ...]) -> None:
    """Build, serve the gallery on localhost and rebuild when the project changes.

    \b
    Watches content, selfserve.yaml, assets/, templates/ and locale/; the page reloads
    itself after each build and shows a failed build's error. Ctrl-C stops.
    Example:
      selfserve serve            # then open http://127.0.0.1:8000/
      selfserve serve --platform x --kind faq --port 0
    """
    from concurrent.futures.process import BrokenProcessPool
    from http.server import ThreadingHTTPServer

    import watchfiles

    from generator.commands.preview_http import BuildState, PreviewHandler
    from generator.kinds import check_kind_names

    check_kind_names(kinds)
    project_dir = project_dir.resolve()
    out = _out(project_dir, out_dir)
    state = BuildState()
    try:
        rebuild(v, project_dir, out, state, platforms, kinds)
    except (KeyboardInterrupt, BrokenProcessPool):
        click.echo("Stopped during the first build; earlier outputs are intact.", err=True)
        return
    warm_deferred(kinds)
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(PreviewHandler, directory=str(out), state=state)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise SelfserveError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); try --port 0") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="selfserve-http", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    click.echo(f"Serving {url} (Ctrl-C stops)")
    stop = threading.Event()
    watched = watched_paths(project_dir)
    v.detail("watching " + ", ".join(str(p) for p in watched))

    def relevant(change: Any, path: str) -> bool:
        """Inputs only: not the output, nor hidden files and folders (.git, editors' swap
        files, the plan's .selfserve/), nor caches."""
        p = Path(path)
        if p == out or out in p.parents or p.suffix in (".tmp", ".swp", ".pyc") or p.name.endswith("~"):
            return False
        try:
            parts = p.relative_to(project_dir).parts
        except ValueError:
            parts = p.parts[-1:]
        return not any(part.startswith(".") or part == "__pycache__" for part in parts)

    try:
        for changes in watchfiles.watch(*watched, watch_filter=relevant, stop_event=stop,
                                        debounce=300, step=50, raise_interrupt=True):
            names = sorted({Path(p).name for _c, p in changes})
            v.say(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
            rebuild(v, project_dir, out, state, platforms, kinds)
    except (KeyboardInterrupt, BrokenProcessPool):
        # Ctrl-C reaches the build's workers too: a pool broken by it is the same stop.
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    click.echo("Stopped.")
