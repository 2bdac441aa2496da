"""How long each bad-input corpus case takes to be refused (or built), slowest first.

The corpus test bounds time by the loader's limits rather than by timers; this prints
the figures. Run from the repository root:

    python bench/bench_bad_input.py            # every case
    python bench/bench_bad_input.py faqs/100k  # cases whose name contains the text
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.cli import main  # noqa: E402
from tests.robustness.test_bad_corpus import CASES, STARTER, _install  # noqa: E402


def _run(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


def bench(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        shutil.copytree(STARTER, base)
        t0 = time.perf_counter()
        _run(["-q", "build", "--project", str(base)])
        print(f"starter build (baseline): {time.perf_counter() - t0:.1f} s")
        rows = []
        for case in CASES:
            if names and not any(n in case.name for n in names):
                continue
            root = Path(tmp) / "case"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(base, root, symlinks=True)
            _install(case, root)
            t = time.perf_counter()
            code, _err = _run(["-q", "build", "--project", str(root), *case.args])
            rows.append((time.perf_counter() - t, case.name, code))
        for seconds, name, code in sorted(rows, reverse=True):
            print(f"{seconds:7.2f} s  exit {code}  {name}")
        print(f"{len(rows)} cases, {sum(r[0] for r in rows):.1f} s in all")


if __name__ == "__main__":
    bench(sys.argv[1:])
