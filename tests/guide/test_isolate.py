"""A guide is laid out in a forked child (issue 25): what comes back must be exactly what
the function returned or raised, and the child's memory must not stay with the caller."""

from __future__ import annotations

import os
import threading

import pytest

from generator.errors import SelfserveError
from generator.render.guide.isolate import isolated


def _pid_and(value: bytes) -> tuple[int, bytes]:
    return os.getpid(), value


def _fail(message: str) -> None:
    raise SelfserveError(message)


class _Unpicklable(Exception):
    def __reduce__(self) -> object:
        raise TypeError("no pickling")


def _fail_unpicklable() -> None:
    raise _Unpicklable("odd failure")


def _grow() -> int:
    """Allocate 200 MB in the child; return its size so the caller can compare."""
    block = bytearray(200 * 2**20)
    return len(block)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not hasattr(os, "fork"), reason="runs in this process without fork")
def test_result_comes_back_from_another_process() -> None:
    pid, value = isolated(_pid_and, b"\x00bytes" * 1000)
    assert pid != os.getpid()
    assert value == b"\x00bytes" * 1000


@pytest.mark.skipif(not hasattr(os, "fork"), reason="runs in this process without fork")
def test_errors_are_raised_in_the_caller() -> None:
    with pytest.raises(SelfserveError, match="content/faqs.yaml:3: bad"):
        isolated(_fail, "content/faqs.yaml:3: bad")
    with pytest.raises(SelfserveError, match="_Unpicklable: odd failure"):
        isolated(_fail_unpicklable)


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads Linux's /proc")
def test_the_childs_memory_is_not_kept() -> None:
    before = _rss_mb()
    assert isolated(_grow) == 200 * 2**20
    assert _rss_mb() - before < 50


def test_with_other_threads_it_runs_here() -> None:
    """A forked child would copy other threads' locks mid-use: then no fork at all."""
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        pid, _ = isolated(_pid_and, b"")
    finally:
        stop.set()
        t.join()
    assert pid == os.getpid()
