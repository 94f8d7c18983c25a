#!/usr/bin/env bash
# Quick start: install what is missing, build, and launch the app on its
# embedded defaults (the built-in sandbox API, the SQLite store in the user
# data dir). Extra arguments go to the app.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"

build-aux/deps.sh
[ -f _build/build.ninja ] || meson setup _build >/dev/null
ninja -C _build

# Run from the build tree: the schema is compiled there, not installed.
export GSETTINGS_SCHEMA_DIR="$top/_build/data"
exec _build/src/batch-calls --sandbox "$@"
