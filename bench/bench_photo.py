"""A card with a photo background against a flat one, in the same run.

The issue's target: a FAQ card drawn over a full-bleed photo under a computed scrim
(design ``faq-cover``) costs at most 1.5x the flat panel card (design ``faq``) of the
same FAQ. Prints warm medians per platform and their ratio. Run from the repository
root (the sample project is read, nothing is written):

    python bench/bench_photo.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 40


def main() -> None:
    from generator.kinds.faq import render_faq_card
    from generator.load.project import load_project
    from generator.plan.jobs import RenderContext, RenderJob
    from generator.load.platforms import resolve_presets

    project = load_project(ROOT)
    presets = resolve_presets(project.config.presets)
    ctx = RenderContext(project.root, project.config, presets, project)
    faq = next(f for f in project.faqs if f.image)
    print(f"FAQ {faq.id!r} with {faq.image}; least CPU time of {RUNS} renders (encode included)")
    worst = 0.0
    for platform in ("instagram-square", "instagram-portrait", "instagram-story", "x"):
        jobs = {}
        for design in ("faq", "faq-cover"):
            from generator.kinds.faq import PHOTO_DESIGNS, photo_format

            fmt = presets[platform].default_format
            if design in PHOTO_DESIGNS:  # as the planner does: photos go out as JPEG
                fmt = photo_format(presets[platform], None, fmt)
            jobs[design] = RenderJob("faq", faq.id, platform, f"x.{fmt}", fmt, "k", faq.source,
                                     faq, design=design)
            render_faq_card(jobs[design], ctx)  # warm: fonts, the photo's decode and scale
        times: dict[str, list[float]] = {d: [] for d in jobs}
        for _ in range(RUNS):  # interleaved, so load from other processes hits both alike
            for design, job in jobs.items():
                t = time.process_time()
                render_faq_card(job, ctx)
                times[design].append(time.process_time() - t)
        best = {d: min(ts) for d, ts in times.items()}  # the least disturbed run of each
        ratio = best["faq-cover"] / best["faq"]
        worst = max(worst, ratio)
        print(f"{platform:20s} flat {best['faq'] * 1000:6.0f} ms  "
              f"photo {best['faq-cover'] * 1000:6.0f} ms  ratio {ratio:4.2f}x")
    print(f"worst ratio {worst:.3f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
