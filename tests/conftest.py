"""Shared fixtures: fresh copies of the starter and the sample project in tmp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "generator" / "data" / "starter"
SAMPLE_PARTS = ("selfserve.yaml", "content", "assets", "templates")


def copy_sample(dest: Path, *, locales: bool = False) -> Path:
    """The repository's sample project (without its output) copied into ``dest``.

    The sample builds in English, German and Arabic; most tests want one locale (the
    plain ``output/<platform>/...`` layout and a third of the work), so ``locales``
    keeps the other locales only when asked.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)
    if not locales:
        cfg = dest / "selfserve.yaml"
        cfg.write_text("".join(line for line in cfg.read_text("utf-8").splitlines(keepends=True)
                               if not line.startswith("locales:")), "utf-8")
    return dest


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the starter project that ``selfserve init`` creates."""
    dest = tmp_path / "proj"
    shutil.copytree(STARTER, dest)
    return dest


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    """A copy of the repository's sample project."""
    return copy_sample(tmp_path / "sample")
