#!/usr/bin/env bash
# The README's first command: sets everything up, replays the sample day on the 6-lane world,
# simulates the 2027 target on the 6- and 14-lane layouts, and opens the 3D twin on the sample
# day when there is a display (else renders a still and says where it is).
#
#   bash scripts/demo.sh          # the replay, the simulated 2027 target, the 3D twin
#   bash scripts/demo.sh --live   # the same day live: a local MQTT broker, the sample day published
#                                 # onto it at 1440x (a day a minute), followed (in 3D when there is a
#                                 # display), recorded and replayed
set -euo pipefail
cd "$(dirname "$0")/.."
live=""
[ "${1:-}" = "--live" ] && live=1
bash scripts/setup.sh
out=out/demo
mkdir -p "$out"
world=assets/worlds/huu_nghi/phase1_6lane.yaml
feed=assets/feeds/huu_nghi_2026-01-15.jsonl
gt=./build/engine/cli/gatetwin

if [ -n "$live" ]; then
  speed="${GATETWIN_DEMO_SPEED:-1440}"
  echo
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${GATETWIN_DEMO_HEADLESS:-}" ]; then
    echo "Live in 3D: a broker of our own on a free loopback port, the sample day published onto it at ${speed}x,"
    echo "the twin following it and recording every message (Esc ends it) ..."
    "$gt" view --world "$world" --local-broker --publish "$feed" --publish-speed "$speed" \
      --record "$out/live.sqlite" --overwrite --language vi
  else
    echo "Live: a broker of our own on a free loopback port, the sample day published onto it at ${speed}x,"
    echo "the twin following it and recording every message ..."
    "$gt" live --world "$world" --local-broker --publish "$feed" --publish-speed "$speed" \
      --record "$out/live.sqlite" --overwrite --report "$out/live_report.json" --quarantine "$out/live_quarantine.jsonl"
  fi
  echo
  "$gt" recording info "$out/live.sqlite"
  echo
  echo "The recording replays like the feed it came from (any hour, any speed):"
  "$gt" replay --world "$world" --feed "$out/live.sqlite" --from 2026-01-15T08:00:00+07:00 \
    --to 2026-01-15T12:00:00+07:00 --report "$out/live_morning.json" | sed -n '1,4p'
  exit 0
fi
echo
echo "Replaying $feed on $world"
"$gt" replay --world "$world" --feed "$feed" \
  --report "$out/report.json" --quarantine "$out/quarantine.jsonl" \
  --expect tests/golden/sample_day.expect.yaml --plugin stage_census
echo
echo "The full report is $out/report.json; the doubtful input, with reasons, is $out/quarantine.jsonl."

# what the 14-lane phase buys at the 2027 target: the same simulated trucks on both layouts
echo
echo "Simulating the 2027 target (2,500 trucks/day) on the 6-lane and the 14-lane layouts ..."
for phase in phase1_6lane phase2_14lane; do
  echo "  $phase:"
  "$gt" simulate --world "assets/worlds/huu_nghi/$phase.yaml" --demand assets/demand/target_2027_2500.yaml \
    --seed 1 --report "$out/simulated_2027_$phase.json" | sed -n '/ground truth/,$p' | sed '1d; s/^/  /'
done
echo "  (a whole study with charts: bash scripts/example-study.sh, see docs/layout-study.md)"
echo

# the morning peak at the booth plaza, as a still for slides (no display needed)
"$gt" render --world "$world" --feed "$feed" --at 2026-01-15T10:45:00+07:00 \
  --camera booth_plaza --size 1920x1080 --language vi --out "$out/booth_plaza_10h45.png"
echo "The rendered still of the 10:45 peak is $out/booth_plaza_10h45.png."

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${GATETWIN_DEMO_HEADLESS:-}" ]; then
  echo
  echo "Opening the twin (F1: help, Esc: quit) ..."
  "$gt" view --world "$world" --feed "$feed" --at 2026-01-15T08:00:00+07:00 --speed 60 --language vi
else
  echo "No display here: run the same on a machine with a screen to open the twin, e.g."
  echo "  $gt view --world $world --feed $feed --at 2026-01-15T08:00:00+07:00 --language vi"
fi
