#!/usr/bin/env bash
# Regenerates the shipped sample day (800 trucks, the approved pilot volume, on the 6-lane world).
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_APT=1 bash scripts/setup.sh > /dev/null
./build/engine/cli/gatetwin feed synth --world assets/worlds/huu_nghi/phase1_6lane.yaml \
  --trucks-per-day 800 --seed 20260115 --day 2026-01-15 --out assets/feeds/huu_nghi_2026-01-15.jsonl
