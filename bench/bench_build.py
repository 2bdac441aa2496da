"""Whole builds, like for like: every kind, the real CLI in subprocesses, CPU and wall time.

Run from the repository root:

    .venv/bin/python bench/bench_build.py                         # the sample as it is
    .venv/bin/python bench/bench_build.py --faqs 800 --platforms x,instagram-portrait --locales en-GB
    .venv/bin/python bench/bench_build.py --faqs 200 --locales en-GB --skip-serial   # 3,200 FAQ cards

It copies the sample project to a temporary folder (scaled to --faqs by cycling its FAQs
with new ids and numbered questions), then times, each as a new ``selfserve`` process
(start-up included, as a user or CI sees it):

- ``validate`` and the imports a build makes before it starts working (least of --runs);
- a full build with ``--jobs 1`` and with one worker per core, every kind, each into an
  empty output folder (as CI builds a fresh clone); ``--repeat N`` alternates N pairs;
- peak memory: the largest single process of the build's tree (``ru_maxrss`` of children);
- a no-op rebuild answered from the stamp, and one with the stamp removed (the long way);
- a one-FAQ edit: when its cards were committed (``manifest.json`` replaced, watched from
  outside) and when the process ended (after the guide's second commit).

Wall times depend on what else runs on the machine; the CPU time (user + system of the
whole process tree) is printed beside each, and the load average before and after.
Nothing is asserted: figures are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILES = ("selfserve.yaml", "content", "assets", "templates")


def make_project(dest: Path, faqs: int | None, source: Path = ROOT, platforms: list[str] | None = None,
                 locales: list[str] | None = None) -> list[dict]:
    """The sample in ``dest``; with ``faqs``, its FAQs cycled to that many (new ids, numbered
    questions: identical questions are refused); ``platforms``/``locales`` set in its config."""
    for name in SAMPLE_FILES:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)
    base = yaml.safe_load((source / "content" / "faqs.yaml").read_text())["faqs"]
    items = []
    for i in range(faqs if faqs is not None else len(base)):
        item = dict(base[i % len(base)])
        # The first copy keeps its id (stats refer to it); later copies get new ones.
        first = item.get("id") or f"faq-{i:04d}"
        item["id"] = first if i < len(base) else f"{first}-{i // len(base) + 1}"
        if i >= len(base):  # identical questions are refused (a located error)
            item["question"] = f"{item['question']} ({i // len(base) + 1})"
        items.append(item)
    if faqs is not None:
        (dest / "content" / "faqs.yaml").write_text(yaml.safe_dump({"faqs": items}, allow_unicode=True))
    cfg = yaml.safe_load((dest / "selfserve.yaml").read_text())
    if faqs is not None:
        cfg["platforms"] = []  # every card platform
    if platforms:
        cfg["platforms"] = platforms
    if locales:
        cfg["locales"] = locales
    (dest / "selfserve.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    return items


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall s, CPU s of the whole tree, stdout) of ``selfserve ARGS`` in a new process."""
    cpu, t = _children_cpu(), time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env=env)
    took = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"selfserve {' '.join(args)} failed with {proc.returncode}")
    return took, _children_cpu() - cpu, proc.stdout


def run_watching(args: list[str], manifest: Path) -> tuple[float, float, str, float]:
    """:func:`run`, and the wall time at which ``manifest`` was first replaced (a commit
    renames a new manifest into place: its inode changes), watched every 5 ms."""
    def stamp() -> tuple[int, int] | None:
        try:
            st = manifest.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    before = stamp()
    cpu, t = _children_cpu(), time.perf_counter()
    # Output to files, not pipes: a pipe nobody reads while polling would fill and stall it.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "generator", *args], stdout=out, stderr=err,
                                text=True)
        first = None
        while proc.poll() is None:
            if first is None and stamp() != before:
                first = time.perf_counter() - t
            time.sleep(0.005)
        took = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        print(stdout[-2000:], stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"selfserve {' '.join(args)} failed with {proc.returncode}")
    return took, _children_cpu() - cpu, stdout, first if first is not None else took


def least(args: list[str], runs: int) -> tuple[float, float]:
    """The least wall and the least CPU time of ``runs`` runs."""
    results = [run(args)[:2] for _ in range(runs)]
    return min(w for w, _c in results), min(c for _w, c in results)


STARTUP = """
import os, sys
t = os.times()
import generator.cli, generator.publish.stamp
from generator.kinds import check_kind_names, preflight_designs
from generator.load.project import load_project
from generator.publish.build import BuildOptions, build
from generator.render.preflight import preflight
u = os.times()
print(u.user - t.user + u.system - t.system)
"""


