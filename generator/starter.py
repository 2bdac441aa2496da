"""``selfserve init``: copy the starter project (package data) into a new folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import SelfserveError
from generator.load.themes import THEMES

STARTER = Path(__file__).resolve().parent / "data" / "starter"


def create_project(target: Path, *, force: bool = False, theme: str | None = None) -> list[Path]:
    """Copy the starter files; refuse to overwrite anything unless ``force``. With
    ``theme``, the new selfserve.yaml names that theme and uses its example palette."""
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
    cfg = target / "selfserve.yaml"
    if theme and cfg in written:
        apply_theme(cfg, theme)
    gi = target / ".gitignore"
    if not gi.exists():
        gi.write_text("output/\n")
        written.append(gi)
    return written


def apply_theme(cfg: Path, theme: str) -> None:
    """Write ``theme:`` and the theme's palette into the starter's selfserve.yaml, keeping
    its comments (the four colour lines are the starter's own, so a text edit is exact)."""
    import re


    style = THEMES[theme]
    text = cfg.read_text("utf-8")
    for role, value in style.palette.items():
        text = re.sub(rf'^(    {role}: )"#[0-9A-Fa-f]{{6}}"', rf'\g<1>"{value}"', text, count=1,
                      flags=re.M)
    text = text.replace("  colors:\n", f"  theme: {theme}           # {style.description}\n"
                                       "  colors:\n", 1)
    cfg.write_text(text, "utf-8")
