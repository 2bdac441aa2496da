"""Completeness of FAQ assets on real FAQ files, and the cost of a 1 MB answer.

Prints, for the published FAQ files in tests/data/corpus (one platform per aspect ratio),
how many FAQ assets are ``full``, ``continued`` (over more images of the post) or
``summary`` (one-image placements, or more images than the post takes), and then one row
for a 1 MB answer: the located warning, its card's completeness, seconds and peak memory
against a one-sentence answer built the same way. Run from the repository root:

    python bench/bench_completeness.py
    python bench/bench_completeness.py --platform x   # one platform
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.render.test_completeness import (  # noqa: E402
    CORPUS_PLATFORMS,
    _corpus_project,
    _project,
    _render_all,
)


def corpus(platforms: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        project, results = _render_all(_corpus_project(Path(tmp)), platforms)
        seconds = time.perf_counter() - started
    by_platform: dict[str, Counter[str]] = {}
    images: Counter[str] = Counter()
    for job, result in results:
        kind = result.files[0].meta["completeness"]
        by_platform.setdefault(job.platform, Counter())[kind] += 1
        images[job.platform] += len(result.files)
    total: Counter[str] = Counter()
    print(f"corpus: {len(project.faqs)} FAQs from {len(project.config.content.faqs)} files, "
          f"{seconds:.1f} s")
    print(f"{'platform':<20} {'full':>5} {'continued':>9} {'summary':>7} {'images':>6}")
    for platform in platforms:
        c = by_platform.get(platform, Counter())
        total += c
        print(f"{platform:<20} {c['full']:>5} {c['continued']:>9} {c['summary']:>7} "
              f"{images[platform]:>6}")
    print(f"{'all':<20} {total['full']:>5} {total['continued']:>9} {total['summary']:>7} "
          f"{sum(images.values()):>6}")


def _one(tmp: Path, answer: str, platform: str) -> tuple[float, float, str, list[str]]:
    from generator.load.project import load_project

    root = _project(tmp, [{"id": "huge", "question": "Why is this answer so long?",
                           "answer": answer}])
    tracemalloc.start()
    started = time.perf_counter()
    project, results = _render_all(root, (platform,))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    warnings = [str(w) for w in load_project(root).warnings]
    return seconds, peak, results[0][1].files[0].meta["completeness"], warnings


def huge_answer(platform: str) -> None:
    sentence = "Open the settings and choose pause. "
    with tempfile.TemporaryDirectory() as tmp:
        base = _one(Path(tmp) / "small", sentence, platform)
        big = _one(Path(tmp) / "big", sentence * (1_000_000 // len(sentence)), platform)
    print(f"\n1 MB answer on {platform}: {big[2]} card in {big[0]:.2f} s "
          f"({big[0] / max(base[0], 1e-6):.1f}x a one-sentence answer), peak Python memory "
          f"{big[1]:.0f} MiB ({big[1] / max(base[1], 1e-6):.1f}x), process max RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    for w in big[3]:
        print(f"  warning: {w}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--platform", action="append", help="platform(s) to count (default: one "
                                                         "per aspect ratio)")
    args = ap.parse_args()
    platforms = tuple(args.platform or CORPUS_PLATFORMS)
    corpus(platforms)
    huge_answer(platforms[0] if args.platform else "x")


if __name__ == "__main__":
    main()
