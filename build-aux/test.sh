#!/usr/bin/env bash
# Quick start: install what is missing, build, and run every test headless
# (a private D-Bus session and Xvfb for the UI tests). Extra arguments go to
# meson test (e.g. --suite core).
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"

build-aux/deps.sh
[ -f _build/build.ninja ] || meson setup _build >/dev/null
ninja -C _build

# GTK warns once without a session bus, which fatal-warnings would turn
# into an abort: always give the tests their own bus and display.
status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  meson test -C _build --print-errorlogs "$@" || status=$?
python3 build-aux/tap-summary.py _build/meson-logs/testlog.json || true
exit $status
