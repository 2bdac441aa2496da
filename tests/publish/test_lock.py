"""Two builds never write one output folder at once; write errors are one clear line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.errors import SelfserveError
from generator.load.project import load_project
from generator.publish.atomic import write_atomic
from generator.publish.build import BuildOptions, build
from generator.publish.lock import BuildLock

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"


def test_second_build_is_refused_while_one_holds_the_lock(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    out = tmp_path / "out"
    with BuildLock(out), pytest.raises(SelfserveError) as err:
        build(load_project(root), BuildOptions(out=out, jobs=1, platforms=("x",), kinds=("faq",)))
    assert "another selfserve build is writing to" in err.value.format_message()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_output_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(SelfserveError, match="read-only or not yours"):
            write_atomic(folder / "a.png", b"x")
    finally:
        folder.chmod(0o700)


def test_write_is_atomic_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "card.png"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["card.png"]


@pytest.mark.parametrize(("code", "words"), [(28, "no space left on the device"),
                                             (30, "read-only or not yours"),
                                             (13, "read-only or not yours")])
def test_environment_write_errors_say_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 code: int, words: str) -> None:
    import tempfile

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", fail)
    with pytest.raises(SelfserveError, match=words):
        write_atomic(tmp_path / "x.png", b"data")
