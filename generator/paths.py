"""Confinement: every path named in content or config must stay inside the project.

Why resolve first: ``assets/../../etc/passwd`` and a symlink in ``assets/`` that
points to ``/etc`` both look harmless as text. We resolve symlinks and ``..`` and
then require the result to be under the project root.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import Problem, SelfserveError


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


#: Folders (and files) of a project that selfserve reads from by convention: content,
#: designs, caption and guide templates, translation catalogs, images.
PROJECT_INPUTS: tuple[str, ...] = ("selfserve.yaml", "content", "templates", "locale", "assets")


def confined(root: Path, path: Path) -> Path:
    """``path`` (a file under ``root``, such as ``root/templates/captions/faq.txt.j2``)
    resolved, or :class:`OutsideProject` when it, or a folder on its way, is a link
    that leaves the project. The one gate for files selfserve finds by name."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return resolve_inside(root, Path(rel).as_posix())


def read_confined(root: Path, path: Path, shown: str) -> bytes:
    """The bytes of ``path`` after :func:`confined`; a refusal or a read error is a
    located :class:`~generator.errors.SelfserveError` at ``shown``."""

    try:
        return confined(root, path).read_bytes()
    except OutsideProject as exc:
        raise SelfserveError(Problem(shown, str(exc))) from None
    except OSError as exc:
        raise SelfserveError(Problem(shown, f"cannot be read: {exc.strerror}")) from None


def links_leaving(root: Path, names: tuple[str, ...] = PROJECT_INPUTS) -> list[str]:
    """Every symbolic link among the project's inputs that points outside the project
    (project-relative paths, sorted), found without opening any file. ``validate``
    reports them, so a link to /etc/passwd fails before a build would read it."""
    base = Path(os.path.realpath(root))
    found: list[str] = []

    def leaves(p: str) -> bool:
        target = Path(os.path.realpath(p))
        return target != base and base not in target.parents

    for name in names:
        top = os.path.join(root, name)
        if os.path.islink(top) and leaves(top):
            found.append(name)
            continue
        if not os.path.isdir(top) or os.path.islink(top):
            continue
        for folder, dirs, files in os.walk(top, followlinks=False):
            for entry in sorted(dirs + files):
                p = os.path.join(folder, entry)
                if os.path.islink(p) and leaves(p):
                    found.append(Path(os.path.relpath(p, root)).as_posix())
    return sorted(found)
