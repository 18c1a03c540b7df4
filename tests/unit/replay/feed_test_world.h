// A small gate World built in code for the replay tests (no YAML loader needed).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "world/world.h"

namespace gatetwin::replay::testing {

inline world::World MakeFeedTestWorld() {
  using world::Direction;
  world::World w;
  w.name = "feed-test";
  const auto lane = [&](const char* id, Direction d) {
    world::Lane l;
    l.id = id;
    l.direction = d;
    w.lanes.push_back(l);
  };
  lane("L01", Direction::kVnToCn);  // 0
  lane("L02", Direction::kCnToVn);  // 1
  lane("L03", Direction::kVnToCn);  // 2
  lane("L05", Direction::kCnToVn);  // 3
  const auto sensor = [&](const char* id, world::SensorKind kind, std::initializer_list<int> lanes,
                          std::optional<Direction> dir = std::nullopt) {
    world::Sensor s;
    s.id = id;
    s.kind = kind;
    s.lanes = lanes;
    s.station_m.assign(s.lanes.size(), 0.0);
    s.direction = dir;
    w.sensors.push_back(s);
  };
  sensor("anpr.vn_to_cn.entry.L03", world::SensorKind::kAnpr, {2}, Direction::kVnToCn);  // 0
  sensor("anpr.multi", world::SensorKind::kAnpr, {0, 1});                                // 1
  sensor("loop.km0_4.L05", world::SensorKind::kLoop, {3});                               // 2
  sensor("gps", world::SensorKind::kGps, {});                                            // 3
  sensor("barrier.L01", world::SensorKind::kBarrier, {0});                               // 4
  sensor("wim.L02", world::SensorKind::kWeighbridge, {1});                               // 5
  sensor("xray.1", world::SensorKind::kScanner, {}, Direction::kCnToVn);                 // 6
  sensor("rfid.1", world::SensorKind::kRfid, {0, 2});                                    // 7
  sensor("radar.L01", world::SensorKind::kRadar, {0});                                   // 8
  w.params.reorder_window_s = 2;
  w.Reindex();
  return w;
}

}  // namespace gatetwin::replay::testing
