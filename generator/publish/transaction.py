"""Whole-build transactions: the output folder holds one complete build, never a mix.

Why a journal (the promise SQLite and git make): replacing files one by one and the
manifest last means a build killed (or out of disk) halfway leaves old and new files
side by side, and a manifest that agrees with neither. A :class:`BuildTransaction`
therefore writes every new file into ``<out>/.selfserve/staging/`` (same folder tree,
same file system, so moving a file in is one atomic ``rename``), fsyncs it, and then
commits in two steps:

1. the **journal** ``<out>/.selfserve/journal.json`` is written atomically: the list of
   staged files to move in (the manifest last) and of files to remove. Its appearance
   on disk is the commit point; it carries a checksum of its own body.
2. the journal is **applied**: renames, then removals, then the journal is deleted.

:func:`recover` runs at the start of every command that reads the output, under the
build lock: a journal that is present and intact is applied again (every step is
idempotent), so the new build completes (roll forward); staged files without a journal
are deleted (roll back), so the earlier build stays as it was. Until the journal exists
nothing in the output folder itself has changed, which is why a full disk (which can
only strike while staging) always leaves the earlier build intact.

A :class:`DirectWriter` has the same interface for commands that write outside any
build (``schema --out``): atomic per file, nothing staged.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Protocol

from generator.errors import SelfserveError
from generator.publish.atomic import TMP_SUFFIX, fsync_dir, write_atomic
from generator.publish.lock import BuildLock, LockBusy

STATE_DIR = ".selfserve"
STAGING = "staging"
JOURNAL = "journal.json"
#: The manifest is moved in last: a reader that finds it new finds every file new.
LAST = ("manifest.json",)


class Writer(Protocol):
    """Where publish code writes the files of a build, and reads what it wrote."""

    def write(self, path: Path, data: bytes) -> None: ...

    def current(self, path: Path) -> Path:
        """The file as this build sees it: the staged copy when there is one."""
        ...


class DirectWriter:
    """Writes each file atomically in place (no whole-build promise)."""

    def write(self, path: Path, data: bytes) -> None:
        write_atomic(path, data)

    def current(self, path: Path) -> Path:
        return path


def state_dir(out: Path) -> Path:
    return out / STATE_DIR


class BuildTransaction:
    """Files of one build, staged beside the output and committed all at once.

    Use only while holding the output folder's :class:`~generator.publish.lock.BuildLock`.
    ``write`` takes the file's final path inside ``out``; ``remove`` a relative path of a
    file the previous manifest lists. Nothing in ``out`` changes before :meth:`commit`.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.stage = state_dir(out) / STAGING
        self.staged: dict[str, Path] = {}
        self.removed: set[str] = set()
        self.recovered: str | None = None

    def __enter__(self) -> BuildTransaction:
        """Recover an interrupted build first (roll forward or back), then start clean."""
        self.recovered = recover(self.out)
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        """An error, a Ctrl-C or a full disk before the commit: the staged files go,
        the output folder is as the earlier build left it."""
        if exc_type is not None and not (state_dir(self.out) / JOURNAL).exists():
            self.abort()

    def _rel(self, path: Path) -> str:
        try:
            rel = path.relative_to(self.out)
        except ValueError:
            raise SelfserveError(f"internal: {path} is not inside {self.out}") from None
        if rel.parts and rel.parts[0] == STATE_DIR:
            raise SelfserveError(f"{path}: this name is reserved for selfserve's own bookkeeping")
        return rel.as_posix()

    def write(self, path: Path, data: bytes) -> None:
        rel = self._rel(path)
        # Checked now, while failing changes nothing: the commit itself must not fail.
        if path.is_dir() and not path.is_symlink():
            raise SelfserveError(f"cannot write {path}: a folder stands where this file goes; move "
                                 "that folder or build into another --out")
        real_out = os.path.realpath(self.out)
        real_parent = os.path.realpath(path.parent)
        if real_parent != real_out and not real_parent.startswith(real_out + os.sep):
            raise SelfserveError(f"cannot write {path}: a folder on its way is a link out of the "
                                 f"output folder {self.out}; remove that link")
        staged = self.stage / rel
        write_atomic(staged, data, shown=path)
        self.staged[rel] = staged
        self.removed.discard(rel)

    def current(self, path: Path) -> Path:
        return self.staged.get(self._rel(path), path)

    def remove(self, rel: str) -> None:
        if rel not in self.staged:
            self.removed.add(rel)

    def commit(self) -> list[str]:
        """Write the journal (the commit point), then apply it; returns the files moved in."""
        if not self.staged and not self.removed:
            self.abort()
            return []
        moves = sorted(self.staged, key=lambda r: (r in LAST, r))
        body = {"moves": moves, "removes": sorted(self.removed)}
        # The staged files' folders hold their data durably before the journal names them.
        for folder in {p.parent for p in self.staged.values()}:
            fsync_dir(folder)
        _write_journal(self.out, body)
        _apply(self.out, body)
        return moves

    def abort(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)


