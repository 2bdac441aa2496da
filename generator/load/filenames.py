"""Names that become part of an output path must be valid file names on every system.

A FAQ id, an issue id or a preset name ends up as a folder or file name under
``output/`` (``x/faq/<id>.png``). Linux takes almost anything, but a project built
on Linux is often opened, synced or published from Windows, which refuses device
names (``CON``, ``NUL``, ``COM1``... with or without an extension) and characters
such as ``<>:"|?*``. pathvalidate knows Windows', macOS' and POSIX's rules, so
they are not copied here by hand.
"""

from __future__ import annotations

from pathvalidate import ValidationError, validate_filename
from pathvalidate.error import ErrorReason


def filename_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file or folder name on some system, or None when it can."""
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
