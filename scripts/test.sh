#!/usr/bin/env bash
# The README's second command: sets everything up and runs every test —
# Release build, the same suite under ASan/UBSan, the fuzz targets briefly, and the format check.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"

echo "== release build and tests"
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j "$jobs"

# this build also proves the headless core builds and passes with the viewer switched off
echo "== address and undefined-behaviour sanitizers (headless core, viewer off)"
SKIP_APT=1 BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo \
  CMAKE_ARGS="-DGATETWIN_SANITIZE=ON -DGATETWIN_BUILD_BENCH=OFF -DGATETWIN_BUILD_VIEWER=OFF" bash scripts/setup.sh
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== fuzz targets (libFuzzer, ${FUZZ_SECONDS:-30} s each)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}"

echo "== format and naming"
bash scripts/check-format.sh
bash scripts/check-naming.sh

echo "== all tests passed"
