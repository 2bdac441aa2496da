"""Bad paths and busy folders are one located line (or a working answer), never an
internal error: ``--out`` through a file, and ``reply`` while a build holds the lock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.publish.lock import BuildLock
from tests.robustness.test_bad_corpus import run_cli

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(STARTER, root)
    return root


@pytest.mark.parametrize("out", ["afile/sub", "afile", "afile/sub/deeper"])
def test_out_through_a_file_is_one_line(project: Path, out: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (project / "afile").write_text("a user's file")
    target = project / out
    code, _o, err = run_cli(["-q", "build", "--project", str(project), "--out", str(target),
                             "--kind", "faq", "--platform", "x"], capsys)
    assert code == 1 and "internal error" not in err and "Traceback" not in err, err
    assert err.splitlines() == [f"error: --out {target}: '{project / 'afile'}' is a file, not a "
                                "folder; choose another --out or move that file"]
    assert (project / "afile").read_text() == "a user's file"


def test_reply_answers_from_the_last_build_while_a_build_holds_the_lock(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--project", str(project)]
    assert run_cli(["-q", "build", *args, "--kind", "faq", "--platform", "x", "--jobs", "1"], capsys)[0] == 0
    out = project / "output"
    before = (out / "manifest.json").read_bytes()
    with BuildLock(out):  # a build is running
        code, stdout, err = run_cli(["reply", "pasword reset", "--platform", "x", "--json", *args], capsys)
        assert code == 0, err
        doc = json.loads(stdout)
        assert doc["card"]["path"] == "x/faq/how-do-i-reset-my-password.png" and doc["card"]["reused"]
        assert (out / "manifest.json").read_bytes() == before  # the running build owns the folder
        # A card the last build does not have cannot be rendered into a folder being built.
        code, _o, err = run_cli(["reply", "pasword reset", "--platform", "bluesky", *args], capsys)
        assert code == 1
        assert err.splitlines() == [
            f"error: a build is writing to {out} and its last complete build has no up-to-date "
            "bluesky card for 'how-do-i-reset-my-password'; run the reply again when the build has "
            "finished"]
    code, _o, err = run_cli(["reply", "pasword reset", "--platform", "bluesky", *args], capsys)
    assert code == 0, err  # free again: rendered and recorded
    assert "bluesky/reply/how-do-i-reset-my-password.txt" in (out / "manifest.json").read_text()
