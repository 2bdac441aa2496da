"""Atomic file writes: a crash leaves the old file or the new one, never half.

Write to a temporary name in the same folder, flush and fsync, then
``os.replace``, which is atomic on POSIX (Lektor does the same for artifacts).
A whole build goes further (:mod:`generator.publish.transaction`): its files are
staged with these writes and committed together.

Temporary names end in :data:`TMP_SUFFIX`, so cleaning up after a killed write
never touches a user's own ``*.tmp`` file in the output folder.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from generator.errors import SelfserveError

TMP_SUFFIX = ".selfserve-tmp"


def explain_os_error(exc: OSError, path: Path) -> SelfserveError:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return SelfserveError(f"no space left on the device while writing {path}; free some space "
                              "and build again (earlier outputs are intact)")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SelfserveError(f"cannot write {path}: the folder is read-only or not yours; choose "
                              "another --out or fix its permissions")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return SelfserveError(f"cannot write {path}: a file stands where a folder is needed; choose "
                              "another --out or move that file")
    return SelfserveError(f"cannot write {path}: {exc.strerror}")


def fsync_dir(folder: Path) -> None:
    """Make renames and new names in ``folder`` durable (a power loss keeps them)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (and Windows) cannot fsync a folder
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, shown: Path | None = None) -> None:
    """Write ``data`` to ``path`` atomically; an error names ``shown`` (the file the user
    knows, when ``path`` is its staged copy) and says what to do."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=TMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError as exc:
        raise explain_os_error(exc, shown or path) from None


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))
