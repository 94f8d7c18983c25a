#!/bin/sh
# Runs the libFuzzer targets under ASan+UBSan for SECONDS (default 60)
# each, seeded with the CSV corpus. Exits non-zero on a crash; the input
# that crashed is left in _fuzz/ as crash-*.
#
#   build-aux/fuzz.sh            # 60 s, as .ci/run does
#   build-aux/fuzz.sh 3600       # a longer run
set -eu

seconds=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_fuzz"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$top" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false -Dui_tests=false
fi
ninja -C "$build" tests/fuzz/fuzz-csv-import

# libFuzzer writes new inputs into the first corpus directory: a copy
# keeps the committed corpus as it is.
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$top"/tests/data/csv/*.csv "$corpus"/

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
"$build/tests/fuzz/fuzz-csv-import" \
  -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$build/crash-" "$corpus"
