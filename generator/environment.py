"""What the machine lacks, said in one line: a failed system-library load becomes the
``apt-get install`` line that fixes it, instead of an internal error.

WeasyPrint (guides, document PDFs) loads Pango, GObject and HarfBuzz through cffi
when it is first imported; on a machine without them the import raises ``OSError``
("cannot load library 'libpango-1.0-0'...") wherever the first PDF is made, possibly
in a worker process. The CLI passes any unexpected exception here before calling it
a bug, so every path that imports WeasyPrint gets the same clear message.
"""

from __future__ import annotations

import os
import re

from generator.errors import SelfserveError

#: 2026-01-01T00:00:00Z: the timestamp libraries write when SOURCE_DATE_EPOCH is not given.
FIXED_EPOCH = 1767225600

#: Library name fragment -> Debian package(s) that provide it.
_PACKAGES = (
    ("pangoft2", "libpangoft2-1.0-0"),
    ("pangocairo", "libpangocairo-1.0-0"),
    ("pango", "libpango-1.0-0 libpangoft2-1.0-0"),
    ("harfbuzz-subset", "libharfbuzz-subset0"),
    ("harfbuzz", "libharfbuzz0b libharfbuzz-subset0"),
    ("gobject", "libglib2.0-0"),
    ("fontconfig", "libfontconfig1 fontconfig"),
    ("raqm", "libraqm0 libfribidi0"),
    ("fribidi", "libfribidi0"),
)
#: What WeasyPrint needs on Debian/Ubuntu, named in full when the missing one is unclear.
PDF_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"

_LOAD_FAILED = re.compile(r"cannot load library|cannot open shared object|no library called|"
                          r"library not found|undefined symbol", re.IGNORECASE)


def missing_library_message(exc: BaseException) -> str | None:
    """One line naming the packages to install when ``exc`` is a failed library load,
    else None (the exception is then a bug to report)."""
    if not isinstance(exc, (OSError, ImportError)):
        return None
    text = str(exc)
    if not _LOAD_FAILED.search(text):
        return None
    lowered = text.casefold()
    needed = next((pkgs for frag, pkgs in _PACKAGES if frag in lowered), PDF_PACKAGES)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if len(first) > 160:
        first = first[:157] + "..."
    return f"error: a system library is missing ({first}); install it with: apt-get install {needed}"


def fix_timestamps() -> None:
    """Make every timestamp a library writes come from SOURCE_DATE_EPOCH, never the clock.

    fontTools (used by WeasyPrint to subset fonts into PDFs) stamps ``head.modified``
    with the current time unless SOURCE_DATE_EPOCH is set (reproducible-builds.org), so
    a guide with emoji differed on every build. A value the user sets is kept (a CI may
    pass its commit time); otherwise it is :data:`FIXED_EPOCH`. Set in the building
    process before any worker starts, so workers inherit it.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        os.environ["SOURCE_DATE_EPOCH"] = str(FIXED_EPOCH)
    elif not value.isdigit():
        raise SelfserveError(f"SOURCE_DATE_EPOCH is '{value}': it must be a whole number of seconds "
                             "since 1970-01-01 (for example $(git log -1 --format=%ct)), or unset")


#: Where fontconfig finds the system's and the user's fonts (what a card can draw with).
FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts")


def font_folders(bases: tuple[str, ...] = FONT_DIRS) -> tuple[tuple[str, int], ...]:
    """Every font folder and its mtime: installing or removing a font changes the mtime of
    the folder it lands in (package managers and fc-cache write new files, they do not
    overwrite in place), so this is the cheap "did anything change?" test."""
    state: list[tuple[str, int]] = []
    for base in bases:
        for dirpath, _dirs, _files in os.walk(os.path.expanduser(base)):
            try:
                state.append((dirpath, os.stat(dirpath).st_mtime_ns))
            except OSError:
                continue
    return tuple(sorted(state))
