"""The preview server's HTTP side: static files from the output folder, never cached,
HTML pages with the reload script, and the status the page polls.

Split from ``serve`` so that loading the CLI (every command registers itself at start)
does not import ``http.server`` and its dependencies for the commands that never serve.
"""

from __future__ import annotations

import json
import threading
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

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
