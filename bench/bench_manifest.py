"""How long manifest.json takes to read and write as typed entries, against plain dicts.

A no-op rebuild reads the previous manifest and writes it again; a big project has
thousands of entries. Prints, for N entries (copies of the starter project's, each under
its own path), the time to read and write them as :class:`ManifestEntry` and, as the
baseline in the same run, as the dicts ``json`` gives; ratios are printed, never asserted.
Run: ``python bench/bench_manifest.py [entries]``.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.load.project import load_project  # noqa: E402
from generator.publish.build import BuildOptions, build  # noqa: E402
from generator.publish.manifest import MANIFEST, manifest_text, read_manifest  # noqa: E402


def _best(fn, runs: int = 5) -> float:  # noqa: ANN001 - any callable
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3200
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        shutil.copytree(ROOT / "generator" / "data" / "starter", root)
        out = root / "output"
        build(load_project(root), BuildOptions(out=out, platforms=("x", "pinterest"), jobs=1))
        real = json.loads((out / MANIFEST).read_text("utf-8"))["assets"]
        assets = [{**e, "path": f"{i}/{e['path']}"} for i in range(n // len(real) + 1) for e in real][:n]
        big = Path(tmp) / "big"
        big.mkdir()
        (big / MANIFEST).write_text(json.dumps({"selfserve": "bench", "project": "Bench",
                                                "assets": assets}), "utf-8")

        def dicts() -> None:
            data = json.loads((big / MANIFEST).read_text("utf-8"))
            ordered = sorted(data["assets"], key=lambda e: e["path"])
            "\n".join(json.dumps(e, ensure_ascii=False) for e in ordered)

        def typed() -> None:
            manifest_text(read_manifest(big).values(), "Bench")

        base, new = _best(dicts), _best(typed)
    print(f"{n} entries: dicts {base * 1000:.1f} ms, typed entries {new * 1000:.1f} ms "
          f"(ratio {new / base:.2f})")


if __name__ == "__main__":
    main()
