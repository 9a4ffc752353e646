#!/usr/bin/env bash
# Set everything up from a fresh clone and run the main job on the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
# Debian's hspell makes the morphology model more accurate on words it never saw in training
# (README, "hspell, optional"); the demo runs without it when it cannot be installed.
if ! command -v hspell >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hspell >/dev/null; } \
        || echo "scripts/demo.sh: could not install hspell; going on without" >&2
fi
.venv/bin/iton demo
