"""Names that become part of an output path must be valid file names on every system.

A FAQ id, an issue id or a preset name ends up as a folder or file name under
``output/`` (``x/faq/<id>.png``). Linux takes almost anything, but a project built
on Linux is often opened, synced or published from Windows, which refuses device
names (``CON``, ``NUL``, ``COM1``... with or without an extension) and characters
such as ``<>:"|?*``. pathvalidate knows Windows', macOS' and POSIX's rules, so
they are not copied here by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pathvalidate import FileNameValidator, ValidationError, validate_filename
from pathvalidate.error import ErrorReason

#: A slug: letters, digits and inner hyphens, as ids are. None of its characters is refused
#: anywhere and it cannot end in a dot or a space, so only its being one of pathvalidate's
#: reserved names (CON, NUL, COM1...) can make it invalid.
_SLUG = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


@lru_cache(maxsize=1)
def _reserved() -> frozenset[str]:
    """The names pathvalidate reserves on some system (upper case), asked once."""
    return frozenset(k.upper() for k in FileNameValidator(platform="universal").reserved_keywords)


def filename_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file or folder name on some system, or None when it can.

    A short slug that pathvalidate does not reserve is answered at once: 800 FAQ ids cost
    ``validate`` 21 ms through pathvalidate (26 us each), for names it never refuses
    (tests/load/test_filenames_fast.py checks both answers agree)."""
    if len(name) <= 100 and _SLUG.fullmatch(name) and name.upper() not in _reserved():
        return None
    try:
        # The file names selfserve writes add an extension ("con.png"): Windows
        # reserves the device names with any extension, and pathvalidate checks
        # the stem, so checking the bare name covers both.
        validate_filename(name, platform="universal")
    except ValidationError as exc:
        if exc.reason is ErrorReason.RESERVED_NAME:
            return (f"'{name}' is a device name that Windows reserves (CON, PRN, AUX, NUL, COM1-9, "
                    "LPT1-9) and cannot be a file name there; choose another")
        if exc.reason is ErrorReason.INVALID_CHARACTER:
            return f"'{name}' holds a character that Windows or macOS refuses in file names"
        return f"'{name}' cannot be a file name: {exc.reason.description}"
    return None


def is_safe_filename(name: str) -> bool:
    """True when ``name`` is a valid file name on Windows, macOS and Linux alike."""
    return filename_problem(name) is None
