"""``selfserve serve``: build, show the gallery on localhost, rebuild on change, reload the page.

The HTTP server (the standard library's, in a daemon thread) serves the output
folder on 127.0.0.1 only. The main thread watches the project's inputs with
watchfiles (content files, ``selfserve.yaml``, ``assets/``, ``templates/``) and runs
the same incremental build as ``selfserve build``, so only what changed is
rendered. Pages get a small script, added when served (the file on disk stays
static), that polls ``/__selfserve/status`` and reloads when a build finished, or
shows the build's error. Ctrl-C stops the watcher and the server and exits 0.
"""

from __future__ import annotations

import functools
import json
import threading
from concurrent.futures.process import BrokenProcessPool
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click

from generator.cli import CONTEXT, Verbosity, _out, cli, out_option, project_option
from generator.errors import SelfserveError

STATUS_PATH = "/__selfserve/status"
#: Added before </body> of served HTML pages: reload after a rebuild, show a failed build.
RELOAD_SCRIPT = """<script>
(function () {
  var seen = null, box = null;
  function show(msg) {
    if (!msg) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:99;padding:1rem;" +
        "background:#fff1e5;color:#8a2c0d;border:2px solid #8a2c0d;border-radius:8px;" +
        "font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "selfserve: the last build failed; the page shows the previous one.\\n" + msg;
  }
  function tick() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen === null) { seen = s.version; }
      else if (s.version !== seen) { location.reload(); return; }
      show(s.error);
      setTimeout(tick, 600);
    }, function () { setTimeout(tick, 2000); });
  }
  tick();
}());
</script>
""" % STATUS_PATH  # noqa: UP031 - the script's braces make a format string unreadable


class BuildState:
    """What the page polls: a build counter and the last build's error (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.version = 0
        self.error = ""

    def finished(self, error: str = "") -> None:
        with self._lock:
            if not error:
                self.version += 1
            self.error = error

    def as_json(self) -> bytes:
        with self._lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the output folder, never cached, HTML with the reload script."""

    state: BuildState
    quiet = True

    def __init__(self, *args: Any, state: BuildState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == STATUS_PATH:
            self._send(self.state.as_json(), "application/json")
            return
        if path.endswith("/") or path.endswith(".html"):
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                html = target.read_text("utf-8", errors="replace")
                cut = html.rfind("</body>")
                html = html[:cut] + RELOAD_SCRIPT + html[cut:] if cut >= 0 else html + RELOAD_SCRIPT
                self._send(html.encode("utf-8"), "text/html; charset=utf-8")
                return
        super().do_GET()

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base
        if not self.quiet:
            super().log_message(format, *args)


def watched_paths(root: Path) -> list[Path]:
    """The inputs of a build: content, config, assets, templates (those that exist)."""
    paths = [root / "content", root / "selfserve.yaml", root / "assets", root / "templates"]
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
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions, build
    from generator.render.preflight import preflight

    try:
        project = load_project(project_dir)
        preflight(project)
        summary = build(project, BuildOptions(out=out, platforms=platforms, kinds=kinds))
    except SelfserveError as exc:
        message = exc.format_message()
        click.echo(f"build failed:\n{message}", err=True)
        state.finished(message)
        return
    v.say(f"Built: {summary.rendered} rendered, {summary.reused} unchanged, {summary.removed} removed "
          f"({summary.seconds:.1f} s)")
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
    Watches content, selfserve.yaml, assets/ and templates/; the page reloads
    itself after each build and shows a failed build's error. Ctrl-C stops.
    Example:
      selfserve serve            # then open http://127.0.0.1:8000/
      selfserve serve --platform x --kind faq --port 0
    """
    import watchfiles

    project_dir = project_dir.resolve()
    out = _out(project_dir, out_dir)
    state = BuildState()
    try:
        rebuild(v, project_dir, out, state, platforms, kinds)
    except (KeyboardInterrupt, BrokenProcessPool):
        click.echo("Stopped during the first build; earlier outputs are intact.", err=True)
        return
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
