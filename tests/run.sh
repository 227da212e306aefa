#!/usr/bin/env bash
# The test command: bash tests/run.sh [pytest args...]
# Installs what the suite needs: Debian's Chromium, Node.js, a Java 17 JDK and Maven (as root,
# else it names the one command to run), the virtual env, the linters, the Neo4j jars.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v npm >/dev/null || missing="$missing nodejs npm"
command -v javac >/dev/null || missing="$missing openjdk-17-jdk-headless"
command -v mvn >/dev/null || missing="$missing maven"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q --no-install-recommends $missing
  else
    echo "missing:$missing. Run: sudo apt-get install -y$missing" >&2; exit 1
  fi
fi
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --upgrade pip
# Locked versions (requirements.lock, from `uv pip compile pyproject.toml --extra dev`; wheels
# only, PyICU's from wheels/ and pyicu-wheels), then ctgraph itself; strict editable mode gives
# mypy a real package tree to read.
python -m pip install -q -r requirements.lock
# A PyICU built from source (an older lock) and pyicu-wheels share the `icu` folder: replacing
# the one by the other deletes files of the new one, which a reinstall puts back.
python -c "import icu; icu.Transliterator" 2>/dev/null ||
  python -m pip install -q --force-reinstall --no-deps -c requirements.lock pyicu-wheels
python -m pip install -q --no-deps -e . --config-settings editable_mode=strict
# Neo4j's Cypher linter, pinned by tests/infra/cypher-lint/package-lock.json.
(cd tests/infra/cypher-lint && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/infra/js-lint && npm ci --no-audit --no-fund --loglevel=error)
# Gephi Lite's GEXF reader (graphology-gexf), which the export tests feed every file to.
(cd tests/data/graphology-gexf && npm ci --no-audit --no-fund --loglevel=error)
# The local Neo4j's jars (cached in ~/.m2), its launcher and its class data archive (the
# tests' servers start from it), built once.
python -c "import sys; sys.path.insert(0, 'neo4j'); import localneo4j as n; n.check_tools(); n.classpath(); n.class_data_archive()"
status=0
ruff check . || status=1
ruff format --check . || status=1
mypy || status=1
set +e
# Two workers (pytest-xdist), given whole groups of tests (tests/conftest.py): the tests on the
# session's Neo4j run on one, the rest share both.
pytest -n "${CTGRAPH_TEST_WORKERS:-2}" --no-loadscope-reorder "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then echo "pytest collected no tests" >&2; rc=1; fi
[ "$rc" = 0 ] || status=1
exit "$status"
