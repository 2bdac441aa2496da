"""Shared fixtures: fresh copies of the starter and the sample project in tmp folders."""

from __future__ import annotations

import os
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


#: Rendered outputs, the bulk of a built project's bytes.
_SHARED_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".pdf", ".svg", ".mp4", ".gif")


def copy_built(src: Path, dest: Path) -> Path:
    """A copy of a built project for one test, its rendered images and PDFs hard-linked.

    Every file selfserve writes is replaced whole (a temporary file and ``os.replace``),
    never written into, so a link is never written through: a rebuild in ``dest`` leaves
    ``src`` as it was, and a test that compares hashes before and after still sees any
    change. Linking instead of copying some 15 MB per case is what keeps the corpus of
    bad inputs fast. Other files (manifests, caches, the build lock) are copied.
    """

    def link_or_copy(a: str, b: str) -> object:
        if a.endswith(_SHARED_SUFFIXES):
            try:
                os.link(a, b)
                return b
            except OSError:  # another file system, or links not allowed
                pass
        return shutil.copy2(a, b)

    shutil.copytree(src, dest, symlinks=True, copy_function=link_or_copy)
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


#: How many cases of each folder of a data-driven test the fast lane keeps.
FAST_PER_GROUP = 2


def fast_sample(ids: list[str], per_group: int = FAST_PER_GROUP) -> set[str]:
    """The case ids the fast lane (``pytest -m "not slow"``) runs: the first ``per_group``
    of each folder (``config/...``, ``faqs/...``) in sorted order, so every reader and
    every kind of bad input is still tried there; the full suite runs every case."""
    seen: dict[str, int] = {}
    keep = set()
    for case in sorted(ids):
        group = case.split("/", 1)[0]
        if seen.get(group, 0) < per_group:
            keep.add(case)
        seen[group] = seen.get(group, 0) + 1
    return keep
