#!/bin/sh
# Installs the bench's peers (Takumi, satori + resvg) into bench/peers/node_modules (git-ignored).
# Only bench/bench_card.py uses them; selfserve itself never needs Node.
set -eu
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "bench/peers/setup.sh: install Node.js and npm first (Debian: apt-get install nodejs npm)" >&2; exit 1; }
npm install --no-audit --no-fund --no-package-lock --loglevel=error
