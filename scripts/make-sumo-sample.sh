#!/usr/bin/env bash
# Regenerates the SUMO sample in assets/sumo/ (net, routes, config, FCD and E1 outputs) with Debian's `sumo`.
#
#   bash scripts/make-sumo-sample.sh            # writes assets/sumo/
#   OUT=/tmp/s bash scripts/make-sumo-sample.sh  # writes elsewhere (the sumo test does this)
#
# The net is the approach road of the Hữu Nghị world's phase 0 lanes (L01–L04), drawn at
# the world's coordinates: nodes are given in lon/lat computed from the world's anchor and
# netconvert projects them to UTM (its <location> says how), so the FCD can be read both by
# lane ids (the lane map) and by position (geo). 24 trucks, 6 per lane, stop at their booth.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-assets/sumo}"
mkdir -p "$out"
for tool in netconvert sumo; do
  command -v "$tool" >/dev/null || { echo "make-sumo-sample: '$tool' not found: apt-get install sumo" >&2; exit 2; }
done

# the world's anchor (assets/worlds/huu_nghi/base.yaml) and local metres → lon/lat on the
# WGS84 ellipsoid's tangent plane there (a few mm off GeographicLib's over 1.3 km)
lat0=21.9660 lon0=106.7243
lonlat() {  # x_m y_m → "lon,lat"
  awk -v x="$1" -v y="$2" -v lat0="$lat0" -v lon0="$lon0" 'BEGIN {
    a = 6378137; e2 = 0.00669437999014; pi = atan2(0, -1); p = lat0 * pi / 180
    w = sqrt(1 - e2 * sin(p) ^ 2); n = a / w; m = a * (1 - e2) / w ^ 3
    printf "%.8f,%.8f", lon0 + x / (n * cos(p)) * 180 / pi, lat0 + y / m * 180 / pi }'
}
IFS=, read -r exs_lon exs_lat <<< "$(lonlat 3.5 0)"
IFS=, read -r exn_lon exn_lat <<< "$(lonlat 3.5 1300)"
IFS=, read -r ims_lon ims_lat <<< "$(lonlat -3.5 0)"
IFS=, read -r imn_lon imn_lat <<< "$(lonlat -3.5 1300)"

# one two-lane edge per direction, centred between the world's lane pairs (x = ±3.5 m):
# SUMO lane 0 is the right-hand one, so export_0 = L03, export_1 = L01, import_0 = L04, import_1 = L02
cat > "$out/approach.nod.xml" <<NODES
<nodes>
  <node id="export_s" x="$exs_lon" y="$exs_lat" type="dead_end"/>
  <node id="export_n" x="$exn_lon" y="$exn_lat" type="dead_end"/>
  <node id="import_n" x="$imn_lon" y="$imn_lat" type="dead_end"/>
  <node id="import_s" x="$ims_lon" y="$ims_lat" type="dead_end"/>
</nodes>
NODES
cat > "$out/approach.edg.xml" <<'EDGES'
<edges>
  <edge id="export" from="export_s" to="export_n" numLanes="2" speed="8.33" width="3.5" spreadType="center"/>
  <edge id="import" from="import_n" to="import_s" numLanes="2" speed="8.33" width="3.5" spreadType="center"/>
</edges>
EDGES
netconvert --node-files "$out/approach.nod.xml" --edge-files "$out/approach.edg.xml" --proj.utm \
  --no-internal-links true --no-turnarounds true --output-file "$out/approach.net.xml"

# six trucks per lane, one every 75 s, each stopping 40 s at its booth (export 500 m, import 680 m)
{
  echo '<routes>'
  # trucks keep the lane they were sent down (the booth of their lane), as at the gate
  echo '  <vType id="truck" vClass="truck" length="16.5" maxSpeed="8.33" accel="1.0" decel="3.0" sigma="0.3" lcKeepRight="0" lcSpeedGain="0"/>'
  # sorted by begin: sumo ignores flows listed out of departure order
  for flow in "exp_L03 export 0 500" "imp_L04 import 0 680" "exp_L01 export 1 500" "imp_L02 import 1 680"; do
    read -r id edge lane stop_m <<< "$flow"
    begin=$(( lane * 20 )); [ "$edge" = import ] && begin=$(( begin + 10 ))
    echo "  <flow id=\"$id\" type=\"truck\" begin=\"$begin\" period=\"75\" number=\"6\" departLane=\"$lane\" departSpeed=\"max\">"
    echo "    <route edges=\"$edge\"/>"
    echo "    <stop lane=\"${edge}_${lane}\" endPos=\"$stop_m\" duration=\"40\"/>"
    echo '  </flow>'
  done
  echo '</routes>'
} > "$out/approach.rou.xml"

# E1 induction loops at km 0.4 of each lane (the world's loop.km0_4.Lxx), 60 s intervals
cat > "$out/approach.add.xml" <<'ADD'
<additional>
  <inductionLoop id="e1_export_1" lane="export_1" pos="400" period="60" file="e1.xml"/>
  <inductionLoop id="e1_export_0" lane="export_0" pos="400" period="60" file="e1.xml"/>
  <inductionLoop id="e1_import_1" lane="import_1" pos="400" period="60" file="e1.xml"/>
  <inductionLoop id="e1_import_0" lane="import_0" pos="400" period="60" file="e1.xml"/>
</additional>
ADD
cat > "$out/approach.sumocfg" <<'CFG'
<configuration>
  <input>
    <net-file value="approach.net.xml"/>
    <route-files value="approach.rou.xml"/>
    <additional-files value="approach.add.xml"/>
  </input>
  <time>
    <begin value="0"/>
    <end value="900"/>
  </time>
  <processing>
    <default.speeddev value="0"/>
  </processing>
  <random_number>
    <seed value="7"/>
  </random_number>
  <report>
    <no-step-log value="true"/>
    <duration-log.disable value="true"/>
  </report>
</configuration>
CFG
# FCD every 2 s, once in net coordinates and once in lon/lat (--fcd-output.geo)
(cd "$out" && sumo -c approach.sumocfg --fcd-output fcd.xml --device.fcd.period 2 --no-warnings true)
(cd "$out" && sumo -c approach.sumocfg --fcd-output fcd_geo.xml --fcd-output.geo true --device.fcd.period 2 \
  --no-warnings true)
du -ch "$out"/*.xml | tail -1
