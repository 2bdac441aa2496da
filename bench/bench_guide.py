"""Guide benchmark: one PDF guide of 200 FAQs and 20 recurring issues.

Run from the repository root:

    python bench/bench_guide.py               # 200 FAQs, 20 issues
    python bench/bench_guide.py --faqs 50     # quicker
    python bench/bench_guide.py --profile     # plus the 15 costliest functions

It copies the sample project to a temporary folder, scales its FAQs (cycling them
with new ids, spread over eight categories) and its issues, then renders the guide
in this process the way the ``guide`` kind does, twice: the first run pays for
imports and font loading, the second is what a rebuild in a warm worker costs.
Printed: seconds (wall and CPU) per phase, pages, pages per second, what
dominates, and whether the two runs gave identical bytes. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_build import make_project  # noqa: E402

CATEGORIES = ("Orders & delivery", "Subscriptions", "Billing", "Coffee & brewing", "Account",
              "Returns", "Gifts", "Wholesale")


def scale_content(dest: Path, faqs: int, issues: int) -> None:
    make_project(dest, faqs)
    path = dest / "content" / "faqs.yaml"
    items = yaml.safe_load(path.read_text())["faqs"]
    for i, item in enumerate(items):
        item["category"] = CATEGORIES[i % len(CATEGORIES)]
    path.write_text(yaml.safe_dump({"faqs": items}, allow_unicode=True))
    ipath = dest / "content" / "issues.yaml"
    base = yaml.safe_load(ipath.read_text())["issues"]
    out = []
    for i in range(issues):
        item = dict(base[i % len(base)])
        item["id"] = item["id"] if i < len(base) else f"{item['id']}-{i // len(base) + 1}"
        out.append(item)
    ipath.write_text(yaml.safe_dump({"issues": out}, allow_unicode=True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--faqs", type=int, default=200)
    ap.add_argument("--issues", type=int, default=20)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()

    from generator.kinds.guide import DEFAULT_GUIDE
    from generator.load.project import load_project
    # In this process, not in the child render_guide forks (render.guide.isolate): the
    # CPU time and the profile would otherwise see only the parent waiting on a pipe.
    from generator.render.guide import _render_guide as render_guide

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "proj"
        dest.mkdir()
        scale_content(dest, args.faqs, args.issues)
        project = load_project(dest)
        print(f"guide of {len(project.faqs)} FAQs and {len(project.issues)} issues")
        results = []
        for run in ("cold", "warm"):
            wall, cpu = time.perf_counter(), time.process_time()
            prof = cProfile.Profile() if args.profile and run == "warm" else None
            if prof:
                prof.enable()
            pdf = render_guide(project, DEFAULT_GUIDE, "bench")
            if prof:
                prof.disable()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            results.append(pdf)
            cpu_warm = cpu
            phases = ", ".join(f"{k} {v:.2f} s" for k, v in pdf.timings.items())
            print(f"{run}: {wall:.2f} s wall, {cpu:.2f} s CPU, {pdf.pages} pages, "
                  f"{pdf.pages / wall:.1f} pages/s, {len(pdf.data) / 1e6:.2f} MB ({phases})")
            if prof:
                buf = io.StringIO()
                pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
                print(buf.getvalue())
        warm = results[-1]
        top = max(warm.timings, key=warm.timings.get)
        share = warm.timings[top] / sum(warm.timings.values())
        print(f"dominated by {top} ({share:.0%} of the render): "
              + {"layout": "WeasyPrint's page layout (Pango line breaking)",
                 "write_pdf": "drawing pages and subsetting fonts into the PDF",
                 "html": "building the HTML (Markdown, QR codes, charts)"}.get(top, top))
        print("identical bytes in both runs:", results[0].data == results[1].data)
        took = sum(warm.timings.values())
        load = os.getloadavg()[0]
        # Wall time counts other processes' turns on the two cores too: CPU time is what
        # the guide itself costs, the figure to compare on a busy machine.
        print(f"target under 10 s: wall {took:.1f} s {'OK' if took < 10 else 'SLOW'}, CPU {cpu_warm:.1f} s "
              f"{'OK' if cpu_warm < 10 else 'SLOW'} (load average {load:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
