// A small world built in code for the SUMO tests and fuzz target: two 1 km lanes, ANPR, a loop, gps.
#pragma once

#include <cmath>

#include "world/world.h"

namespace gatetwin::replay::testing {

// two straight 1 km lanes along y (L1 northbound at x = 1.75, L2 southbound at x = −1.75) with
// ANPR at 100 m and 600 m, a loop at 400 m on L1 and a gps tracker
inline world::World MakeSumoTestWorld() {
  world::World w;
  w.name = "sumo-test";
  w.phase = "test";
  w.anchor = {21.9660, 106.7243, 0};
  const auto lane = [&](const char* id, world::Direction d, double x, double y0, double y1) {
    world::Lane l;
    l.id = id;
    l.direction = d;
    l.polyline = {{x, y0, 0}, {x, y1, 0}};
    l.length_m = std::fabs(y1 - y0);
    w.lanes.push_back(l);
  };
  lane("L1", world::Direction::kVnToCn, 1.75, 0, 1000);
  lane("L2", world::Direction::kCnToVn, -1.75, 1000, 0);
  const auto sensor = [&](const char* id, world::SensorKind kind, int lane_index, double at_m) {
    world::Sensor s;
    s.id = id;
    s.kind = kind;
    if (lane_index >= 0) {
      s.lanes = {lane_index};
      s.station_m = {at_m};
    }
    w.sensors.push_back(s);
  };
  sensor("anpr.entry.L1", world::SensorKind::kAnpr, 0, 100);
  sensor("anpr.exit.L1", world::SensorKind::kAnpr, 0, 600);
  sensor("anpr.entry.L2", world::SensorKind::kAnpr, 1, 100);
  sensor("loop.L1", world::SensorKind::kLoop, 0, 400);
  sensor("gps", world::SensorKind::kGps, -1, 0);
  w.Reindex();
  return w;
}

}  // namespace gatetwin::replay::testing
