"""``selfserve init``: copy the starter project (package data) into a new folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import SelfserveError

STARTER = Path(__file__).resolve().parent / "data" / "starter"


def create_project(target: Path, *, force: bool = False) -> list[Path]:
    """Copy the starter files; refuse to overwrite anything unless ``force``."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise SelfserveError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise SelfserveError(f"{target} is not empty; choose a new folder or pass --force "
                             "(existing files are never overwritten)")
    written: list[Path] = []
    for src in sorted(STARTER.rglob("*")):
        if src.is_dir() or "__pycache__" in src.parts:
            continue
        dest = target / src.relative_to(STARTER)
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        written.append(dest)
    for folder in ("assets", "templates"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    gi = target / ".gitignore"
    if not gi.exists():
        gi.write_text("output/\n")
        written.append(gi)
    return written
