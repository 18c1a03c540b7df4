// plugin::GateState over the engine: copies engine and world figures into the API's plain types.
#include "engine/plugin_state.h"

#include <algorithm>

namespace gatetwin::engine {

EngineGateState::EngineGateState(const Engine& engine) : engine_(engine), world_(engine.world()) {
  for (size_t z = 0; z < world_.zones.size(); ++z) {
    if (world_.zones[z].kind == world::ZoneKind::kYard) yards_.push_back(static_cast<int>(z));
  }
  for (size_t l = 0; l < world_.lanes.size(); ++l) lane_booth_.push_back(engine.LaneBooth(static_cast<int>(l)));
}

plugin::LaneInfo EngineGateState::lane_info(size_t lane) const {
  const world::Lane& l = world_.lanes.at(lane);
  plugin::LaneInfo info;
  info.id = l.id;
  info.road = l.road >= 0 ? std::string_view(world_.roads[static_cast<size_t>(l.road)].id) : std::string_view();
  info.direction = static_cast<plugin::Direction>(l.direction);
  info.length_m = l.length_m;
  info.speed_limit_mps = l.speed_limit_kmh / 3.6;
  info.booth = lane_booth_[lane];
  info.stop_line_m = info.booth >= 0 ? world_.booths[static_cast<size_t>(info.booth)].station_m : -1;
  return info;
}

void EngineGateState::Gather() const {
  if (gathered_) return;
  gathered_ = true;
  vehicles_.clear();
  queue_tail_m_.assign(world_.lanes.size(), -1.0);
  engine_.ForEachActive([&](const Vehicle& v) {
    vehicles_.push_back(&v);
    if (v.stage == Stage::kQueued && v.lane >= 0) {
      const double tail_m = v.station_m - SizeOf(v.vehicle_class).length_m / 2;
      double& lane_tail = queue_tail_m_[static_cast<size_t>(v.lane)];
      lane_tail = lane_tail < 0 ? std::max(0.0, tail_m) : std::min(lane_tail, std::max(0.0, tail_m));
    }
  });
}

plugin::LaneNow EngineGateState::lane_now(size_t lane) const {
  Gather();
  const LaneStats& s = engine_.lane_stats().at(lane);
  plugin::LaneNow now;
  now.present = s.present;
  now.queued = s.queued;
  now.vehicles_total = s.vehicles;
  now.queue_tail_m = queue_tail_m_[lane];
  if (now.queue_tail_m >= 0) {
    // the queue's head is the booth's stop line where there is one, else its front vehicle
    double head_m = lane_booth_[lane] >= 0 ? world_.booths[static_cast<size_t>(lane_booth_[lane])].station_m : -1;
    if (head_m < 0) {
      for (const Vehicle* v : vehicles_) {
        if (v->lane == static_cast<int>(lane) && v->stage == Stage::kQueued) head_m = std::max(head_m, v->station_m);
      }
    }
    now.queue_length_m = std::max(0.0, head_m - now.queue_tail_m);
  }
  return now;
}

double EngineGateState::StationOnLane(size_t lane, double x_m, double y_m) const {
  return engine_.lanes().lane(static_cast<int>(lane)).Project({x_m, y_m, 0}).station_m;
}

plugin::BoothInfo EngineGateState::booth_info(size_t booth) const {
  const world::Booth& b = world_.booths.at(booth);
  return {b.id, static_cast<plugin::BoothKind>(b.kind), b.service.mean_s};
}

plugin::BoothNow EngineGateState::booth_now(size_t booth) const {
  const auto occupant = engine_.BoothOccupant(static_cast<int>(booth));
  return {occupant.has_value(), occupant.value_or(0)};
}

plugin::YardInfo EngineGateState::yard_info(size_t yard) const {
  const world::Zone& z = world_.zones[static_cast<size_t>(yards_.at(yard))];
  return {z.id, z.capacity_trucks};
}

int EngineGateState::yard_present(size_t yard) const {
  return engine_.yard_stats().at(static_cast<size_t>(yards_.at(yard))).present;
}

plugin::SensorInfo EngineGateState::sensor_info(size_t sensor) const {
  const world::Sensor& s = world_.sensors.at(sensor);
  plugin::SensorInfo info;
  info.id = s.id;
  info.kind = world::ToString(s.kind);
  info.role = world::ToString(s.role);
  if (!s.lanes.empty()) {
    info.lane = s.lanes[0];
    info.station_m = s.station_m.empty() ? -1 : s.station_m[0];
  }
  return info;
}

plugin::SensorHealth EngineGateState::sensor_health(size_t sensor) const {
  return static_cast<plugin::SensorHealth>(engine_.sensor_health().at(sensor).state);
}

plugin::PointInfo EngineGateState::point_info(size_t point) const {
  const world::Marker& m = world_.border.markers.at(point);
  return {m.id, m.position.x, m.position.y};
}

size_t EngineGateState::vehicle_count() const {
  Gather();
  return vehicles_.size();
}

plugin::VehicleNow EngineGateState::vehicle(size_t i) const {
  Gather();
  const Vehicle& v = *vehicles_.at(i);
  plugin::VehicleNow out;
  out.id = v.id;
  out.plate = v.plate;
  out.vehicle_class = static_cast<plugin::VehicleClass>(v.vehicle_class);
  out.direction = static_cast<plugin::Direction>(v.direction);
  out.stage = static_cast<plugin::Stage>(v.stage);
  out.lane = v.lane;
  out.station_m = v.station_m;
  out.speed_mps = v.speed_mps;
  out.length_m = SizeOf(v.vehicle_class).length_m;
  out.booth = v.booth;
  out.yard = -1;
  if (v.zone >= 0) {
    const auto it = std::find(yards_.begin(), yards_.end(), v.zone);
    if (it != yards_.end()) out.yard = static_cast<int>(it - yards_.begin());
  }
  out.entry_us = v.entry_us;
  for (int s = 0; s < kStageCount; ++s) out.stage_since_us[s] = v.stage_since_us[static_cast<size_t>(s)];
  return out;
}

plugin::TripDone EngineGateState::finished(size_t i) const {
  const FinishedTrip& f = engine_.finished().at(i);
  plugin::TripDone out;
  out.id = f.id;
  out.direction = static_cast<plugin::Direction>(f.direction);
  out.vehicle_class = static_cast<plugin::VehicleClass>(f.vehicle_class);
  out.end = static_cast<plugin::TripEnd>(f.end);
  out.entry_us = f.entry_us;
  out.exit_us = f.exit_us;
  out.service_start_us = f.service_start_us;
  return out;
}

}  // namespace gatetwin::engine
