"""How long an agent waits for ``selfserve reply``, end to end (a new process each time).

Usage: python bench/bench_reply.py [PROJECT] [--runs N]

PROJECT defaults to the repository's sample project (the starter project when the
sample has no content). It is copied to a temporary folder, then:

- cold: an empty output folder, so the reply renders its one card;
- warm: after ``selfserve build --platform x --kind faq``, so the card is reused.

Prints the median and worst wall-clock time of N runs per case (the target is
under a second). Timing never goes into tests; this script only prints figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "generator" / "data" / "starter"
MESSAGES = [
    "i forgot my pasword and cant log in",
    "when will my order arive?? its been days",
]


def _copy(src: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("selfserve.yaml", "content", "assets", "templates"):
        p = src / name
        if p.is_dir():
            shutil.copytree(p, dest / name)
        elif p.is_file():
            shutil.copy(p, dest / name)
    return dest


def _run(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode not in (0, 3):
        raise SystemExit(f"selfserve {' '.join(args)} failed:\n{done.stderr}{done.stdout}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", nargs="?", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    src = args.project or (ROOT if (ROOT / "selfserve.yaml").is_file() else STARTER)
    with tempfile.TemporaryDirectory() as tmp:
        proj = _copy(src, Path(tmp) / "proj")
        out = proj / "output"
        cold: list[float] = []
        for i in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            cold.append(_run(["reply", MESSAGES[i % len(MESSAGES)], "--platform", "x"], proj))
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        _run(["-q", "build", "--platform", "x", "--kind", "faq"], proj)
        build_s = time.perf_counter() - started
        warm = [_run(["reply", MESSAGES[i % len(MESSAGES)], "--platform", "x"], proj)
                for i in range(args.runs)]
        bare = [_run(["--version"], proj) for _ in range(3)]
    import os

    print(f"project: {src}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set, so every run compiles selfserve's modules "
              "(~0.1-0.3 s); an installed selfserve caches bytecode. Compare: "
              "env -u PYTHONDONTWRITEBYTECODE python bench/bench_reply.py")
    print(f"python start + import (selfserve --version): {statistics.median(bare):.3f} s")
    print(f"reply, cold output folder (renders 1 card): median {statistics.median(cold):.3f} s, "
          f"worst {max(cold):.3f} s ({args.runs} runs)")
    print(f"reply, warm output folder (card reused):    median {statistics.median(warm):.3f} s, "
          f"worst {max(warm):.3f} s ({args.runs} runs)")
    print(f"(for comparison: build --platform x --kind faq took {build_s:.2f} s)")


if __name__ == "__main__":
    main()
