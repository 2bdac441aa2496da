"""Confinement: every path named in content or config must stay inside the project.

Why resolve first: ``assets/../../etc/passwd`` and a symlink in ``assets/`` that
points to ``/etc`` both look harmless as text. We resolve symlinks and ``..`` and
then require the result to be under the project root.
"""

from __future__ import annotations

import os
from pathlib import Path


class OutsideProject(ValueError):
    """The path leaves the project folder (message says how)."""


def resolve_inside(root: Path, rel: str) -> Path:
    """``root / rel`` resolved, or :class:`OutsideProject` when it escapes ``root``.

    URLs and absolute paths are refused too: content never names the network or
    a file elsewhere on the machine.
    """
    text = rel.strip()
    if "://" in text or text.startswith(("//", "data:")):
        raise OutsideProject(f"'{rel}' is a URL; only files inside the project can be used")
    if Path(text).is_absolute() or text.startswith("~"):
        raise OutsideProject(f"'{rel}' is an absolute path; give a path inside the project")
    base = root.resolve()
    target = (base / text).resolve()
    if target != base and base not in target.parents:
        lexical = Path(os.path.normpath(base / text))
        if lexical == base or base in lexical.parents:
            raise OutsideProject(f"'{rel}' is a symbolic link to a place outside the project "
                                 "folder; copy the file into the project instead")
        raise OutsideProject(f"'{rel}' points outside the project folder")
    return target
