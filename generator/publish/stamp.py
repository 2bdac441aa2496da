"""The build stamp: a build with nothing to do answers in a tenth of a second.

A no-op build used to load the project, check fonts and designs, plan and key every job,
verify every file and write the manifest, report and gallery again to the same bytes:
about 1 s for the sample's 2,400 files, 2.3 s of CPU for 11,000. Most of that answers a
question the file system can answer first: *has anything the build could read changed
since the last complete build, and is what it wrote still there?*

:func:`inputs_digest` covers what a build can read or depend on:

- every file under the project folder, by path, size, mtime_ns, inode and mode (``lstat``:
  a symlink is recorded as itself and never followed; the build refuses links out), except
  the output folder, version-control folders, virtual environments and caches;
- selfserve itself (its version and its package files), the import path's folders (a
  library installed or removed), the font folders, ``SOURCE_DATE_EPOCH`` and the options.

:func:`record` (after a build's last commit) stores that digest with the signature of
every file the build left in the output folder and what the build printed (counts,
findings, warnings, notes). :func:`replay` answers the next build from it when the digest
is the same, no interrupted build is pending and every recorded output file still has its
signature; any difference, and the build runs as before and records a new stamp.

Racy edits (as git calls them): a file changed in the same clock tick as the digest was
taken would look unchanged, so a digest taken within :data:`RACY_SECONDS` of an input's
mtime is not recorded. The stamp is a cache: versioned and checksummed, a damaged or
foreign one is ignored, and a failure to write it only costs the next build its shortcut.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.environment import FIXED_EPOCH, font_folders
from generator.publish.atomic import write_atomic
from generator.publish.transaction import JOURNAL, state_dir

STAMP = "stamp.json"
VERSION = 1
#: An input modified this recently (seconds) makes a digest unsafe to record.
RACY_SECONDS = 2.0
#: Folders no build reads: version control, caches, dependencies.
SKIPPED = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
        ".cache",
    }
)
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Digest:
    value: str
    racy: bool  # an input changed too recently to trust its mtime


@dataclass(frozen=True)
class Shown:
    """A lint finding as the build printed it (its code and its line)."""

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Replay:
    """What a build answered from the stamp prints: the recorded build's figures."""

    document: dict[str, Any]  # ``build --json``'s document (without ok and command)
    findings: list[Shown]
    warnings: list[str]  # the project's load warnings, printed before the build
    files: int
    jobs: int


def _tree(root: Path, skip: Path, h: Any, newest: list[int]) -> None:
    """Feed ``h`` with every entry under ``root`` (sorted, lstat), ``skip`` left out."""
    skip_s = str(skip)
    for dirpath, dirnames, filenames in os.walk(root):
        if "pyvenv.cfg" in filenames and dirpath != str(root):
            dirnames[:] = []  # a virtual environment inside the project
            continue
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED and os.path.join(dirpath, d) != skip_s)
        for name in sorted(filenames) + dirnames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISDIR(st.st_mode):
                newest[0] = max(newest[0], st.st_mtime_ns)
            h.update(
                f"{os.path.relpath(path, root)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}"
                f"\0{st.st_mode}\n".encode("utf-8", "surrogateescape")
            )


def inputs_digest(root: Path, out: Path, options: Mapping[str, Any]) -> Digest:
    """The digest of everything a build of ``root`` into ``out`` with ``options`` reads."""
    h = hashlib.sha256(f"selfserve {__version__} stamp {VERSION}\n".encode())
    h.update(json.dumps(dict(options), sort_keys=True, default=str).encode())
    # The timestamp PDFs carry: the user's SOURCE_DATE_EPOCH, else the one a build sets.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip() or str(FIXED_EPOCH)
    h.update(f"\nSOURCE_DATE_EPOCH={epoch}\n{sys.version}\n".encode())
    newest = [0]
    _tree(root.resolve(), out.resolve(), h, newest)
    package = [0]  # the package's own files: an edited design or renderer
    _tree(_PACKAGE, _PACKAGE / "__pycache__", h, package)
    for entry in sys.path:
        try:
            h.update(f"{entry}\0{os.stat(entry).st_mtime_ns}\n".encode())
        except OSError:
            continue
    h.update(repr(font_folders()).encode())
    racy = time.time_ns() - newest[0] < RACY_SECONDS * 1e9
    return Digest(h.hexdigest(), racy)


