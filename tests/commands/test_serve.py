"""``selfserve serve`` watches every input of a build, the project's word catalogs included."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import watchfiles

from generator.cli import Verbosity
from generator.commands.preview_http import BuildState
from generator.commands.serve import rebuild, watched_paths
from tests.test_locales import OVERRIDE, multilingual


def test_watched_paths_include_the_projects_locale_folder(tmp_path: Path) -> None:
    root = multilingual(tmp_path)
    for folder in ("locale", "templates", "assets"):
        (root / folder).mkdir(exist_ok=True)
    watched = watched_paths(root)
    assert root / "locale" in watched and root not in watched
    assert {root / "content", root / "selfserve.yaml", root / "assets"} <= set(watched)


def test_a_po_edit_is_seen_by_the_watcher_and_the_rebuild_rewords_only_its_locale(tmp_path: Path) -> None:
    root = multilingual(tmp_path)
    (root / "locale").mkdir()
    out = root / "output"
    state = BuildState()
    quiet = Verbosity(True, False, False)
    scope = {"platforms": ("instagram-square",), "kinds": ("notice",)}
    rebuild(quiet, root, out, state, **scope)
    assert state.version == 1 and not state.error

    po = root / "locale" / "de.po"

    def edit() -> None:
        time.sleep(0.3)  # the watcher is running by then
        po.write_text(OVERRIDE, "utf-8")

    stop = threading.Event()
    threading.Thread(target=edit, daemon=True).start()
    seen: set[Path] = set()
    for changes in watchfiles.watch(
        *watched_paths(root),
        stop_event=stop,
        debounce=100,
        step=50,
        rust_timeout=10_000,
        yield_on_timeout=True,
    ):
        seen |= {Path(p) for _c, p in changes}
        if po in seen or not changes:
            break
    assert po in seen

    rebuild(quiet, root, out, state, **scope)
    assert state.version == 2 and not state.error
    rendered = json.loads((out / "build.json").read_text())["rendered"]
    assert rendered and all(p.startswith("de-DE/") for p in rendered)
    assets = {a["path"]: a for a in json.loads((out / "manifest.json").read_text())["assets"]}
    assert assets["de-DE/instagram-square/notice/tracking-not-updating.jpg"]["alt"].startswith(
        "Bekanntes Problem"
    )
