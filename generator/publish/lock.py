"""One build per output folder at a time.

Two builds writing the same folder would interleave manifests. An advisory
``flock`` on ``<out>/.selfserve.lock`` is released by the kernel when a build
dies, so a killed build never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from generator.errors import SelfserveError

LOCK_NAME = ".selfserve.lock"


class BuildLock:
    def __init__(self, out: Path):
        self.path = out / LOCK_NAME
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise SelfserveError(f"cannot write to {self.path.parent}: {exc.strerror}; choose another "
                                 "--out or fix its permissions") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise SelfserveError(f"another selfserve build is writing to {self.path.parent}; wait for "
                                 "it to finish or build into another --out folder") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
