// Small worlds built in code for the simulation tests: banks of booths on parallel lanes.
#pragma once

#include <string>
#include <vector>

#include "world/world.h"

namespace gatetwin::replay::sim::testing {

/// `booths` parallel vn_to_cn lanes (3.5 m apart, `length_m` long, 30 km/h), each with an entry
/// camera at 1 m, a booth of `kind` at `booth_m` with `service` (none when booth_m < 0), its
/// booth camera and barrier, and an exit camera 5 m before the lane's end.
inline world::World BankWorld(int booths, double booth_m, world::ServiceTime service, double length_m = 300,
                              world::BoothKind kind = world::BoothKind::kDocuments) {
  using namespace world;
  World w;
  w.name = "bank";
  w.phase = "bank_" + std::to_string(booths);
  w.anchor = {21.97, 106.71, 0};
  auto sensor = [&](std::string id, SensorKind k, SensorRole role, int lane, double at_m, int booth = -1) {
    Sensor s;
    s.id = std::move(id);
    s.kind = k;
    s.role = role;
    s.lanes = {lane};
    s.station_m = {at_m};
    s.booth = booth;
    s.direction = Direction::kVnToCn;
    s.position = {3.5 * lane, at_m, 0};
    w.sensors.push_back(s);
  };
  for (int l = 0; l < booths; ++l) {
    Lane lane;
    lane.id = "L" + std::to_string(l + 1);
    lane.direction = Direction::kVnToCn;
    lane.speed_limit_kmh = 30;
    lane.polyline = {{3.5 * l, 0, 0}, {3.5 * l, length_m, 0}};
    lane.length_m = length_m;
    w.lanes.push_back(lane);
    sensor("anpr.entry." + lane.id, SensorKind::kAnpr, SensorRole::kEntry, l, 1);
    sensor("anpr.exit." + lane.id, SensorKind::kAnpr, SensorRole::kExit, l, length_m - 5);
    if (booth_m < 0) continue;
    Booth b;
    b.id = "booth." + lane.id;
    b.kind = kind;
    b.lanes = {l};
    b.station_m = booth_m;
    b.position = {3.5 * l, booth_m, 0};
    b.service = service;
    w.booths.push_back(b);
    const int bi = static_cast<int>(w.booths.size()) - 1;
    sensor("anpr.booth." + lane.id, SensorKind::kAnpr, SensorRole::kBooth, l, booth_m, bi);
    sensor("barrier." + lane.id, SensorKind::kBarrier, SensorRole::kService, l, booth_m + 6, bi);
  }
  w.Reindex();
  return w;
}

}  // namespace gatetwin::replay::sim::testing
