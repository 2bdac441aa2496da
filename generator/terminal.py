"""What the terminal we print to allows: animation, colour.

A CI log or a file keeps every byte a progress bar draws, so animation needs a person
watching: both stdout and stderr on a terminal and no ``CI`` variable (set by GitHub
Actions, GitLab, Buildkite, ...). Colour follows https://no-color.org: ``NO_COLOR`` set to
anything non-empty turns it off; it is also off when the stream is not a terminal and on
``TERM=dumb``. Everything else in selfserve asks these functions instead of ``isatty``.
"""

from __future__ import annotations

import os
import sys
from typing import IO

import click


def _tty(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def is_ci() -> bool:
    """True in a CI job: ``CI`` set to anything but an empty string, "0" or "false"."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def may_animate() -> bool:
    """Whether a progress bar may redraw itself (a person at a terminal, not CI)."""
    return _tty(sys.stdout) and _tty(sys.stderr) and not is_ci()


def use_color(stream: IO[str] | None = None) -> bool:
    """Whether to colour what goes to ``stream`` (stderr by default)."""
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("TERM", "") == "dumb":
        return False
    return _tty(sys.stderr if stream is None else stream)


def paint(text: str, severity: str, stream: IO[str] | None = None) -> str:
    """``text`` coloured for its severity ("error", "warning", "note") when colour is on."""
    if not use_color(stream):
        return text
    fg = {"error": "red", "warning": "yellow", "note": "cyan"}.get(severity)
    return click.style(text, fg=fg) if fg else text
