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
"$UV" pip compile pyproject.toml tools/lock-build.in --extra test \
  --universal --python-version 3.11 --generate-hashes --quiet \
  --custom-compile-command "sh tools/update-lock.sh" -o requirements.lock "$@"
# uv writes a package once, without the extras its dependents ask for. pip's hash mode
# (pip 23.2, the venv's own) then treats WeasyPrint's 'fonttools[woff]' as a second,
# unpinned requirement as soon as PyPI has a newer fonttools than the lock's, and
# refuses the whole install. Written with its extra, the pin covers both.
# tests/test_lock.py checks that every extra an installed package asks for is here.
sed -i 's/^fonttools==/fonttools[woff]==/' requirements.lock