def startup(runs: int) -> tuple[float, float]:
    """Wall (interpreter included) and CPU of the imports before a build starts working."""
    walls, cpus = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - t)
        cpus.append(float(out.stdout))
    return min(walls), min(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--faqs", type=int, default=None, help="scale the sample's FAQs to this many")
    ap.add_argument("--platforms", default="", help="comma-separated platforms (default: the sample's, "
                                                     "or every card platform when --faqs is given)")
    ap.add_argument("--locales", default="", help="comma-separated locales (default: the sample's)")
    ap.add_argument("--runs", type=int, default=5, help="runs of validate, start-up and no-ops")
    ap.add_argument("--skip-serial", action="store_true", help="no --jobs 1 build (long at scale)")
    ap.add_argument("--repeat", type=int, default=1, help="pairs of full builds (--jobs 1, then parallel)")
    ap.add_argument("--source", type=Path, default=ROOT, help="project to scale (default: the sample)")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        proj.mkdir()
        make_project(proj, args.faqs, args.source, [p for p in args.platforms.split(",") if p],
                     [loc for loc in args.locales.split(",") if loc])
        out = Path(tmp) / "out"
        common = ["build", "--project", str(proj), "--out", str(out), "--json", "-q"]
        time.sleep(2.1)  # files written just now are "racy": the stamp would not trust them
        figures: dict[str, tuple[float, float]] = {}
        figures["validate"] = least(["validate", "--project", str(proj)], args.runs)
        figures["start-up (imports before work)"] = startup(args.runs)
        # Each full build into an empty folder, as CI builds a fresh clone: every file and
        # gallery thumbnail written (a --force rebuild over the last output rewrites nothing
        # whose bytes held and reuses every thumbnail, which flattered the parallel figure).
        # --repeat pairs them serial, parallel, serial, parallel...: on a shared host the
        # CPU's speed drifts by up to 2x within minutes, which one run of each cannot tell
        # from a change in selfserve; each pair's ratio is printed, and the least times.
        pairs: list[tuple[float, float]] = []
        serial_runs: list[tuple[float, float]] = []
        par_runs: list[tuple[float, float]] = []
        peak_mb = 0.0
        for _ in range(args.repeat):
            if not args.skip_serial:
                shutil.rmtree(out, ignore_errors=True)
                w, c, _o = run([*common, "--jobs", "1", "--force"])
                serial_runs.append((w, c))
            shutil.rmtree(out, ignore_errors=True)
            w, c, o = run([*common, "--jobs", str(cores), "--force"])
            par_runs.append((w, c))
            # The largest process of every build so far (the kernel keeps the maximum).
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            if serial_runs:
                pairs.append((serial_runs[-1][0], w))
        if serial_runs:
            figures["full build, --jobs 1"] = (min(w for w, _ in serial_runs), min(c for _, c in serial_runs))
        figures[f"full build, --jobs {cores}"] = (min(w for w, _ in par_runs), min(c for _, c in par_runs))
        full = json.loads(o)
        time.sleep(2.1)
        run([*common])  # the build that records a stamp for the settled inputs
        figures["no-op (stamp)"] = least(common, args.runs)
        noop_long = []
        for _ in range(args.runs):
            (out / ".selfserve" / "stamp.json").unlink(missing_ok=True)
            noop_long.append(run([*common, "--jobs", str(cores)])[:2])
        figures["no-op (stamp removed)"] = (min(w for w, _ in noop_long), min(c for _, c in noop_long))
        faqs_file = proj / "content" / "faqs.yaml"
        data = yaml.safe_load(faqs_file.read_text())
        data["faqs"][7]["answer"] += " (Updated.)"
        faqs_file.write_text(yaml.safe_dump(data, allow_unicode=True))
        w, c, o, first = run_watching([*common, "--jobs", str(cores)], out / "manifest.json")
        edit = json.loads(o)
        figures["one FAQ edited, whole build"] = (w, c)

    load_after = os.getloadavg()
    print(f"machine: {os.uname().machine}, {cores} cores, Python {sys.version.split()[0]}, "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set, so every run recompiles selfserve; unset it "
              "to measure what users see")
    print(f"project: {args.faqs or 'sample'} FAQs, platforms {args.platforms or 'default'}, "
          f"locales {args.locales or 'default'}: {full['jobs']} jobs, {full['files']} files")
    for name, (w, c) in figures.items():
        print(f"{name:34s} {w:7.2f} s wall {c:7.2f} s CPU")
    if "full build, --jobs 1" in figures:
        serial, par = figures["full build, --jobs 1"][0], figures[f"full build, --jobs {cores}"][0]
        print(f"{'--jobs ' + str(cores) + ' vs --jobs 1':34s} {serial / par:7.2f}x wall (least of each)")
        if len(pairs) > 1:
            ratios = sorted(a / b for a, b in pairs)
            print(f"{'  each pair, in order of runs':34s} " + ", ".join(f"{a / b:.2f}x" for a, b in pairs)
                  + f" (median {ratios[len(ratios) // 2]:.2f}x)")
    # Seen from outside: from the command's start until manifest.json was replaced (the
    # first commit: what `serve` reloads), then until the process ended.
    w_edit = figures["one FAQ edited, whole build"][0]
    print(f"{'one FAQ edited, cards committed':34s} {first:7.2f} s wall "
          f"({edit['rendered']} rendered; the process ended {w_edit - first:.2f} s later, "
          "after the guide's commit)")
    print(f"peak memory, largest process       {peak_mb:7.0f} MB")


if __name__ == "__main__":
    main()