def _outputs(out: Path) -> dict[str, list[int]]:
    """(size, mtime_ns, inode) of every file in ``out`` but selfserve's bookkeeping."""
    found: dict[str, list[int]] = {}
    base = str(out)
    for dirpath, dirnames, filenames in os.walk(out):
        if dirpath == base:
            dirnames[:] = [d for d in dirnames if d != state_dir(out).name]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            found[os.path.relpath(path, base)] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return found


def _body_checksum(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    out: Path, digest: Digest | None, document: Mapping[str, Any], findings: list[Any], warnings: list[str]
) -> None:
    """After a build's last commit: remember its inputs, its files and what it printed."""
    target = state_dir(out) / STAMP
    if digest is None or digest.racy:
        target.unlink(missing_ok=True)  # an older stamp must not answer for these inputs
        return
    data = {
        "digest": digest.value,
        "outputs": _outputs(out),
        "document": dict(document),
        "findings": [[f.code, str(f)] for f in findings],
        "warnings": list(warnings),
    }
    try:
        _write(out, data)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply not kept
        target.unlink(missing_ok=True)


def _write(out: Path, data: Mapping[str, Any]) -> None:
    """The stamp file: its body checksummed, so a damaged one is never trusted."""
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    doc = {"version": VERSION, "sha256": _body_checksum(body), "body": body}
    write_atomic(state_dir(out) / STAMP, json.dumps(doc).encode())


def _load(out: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads((state_dir(out) / STAMP).read_text("utf-8"))
        body = doc["body"]
        if doc.get("version") != VERSION or _body_checksum(body) != doc["sha256"]:
            return None
        data = json.loads(body)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _unchanged(out: Path, outputs: Mapping[str, Any]) -> bool:
    base = str(out)
    for rel, sig in outputs.items():
        try:
            st = os.lstat(os.path.join(base, rel))
        except OSError:
            return False
        if [st.st_size, st.st_mtime_ns, st.st_ino] != sig:
            return False
    return True


def replay(out: Path, digest: Digest) -> Replay | None:
    """The last build's answer when nothing it read or wrote has changed, else None.

    ``build.json`` then says this build rendered nothing (written only when it said
    otherwise), so a CI job that publishes what the last build rendered publishes nothing.
    """
    if digest.racy or (state_dir(out) / JOURNAL).exists() or (state_dir(out) / "staging").exists():
        return None
    data = _load(out)
    if data is None or data.get("digest") != digest.value or not isinstance(data.get("outputs"), dict):
        return None
    outputs: dict[str, Any] = data["outputs"]
    if not _unchanged(out, outputs):
        return None
    document = dict(data.get("document") or {})
    jobs = int(document.get("jobs", 0))
    log = (json.dumps({"rendered": [], "reused": jobs, "removed": 0, "jobs": jobs}, indent=2) + "\n").encode()
    log_path = out / "build.json"
    try:
        if log_path.read_bytes() != log:
            write_atomic(log_path, log)
            st = os.lstat(log_path)
            outputs["build.json"] = [st.st_size, st.st_mtime_ns, st.st_ino]
            _write(out, {**data, "outputs": outputs})
    except OSError:
        return None
    document.update(rendered=0, reused=jobs, removed=0, published_seconds=None)
    return Replay(
        document,
        [Shown(str(c), str(t)) for c, t in data.get("findings", [])],
        [str(w) for w in data.get("warnings", [])],
        int(document.get("files", 0)),
        jobs,
    )
