#!/usr/bin/env bash
# The shipped layout study: the 4, 6 and 14-lane phases at the approved pilot volume (800/day),
# at the 2027 target (2,500/day) and on a pre-Tết peak day (1,900/day), each into out/study-<demand>/.
# Options after the script's name go to every `gatetwin study layout` run (e.g. --jobs 1).
set -euo pipefail
cd "$(dirname "$0")/.."
gt=./build/engine/cli/gatetwin
if [ ! -x "$gt" ]; then bash scripts/setup.sh; fi
worlds=(assets/worlds/huu_nghi/phase0_4lane.yaml assets/worlds/huu_nghi/phase1_6lane.yaml
        assets/worlds/huu_nghi/phase2_14lane.yaml)
for demand in pilot_800 target_2027_2500 pre_tet_1900; do
  echo
  "$gt" study layout --worlds "${worlds[@]}" --demand "assets/demand/$demand.yaml" \
    --replications 5 --sweep 200:4000:200 --sweep-replications 2 --threshold-min 60 \
    --report "out/study-$demand" "$@"
done
echo
echo "Open out/study-pilot_800/index.html, out/study-target_2027_2500/index.html and out/study-pre_tet_1900/index.html."
