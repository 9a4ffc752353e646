#!/usr/bin/env bash
# Set everything up from a fresh clone and run the main job on the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/iton demo
