"""Sharded builds merged back equal one build; merge refuses gaps and overlaps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from generator.publish.merge import merge

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
PLATFORMS = ("x", "bluesky", "instagram-square", "pinterest")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name not in ("build.json",)
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def test_four_shards_merged_equal_one_build(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    project = load_project(root)
    whole = tmp_path / "whole"
    build(project, BuildOptions(out=whole, jobs=1, platforms=PLATFORMS, kinds=("faq",)))
    shards = []
    for i in range(1, 5):
        folder = tmp_path / f"shard-{i}"
        build(project, BuildOptions(out=folder, jobs=1, platforms=PLATFORMS, kinds=("faq",),
                                    shard=(i, 4)))
        shards.append(folder)
    counts = [len(list(s.rglob("*.png"))) + len(list(s.rglob("*.jpg"))) for s in shards]
    assert sum(counts) == 12 and max(counts) < 12
    merged = tmp_path / "merged"
    result = merge(shards, merged)
    assert result == {"shards": 4, "files": 12, "jobs": 12}
    assert _files(merged) == _files(whole)

    with pytest.raises(SelfserveError, match="missing shard"):
        merge(shards[:3], tmp_path / "partial")
    with pytest.raises(SelfserveError, match="given twice"):
        merge(shards + [shards[0]], tmp_path / "twice")
