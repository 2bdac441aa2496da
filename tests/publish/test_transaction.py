"""The whole-build transaction and verified reuse, step by step (fast; the kill and
full-disk trials are in test_crash.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from generator.publish.transaction import JOURNAL, STATE_DIR, BuildTransaction, recover
from generator.publish.verify import SIGNATURES

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"


def test_nothing_changes_before_commit_and_everything_after(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.png").write_bytes(b"old")
    (out / "gone.png").write_bytes(b"gone")
    with BuildTransaction(out) as txn:
        txn.write(out / "old.png", b"new")
        txn.write(out / "sub" / "added.png", b"added")
        txn.write(out / "manifest.json", b"{}")
        txn.remove("gone.png")
        assert (out / "old.png").read_bytes() == b"old" and (out / "gone.png").exists()
        assert txn.current(out / "old.png").read_bytes() == b"new"
        moved = txn.commit()
    assert moved[-1] == "manifest.json"  # the manifest last
    assert (out / "old.png").read_bytes() == b"new"
    assert (out / "sub" / "added.png").read_bytes() == b"added"
    assert not (out / "gone.png").exists()
    assert not (out / STATE_DIR / "staging").exists() and not (out / STATE_DIR / JOURNAL).exists()


def test_an_error_before_commit_discards_the_staged_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.png").write_bytes(b"old")
    with pytest.raises(RuntimeError), BuildTransaction(out) as txn:
        txn.write(out / "a.png", b"new")
        raise RuntimeError("render failed")
    assert (out / "a.png").read_bytes() == b"old"
    assert not (out / STATE_DIR / "staging").exists()


def _half_applied(out: Path) -> None:
    """A commit killed after its journal was written and one file was moved in."""
    from generator.publish import transaction

    real = transaction._apply
    calls = {"n": 0}

    def dies(out_: Path, body: dict) -> None:
        stage = out_ / STATE_DIR / "staging"
        os.replace(stage / body["moves"][0], out_ / body["moves"][0])
        calls["n"] += 1
        raise KeyboardInterrupt  # the process dies here

    transaction._apply = dies
    try:
        with pytest.raises(KeyboardInterrupt), BuildTransaction(out) as txn:
            txn.write(out / "a.png", b"A2")
            txn.write(out / "b.png", b"B2")
            txn.write(out / "manifest.json", b"M2")
            txn.remove("c.png")
            txn.commit()
    finally:
        transaction._apply = real
    assert calls["n"] == 1


def test_recovery_rolls_a_journaled_commit_forward(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name, data in (("a.png", b"A1"), ("b.png", b"B1"), ("c.png", b"C1"), ("manifest.json", b"M1")):
        (out / name).write_bytes(data)
    _half_applied(out)
    assert (out / "a.png").read_bytes() == b"A2" and (out / "b.png").read_bytes() == b"B1"  # a mix
    assert recover(out) == "completed the build that was interrupted while being committed"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == {
        "a.png": b"A2", "b.png": b"B2", "manifest.json": b"M2"}
    assert recover(out) is None  # done once


def test_recovery_rolls_back_staged_files_without_a_journal(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stage = out / STATE_DIR / "staging"
    stage.mkdir(parents=True)
    (out / "a.png").write_bytes(b"A1")
    (stage / "a.png").write_bytes(b"A2")
    assert recover(out) == "discarded the files of a build that was interrupted before it was complete"
    assert (out / "a.png").read_bytes() == b"A1" and not stage.exists()


def test_a_damaged_journal_is_never_applied(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stage = out / STATE_DIR / "staging"
    stage.mkdir(parents=True)
    (out / "a.png").write_bytes(b"A1")
    (stage / "a.png").write_bytes(b"A2")
    body = {"version": 1, "sha256": "0" * 64, "moves": ["a.png"], "removes": []}
    (out / STATE_DIR / JOURNAL).write_text(json.dumps(body))
    recover(out)
    assert (out / "a.png").read_bytes() == b"A1"


def test_a_journal_never_reaches_outside_the_output(tmp_path: Path) -> None:
    from generator.publish.transaction import _digest

    out = tmp_path / "out"
    (out / STATE_DIR / "staging").mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    body = {"moves": [], "removes": ["../victim.txt", str(victim)]}
    (out / STATE_DIR / JOURNAL).write_text(json.dumps({"version": 1, "sha256": _digest(body), **body}))
    recover(out)
    assert victim.read_text() == "keep"


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    out = tmp_path / "out"
    build(load_project(root), BuildOptions(out=out, jobs=1, platforms=("x",), kinds=("faq",)))
    return root, out


def test_a_tampered_asset_is_rendered_again(built: tuple[Path, Path]) -> None:
    root, out = built
    entry = json.loads((out / "manifest.json").read_text())["assets"][0]
    card = out / entry["path"]
    good = card.read_bytes()
    bad = bytearray(good)
    bad[-20] ^= 0xFF  # same size: a size check alone would reuse it
    card.write_bytes(bytes(bad))
    summary = build(load_project(root), BuildOptions(out=out, jobs=1, platforms=("x",), kinds=("faq",)))
    assert summary.rendered == 1
    assert card.read_bytes() == good


def test_a_tampered_caption_file_is_written_again(built: tuple[Path, Path]) -> None:
    root, out = built
    entry = json.loads((out / "manifest.json").read_text())["assets"][0]
    txt = out / entry["caption_file"]
    good = txt.read_bytes()
    txt.write_bytes(good.upper())
    build(load_project(root), BuildOptions(out=out, jobs=1, platforms=("x",), kinds=("faq",)))
    assert txt.read_bytes() == good


def test_a_damaged_signature_cache_is_discarded(built: tuple[Path, Path]) -> None:
    root, out = built
    sigs = out / STATE_DIR / SIGNATURES
    for damage in (b"", b"\0" * 40, b'{"version": 1, "sha256": "x", "files": "{}"}', sigs.read_bytes()[:-9]):
        sigs.write_bytes(damage)
        summary = build(load_project(root), BuildOptions(out=out, jobs=1, platforms=("x",), kinds=("faq",)))
        assert summary.rendered == 0 and summary.reused == summary.total  # every file hashed instead


def test_users_own_files_survive_and_only_listed_orphans_go(built: tuple[Path, Path]) -> None:
    root, out = built
    notes = out / ".my-notes.tmp"
    notes.write_text("mine")
    own = out / "x" / "faq" / "my-draft.png"
    own.write_bytes(b"mine")
    faqs = root / "content" / "faqs.yaml"
    text = faqs.read_text()
    first_id = "how-do-i-reset-my-password"
    # Drop the first FAQ: its card and caption are orphans now.
    head, rest = text.split("  - id: ", 1)
    faqs.write_text(head + "  - id: " + rest.split("  - id: ", 1)[1])
    summary = build(load_project(root), BuildOptions(out=out, jobs=1, platforms=("x",), kinds=("faq",)))
    assert summary.removed == 1
    assert not list(out.rglob(f"{first_id}*"))
    assert notes.read_text() == "mine" and own.read_bytes() == b"mine"


def test_a_folder_in_the_way_or_a_link_out_of_the_output_fails_before_anything_changes(
        tmp_path: Path) -> None:
    from generator.errors import SelfserveError

    out = tmp_path / "out"
    (out / "card.png").mkdir(parents=True)
    (out / "card.png" / "mine.txt").write_text("mine")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "x").symlink_to(elsewhere)
    with pytest.raises(SelfserveError, match="a folder stands where this file goes"), \
            BuildTransaction(out) as txn:
        txn.write(out / "card.png", b"new")
    with pytest.raises(SelfserveError, match="is a link out of the output folder"), \
            BuildTransaction(out) as txn:
        txn.write(out / "x" / "faq" / "a.png", b"new")
    assert (out / "card.png" / "mine.txt").read_text() == "mine"
    assert list(elsewhere.iterdir()) == []
    assert not (out / STATE_DIR / "staging").exists()
