// The engine seen through the plugin API: plugin::GateState over an Engine, rebuilt lazily per step.
#pragma once

#include <string>
#include <vector>

#include "engine/engine.h"
#include "plugins/api/gate_state.h"

namespace gatetwin::engine {

/// A read-only view of `engine` for plugins. Per-vehicle and per-lane figures are gathered on
/// first use after Invalidate() (once per step), so a plugin that reads none costs nothing.
class EngineGateState final : public plugin::GateState {
 public:
  explicit EngineGateState(const Engine& engine);
  /// Forgets the gathered figures: call after the engine moved.
  void Invalidate() { gathered_ = false; }

  int64_t now_us() const override { return engine_.now_us(); }
  int utc_offset_min() const override { return world_.params.utc_offset_min; }
  std::string_view world_name() const override { return world_.name; }
  std::string_view world_phase() const override { return world_.phase; }

  size_t lane_count() const override { return world_.lanes.size(); }
  plugin::LaneInfo lane_info(size_t lane) const override;
  plugin::LaneNow lane_now(size_t lane) const override;
  double StationOnLane(size_t lane, double x_m, double y_m) const override;

  size_t booth_count() const override { return world_.booths.size(); }
  plugin::BoothInfo booth_info(size_t booth) const override;
  plugin::BoothNow booth_now(size_t booth) const override;

  size_t yard_count() const override { return yards_.size(); }
  plugin::YardInfo yard_info(size_t yard) const override;
  int yard_present(size_t yard) const override;

  size_t sensor_count() const override { return world_.sensors.size(); }
  plugin::SensorInfo sensor_info(size_t sensor) const override;
  plugin::SensorHealth sensor_health(size_t sensor) const override;

  size_t point_count() const override { return world_.border.markers.size(); }
  plugin::PointInfo point_info(size_t point) const override;

  size_t vehicle_count() const override;
  plugin::VehicleNow vehicle(size_t i) const override;

  size_t finished_count() const override { return engine_.finished().size(); }
  plugin::TripDone finished(size_t i) const override;

 private:
  void Gather() const;

  const Engine& engine_;
  const world::World& world_;
  std::vector<int> yards_;  // yard index → zone index
  std::vector<int> lane_booth_;
  mutable bool gathered_ = false;
  mutable std::vector<const Vehicle*> vehicles_;
  mutable std::vector<double> queue_tail_m_;  // per lane, -1 when no queue
};

}  // namespace gatetwin::engine
