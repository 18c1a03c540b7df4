// The running twin: vehicles on lanes, queue-aware movement, booths, yards, sensor health, KPIs.
//
// The engine is told what the sensors saw (as commands such as Enter or ArriveAtBooth, sent by
// replay/track_builder) and fills in what happens between reads: vehicles drive at the lane's
// speed limit toward their booth, stop behind the vehicle ahead (one `vehicle_spacing_m` pitch)
// or at a busy booth, and are then `queued`. Time advances in fixed steps, never from the wall
// clock, so the same commands always give the same state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/clock.h"
#include "engine/lane_geometry.h"
#include "engine/snapshot.h"
#include "engine/time.h"
#include "engine/vehicle.h"
#include "world/world.h"

namespace gatetwin::engine {

/// Knobs of a run.
struct EngineOptions {
  TimeUs step_us = kUsPerSecond;                   // fixed step of the movement model
  TimeUs lost_after_us = 6 * 3600 * kUsPerSecond;  // a trip unseen this long (outside a yard) is lost
  bool physics = true;                             // derive detector-zone presence; boxes for picking
};

/// Running counts for one lane.
struct LaneStats {
  int64_t vehicles = 0;  // trips that have been on the lane
  int present = 0;       // vehicles on it now
  int queued = 0;        // of which queued now
  int max_queued = 0;    // most queued at once so far
  TimeUs max_queued_at_us = -1;
};

/// Running counts for one yard zone.
struct YardStats {
  int present = 0;
  int max_present = 0;
  int64_t visits = 0;
};

/// Health of one sensor, from its `status` events.
struct SensorHealth {
  enum class State : uint8_t { kOk, kFault, kOffline } state = State::kOk;
  TimeUs since_us = -1;
  TimeUs last_event_us = -1;  // the sensor's latest event of any kind
};

/// A finished trip, kept for the report.
struct FinishedTrip {
  uint32_t id;
  world::Direction direction;
  world::VehicleClass vehicle_class;
  TripEnd end;
  TimeUs entry_us, exit_us, first_seen_us, last_seen_us;
  TimeUs service_start_us;  // first time in service, -1 if never
};

/// A detector zone crossing derived from the vehicles' boxes (engine/detector_zones.h).
struct DerivedPresence {
  int sensor;  // the loop/radar sensor whose zone it is
  uint32_t vehicle;
  bool entered;  // false: left
  TimeUs time_us;
};

class Engine {
 public:
  Engine(const world::World& world, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const world::World& world() const { return world_; }
  const LaneNetwork& lanes() const { return lanes_; }
  const EngineOptions& options() const { return options_; }

  /// Sets the clock before the first step (replay starts at its first event).
  void Start(TimeUs t);
  bool started() const { return started_; }
  /// The simulated time of the latest step boundary (or command, whichever is later).
  TimeUs now_us() const { return latest_us_; }
  /// The fixed-step clock of the movement model.
  const SimClock& clock() const { return clock_; }

  /// Steps the movement model through every fixed step up to `t` (no-op if t is not later).
  void AdvanceTo(TimeUs t);

  // ---- commands: what the sensors saw, applied at time t (>= now_us) ----

  /// The active trip of a plate, or nullptr.
  const Vehicle* FindActive(std::string_view plate) const;
  const Vehicle* Get(uint32_t id) const;

  /// A vehicle read at an entry sensor: a new trip on `lane` at `station_m`.
  uint32_t Enter(std::string_view plate, world::VehicleClass vehicle_class, world::Direction direction, int lane,
                 double station_m, TimeUs t, bool has_entry_read = true);
  /// Read again without a stage change (camera re-read, rfid, a service device).
  void Seen(uint32_t id, TimeUs t);
  /// Read at a booth: service starts.
  void ArriveAtBooth(uint32_t id, int booth, int lane, double station_m, TimeUs t);
  /// Released by the booth: drives on toward its exit.
  void ClearService(uint32_t id, TimeUs t);
  /// The booth a lane's vehicles queue at (its first booth along the lane), or -1.
  int LaneBooth(int lane) const { return lane < 0 ? -1 : lane_booth_[static_cast<size_t>(lane)]; }
  /// The vehicle in service at a booth, if any.
  std::optional<uint32_t> BoothOccupant(int booth) const;
  /// Read at a yard's entrance / exit.
  void EnterYard(uint32_t id, int zone, TimeUs t);
  void LeaveYard(uint32_t id, int lane, double station_m, TimeUs t);
  /// Read at exit: the trip ends.
  void Exit(uint32_t id, TimeUs t);
  /// Ends a trip that was never read at exit because the plate started a new one.
  void Supersede(uint32_t id, TimeUs t);
  /// A GPS fix snapped to a lane: moves the vehicle there if its stage allows movement.
  void Observe(uint32_t id, int lane, double station_m, TimeUs t);
  /// Scan and weighbridge results.
  void RecordScan(uint32_t id, bool hold, TimeUs t);
  void RecordWeight(uint32_t id, double gross_kg, TimeUs t);
  /// Sensor health and activity.
  void SetSensorHealth(int sensor, SensorHealth::State state, TimeUs t);
  void SensorFired(int sensor, TimeUs t);
  /// Ends every trip still active (at the end of a replay): they count as not completed.
  void FinishAll(TimeUs t);

  // ---- state for reports, plugins and the viewer ----

  /// Active vehicles in a deterministic order (not necessarily by id).
  template <typename F>
  void ForEachActive(F&& f) const {
    for (const Vehicle& v : slots_) {
      if (v.end == TripEnd::kActive) f(v);
    }
  }
  int active_count() const { return active_count_; }
  uint32_t trips_seen() const { return next_id_; }
  const std::vector<LaneStats>& lane_stats() const { return lane_stats_; }
  const std::vector<YardStats>& yard_stats() const { return yard_stats_; }  // indexed by zone
  const std::vector<SensorHealth>& sensor_health() const { return sensor_health_; }
  const std::vector<FinishedTrip>& finished() const { return finished_; }
  /// Detector crossings since the last call to ClearDerivedPresence (empty without physics).
  const std::vector<DerivedPresence>& derived_presence() const { return derived_; }
  void ClearDerivedPresence() { derived_.clear(); }

  /// A GL-free picture of the scene now, for the viewer.
  void Snapshot(SceneSnapshot* out) const;
  /// The vehicle whose box a ray from `from` to `to` hits first (the viewer's picking).
  /// Brings the boxes up to date first: they are made and moved only when a ray picks.
  std::optional<uint32_t> Pick(const world::Vec3& from, const world::Vec3& to);

 private:
  Vehicle& Mut(uint32_t id);
  void SetStage(Vehicle& v, Stage s, TimeUs t);
  void PlaceOnLane(Vehicle& v, int lane, double station_m);
  void LeaveLane(Vehicle& v);
  void Finish(Vehicle& v, TripEnd end, TimeUs t);
  void RetargetFromQueue(Vehicle& v);
  void Step(TimeUs dt);
  bool Idle() const;  // whether a step now could only run the loss check
  bool MoveLane(int lane, double dt_s);
  void Touch(int lane) {
    if (lane >= 0) lane_active_[static_cast<size_t>(lane)] = 1;
  }
  void TouchBooth(int booth);
  void SyncPhysics();
  static world::Vec3 HalfExtents(const Vehicle& v);
  LanePose PoseOf(const Vehicle& v) const;

  const world::World& world_;
  EngineOptions options_;
  LaneNetwork lanes_;
  bool started_ = false;
  SimClock clock_;
  TimeUs latest_us_ = 0;  // the later of the clock and the latest command

  std::vector<Vehicle> slots_;  // vehicles, reused slots
  std::vector<int32_t> free_slots_;
  std::vector<int32_t> slot_of_id_;  // id → slot (or -1 once finished)
  uint32_t next_id_ = 0;
  int active_count_ = 0;
  struct PlateIndex;
  std::unique_ptr<PlateIndex> plates_;  // plate → active id

  std::vector<std::vector<uint32_t>> lane_order_;  // per lane: vehicles on it, front (largest station) first
  // per lane: 1 while something on it may still move; a lane where nothing moved in a step
  // sleeps until a command touches it, so long standing queues cost nothing per step
  std::vector<uint8_t> lane_active_;
  std::vector<uint32_t> moved_;          // vehicles that moved (or came) in the current step: zones to look up
  std::vector<double> booth_station_m_;  // per lane: station of its first booth, -1 when none
  std::vector<int> lane_booth_;          // per lane: that booth's index, -1
  std::vector<double> exit_station_m_;   // per lane: station of its exit sensor, or the lane end
  std::vector<int32_t> booth_occupant_;  // per booth: vehicle id in service, -1
  std::vector<LaneStats> lane_stats_;
  std::vector<YardStats> yard_stats_;
  std::vector<SensorHealth> sensor_health_;
  std::vector<TimeUs> sensor_fired_us_;
  std::vector<FinishedTrip> finished_;
  std::vector<DerivedPresence> derived_;

  struct Physics;
  std::unique_ptr<Physics> physics_;
};

}  // namespace gatetwin::engine
