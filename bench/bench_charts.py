"""Time the stats kinds on the sample: charts (PNG + SVG), infographics, hours cards.

Prints, per kind, the first render in a fresh process (matplotlib import and font
registration included) and the warm median, plus file sizes. Run from the repository
root (a temporary copy of the sample is used, nothing is written to output/):

    python bench/bench_charts.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from generator.kinds import all_kinds
    from generator.load.project import load_project
    from generator.plan.jobs import PlanInput, RenderContext
    from generator.load.platforms import resolve_presets, select_platforms
    from tests.conftest import copy_sample

    root = copy_sample(Path(tempfile.mkdtemp()) / "sample")
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    pi = PlanInput(project, presets, tuple(select_platforms(presets, project.config.platforms, ())))
    ctx = RenderContext(project.root, project.config, presets, project)
    for name in ("chart", "infographic", "hours"):
        kind = all_kinds()[name]
        t0 = time.perf_counter()
        jobs = kind.plan(pi)
        plan_s = time.perf_counter() - t0
        times, sizes = [], []
        for job in jobs:
            t = time.perf_counter()
            result = kind.render(job, ctx)
            times.append(time.perf_counter() - t)
            sizes += [len(f.data) for f in result.files]
        warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
        print(f"{name:12s} jobs {len(jobs):3d}  files {len(sizes):3d}  plan {plan_s * 1000:6.0f} ms  "
              f"first {times[0]:6.2f} s  warm median {warm * 1000:6.0f} ms  "
              f"total {sum(times):6.2f} s  bytes median {statistics.median(sizes):,.0f}")


if __name__ == "__main__":
    main()
