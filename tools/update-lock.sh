#!/bin/sh
# Refresh requirements.lock from pyproject.toml's ranges (and tools/lock-build.in).
#
#   sh tools/update-lock.sh              # keep locked versions that still fit the ranges
#   sh tools/update-lock.sh --upgrade    # move every package to its newest fitting release
#
# uv, not pip-tools: one static binary from PyPI that resolves in seconds, writes a
# universal lock (environment markers for other Pythons and systems, so one file serves
# Linux, macOS and Windows users) with the hashes of every published file, and does not
# depend on the pip version inside the venv (pip-tools breaks with each new pip).
set -eu
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
[ -x "$UV" ] || UV=uv
exec "$UV" pip compile pyproject.toml tools/lock-build.in --extra test \
  --universal --python-version 3.11 --generate-hashes --quiet \
  --custom-compile-command "sh tools/update-lock.sh" -o requirements.lock "$@"
