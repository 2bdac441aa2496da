"""The font-coverage cache is a speed-up only: a damaged entry is discarded, never trusted."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from generator.render.text.fonts import font_chain

# The package re-exports a function named ``coverage``: take the module itself.
coverage = importlib.import_module("generator.render.text.coverage")


@pytest.mark.parametrize("damage", [b"", b"\0" * 3, b"\xff" * 4096, "truncated", "flipped", "v1"])
def test_a_damaged_cache_entry_is_recomputed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            damage: bytes | str) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    face = font_chain("Noto Sans", 400)[0]
    coverage.face_coverage.cache_clear()
    truth = coverage.face_coverage(face)
    cache = coverage._cache_file(face)
    assert cache is not None and cache.parent.name == f"coverage-v{coverage.CACHE_VERSION}"
    good = cache.read_bytes()
    if damage == "truncated":
        bad = good[:-8]
    elif damage == "flipped":  # one code point changed, same length: only the checksum sees it
        bad = good[:-4] + bytes([good[-4] ^ 1]) + good[-3:]
    elif damage == "v1":  # the old layout: bare code points
        from array import array

        bad = array("I", sorted(truth)[:10]).tobytes()
    else:
        bad = damage
    cache.write_bytes(bad)
    coverage.face_coverage.cache_clear()
    assert coverage.face_coverage(face) == truth
    assert cache.read_bytes() == good  # rewritten whole
    coverage.face_coverage.cache_clear()
