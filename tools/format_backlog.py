"""Rewrite ``[tool.ruff.format] exclude`` in pyproject.toml: the tracked Python files that
are not yet in ruff's format (the pre-commit hook checks every other one).

Run it after moving or formatting files (``python tools/format_backlog.py``); it only
shrinks the list when files were formatted and follows files that moved.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = ROOT / ".venv" / "bin" / "ruff"
HEADER = (
    "[tool.ruff.format]\n"
    "# Files written before the code base used ruff's formatter. The pre-commit hook checks\n"
    "# every other file; format one of these in a commit of its own (`ruff format PATH`, no\n"
    "# other change) and take it off the list (tests/test_precommit.py checks that every\n"
    "# entry exists, so a moved file is not forgotten here; tools/format_backlog.py\n"
    "# rewrites the list).\n"
)


def unformatted() -> list[str]:
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["ruff"]
    # --isolated: judge every file, whatever the current list excludes.
    r = subprocess.run(
        [
            str(RUFF),
            "format",
            "--check",
            "--isolated",
            "--line-length",
            str(ruff["line-length"]),
            "--target-version",
            ruff["target-version"],
            *files,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return sorted(set(re.findall(r"--> (\S+?):\d+:\d+", r.stdout + r.stderr)) & set(files))


def main() -> int:
    path = ROOT / "pyproject.toml"
    text = path.read_text("utf-8")
    bad = unformatted()
    block = HEADER + "exclude = [\n" + "".join(f'  "{f}",\n' for f in bad) + "]\n"
    pattern = re.compile(r"\[tool\.ruff\.format\]\n(?:#.*\n)*exclude = \[\n(?:  \".*\",\n)*\]\n")
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text, count=1)
    else:
        text = text.replace("[tool.ruff.lint]\n", block + "\n[tool.ruff.lint]\n", 1)
    path.write_text(text, "utf-8")
    print(f"{len(bad)} files not yet formatted", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
