"""Crash safety: after a kill or a full disk the output is one complete build, never a mix.

The promise SQLite and git make: once the next command has run its recovery, the
output folder shows the complete earlier build or the complete new one. Each kill
trial starts from a complete build of one content version, builds the other version
in a forked child (no interpreter start-up, so 100 kills fit in seconds) and kills it
with SIGKILL at a random moment of its run; then recovery runs and the manifest, the
files on disk and their hashes must be exactly one of the two reference builds.

Counts: SELFSERVE_KILL_TRIALS (default 100). The figures are in bench/RESULTS.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.publish.transaction import STATE_DIR, recover

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
PLATFORMS = ["--platform", "x", "--platform", "bluesky"]
KILLS = int(os.environ.get("SELFSERVE_KILL_TRIALS", "100"))
#: Files whose bytes depend on build history (the gallery's "changed" marks, counts).
HISTORY = ("build.json", "index.html")


def _args(project: Path, out: Path, jobs: int = 1) -> list[str]:
    return ["-q", "build", "--project", str(project), "--out", str(out), "--kind", "faq",
            "--jobs", str(jobs), *PLATFORMS]


def _fork_build(project: Path, out: Path) -> int:
    """A build in a forked child: the pid to kill."""
    pid = os.fork()
    if pid == 0:  # the child: run the real CLI, never return into pytest
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            from generator.cli import main

            main(_args(project, out))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - anything else is a failed build
            code = 2
        finally:
            os._exit(code)
    return pid


def _visible(out: Path) -> dict[str, bytes]:
    """Every file a user or publisher sees (selfserve's own hidden bookkeeping aside)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def _assets(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text())["assets"]


def _which_build(out: Path, refs: dict[str, dict[str, bytes]]) -> str:
    """'v1' or 'v2' when ``out`` is exactly that complete build; else fail, saying how."""
    files = _visible(out)
    for name, ref in refs.items():
        if files.keys() == ref.keys() and all(files[r] == ref[r] for r in ref if r not in HISTORY):
            # ... and the manifest agrees with every file it lists.
            for e in _assets(out):
                assert hashlib.sha256(files[e["path"]]).hexdigest() == e["sha256"], e["path"]
            return name
    extra = sorted(files.keys() - refs["v1"].keys() - refs["v2"].keys())
    mixed = sorted(r for r in files if r not in HISTORY
                   and all(files[r] != ref.get(r) for ref in refs.values()))
    raise AssertionError(f"neither build: extra files {extra[:5]}, files of neither {mixed[:5]}")


def _versions(project: Path) -> tuple[str, str]:
    v1 = (project / "content" / "faqs.yaml").read_text()
    v2 = v1.replace("30 minutes", "45 minutes").replace("2-3 working days", "1-2 working days") \
        .replace("Yes, until the order ships", "Yes, any time before the order ships")
    assert v2 != v1
    return v1, v2


def _reference_builds(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, Path]]:
    from generator.cli import main

    project = tmp_path / "proj"
    shutil.copytree(STARTER, project)
    v1, v2 = _versions(project)
    text = {"v1": v1, "v2": v2}
    refs = {}
    for name in ("v1", "v2"):
        (project / "content" / "faqs.yaml").write_text(text[name])
        refs[name] = tmp_path / f"ref-{name}"
        main(_args(project, refs[name]))  # returns on success, exits on an error
    return project, text, refs


