"""One build per output folder at a time.

Two builds writing the same folder would interleave manifests. The lock is
``filelock``'s platform lock on ``<out>/.selfserve.lock``: ``flock`` on POSIX,
``msvcrt.locking`` on Windows, both released by the operating system when a
build dies, so a killed build never leaves a stale lock behind. A maintained
library instead of ``fcntl`` because ``fcntl`` does not exist on Windows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import SelfserveError

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_NAME = ".selfserve.lock"


class LockBusy(SelfserveError):
    """Another build holds the output folder; readers may still use its last commit."""


class BuildLock:
    """Hold ``<out>/.selfserve.lock`` for the life of a ``with`` block, or fail at once."""

    def __init__(self, out: Path):
        self.path = out / LOCK_NAME
        self._lock: FileLock | None = None

    def __enter__(self) -> BuildLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SelfserveError(f"cannot write to {self.path.parent}: {exc.strerror}; choose another "
                                 "--out or fix its permissions") from None
        # thread_local=False: one lock for the whole process (the build's worker threads
        # must not see it as theirs); is_singleton=False: a second BuildLock in the same
        # process is refused like a second process would be.
        # Imported here: filelock costs 20 ms at start-up, and a no-op build answered
        # from its stamp, `validate` and `reply` never take the lock.
        from filelock import FileLock, Timeout

        lock = FileLock(self.path, timeout=0, thread_local=False, is_singleton=False)
        try:
            lock.acquire()
        except Timeout:
            raise LockBusy(f"another selfserve build is writing to {self.path.parent}; wait for "
                           "it to finish or build into another --out folder") from None
        except OSError as exc:
            raise SelfserveError(f"cannot write to {self.path.parent}: {exc.strerror}; choose another "
                                 "--out or fix its permissions") from None
        self._lock = lock
        return self

    @property
    def fd(self) -> int | None:
        """The lock file's descriptor while held: forked render workers close their
        inherited copy, so a killed build's lock is released even while a worker lives."""
        if self._lock is None:
            return None
        fd = self._lock._context.lock_file_fd  # filelock keeps no public accessor for it
        return fd if isinstance(fd, int) else None

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
