#!/usr/bin/env bash
# The scale-out test: two gunicorn instances behind nginx, PostgreSQL, Redis, a bounded load
# test with one instance killed mid-run. Options: scripts/scale-out.sh --help
# (deploy/loadtest/run.py). Needs nginx, redis-server, PostgreSQL and `pip install ".[load]"`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" -m deploy.loadtest.run "$@"
