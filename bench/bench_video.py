"""Video benchmark: one 30 s 1080x1920 how-to video on one core, and its peak memory.

Run from the repository root:

    python bench/bench_video.py               # 30 s video, crossfades
    python bench/bench_video.py --transition zoom --seconds 60

It copies the sample project to a temporary folder, writes one recurring issue with
enough steps for a video of about ``--seconds``, pins this process to one core
(``os.sched_setaffinity``, where the OS has it) and renders the ``video`` kind's job
for ``tiktok-video`` in this process, twice (the first run pays for imports and font
loading). Baseline in the same run: the same slides drawn and encoded as JPEG
carousel images (the work every kind does); the ratio says what the frames and the
encoder add. Printed: seconds per phase (slides, frames + encode), video seconds per
wall second, peak RSS, identical bytes across the runs. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_build import make_project  # noqa: E402

STEP = "Check the latest scan in Tracking."


def write_issue(root: Path, steps: int) -> None:
    data = {"issues": [{"id": "bench-video", "title": "Tracking has not updated for two days",
                        "summary": "The carrier's scans are delayed; parcels are still moving.",
                        "status": "investigating", "since": "2026-11-30",
                        "steps": [f"{STEP} ({i})" for i in range(1, steps + 1)]}]}
    (root / "content" / "issues.yaml").write_text(yaml.safe_dump(data), "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--transition", default="crossfade", choices=("crossfade", "slide", "zoom"))
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from generator.kinds.carousel import plan_carousels, render_carousel
    from generator.kinds.video import plan_videos, render_video
    from generator.load.project import load_project
    from generator.plan.jobs import PlanInput, RenderContext
    from generator.load.platforms import resolve_presets

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        root.mkdir()
        make_project(root, 15)
        cfg = yaml.safe_load((root / "selfserve.yaml").read_text("utf-8"))
        cfg["locales"] = [cfg["locale"]]
        cfg.setdefault("video", {})["transition"] = args.transition
        (root / "selfserve.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), "utf-8")
        write_issue(root, 1)
        project = load_project(root)
        presets = resolve_presets(project.config.presets)
        ctx = RenderContext(project.root, project.config, presets, project)
        # As many steps as make the video closest to --seconds (timing needs no drawing).
        from generator.kinds.video import plan_howto_parts

        issue = next(i for i in project.issues if i.id == "bench-video")
        best = min(range(1, 40), key=lambda n: abs(args.seconds - sum(
            s for part in plan_howto_parts(dataclasses.replace(issue, steps=issue.steps * n), ctx,
                                           presets["tiktok-video"], project.config.locale)
            for _r, _st, s in part)))
        write_issue(root, best)
        project = load_project(root)
        ctx = RenderContext(project.root, project.config, presets, project)
        video_job = next(j for j in plan_videos(PlanInput(project, presets, (presets["tiktok-video"],)))
                         if j.item_id == "bench-video")
        card_job = next(j for j in plan_carousels(PlanInput(project, presets, (presets["instagram-story"],)))
                        if j.item_id == "bench-video")
        results = []
        for run in (1, 2):
            t0 = time.perf_counter()
            c0 = time.process_time()
            result = render_video(video_job, ctx)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            mp4 = next(f for f in result.files if f.fmt == "mp4")
            results.append(mp4.data)
            t0 = time.perf_counter()
            render_carousel(card_job, ctx)
            base = time.perf_counter() - t0
            print(f"run {run}: video {mp4.meta['duration']:.1f} s, {mp4.meta['frames']} frames, "
                  f"{mp4.meta['scenes']} scenes, {len(mp4.data) / 1e6:.2f} MB: {wall:.2f} s wall, "
                  f"{cpu:.2f} s CPU ({mp4.meta['duration'] / wall:.2f} video s per s); "
                  f"baseline (same slides as JPEG carousel images) {base:.2f} s; ratio {wall / base:.1f}x")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {peak:.0f} MB; identical bytes across runs: {results[0] == results[1]}")


if __name__ == "__main__":
    main()