@pytest.mark.slow
def test_100_killed_builds_each_leave_one_complete_build(tmp_path: Path) -> None:
    project, text, ref_dirs = _reference_builds(tmp_path)
    refs = {name: _visible(d) for name, d in ref_dirs.items()}
    assert refs["v1"] != refs["v2"]
    out = tmp_path / "out"
    shutil.copytree(ref_dirs["v1"], out)
    # How long a build of the other version takes here: kills land anywhere in it.
    (project / "content" / "faqs.yaml").write_text(text["v2"])
    started = time.monotonic()
    pid = _fork_build(project, out)
    assert os.waitpid(pid, 0)[1] == 0
    span = (time.monotonic() - started) * 1.1
    assert _which_build(out, refs) == "v2"

    rng = random.Random(20261202)
    outcomes = {"old": 0, "new": 0}
    deadline = time.monotonic() + 150  # ~15 s on an idle machine; a cap for a loaded one
    trials = 0
    while trials < KILLS and time.monotonic() < deadline:
        trials += 1
        before = _which_build(out, refs)
        target = "v1" if before == "v2" else "v2"
        (project / "content" / "faqs.yaml").write_text(text[target])
        pid = _fork_build(project, out)
        # Half the kills anywhere in the run, half in its last quarter (where it commits).
        time.sleep(rng.uniform(0, span) if trials % 2 else rng.uniform(0.75 * span, 1.2 * span))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        recover(out)  # what the next command does first
        after = _which_build(out, refs)
        assert after in (before, target), f"trial {trials}"
        outcomes["new" if after == target else "old"] += 1
        assert not (out / STATE_DIR / "staging").exists()
        assert not list(out.rglob("*.selfserve-tmp"))
    print(f"kills survived: {trials}/{trials} (old build {outcomes['old']}, new build {outcomes['new']})")
    assert trials == KILLS, f"only {trials} kills fitted in the time budget"
    assert outcomes["old"] and outcomes["new"], outcomes  # kills landed before and after the commit
    # The next real build repairs nothing that recovery left undone: it only completes the work.
    (project / "content" / "faqs.yaml").write_text(text["v2"])
    pid = _fork_build(project, out)
    assert os.waitpid(pid, 0)[1] == 0
    assert _which_build(out, refs) == "v2"


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if text in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
def test_killed_builds_with_workers_recover_and_leave_no_orphans(tmp_path: Path) -> None:
    """Real processes (worker pool included): the next command recovers, no worker lingers."""
    project, text, ref_dirs = _reference_builds(tmp_path)
    refs = {name: _visible(d) for name, d in ref_dirs.items()}
    out = tmp_path / "out"
    shutil.copytree(ref_dirs["v1"], out)
    rng = random.Random(7)
    for trial in range(6):
        before = _which_build(out, refs) if trial else "v1"
        target = "v1" if before == "v2" else "v2"
        (project / "content" / "faqs.yaml").write_text(text[target])
        proc = subprocess.Popen([sys.executable, "-m", "generator", *_args(project, out, jobs=2)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Another process recovers, under the lock, as every command reading the output does.
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from generator."
                        "publish.transaction import recover_if_idle; recover_if_idle(Path(sys.argv[1]))",
                        str(out)], check=True, cwd=ROOT)
        assert not (out / STATE_DIR / "staging").exists()
        assert _which_build(out, refs) in ("v1", "v2")
    time.sleep(0.5)
    assert _processes_mentioning(str(project)) == []


def _mount_tmpfs(mnt: Path, size_kb: int) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    mnt.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mnt)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.slow
def test_full_disk_leaves_the_earlier_build_intact(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from tests.robustness.test_bad_corpus import run_cli

    project, text, ref_dirs = _reference_builds(tmp_path)
    refs = {name: _visible(d) for name, d in ref_dirs.items()}
    size = sum(len(b) for b in refs["v1"].values())
    mnt = tmp_path / "disk"
    # Room for the earlier build plus 0 to ~1.5x a new build: the disk fills at every stage.
    free_after_copy = [0, 4, 16, 48, 96, 160, 256, 384, 512, 768, 1024, 1536]
    if not _mount_tmpfs(mnt, size // 1024 + 2048 + 64):
        pytest.skip("mounting a small tmpfs is not allowed here (needs root on Linux)")
    survived = failed = 0
    try:
        for free_kb in free_after_copy:
            out = mnt / "out"
            if out.exists():
                shutil.rmtree(out)
            for filler in mnt.glob("filler*"):
                filler.unlink()
            shutil.copytree(ref_dirs["v1"], out)
            st = os.statvfs(mnt)
            room = st.f_bavail * st.f_frsize - free_kb * 1024
            if room > 0:
                with open(mnt / "filler", "wb") as fh:
                    fh.write(b"\0" * room)
            (project / "content" / "faqs.yaml").write_text(text["v2"])
            code, _o, err = run_cli(_args(project, out), capsys)
            if code:
                failed += 1
                assert code == 1 and "Traceback" not in err and "internal error" not in err, err
                assert "no space left on the device" in err, err
                assert len(err.strip().splitlines()) == 1, err
            recover(out)
            state = _which_build(out, refs)
            assert state == ("v1" if code else "v2"), (free_kb, err)
            survived += 1
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
    print(f"full-disk runs survived: {survived}/{len(free_after_copy)} ({failed} refused for space)")
    assert survived == len(free_after_copy)
    assert failed >= 3  # the disk really was full for several of them
