#!/usr/bin/env bash
# The test command: bash tests/run.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --upgrade pip
# Locked versions (requirements.lock, from `uv pip compile pyproject.toml --extra dev`), then
# ctgraph itself; strict editable mode gives mypy a real package tree to read.
python -m pip install -q -r requirements.lock
python -m pip install -q --no-deps -e . --config-settings editable_mode=strict
# Neo4j's Cypher linter, pinned by tests/infra/cypher-lint/package-lock.json.
command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (sudo apt-get install -y nodejs npm)" >&2; exit 1; }
(cd tests/infra/cypher-lint && npm ci --no-audit --no-fund --loglevel=error)
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  else
    echo "chromium is missing: run 'sudo apt-get install -y chromium'" >&2; exit 1
  fi
fi
status=0
ruff check . || status=1
ruff format --check . || status=1
mypy || status=1
set +e
pytest "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then echo "pytest collected no tests" >&2; rc=1; fi
[ "$rc" = 0 ] || status=1
exit "$status"
