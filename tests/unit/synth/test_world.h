// Small worlds built in code for the synthesizer tests (no YAML loader needed).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "world/world.h"

namespace gatetwin::replay::testing {

/// A straight 1 km, four-lane gate: two export lanes (documents booth; weighbridge booth), two
/// import lanes (X-ray booth; documents booth), entry/booth/exit cameras, barriers, loops, a
/// radar, a GPS tracker feed and a yard per direction with `yard_capacity` places.
inline world::World FourLaneWorld(int yard_capacity = 30) {
  using namespace world;
  World w;
  w.name = "test_four_lane";
  w.phase = "test";
  w.anchor = {21.9711, 106.7108, 300};
  w.roads.push_back({"R", {}, {{0, 0, 0}, {1000, 0, 0}}, {}});
  struct LaneSpec {
    const char* id;
    Direction dir;
    double y;
  };
  const LaneSpec lanes[] = {{"L1", Direction::kVnToCn, -2},
                            {"L2", Direction::kVnToCn, -5.5},
                            {"L3", Direction::kCnToVn, 2},
                            {"L4", Direction::kCnToVn, 5.5}};
  for (const auto& spec : lanes) {
    Lane lane;
    lane.id = spec.id;
    lane.road = 0;
    lane.direction = spec.dir;
    lane.speed_limit_kmh = 30;
    // vn_to_cn runs east, cn_to_vn west
    if (spec.dir == Direction::kVnToCn) {
      lane.polyline = {{0, spec.y, 0}, {400, spec.y, 0}, {1000, spec.y, 0}};
    } else {
      lane.polyline = {{1000, spec.y, 0}, {600, spec.y, 0}, {0, spec.y, 0}};
    }
    lane.length_m = 1000;
    w.lanes.push_back(lane);
  }
  auto booth = [&](const char* id, BoothKind kind, int lane, ServiceTime service) {
    Booth b;
    b.id = id;
    b.kind = kind;
    b.lanes = {lane};
    b.station_m = 500;
    b.service = service;
    w.booths.push_back(b);
    return static_cast<int>(w.booths.size()) - 1;
  };
  using Dist = ServiceTime::Dist;
  const int b1 = booth("B1", BoothKind::kDocuments, 0, {Dist::kLognormal, 40, 15, 0, 0});
  const int b2 = booth("B2", BoothKind::kWeighbridge, 1, {Dist::kUniform, 40, 0, 25, 55});
  const int b3 = booth("B3", BoothKind::kXray, 2, {Dist::kExponential, 25, 0, 0, 0});
  const int b4 = booth("B4", BoothKind::kDocuments, 3, {Dist::kFixed, 20, 0, 0, 0});

  auto sensor = [&](std::string id, SensorKind kind, SensorRole role, std::vector<int> ls, std::vector<double> stations,
                    int b = -1, int zone = -1) {
    Sensor s;
    s.id = std::move(id);
    s.kind = kind;
    s.role = role;
    s.lanes = std::move(ls);
    s.station_m = std::move(stations);
    s.booth = b;
    s.zone = zone;
    if (s.lanes.size() == 1) s.direction = w.lanes[static_cast<size_t>(s.lanes[0])].direction;
    w.sensors.push_back(s);
  };
  for (int l = 0; l < 4; ++l) {
    const std::string lane_id = w.lanes[static_cast<size_t>(l)].id;
    sensor("anpr.entry." + lane_id, SensorKind::kAnpr, SensorRole::kEntry, {l}, {50});
    sensor("anpr.exit." + lane_id, SensorKind::kAnpr, SensorRole::kExit, {l}, {950});
  }
  const int booths[] = {b1, b2, b3, b4};
  for (int l = 0; l < 4; ++l) {
    const std::string id = w.booths[static_cast<size_t>(booths[l])].id;
    sensor("anpr.booth." + id, SensorKind::kAnpr, SensorRole::kBooth, {l}, {500}, booths[l]);
    sensor("barrier." + id, SensorKind::kBarrier, SensorRole::kService, {l}, {505}, booths[l]);
  }
  sensor("xray.B3", SensorKind::kScanner, SensorRole::kService, {2}, {500}, b3);
  sensor("wim.B2", SensorKind::kWeighbridge, SensorRole::kService, {1}, {500}, b2);
  sensor("loop.L1.300", SensorKind::kLoop, SensorRole::kCount, {0}, {300});
  sensor("loop.import.300", SensorKind::kLoop, SensorRole::kCount, {2, 3}, {300, 300});
  sensor("radar.L2.700", SensorKind::kRadar, SensorRole::kCount, {1}, {700});
  sensor("gps", SensorKind::kGps, SensorRole::kTracker, {}, {});

  // a yard beside each carriageway, entered and left from its own lanes after the booths
  auto yard = [&](const char* id, double y, int lane) {
    Zone z;
    z.id = id;
    z.kind = ZoneKind::kYard;
    z.capacity_trucks = yard_capacity;
    z.polygon = {{650, y, 0}, {850, y, 0}, {850, y + (y > 0 ? 60 : -60), 0}, {650, y + (y > 0 ? 60 : -60), 0}};
    z.lanes = {lane};
    w.zones.push_back(z);
    const int zone = static_cast<int>(w.zones.size()) - 1;
    sensor(std::string("anpr.yard_in.") + id, SensorKind::kAnpr, SensorRole::kYardIn, {lane}, {700}, -1, zone);
    sensor(std::string("anpr.yard_out.") + id, SensorKind::kAnpr, SensorRole::kYardOut, {lane}, {800}, -1, zone);
  };
  yard("Y_vn", -10, 0);
  yard("Y_cn", 10, 2);
  w.Reindex();
  return w;
}

/// One lane, an entry and an exit camera, nothing else.
inline world::World BareWorld() {
  using namespace world;
  World w;
  w.name = "bare";
  w.anchor = {21.97, 106.71, 0};
  Lane lane;
  lane.id = "only";
  lane.direction = Direction::kCnToVn;
  lane.polyline = {{0, 0, 0}, {0, 200, 0}};
  lane.length_m = 200;
  w.lanes.push_back(lane);
  Sensor in, out;
  in.id = "in";
  in.kind = SensorKind::kAnpr;
  in.role = SensorRole::kEntry;
  in.lanes = {0};
  in.station_m = {10};
  out = in;
  out.id = "out";
  out.role = SensorRole::kExit;
  out.station_m = {190};
  w.sensors = {in, out};
  w.Reindex();
  return w;
}

}  // namespace gatetwin::replay::testing
