"""selfserve's own code is an input of every key: a renderer fixed in a new commit
re-renders the assets of an existing output folder, without ``--force`` or a version bump
(stop 28: the Arabic chart's fix reached old output folders only with ``--force``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.plan import jobs
from generator.plan.jobs import code_fingerprint

from tests.conftest import copy_sample
from tests.plan.test_derived_keys import _plan


@pytest.fixture()
def sample_root(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


def _package(tmp_path: Path) -> Path:
    pkg = tmp_path / "generator"
    (pkg / "render").mkdir(parents=True)
    (pkg / "render" / "card.py").write_text("x = 1\n")
    (pkg / "data").mkdir()
    (pkg / "data" / "design.yaml").write_text("layers: []\n")
    return pkg


def test_the_fingerprint_follows_the_bytes_of_code_and_data(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    before = code_fingerprint(pkg)
    assert code_fingerprint(pkg) == before  # deterministic
    (pkg / "render" / "card.py").write_text("x = 2\n")
    assert code_fingerprint(pkg) != before
    (pkg / "render" / "card.py").write_text("x = 1\n")
    assert code_fingerprint(pkg) == before  # by content, not by mtime
    (pkg / "data" / "design.yaml").write_text("layers: [1]\n")
    assert code_fingerprint(pkg) != before


def test_bytecode_and_a_copy_elsewhere_do_not_count(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    before = code_fingerprint(pkg)
    (pkg / "render" / "__pycache__").mkdir()
    (pkg / "render" / "__pycache__" / "card.cpython-311.pyc").write_bytes(b"\0" * 9)
    assert code_fingerprint(pkg) == before
    other = tmp_path / "checkout2" / "generator"
    shutil.copytree(pkg, other, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_fingerprint(other) == before  # two checkouts of one commit agree


def test_drawing_libraries_versions_are_read_from_the_import_path() -> None:
    names = {v.rsplit("-", 1)[0].casefold() for v in jobs._library_versions()}
    assert {"pillow", "matplotlib", "weasyprint"} <= names


def test_a_code_change_changes_every_key(sample_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _plan(sample_root)
    monkeypatch.setattr(jobs, "_code_seen", "another commit")
    after = _plan(sample_root)
    assert before.keys() == after.keys() and len(before) > 50
    assert all(before[k].key != after[k].key for k in before)
    monkeypatch.setattr(jobs, "_code_seen", None)
    assert {k: j.key for k, j in _plan(sample_root).items()} == {k: j.key for k, j in before.items()}
