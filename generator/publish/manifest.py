"""``manifest.json``: every file selfserve wrote, with what a publisher needs.

Deterministic: entries sorted by path, no timestamps, so an unchanged build
writes a byte-identical manifest. Only files listed here are ever deleted by a
later build; a user's own files in the output folder are never touched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator import __version__
from generator.publish.entry import ManifestEntry
from generator.publish.transaction import DirectWriter, Writer
from generator.render.result import RenderedFile, RenderResult

MANIFEST = "manifest.json"


def entry_for(result: RenderResult, file: RenderedFile) -> ManifestEntry:
    """The manifest entry of one rendered file: its job's head fields, then the renderer's meta."""
    job = result.job
    head: dict[str, Any] = {
        "path": file.rel, "kind": job.kind, "platform": job.platform, "width": file.width,
        "height": file.height, "format": file.fmt, "bytes": len(file.data),
        "sha256": hashlib.sha256(file.data).hexdigest(),
        "source": {"file": job.source.file if job.source else None,
                   "line": job.source.line if job.source else None, "id": job.item_id},
        "key": job.key,
    }
    if job.locale:
        head["locale"] = job.locale
    if job.design:
        head["design"] = job.design
    return ManifestEntry.from_meta(head, file.meta)


def read_manifest(out: Path) -> dict[str, ManifestEntry]:
    """Previous entries by path; an unreadable manifest counts as none, and an entry
    without the fields every asset has is skipped (its file is then the user's)."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        assets = data.get("assets", [])
    except (OSError, ValueError, AttributeError):
        return {}
    entries = (ManifestEntry.from_json(e) for e in assets) if isinstance(assets, list) else ()
    return {e.path: e for e in entries if e is not None}


def manifest_text(entries: Iterable[ManifestEntry], project: str, shard: dict[str, Any] | None = None
                  ) -> str:
    """The text of ``manifest.json``: entries sorted by path, one per line."""
    head: dict[str, Any] = {"selfserve": __version__, "project": project}
    if shard:
        head["shard"] = shard
    # One asset per line: diff-friendly like an indented file, but written by the
    # C JSON encoder (indent= falls back to the pure-Python one, 10x slower).
    lines = [json.dumps(e.to_json(), ensure_ascii=False) for e in sorted(entries, key=lambda e: e.path)]
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "assets": [\n' + ",\n".join(lines) + "\n]}\n"


def write_manifest(out: Path, entries: Iterable[ManifestEntry], project: str,
                   shard: dict[str, Any] | None = None, writer: Writer | None = None) -> None:
    (writer or DirectWriter()).write(out / MANIFEST, manifest_text(entries, project, shard).encode("utf-8"))
