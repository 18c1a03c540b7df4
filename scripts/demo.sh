#!/usr/bin/env bash
# The README's first command: sets everything up, then replays the sample day on the 6-lane world.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=out/demo
mkdir -p "$out"
world=assets/worlds/huu_nghi/phase1_6lane.yaml
feed=assets/feeds/huu_nghi_2026-01-15.jsonl
echo
echo "Replaying $feed on $world"
./build/engine/cli/gatetwin replay --world "$world" --feed "$feed" \
  --report "$out/report.json" --quarantine "$out/quarantine.jsonl" \
  --expect tests/golden/sample_day.expect.yaml
echo
echo "The full report is $out/report.json; the doubtful input, with reasons, is $out/quarantine.jsonl."
echo "Try: ./build/engine/cli/gatetwin --help"
