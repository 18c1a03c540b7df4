// Small worlds built in code for the simulation tests: banks of booths on parallel lanes.
#pragma once

#include <algorithm>

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

/// A tidal bank: four lanes 300 m long with a documents booth 100 m along each, serving
/// exactly 60 s: L1 runs vn_to_cn, L3 cn_to_vn; T (vn_to_cn) and TR (cn_to_vn) are one tidal
/// strip, TR on standby.
inline world::World TidalBankWorld() {
  using namespace world;
  World w = BankWorld(3, 100, {ServiceTime::Dist::kFixed, 60, 0, 0, 0});
  w.lanes[1].id = "T";
  w.booths[1].id = "booth.T";
  Lane back = w.lanes[1];
  back.id = "TR";
  std::reverse(back.polyline.begin(), back.polyline.end());
  w.lanes.push_back(back);
  // L3 and TR run cn_to_vn: their polylines start at the far end, and so do their stations
  auto turn = [&](int lane, double x) {
    Lane& l = w.lanes[static_cast<size_t>(lane)];
    l.direction = Direction::kCnToVn;
    l.polyline = {{x, 300, 0}, {x, 0, 0}};
  };
  turn(2, 7.0);
  turn(3, 3.5);
  w.lanes[1].tidal_partner = 3;
  w.lanes[3].tidal_partner = 1;
  w.lanes[3].standby = true;
  for (Sensor& s : w.sensors) {
    if (s.lanes[0] == 2) s.direction = Direction::kCnToVn, s.position.y = 300 - s.position.y;
  }
  w.booths[2].position.y = 200;
  Booth b = w.booths[1];
  b.id = "booth.TR";
  b.lanes = {3};
  b.position = {3.5, 200, 0};
  w.booths.push_back(b);
  const int booth = static_cast<int>(w.booths.size()) - 1;
  auto sensor = [&](std::string id, SensorKind k, SensorRole role, double at_m, int served = -1) {
    Sensor s;
    s.id = std::move(id);
    s.kind = k;
    s.role = role;
    s.lanes = {3};
    s.station_m = {at_m};
    s.booth = served;
    s.direction = Direction::kCnToVn;
    s.position = {3.5, 300 - at_m, 0};
    w.sensors.push_back(s);
  };
  sensor("anpr.entry.TR", SensorKind::kAnpr, SensorRole::kEntry, 1);
  sensor("anpr.exit.TR", SensorKind::kAnpr, SensorRole::kExit, 295);
  sensor("anpr.booth.TR", SensorKind::kAnpr, SensorRole::kBooth, 100, booth);
  sensor("barrier.TR", SensorKind::kBarrier, SensorRole::kService, 106, booth);
  w.Reindex();
  return w;
}

}  // namespace gatetwin::replay::sim::testing
