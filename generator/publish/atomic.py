"""Atomic file writes: a crash leaves the old file or the new one, never half.

Write to a temporary name in the same folder, flush and fsync, then
``os.replace``, which is atomic on POSIX (Lektor does the same for artifacts).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from generator.errors import SelfserveError


def _explain(exc: OSError, path: Path) -> SelfserveError:
    if exc.errno == errno.ENOSPC:
        return SelfserveError(f"no space left on the device while writing {path}; free some space "
                              "and build again (earlier outputs are intact)")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SelfserveError(f"cannot write {path}: the folder is read-only or not yours; choose "
                              "another --out or fix its permissions")
    return SelfserveError(f"cannot write {path}: {exc.strerror}")


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
        raise _explain(exc, path) from None


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))
