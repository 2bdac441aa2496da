"""Run one guide in a forked child process, so its memory goes back when it is done.

Why: WeasyPrint lays out the whole document (the HTML tree, every box of every page)
before it writes a byte; for an 800-FAQ guide that is some 250 MB. Freed in the
process that rendered it, most of it stays mapped (small objects in fragmented
arenas), and a build worker then draws its share of the cards on top of it (issue 25:
the largest worker of an 800-FAQ build). A child forked for the guide starts with the
worker's warm fonts and modules (copy-on-write), returns the guide's result through a
pipe and exits, handing every page back to the system. Same code, same bytes.

In: a function and its arguments. Out: its return value, or the exception it raised
(re-raised here). Where there is no ``fork``, or other threads run in this process (a
forked child would hold copies of their locks), the function simply runs here.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from generator.errors import SelfserveError

T = TypeVar("T")


def _die_with_parent() -> None:
    """SIGKILL this child when the process that forked it dies: it inherited that
    process's file descriptors (the build lock among them), which must not outlive it."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def isolated(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``fn(*args, **kwargs)``, computed in a forked child when that is safe."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return fn(*args, **kwargs)
    parent = os.getpid()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 1
        try:
            os.close(read)
            _die_with_parent()
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            try:
                payload = pickle.dumps((True, fn(*args, **kwargs)))
            except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
                try:
                    payload = pickle.dumps((False, exc))
                    pickle.loads(payload)  # an exception whose __init__ takes other arguments fails here
                except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                    text = exc.format_message() if isinstance(exc, SelfserveError) else \
                        f"{type(exc).__name__}: {exc}"
                    payload = pickle.dumps((False, SelfserveError(text)))
            with os.fdopen(write, "wb") as fh:
                fh.write(payload)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write)
    try:
        with os.fdopen(read, "rb") as fh:
            data = fh.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not data:
        raise SelfserveError(
            f"the guide renderer (process {pid}) ended without a result "
            f"(exit status {status}); run the build again with --jobs 1 --debug"
        )
    ok, value = pickle.loads(data)
    if ok:
        return value  # type: ignore[no-any-return]  # pickle returns Any; fn's result went in
    raise value
