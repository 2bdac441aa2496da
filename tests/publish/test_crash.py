"""Crash safety: builds killed at random moments leave old or new files, never half.

Each trial starts from a complete earlier build (content v1), starts a build of
changed content (v2) in a subprocess and kills it (SIGKILL) after a random delay.
Every file left in the output must then be byte-identical to its v1 or its v2
version, and a following build must repair everything. Budget: about 50 kills,
bounded to roughly a minute on two cores.
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

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"
PLATFORMS = ["--platform", "x", "--platform", "instagram-portrait", "--platform", "bluesky"]
KILLS = int(os.environ.get("SELFSERVE_KILL_TRIALS", "50"))


def _build(project: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--project", str(project),
                             "--out", str(out), "--kind", "faq", "--jobs", "2", *PLATFORMS],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


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


def _manifest_true(out: Path) -> bool:
    m = json.loads((out / "manifest.json").read_text())
    return all(hashlib.sha256((out / e["path"]).read_bytes()).hexdigest() == e["sha256"]
               for e in m["assets"])


@pytest.mark.integration
def test_killed_builds_leave_old_or_new_files_and_next_build_repairs(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    shutil.copytree(STARTER, project)
    faqs = project / "content" / "faqs.yaml"
    v1_text = faqs.read_text()
    v2_text = v1_text.replace("30 minutes", "45 minutes").replace("2-3 working days", "1-2 working days") \
        .replace("Yes, until the order ships", "Yes, any time before the order ships")
    ref1, ref2 = tmp_path / "ref1", tmp_path / "ref2"
    assert _build(project, ref1).wait() == 0
    faqs.write_text(v2_text)
    assert _build(project, ref2).wait() == 0
    v1, v2 = _files(ref1), _files(ref2)
    assert v1 != v2
    rng = random.Random(20261125)
    out = tmp_path / "out"
    deadline = time.monotonic() + 240
    trials = 0
    while trials < KILLS and time.monotonic() < deadline:
        trials += 1
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(ref1, out)
        proc = _build(project, out)
        time.sleep(rng.uniform(0.05, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for rel, data in _files(out).items():
            # index.html's "changed since the previous build" view depends on history, like build.json.
            if rel in ("build.json", "report.json", "index.html"):
                continue
            assert data in (v1.get(rel), v2.get(rel)), f"trial {trials}: {rel} is neither old nor new"
        if trials % 10 == 0:
            assert _build(project, out).wait() == 0
            assert _files(out).keys() >= v2.keys() - {"build.json"}
            assert _manifest_true(out)
            assert not list(out.rglob(".*.tmp"))
    assert trials >= min(KILLS, 20)
    # Workers die with their killed build instead of waiting forever as orphans.
    time.sleep(0.5)
    assert _processes_mentioning(str(project)) == []
    assert _build(project, out).wait() == 0
    after = _files(out)
    for rel, data in v2.items():
        if rel not in ("build.json", "index.html"):
            assert after[rel] == data, rel
    assert _manifest_true(out)
