#!/usr/bin/env bash
# Set everything up from a fresh clone and pass the tests: a virtual environment with the
# test extra, Debian's Chromium, hspell and PostgreSQL server, then pytest and the accuracy gates.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# The training smoke test needs the train extra; torch is pinned to the CPU build first so the
# extra's `torch>=2.2` takes it rather than a several-GB CUDA build (not fatal: the test then
# skips and says why).
{ .venv/bin/python -m pip install -q torch==2.13.0 && .venv/bin/python -m pip install -q -e '.[test,train]'; } \
    || echo "scripts/test.sh: could not install the train extra; the training smoke test will skip" >&2

# The web pages are tested in a real headless Chromium from Debian (never a downloaded one);
# Debian's hspell is the optional lexicon of the morphology model (iton.morph.hspell), and the
# accuracy gate checks the floors of the engine with it. Debian's PostgreSQL server runs the store
# tests against a real server (tests/postgres_server.py starts a throwaway cluster); Spark
# (`iton spark`) runs on Java 17.
packages=""
[ -x /usr/bin/chromium ] || packages="$packages chromium"
command -v hspell >/dev/null || packages="$packages hspell"
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || packages="$packages postgresql"
command -v java >/dev/null || packages="$packages openjdk-17-jre-headless"
if [ -n "$packages" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    # not fatal: without them the browser, PostgreSQL and Spark tests skip with a reason and the gate
    # checks the floors of the engine without hspell
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null; } \
        || echo "scripts/test.sh: could not install$packages; going on without" >&2
fi

# Two worker processes (pytest-xdist): the suite's servers, subprocesses and model loads overlap on
# two cores; each worker starts its own PostgreSQL cluster and picks its own free ports.
# The re-ranker's reproduction (marker "reproduction") trains four networks (about 20 minutes the
# first time; they are kept in .rerank-folds/): scripts/reproduce-reranker.sh runs it after the
# suite. Given arguments (a file, -k ...), only pytest runs, with them.
.venv/bin/python -m pytest -q -n 2 -m "not reproduction" "$@"
if [ "$#" -eq 0 ]; then
    bash scripts/reproduce-reranker.sh
fi
