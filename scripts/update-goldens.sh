#!/usr/bin/env bash
# Regenerates the golden report from the sample day. Run deliberately; commit with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_APT=1 bash scripts/setup.sh > /dev/null
./build/engine/cli/gatetwin replay --world assets/worlds/huu_nghi/phase1_6lane.yaml \
  --feed assets/feeds/huu_nghi_2026-01-15.jsonl --report tests/golden/sample_day_report.json -q
echo "updated tests/golden/sample_day_report.json; review with: git diff tests/golden"
