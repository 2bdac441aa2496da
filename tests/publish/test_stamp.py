"""The build stamp: an unchanged build is answered without loading, and nothing else is.

Each case changes one thing a build reads or wrote and expects a real build; the unchanged
case expects the stamp's answer, the same files byte for byte and a build.json that says
nothing was rendered.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.publish import stamp
from generator.publish.transaction import JOURNAL, state_dir
from tests.entrypoint import run_cli
from tests.test_json_outcomes import check

ANSWERED = "nothing changed since the last build"


@pytest.fixture()
def built(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """The starter project on two platforms, built once (its stamp recorded)."""
    monkeypatch.setattr(stamp, "RACY_SECONDS", 0.0)  # files written just now count as settled
    cfg = project / "selfserve.yaml"
    cfg.write_text(cfg.read_text() + "\nplatforms: [x, bluesky]\n")
    code, _out, err = run_cli(["build", "--project", str(project), "--jobs", "1"], capsys)
    assert code == 0, err
    assert (state_dir(project / "output") / stamp.STAMP).is_file()
    return project


def _build(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run_cli(["build", "--project", str(project), "--jobs", "1", *extra], capsys)


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".selfserve" not in p.parts
    }


def test_an_unchanged_build_is_answered_from_the_stamp(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = built / "output"
    before = _files(out)
    code, stdout, err = _build(built, capsys)
    assert code == 0 and ANSWERED in stdout + err, stdout + err
    after = _files(out)
    assert after.keys() == before.keys()
    assert [p for p in after if after[p] != before[p]] == ["build.json"]
    log = json.loads(after["build.json"])
    assert log["rendered"] == [] and log["reused"] == log["jobs"] > 0
    # build.json rewritten by the answer does not spoil the next one.
    code, stdout, err = _build(built, capsys)
    assert ANSWERED in stdout + err


def test_the_answer_in_json_is_a_build_document(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _err = _build(built, capsys, "--json")
    doc = json.loads(stdout)
    check(doc, "build")
    assert code == 0 and doc["ok"] and doc["rendered"] == 0 and doc["reused"] == doc["jobs"]
    assert doc["files"] == len(json.loads((built / "output" / "manifest.json").read_text())["assets"])


@pytest.mark.parametrize(
    "change",
    [
        "edit an answer",
        "add a template",
        "touch an input",
        "delete an asset",
        "tamper with a card",
        "other options",
        "force",
        "interrupted build",
        "damaged stamp",
        "another SOURCE_DATE_EPOCH",
    ],
)
def test_any_change_builds_for_real(
    built: Path, change: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = built / "output"
    extra: list[str] = []
    card = next(out.rglob("*.png"))
    if change == "edit an answer":
        faqs = built / "content" / "faqs.yaml"
        faqs.write_text(faqs.read_text().replace("30 minutes", "45 minutes"))
    elif change == "add a template":
        (built / "templates").mkdir(exist_ok=True)
        (built / "templates" / "note.txt").write_text("a new file in a folder the build reads")
    elif change == "touch an input":  # same bytes, a new mtime: the build decides, not the stamp
        stats = built / "content" / "stats.yaml"
        stats.write_bytes(stats.read_bytes())
    elif change == "delete an asset":
        card.unlink()
    elif change == "tamper with a card":
        card.write_bytes(card.read_bytes()[:-1] + b"\0")
    elif change == "other options":
        extra = ["--platform", "x"]
    elif change == "force":
        extra = ["--force"]
    elif change == "interrupted build":
        (state_dir(out) / JOURNAL).write_text("{}")
    elif change == "damaged stamp":
        target = state_dir(out) / stamp.STAMP
        target.write_text(target.read_text().replace('"version": 1', '"version": 1 ', 1)[:-10])
    elif change == "another SOURCE_DATE_EPOCH":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code, stdout, err = _build(built, capsys, *extra)
    assert code == 0, err
    assert ANSWERED not in stdout + err, change
    if change in ("delete an asset", "tamper with a card"):
        assert card.is_file() and "1 rendered" in stdout + err


def test_a_digest_taken_just_after_an_edit_is_not_recorded(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """git's racy-file rule: an edit in the same clock tick as the digest would look unchanged."""
    monkeypatch.setattr(stamp, "RACY_SECONDS", 3600.0)
    faqs = built / "content" / "faqs.yaml"
    faqs.write_text(faqs.read_text().replace("30 minutes", "45 minutes"))
    assert _build(built, capsys)[0] == 0
    assert not (state_dir(built / "output") / stamp.STAMP).exists()
    code, stdout, err = _build(built, capsys)
    assert ANSWERED not in stdout + err


def test_serve_and_library_builds_drop_the_stamp(built: Path) -> None:
    from generator.load.project import load_project
    from generator.publish.build import BuildOptions, build

    build(load_project(built), BuildOptions(out=built / "output", jobs=1))
    assert not (state_dir(built / "output") / stamp.STAMP).exists()


def test_the_digest_never_follows_a_link_out_of_the_project(built: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("one")
    (built / "content" / "link.txt").symlink_to(outside)
    first = stamp.inputs_digest(built, built / "output", {})
    outside.write_text("two, and longer")  # the link's target changes; the link does not
    assert stamp.inputs_digest(built, built / "output", {}) == first
