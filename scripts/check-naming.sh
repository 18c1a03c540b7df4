#!/usr/bin/env bash
# Fails when a name breaks the naming rule in .clang-tidy (readability-identifier-naming).
# Needs build/compile_commands.json (scripts/setup.sh makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files 'world/*.cc' 'engine/*.cc' 'engine/cli/*.cc' 'engine/viewer/*.cc' 'replay/*.cc' 'plugins/*.cc')
status=0
# shellcheck disable=SC2086
out=$(clang-tidy -p build --quiet --checks='-*,readability-identifier-naming' \
        --warnings-as-errors='readability-identifier-naming' \
        --extra-arg=-Wno-unknown-warning-option $files 2>&1) || status=$?
if [ "$status" -ne 0 ]; then
  echo "$out" | grep -E "(warning|error):" | sort -u
  echo "naming: names above break .clang-tidy's rule (STYLEGUIDE.md)"
  exit 1
fi
echo "naming: $(echo "$files" | wc -l) files follow .clang-tidy's naming rule"
