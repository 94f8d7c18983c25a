#!/usr/bin/env bash
# Refreshes the AppStream screenshots in data/screenshots/ from the UI tests,
# which save what a person would see as PNGs in the build dir. One command:
#   build-aux/screenshots.sh
# Look at the new PNGs before committing them: a test that passes can still
# have drawn something nobody wants in a software centre.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"

# optipng only makes the committed files smaller; it is not needed to run.
build-aux/deps.sh optipng
[ -f _build/build.ninja ] || meson setup _build >/dev/null
ninja -C _build

# The UI tests that save the four pictures the metainfo references.
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  meson test -C _build --print-errorlogs ui-window ui-create ui-batch

for name in ui-empty ui-create-report ui-batch-ongoing ui-batch-sent; do
  cp "_build/tests/$name.png" "data/screenshots/$name.png"
  optipng -quiet -o5 -strip all "data/screenshots/$name.png"
done
ls -l data/screenshots/
