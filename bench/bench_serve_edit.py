"""One-FAQ edits as ``selfserve serve`` sees them: rebuilt in one long-lived process.

Run from the repository root:

    .venv/bin/python bench/bench_serve_edit.py                    # the sample, 5 edits each way
    .venv/bin/python bench/bench_serve_edit.py --faqs 800 --platforms x,instagram-portrait --locales en-GB

``serve`` rebuilds in its own process, so imports and caches are warm after its first
build; the CLI figure of bench_build.py (a new process per edit) pays start-up and
loading each time. Here each edit appends a word to one FAQ's answer and calls serve's
own ``rebuild``; printed are the seconds from the call until the cards were committed
(the page reloads) and until the guide's commit (the second reload).

Two processes take turns, edit by edit, so drift hits both: "warm" is serve as it is
(the guide's imports made once, in serve's process, by ``warm_deferred``); "cold" skips
that, as serve did before, so each edit's guide process imports WeasyPrint and
matplotlib itself. The ratio cold/warm of the medians is printed. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_project  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

#: Runs in a child: serve's rebuild after each line on stdin, times on stdout.
CHILD = r"""
import json, sys, time
from pathlib import Path
import yaml
import generator.commands.serve as serve
from generator.cli import Verbosity
from generator.commands.preview_http import BuildState

proj, warm = Path(sys.argv[1]), sys.argv[2] == "warm"
published = {}
serve._published = lambda v, state, summary: published.update(t=time.perf_counter())

v = Verbosity(True, False, False)
state = BuildState()  # what serve's page polls; a failed rebuild leaves its error here


def rebuild():
    serve.rebuild(v, proj, proj / "output", state)
    if state.error:
        sys.exit(f"serve's rebuild failed: {state.error}")


rebuild()  # serve's first build
if warm:
    serve.warm_deferred()
print("ready", flush=True)
for line in sys.stdin:
    f = proj / "content" / "faqs.yaml"
    data = yaml.safe_load(f.read_text())
    data["faqs"][7]["answer"] = data["faqs"][7]["answer"].split(" (Edit")[0] + f" (Edit {line.strip()}.)"
    f.write_text(yaml.safe_dump(data, allow_unicode=True))
    published.clear()
    t = time.perf_counter()
    rebuild()
    end = time.perf_counter()
    print(json.dumps({"cards": published.get("t", end) - t, "guide": end - t}), flush=True)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--faqs", type=int, default=None, help="scale the sample's FAQs to this many")
    ap.add_argument("--platforms", default="", help="comma-separated platforms")
    ap.add_argument("--locales", default="", help="comma-separated locales")
    ap.add_argument("--edits", type=int, default=5, help="edits per side")
    args = ap.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        children = {}
        for side in ("warm", "cold"):
            proj = Path(tmp) / side
            proj.mkdir()
            make_project(proj, args.faqs, ROOT, [p for p in args.platforms.split(",") if p],
                         [loc for loc in args.locales.split(",") if loc])
            children[side] = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(proj), side], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, text=True, cwd=ROOT)  # its errors show
            # One first build at a time: two at once would only measure each other.
            assert children[side].stdout is not None
            if children[side].stdout.readline().strip() != "ready":
                raise SystemExit(f"{side}: serve's first build failed")
        time.sleep(2.1)  # files written just now are "racy": the stamp would not trust them
        times: dict[str, list[dict[str, float]]] = {"warm": [], "cold": []}
        for i in range(args.edits):
            for side, child in children.items():
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write(f"{i}\n")
                child.stdin.flush()
                line = child.stdout.readline()
                if not line:
                    raise SystemExit(f"{side}: serve's rebuild failed (its error is above)")
                times[side].append(json.loads(line))
        for child in children.values():
            assert child.stdin is not None
            child.stdin.close()
            child.wait()
    print(f"machine: {os.uname().machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"project: {args.faqs or 'sample'} FAQs; {args.edits} edits each, alternated")
    med = {}
    for side, runs in times.items():
        for what in ("cards", "guide"):
            values = sorted(r[what] for r in runs)
            med[side, what] = statistics.median(values)
            print(f"{side}: {what} committed after  median {med[side, what]:5.2f} s  "
                  f"(least {values[0]:.2f}, most {values[-1]:.2f})")
    print(f"guide committed, cold / warm: {med['cold', 'guide'] / med['warm', 'guide']:.2f}x")


if __name__ == "__main__":
    main()