def _digest(body: dict[str, list[str]]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _write_journal(out: Path, body: dict[str, list[str]]) -> None:
    doc = {"version": 1, "sha256": _digest(body), **body}
    write_atomic(state_dir(out) / JOURNAL, (json.dumps(doc) + "\n").encode())
    fsync_dir(state_dir(out))


def _read_journal(out: Path) -> dict[str, list[str]] | None:
    """The journal's body, or None when there is none or it is damaged (then the staged
    files are discarded and the earlier build stays)."""
    try:
        doc = json.loads((state_dir(out) / JOURNAL).read_text("utf-8"))
        body = {"moves": [str(r) for r in doc["moves"]], "removes": [str(r) for r in doc["removes"]]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if doc.get("version") != 1 or doc.get("sha256") != _digest(body):
        return None
    return body


def _safe_rel(rel: str) -> bool:
    """A journal names only plain relative paths inside the output folder."""
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts and parts[0] != STATE_DIR


def _apply(out: Path, body: dict[str, list[str]]) -> None:
    """Move the staged files in and remove the listed ones; safe to repeat after a crash."""
    stage = state_dir(out) / STAGING
    touched: set[Path] = set()
    try:
        for rel in body["moves"]:
            if not _safe_rel(rel):
                continue
            src, dst = stage / rel, out / rel
            if src.is_file() and not src.is_symlink():
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)  # a folder in the way fails here, and is never removed
                touched.add(dst.parent)
        for rel in body["removes"]:
            if not _safe_rel(rel):
                continue
            target = out / rel
            if target.is_file() or target.is_symlink():
                target.unlink()
                touched.add(target.parent)
        for folder in touched:
            fsync_dir(folder)
    except OSError as exc:
        raise SelfserveError(f"cannot finish writing the build into {out}: {exc.strerror}; fix the "
                             "folder and run the command again (it completes the build)") from None
    for folder in sorted(touched, key=lambda p: -len(p.parts)):
        _prune(out, folder)
    (state_dir(out) / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)
    fsync_dir(state_dir(out))


def _prune(out: Path, folder: Path) -> None:
    """Remove folders emptied by removals, up to the output folder."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def recover(out: Path) -> str | None:
    """Finish or undo an interrupted build in ``out``; what was done, or None.

    Call under the build lock. Also removes temporary files that an interrupted
    atomic write left (only selfserve's own ``*.selfserve-tmp`` names)."""
    if not out.is_dir():
        return None
    done = None
    body = _read_journal(out)
    if body is not None:
        _apply(out, body)
        done = "completed the build that was interrupted while being committed"
    else:
        stage = state_dir(out) / STAGING
        journal = state_dir(out) / JOURNAL
        if stage.exists() or journal.exists():
            shutil.rmtree(stage, ignore_errors=True)
            journal.unlink(missing_ok=True)
            done = "discarded the files of a build that was interrupted before it was complete"
    for tmp in out.rglob(f".*{TMP_SUFFIX}"):
        try:
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()
        except OSError:
            pass
    return done



def recover_if_idle(out: Path) -> bool:
    """Recover ``out`` before reading it; False when a build holds it right now.

    A reader then sees the last committed build: the manifest is moved in last, so
    every file it lists is the one it describes, or is being replaced by the running
    build's commit (a reader verifies the hash before trusting a file)."""

    if not (out / STATE_DIR).is_dir():
        return True  # nothing was ever staged here: no lock file to create
    try:
        with BuildLock(out):
            recover(out)
    except LockBusy:
        return False
    return True
