"""The font fingerprint in every key is looked at again per build: a font installed while
``selfserve serve`` runs changes the keys of the next build, without restarting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.plan import jobs
from generator.plan.jobs import fonts_fingerprint, make_key, refresh_fonts_fingerprint


@pytest.fixture()
def font_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "fonts"
    (folder / "truetype").mkdir(parents=True)
    (folder / "truetype" / "A.ttf").write_bytes(b"a")
    monkeypatch.setattr(jobs, "FONT_DIRS", (str(folder),))
    monkeypatch.setattr(jobs, "_fonts_seen", None)
    return folder


def test_a_font_installed_between_builds_changes_the_next_builds_keys(font_dir: Path) -> None:
    before = refresh_fonts_fingerprint()
    key = make_key("faq", "x")
    (font_dir / "truetype" / "B.ttf").write_bytes(b"b")
    # Within one build the fingerprint holds still (every key of a build agrees) ...
    assert fonts_fingerprint() == before and make_key("faq", "x") == key
    # ... and the next build sees the new font.
    after = refresh_fonts_fingerprint()
    assert after != before and make_key("faq", "x") != key
    assert refresh_fonts_fingerprint() == after  # nothing changed since: same fingerprint


def test_a_font_removed_or_a_new_folder_is_seen_too(font_dir: Path) -> None:
    before = refresh_fonts_fingerprint()
    (font_dir / "opentype").mkdir()
    (font_dir / "opentype" / "C.otf").write_bytes(b"c")
    grown = refresh_fonts_fingerprint()
    assert grown != before
    (font_dir / "opentype" / "C.otf").unlink()
    os.rmdir(font_dir / "opentype")
    assert refresh_fonts_fingerprint() == before


def test_unchanged_folders_are_not_read_again(font_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refresh_fonts_fingerprint()
    calls = []
    monkeypatch.setattr(jobs, "_fonts_digest", lambda: calls.append(1) or "x")
    refresh_fonts_fingerprint()
    assert calls == []  # only the folders were stat'ed
