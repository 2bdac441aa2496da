"""Merge shard outputs (``build --shard I/N``) into one output folder and manifest.

In: the shard folders. Out: one folder with every file and one manifest, or a
SelfserveError when a shard is missing, a file was rendered twice, a file does
not match its manifest hash, or the shards were planned from different content.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from generator.errors import SelfserveError
from generator.publish.entry import ManifestEntry
from generator.publish.gallery import default_lang, write_gallery
from generator.publish.lock import BuildLock
from generator.publish.manifest import MANIFEST, write_manifest
from generator.publish.transaction import BuildTransaction


def _read(folder: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((folder / MANIFEST).read_text("utf-8"))
        return data
    except FileNotFoundError:
        raise SelfserveError(f"{folder}: no {MANIFEST}; is this a shard output folder?") from None
    except (OSError, ValueError) as exc:
        raise SelfserveError(f"{folder / MANIFEST}: cannot be read ({exc})") from None


def _entries(folder: Path, manifest: dict[str, Any]) -> list[ManifestEntry]:
    """The shard's entries; one that is not an asset selfserve wrote is a broken shard."""
    out = []
    for n, raw in enumerate(manifest.get("assets", []), 1):
        entry = ManifestEntry.from_json(raw)
        if entry is None:
            raise SelfserveError(f"{folder / MANIFEST}: asset {n} lacks path, kind, platform, format, "
                                 "bytes or sha256; build the shard again")
        out.append(entry)
    return out


def _copy(folder: Path, out: Path, e: ManifestEntry, txn: BuildTransaction) -> None:
    """Stage the shard's file (verified against its hash) and its caption .txt."""
    try:
        data = (folder / e.path).read_bytes()
    except OSError:
        raise SelfserveError(f"{folder / e.path}: listed in its manifest but missing") from None
    if hashlib.sha256(data).hexdigest() != e.sha256:
        raise SelfserveError(f"{folder / e.path} does not match its manifest hash")
    target = out / e.path
    if not (target.is_file() and target.read_bytes() == data):
        txn.write(target, data)
    if e.caption_file:
        txn.write(out / e.caption_file, (folder / e.caption_file).read_bytes())


def merge(folders: list[Path], out: Path) -> dict[str, int]:
    manifests = [(f, _read(f)) for f in folders]
    shards: dict[int, Path] = {}
    counts: set[int] = set()
    plans: set[str] = set()
    jobs = 0
    for folder, m in manifests:
        shard = m.get("shard")
        if not shard:
            raise SelfserveError(f"{folder}: not built with --shard; nothing to merge")
        index, count = (int(x) for x in str(shard["of"]).split("/"))
        if index in shards:
            raise SelfserveError(f"shard {index}/{count} given twice: {shards[index]} and {folder}")
        shards[index] = folder
        counts.add(count)
        plans.add(shard["plan"])
        jobs += int(shard["jobs"])
    if len(counts) != 1:
        raise SelfserveError(f"the folders come from different shard counts: {sorted(counts)}")
    if len(plans) != 1:
        raise SelfserveError("the shards were built from different content or settings; rebuild them "
                             "from the same commit")
    count = counts.pop()
    missing = sorted(set(range(1, count + 1)) - set(shards))
    if missing:
        raise SelfserveError(f"missing shard(s) {', '.join(f'{i}/{count}' for i in missing)}")
    total = int(manifests[0][1]["shard"]["jobs_all"])
    if jobs != total:
        raise SelfserveError(f"the shards rendered {jobs} jobs but the plan has {total}")

    entries: dict[str, ManifestEntry] = {}
    origin: dict[str, Path] = {}
    findings: list[Any] = []
    summaries: list[Any] = []
    translations: list[Any] = []
    with BuildLock(out), BuildTransaction(out) as txn:
        for folder, m in manifests:
            for e in _entries(folder, m):
                if e.path in entries:
                    raise SelfserveError(f"{e.path} was rendered twice ({origin[e.path]} and {folder})")
                _copy(folder, out, e, txn)
                entries[e.path] = e
                origin[e.path] = folder
            try:
                report = json.loads((folder / "report.json").read_text("utf-8"))
                findings += report["findings"]
                summaries += report.get("summaries", [])
                # Missing translations are the project's, the same in every shard: keep one list.
                translations = report.get("translations", translations)
            except (OSError, ValueError, KeyError):
                pass  # a shard without a readable report has no findings to carry over
        findings.sort(key=lambda f: (f.get("path", ""), f.get("code", ""), f.get("layer", "")))
        summaries.sort(key=lambda e: str(e.get("path", "")))
        report = {"findings": findings, "summaries": summaries, "translations": translations}
        txn.write(out / "report.json",
                  (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        write_manifest(out, list(entries.values()), manifests[0][1].get("project", ""), writer=txn)
        write_gallery(out, list(entries.values()), None, manifests[0][1].get("project", ""),
                      lang=default_lang(list(entries.values())), writer=txn)
        txn.commit()
    return {"shards": count, "files": len(entries), "jobs": jobs}
