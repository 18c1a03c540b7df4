// What a plugin sees of the running twin: a read-only view of the gate now, and the commands it may send.
//
// Part of the plugin API (plugins/api/): a plugin includes these headers and nothing else of
// gatetwin. Every type here is plain data or an abstract interface, so a plugin links to no
// gatetwin library; changing any of them bumps GATETWIN_PLUGIN_ABI_VERSION (plugin.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gatetwin::plugin {

/// Direction of travel: 0 toward China (vn_to_cn), 1 toward Việt Nam (cn_to_vn).
enum class Direction : uint8_t { kVnToCn, kCnToVn };
/// Vehicle class of the feed contract.
enum class VehicleClass : uint8_t { kTruck, kContainer, kTanker, kCar, kBus, kOther };
/// Stage of a vehicle's passage.
enum class Stage : uint8_t { kApproaching, kQueued, kInService, kCleared, kInYard, kExited };
inline constexpr int kStageCount = 6;
/// Kind of inspection point.
enum class BoothKind : uint8_t { kDocuments, kXray, kWeighbridge, kQuarantine };
/// Health of a sensor.
enum class SensorHealth : uint8_t { kOk, kFault, kOffline };
/// How a trip ended.
enum class TripEnd : uint8_t { kActive, kExitRead, kLost, kSuperseded };

/// A lane of the world (does not change during a run).
struct LaneInfo {
  std::string_view id;
  std::string_view road;  // id of the road it belongs to
  Direction direction = Direction::kVnToCn;
  double length_m = 0;
  double speed_limit_mps = 0;
  int booth = -1;           // index of the booth its vehicles queue at, -1 when none
  double stop_line_m = -1;  // station of that booth along the lane (where the queue's head waits)
};

/// A lane now.
struct LaneNow {
  int present = 0;             // vehicles on the lane
  int queued = 0;              // of which stopped in a queue
  double queue_length_m = 0;   // from the head of the queue back to the tail of its last vehicle
  double queue_tail_m = -1;    // station of the queue's tail along the lane, -1 when no queue
  int64_t vehicles_total = 0;  // trips that have used the lane so far
};

/// An inspection point (does not change during a run).
struct BoothInfo {
  std::string_view id;
  BoothKind kind = BoothKind::kDocuments;
  double mean_service_s = 0;  // of the world's service-time distribution
};

/// An inspection point now.
struct BoothNow {
  bool busy = false;
  uint32_t occupant = 0;  // vehicle id when busy
};

/// A yard (does not change during a run).
struct YardInfo {
  std::string_view id;
  int capacity = 0;  // trucks, 0 when the world gives none
};

/// A sensor (does not change during a run).
struct SensorInfo {
  std::string_view id;
  std::string_view kind;  // "anpr", "loop", ... as in the world file
  std::string_view role;  // "entry", "booth", "exit", ...
  int lane = -1;          // first lane it covers, -1 when none
  double station_m = -1;  // along that lane
};

/// A named point of the world a plugin may measure against (border markers, viewpoints' targets).
struct PointInfo {
  std::string_view id;
  double x_m = 0, y_m = 0;  // local metres east, north of the world's anchor
};

/// A vehicle now.
struct VehicleNow {
  uint32_t id = 0;
  std::string_view plate;
  VehicleClass vehicle_class = VehicleClass::kTruck;
  Direction direction = Direction::kVnToCn;
  Stage stage = Stage::kApproaching;
  int lane = -1;  // -1 in a yard
  double station_m = 0;
  double speed_mps = 0;
  double length_m = 0;
  int booth = -1;  // booth serving or awaited
  int yard = -1;   // yard index when parked
  int64_t entry_us = -1;
  int64_t stage_since_us[kStageCount] = {-1, -1, -1, -1, -1, -1};  // first time in each stage
};

/// A finished trip (append-only list: keep an index to see only new ones).
struct TripDone {
  uint32_t id = 0;
  Direction direction = Direction::kVnToCn;
  VehicleClass vehicle_class = VehicleClass::kTruck;
  TripEnd end = TripEnd::kExitRead;
  int64_t entry_us = -1, exit_us = -1;  // -1 when never read there
  int64_t service_start_us = -1;
};

/// The gate now: read-only. Indices are stable for the whole run. Times are UTC microseconds
/// since 1970; the gate's local time is UTC + utc_offset_min().
class GateState {
 public:
  virtual ~GateState() = default;
  virtual int64_t now_us() const = 0;
  virtual int utc_offset_min() const = 0;
  /// The world's name and phase ("phase1_6lane"), for reports.
  virtual std::string_view world_name() const = 0;
  virtual std::string_view world_phase() const = 0;

  virtual size_t lane_count() const = 0;
  virtual LaneInfo lane_info(size_t lane) const = 0;
  virtual LaneNow lane_now(size_t lane) const = 0;
  /// Station along `lane` of the point nearest to (x_m, y_m) on it.
  virtual double StationOnLane(size_t lane, double x_m, double y_m) const = 0;

  virtual size_t booth_count() const = 0;
  virtual BoothInfo booth_info(size_t booth) const = 0;
  virtual BoothNow booth_now(size_t booth) const = 0;

  virtual size_t yard_count() const = 0;
  virtual YardInfo yard_info(size_t yard) const = 0;
  virtual int yard_present(size_t yard) const = 0;

  virtual size_t sensor_count() const = 0;
  virtual SensorInfo sensor_info(size_t sensor) const = 0;
  virtual SensorHealth sensor_health(size_t sensor) const = 0;

  virtual size_t point_count() const = 0;
  virtual PointInfo point_info(size_t point) const = 0;

  /// Vehicles in the modelled area now, in a deterministic order.
  virtual size_t vehicle_count() const = 0;
  virtual VehicleNow vehicle(size_t i) const = 0;

  /// Trips that have ended so far, in the order they ended.
  virtual size_t finished_count() const = 0;
  virtual TripDone finished(size_t i) const = 0;
};

/// Commands a plugin may send in its pre-update phase; they take effect before the next step.
/// Replays follow their feeds, so only commands that do not contradict a feed are offered;
/// the lane, booth and routing commands of simulation and training arrive with those modes.
class Commands {
 public:
  virtual ~Commands() = default;
  /// Marks a sensor in fault, offline or back to ok (fault injection for drills).
  virtual void SetSensorHealth(size_t sensor, SensorHealth health) = 0;
};

}  // namespace gatetwin::plugin
