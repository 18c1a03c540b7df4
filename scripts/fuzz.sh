#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for N seconds (default 30) on its corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
CC=clang CXX=clang++ SKIP_APT=1 BUILD_DIR=build-fuzz BUILD_TYPE=RelWithDebInfo \
  CMAKE_ARGS="-DGATETWIN_BUILD_FUZZ=ON -DGATETWIN_BUILD_TESTS=OFF -DGATETWIN_BUILD_BENCH=OFF -DGATETWIN_BUILD_VIEWER=OFF" \
  bash scripts/setup.sh
targets=(build-fuzz/tests/fuzz/*_fuzz)
[ -x "${targets[0]}" ] || { echo "fuzz: no fuzz targets were built"; exit 1; }
for target in "${targets[@]}"; do
  name="$(basename "$target" _fuzz)"
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  # every target starts from its seed corpus: a missing one would silently fuzz from nothing
  [ -d "tests/fuzz/corpus/$name" ] || { echo "fuzz: no seed corpus tests/fuzz/corpus/$name for $target"; exit 1; }
  cp -r "tests/fuzz/corpus/$name/." "$corpus/"
  echo "fuzz: $name for ${seconds}s"
  "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" \
    > "build-fuzz/$name.log" 2>&1 || { tail -50 "build-fuzz/$name.log"; echo "fuzz: $name FAILED"; exit 1; }
  grep -E "stat::number_of_executed_units" "build-fuzz/$name.log" || true
done
