"""How right and how fast ``selfserve reply`` is: held-out accuracy, query time, end to end, memory.

Usage: python bench/bench_reply.py [PROJECT] [--runs N] [--skip-accuracy]

Accuracy (issue 19's targets, never asserted in tests): the held-out half of the
labelled cases in tests/reply/data/cases (see generator/reply/fitting.py), scored with
the shipped model.json: answered right >= 85 %, false-confident <= 5 %. Also a warm
in-process query (target <= 30 ms) and reply's peak memory (target <= 400 MB).

PROJECT defaults to the repository's sample project (the starter project when the
sample has no content). It is copied to a temporary folder, then:

- cold: an empty output folder, so the reply renders its one card;
- warm: after ``selfserve build --platform x --kind faq``, so the card is reused.

Prints the median and worst wall-clock time of N runs per case (the target is
under a second), with the time of ``selfserve --version`` in the same run as the
baseline. Timing never goes into tests; this script only prints figures.
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
    "Ich möchte mein Abo kündigen",
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


def accuracy() -> None:
    """Held-out figures against the targets, and the warm in-process query time."""
    sys.path.insert(0, str(ROOT))
    from generator.reply.evaluate import Evaluation, Outcome
    from generator.reply.fitting import load_case_sets, split_of

    cache = Path(tempfile.gettempdir()) / "selfserve-bench-reply"
    sets = load_case_sets(sorted((ROOT / "tests" / "reply" / "data" / "cases").glob("*.yaml")), cache)
    for split in ("held-out", "fit"):
        outs = [Outcome(c, cs.index.search(c.message, limit=3)) for cs in sets for c in cs.cases
                if split_of(c.message) == split]
        m = Evaluation(tuple(outs)).metrics()
        print(f"{split}: {m['cases']} cases ({m['without_answer']} without an answer): "
              f"top-1 {m['top1']:.1%}, top-3 {m['top3']:.1%}, answered right "
              f"{m['answered_right']:.1%} (target >= 85%), false-confident "
              f"{m['false_confident']:.1%} (target <= 5%), no-match right {m['no_match_right']:.1%}")
    for cs in sets:
        outs = [Outcome(c, cs.index.search(c.message, limit=3)) for c in cs.cases
                if split_of(c.message) == "held-out"]
        m = Evaluation(tuple(outs)).metrics()
        print(f"  held-out {cs.name}: answered right {m['answered_right']:.1%}, "
              f"false-confident {m['false_confident']:.1%}, top-1 {m['top1']:.1%}")
    index = next(cs.index for cs in sets if cs.name == "kettle")
    messages = [c.message for c in next(cs for cs in sets if cs.name == "kettle").cases]
    times = []
    for msg in messages:
        t = time.perf_counter()
        index.search(msg)
        times.append(time.perf_counter() - t)
    times.sort()
    print(f"warm in-process query (sample project, {len(times)} messages): median "
          f"{1000 * statistics.median(times):.1f} ms, p95 {1000 * times[int(0.95 * len(times))]:.1f} ms "
          "(target <= 30 ms)")


def _peak_mb(args: list[str], cwd: Path) -> float:
    """Peak resident memory of one ``selfserve`` process (its own, via wait4)."""
    import os

    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", nargs="?", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-accuracy", action="store_true")
    args = ap.parse_args()
    if not args.skip_accuracy:
        accuracy()
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
        peak = _peak_mb(["reply", MESSAGES[0], "--platform", "x"], proj)
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
    print(f"ratio warm reply / python start: {statistics.median(warm) / statistics.median(bare):.1f}x")
    print(f"reply peak memory (warm): {peak:.0f} MB (target <= 400 MB)")
    print(f"(for comparison: build --platform x --kind faq took {build_s:.2f} s)")


if __name__ == "__main__":
    main()
