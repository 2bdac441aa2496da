"""``manifest.json``: every file selfserve wrote, with what a publisher needs.

Deterministic: entries sorted by path, no timestamps, so an unchanged build
writes a byte-identical manifest. Only files listed here are ever deleted by a
later build; a user's own files in the output folder are never touched.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from generator import __version__
from generator.publish.transaction import DirectWriter, Writer
from generator.render.result import RenderedFile, RenderResult

MANIFEST = "manifest.json"


def entry_for(result: RenderResult, file: RenderedFile) -> dict[str, Any]:
    job = result.job
    entry: dict[str, Any] = {
        "path": file.rel,
        "kind": job.kind,
        "platform": job.platform,
        "width": file.width,
        "height": file.height,
        "format": file.fmt,
        "bytes": len(file.data),
        "sha256": hashlib.sha256(file.data).hexdigest(),
        "source": {"file": job.source.file if job.source else None,
                   "line": job.source.line if job.source else None, "id": job.item_id},
        "key": job.key,
    }
    if job.locale:
        entry["locale"] = job.locale
    if job.design:
        entry["design"] = job.design
    for k, v in sorted(file.meta.items()):
        entry.setdefault(k, v)
    return entry


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """Previous entries by path; an unreadable manifest counts as none."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        return {e["path"]: e for e in data.get("assets", []) if isinstance(e, dict) and "path" in e}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def write_manifest(out: Path, entries: list[dict[str, Any]], project: str,
                   shard: dict[str, Any] | None = None, writer: Writer | None = None) -> None:
    head: dict[str, Any] = {"selfserve": __version__, "project": project}
    if shard:
        head["shard"] = shard
    # One asset per line: diff-friendly like an indented file, but written by the
    # C JSON encoder (indent= falls back to the pure-Python one, 10x slower).
    lines = [json.dumps(e, ensure_ascii=False) for e in sorted(entries, key=lambda e: e["path"])]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "assets": [\n' + ",\n".join(lines) + "\n]}\n"
    (writer or DirectWriter()).write(out / MANIFEST, text.encode("utf-8"))
