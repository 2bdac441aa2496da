"""Memory benchmark: the peak RSS of each process of a build (the parent, its largest worker).

Run from the repository root:

    python bench/bench_memory.py                         # the sample (every kind, 3 locales)
    python bench/bench_memory.py --faqs 800 --kind guide # an 800-FAQ project's guide
    python bench/bench_memory.py --no-sample --faqs 800 --platforms x,instagram-portrait --locales en-GB
    python bench/bench_memory.py --before /tmp/main      # main's figures too (a worktree of main)
    python bench/bench_memory.py --jobs 1                # a serial build

Why per process: ``/usr/bin/time -v`` reports only the largest process of the tree, so it
cannot say whether the parent (results, manifest, caches built before the fork) or a worker
(a guide's document, a carousel's slides) is the one to fix. A sampler reads ``VmHWM`` (the
kernel's own high-water mark, so a short peak between two samples still counts) and
``RssAnon`` (the private heap, without the file-backed and copy-on-write-shared pages) of
every process of the tree every few milliseconds. CPU time (user+sys of the whole tree) is
printed beside it, so a memory fix that costs CPU shows. The sample build and the N-FAQ
build (made with ``bench_build.make_project``) run in temporary copies; with ``--before``
each runs with that tree's code first, then this one's, interleaved ``--repeat`` times.
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_build import SAMPLE_FILES, make_project  # noqa: E402


@dataclass
class Peaks:
    """Peak figures in MB: the build's own process and its largest worker."""

    parent_hwm: float = 0.0
    parent_anon: float = 0.0
    worker_hwm: float = 0.0
    worker_anon: float = 0.0
    workers: int = 0
    cpu: float = 0.0
    seen: set[int] = field(default_factory=set)


def _status(pid: int) -> dict[str, float]:
    """VmHWM and RssAnon of ``pid`` in MB (empty when it has gone)."""
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "RssAnon"):
                    out[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass  # the process ended between listing and reading: nothing to sample
    return out


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(p) for p in fh.read().split()]
    except OSError:
        pass  # the process ended while its threads were listed
    return kids


def measure(code: Path, project: Path, out: Path, extra: list[str], interval: float) -> Peaks:
    """One ``selfserve build --force`` of ``project`` with the package found in ``code``."""
    env = dict(os.environ, PYTHONPATH=str(code))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--project",
            str(project),
            "--out",
            str(out),
            "--force",
            *extra,
        ],
        cwd=code,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peaks = Peaks()
    while proc.poll() is None:
        for pid in [proc.pid]:
            s = _status(pid)
            peaks.parent_hwm = max(peaks.parent_hwm, s.get("VmHWM", 0.0))
            peaks.parent_anon = max(peaks.parent_anon, s.get("RssAnon", 0.0))
            stack = _children(pid)
            while stack:
                kid = stack.pop()
                stack += _children(kid)
                k = _status(kid)
                if not k:
                    continue
                peaks.seen.add(kid)
                peaks.worker_hwm = max(peaks.worker_hwm, k.get("VmHWM", 0.0))
                peaks.worker_anon = max(peaks.worker_anon, k.get("RssAnon", 0.0))
        time.sleep(interval)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"build with {code} failed ({proc.returncode}):\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peaks.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peaks.workers = len(peaks.seen)
    return peaks


def _copy_project(dest: Path, faqs: int, platforms: list[str] | None = None,
                  locales: list[str] | None = None) -> Path:
    import shutil

    dest.mkdir()
    if faqs:
        make_project(dest, faqs, ROOT, platforms, locales)
    else:
        for name in SAMPLE_FILES:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def _row(label: str, runs: list[Peaks]) -> str:
    """Medians over the runs (peaks vary little; CPU time is what other users disturb)."""

    def med(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    return (
        f"{label:<8} parent {med([r.parent_hwm for r in runs]):6.0f} MB "
        f"(private {med([r.parent_anon for r in runs]):5.0f})   "
        f"largest worker {med([r.worker_hwm for r in runs]):6.0f} MB "
        f"(private {med([r.worker_anon for r in runs]):5.0f}, {runs[0].workers} workers)   "
        f"CPU {med([r.cpu for r in runs]):6.1f} s (min {min(r.cpu for r in runs):.1f})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--faqs", type=int, default=0, help="also build a project of N FAQs")
    ap.add_argument("--kind", action="append", default=[], help="limit the N-FAQ build to a kind")
    ap.add_argument("--platform", action="append", default=[], help="limit the N-FAQ build to a platform")
    ap.add_argument("--platforms", default="", help="the N-FAQ project's platforms, comma-separated "
                                                     "(default: every card platform)")
    ap.add_argument("--locales", default="", help="the N-FAQ project's locales (default: the sample's)")
    ap.add_argument("--no-sample", action="store_true", help="skip the sample build")
    ap.add_argument("--before", type=Path, help="a worktree of main: its figures first")
    ap.add_argument("--jobs", type=int, default=0, help="the builds' --jobs (default: the build's own)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--interval", type=float, default=0.02, help="seconds between samples")
    args = ap.parse_args()
    trees = ([("before", args.before.resolve())] if args.before else []) + [("after", ROOT)]
    cases: list[tuple[str, int, list[str]]] = []
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    if not args.no_sample:
        cases.append((f"sample {' '.join(jobs)}".strip(), 0, jobs))
    if args.faqs:
        limits = [a for k in args.kind for a in ("--kind", k)]
        limits += [a for p in args.platform for a in ("--platform", p)] + jobs
        cases.append((f"{args.faqs} FAQs {' '.join(limits)}".strip(), args.faqs, limits))
    with tempfile.TemporaryDirectory() as tmp:
        for name, faqs, extra in cases:
            project = _copy_project(Path(tmp) / f"p{faqs}", faqs,
                                    [p for p in args.platforms.split(",") if p] if faqs else None,
                                    [x for x in args.locales.split(",") if x] if faqs else None)
            results: dict[str, list[Peaks]] = {label: [] for label, _ in trees}
            for _ in range(args.repeat):
                for label, code in trees:  # interleaved: a busy moment hits both alike
                    results[label].append(
                        measure(code, project, Path(tmp) / f"out-{label}-{faqs}", extra, args.interval)
                    )
            print(f"{name}: peak RSS per process (VmHWM; RssAnon in brackets), {args.repeat} run(s)")
            for label, _ in trees:
                print("  " + _row(label, results[label]))


if __name__ == "__main__":
    main()
