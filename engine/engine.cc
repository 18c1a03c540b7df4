// The running twin: trip bookkeeping, the queue-aware movement model and per-lane statistics.
//
// [SECTION] set-up            lane → booth/exit stations, detector zones
// [SECTION] commands          what sensors saw, applied at their time
// [SECTION] movement          fixed steps: drive, stop behind the vehicle ahead, queue
// [SECTION] state out         snapshot and picking
#include "engine/engine.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <unordered_map>

#include "engine/detector_zones.h"
#include "engine/physics.h"

namespace gatetwin::engine {
namespace {

constexpr int kNoSlot = -1;
// a trip unseen this long is checked for loss at most once a simulated minute
constexpr TimeUs kLostCheckEveryUs = 60 * kUsPerSecond;
// how long a sensor counts as "fired" for the viewer's flashing
constexpr TimeUs kFiredGlowUs = 2 * kUsPerSecond;

double SpeedMps(const world::Lane& lane) { return lane.speed_limit_kmh / 3.6; }

}  // namespace

std::string_view ToString(Stage s) {
  static constexpr std::string_view kNames[] = {"approaching", "queued", "in_service", "cleared", "in_yard", "exited"};
  return kNames[static_cast<int>(s)];
}

VehicleSize SizeOf(world::VehicleClass c) {
  switch (c) {
    case world::VehicleClass::kTruck: return {12.0, 2.5, 3.8};
    case world::VehicleClass::kContainer: return {16.5, 2.5, 4.1};
    case world::VehicleClass::kTanker: return {13.0, 2.5, 3.6};
    case world::VehicleClass::kCar: return {4.6, 1.8, 1.5};
    case world::VehicleClass::kBus: return {12.0, 2.5, 3.3};
    case world::VehicleClass::kOther: break;
  }
  return {7.0, 2.3, 2.8};
}

struct Engine::PlateIndex {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> active;
};

constexpr uint8_t kBoxMade = 1, kBoxStale = 2;

struct Engine::Physics {
  Physics(const world::World& world, const LaneNetwork& lanes) : zones(world, lanes) {}
  DetectorZones zones;  // derived presence, kept current every step
  // vehicle boxes for picking only: brought up to date when a ray picks, not every step
  PhysicsWorld boxes;
  std::vector<uint8_t> box_flags;  // per vehicle id: kBoxMade, kBoxStale
  std::vector<uint32_t> stale;     // vehicles whose box lags their pose (or has not been made)
};

// ============================================================================================
// [SECTION] set-up
// ============================================================================================

Engine::Engine(const world::World& world, EngineOptions options)
    : world_(world),
      options_(options),
      lanes_(world),
      clock_(0, options.step_us),
      plates_(std::make_unique<PlateIndex>()) {
  const size_t lane_count = world.lanes.size();
  lane_order_.resize(lane_count);
  lane_active_.assign(lane_count, 0);
  booth_station_m_.assign(lane_count, -1);
  lane_booth_.assign(lane_count, -1);
  exit_station_m_.resize(lane_count);
  lane_stats_.resize(lane_count);
  for (size_t l = 0; l < lane_count; ++l) exit_station_m_[l] = world.lanes[l].length_m;
  // the first booth along each lane is where its vehicles queue
  for (size_t b = 0; b < world.booths.size(); ++b) {
    for (int l : world.booths[b].lanes) {
      double& station = booth_station_m_[static_cast<size_t>(l)];
      if (station < 0 || world.booths[b].station_m < station) {
        station = world.booths[b].station_m;
        lane_booth_[static_cast<size_t>(l)] = static_cast<int>(b);
      }
    }
  }
  for (const world::Sensor& s : world.sensors) {
    if (s.role != world::SensorRole::kExit) continue;
    for (size_t i = 0; i < s.lanes.size(); ++i) {
      exit_station_m_[static_cast<size_t>(s.lanes[i])] = s.station_m[i];
    }
  }
  booth_occupant_.assign(world.booths.size(), -1);
  yard_stats_.resize(world.zones.size());
  sensor_health_.resize(world.sensors.size());
  sensor_fired_us_.assign(world.sensors.size(), std::numeric_limits<TimeUs>::min() / 2);

  if (options_.physics) physics_ = std::make_unique<Physics>(world_, lanes_);
}

Engine::~Engine() = default;

void Engine::Start(TimeUs t) {
  started_ = true;
  clock_.Reset(t);
  latest_us_ = t;
}

// ============================================================================================
// [SECTION] commands
// ============================================================================================

const Vehicle* Engine::FindActive(std::string_view plate) const {
  auto it = plates_->active.find(plate);
  return it == plates_->active.end() ? nullptr : Get(it->second);
}

const Vehicle* Engine::Get(uint32_t id) const {
  if (id >= slot_of_id_.size() || slot_of_id_[id] == kNoSlot) return nullptr;
  return &slots_[static_cast<size_t>(slot_of_id_[id])];
}

Vehicle& Engine::Mut(uint32_t id) { return slots_[static_cast<size_t>(slot_of_id_[id])]; }

uint32_t Engine::Enter(std::string_view plate, world::VehicleClass vehicle_class, world::Direction direction, int lane,
                       double station_m, TimeUs t, bool has_entry_read) {
  if (!started_) Start(t);
  int32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<int32_t>(slots_.size());
    slots_.emplace_back();
  }
  const uint32_t id = next_id_++;
  slot_of_id_.push_back(slot);
  Vehicle& v = slots_[static_cast<size_t>(slot)];
  v = Vehicle{};
  v.id = id;
  v.plate = plate;
  v.vehicle_class = vehicle_class;
  v.direction = direction;
  v.first_seen_us = v.last_seen_us = t;
  if (has_entry_read) v.entry_us = t;
  plates_->active[v.plate] = id;
  ++active_count_;
  SetStage(v, Stage::kApproaching, t);
  if (lane >= 0) PlaceOnLane(v, lane, station_m);
  // its zones are looked up at the next step, wherever it stands (even off the lanes)
  moved_.push_back(id);
  return id;
}

void Engine::Seen(uint32_t id, TimeUs t) { Mut(id).last_seen_us = std::max(Mut(id).last_seen_us, t); }

void Engine::ArriveAtBooth(uint32_t id, int booth, int lane, double station_m, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  // a booth serves one vehicle at a time: its previous occupant has left without a barrier read
  if (booth >= 0) {
    const int32_t previous = booth_occupant_[static_cast<size_t>(booth)];
    if (previous >= 0 && static_cast<uint32_t>(previous) != id && Get(static_cast<uint32_t>(previous))) {
      ClearService(static_cast<uint32_t>(previous), t);
    }
    booth_occupant_[static_cast<size_t>(booth)] = static_cast<int32_t>(id);
    TouchBooth(booth);
  }
  if (v.zone >= 0) {
    --yard_stats_[static_cast<size_t>(v.zone)].present;
    v.zone = -1;
  }
  v.booth = booth;
  PlaceOnLane(v, lane, station_m);
  v.speed_mps = 0;
  SetStage(v, Stage::kInService, t);
}

void Engine::ClearService(uint32_t id, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  if (v.booth >= 0 && booth_occupant_[static_cast<size_t>(v.booth)] == static_cast<int32_t>(id)) {
    booth_occupant_[static_cast<size_t>(v.booth)] = -1;
    TouchBooth(v.booth);
  }
  if (v.stage == Stage::kInYard || v.stage == Stage::kExited) return;
  if (v.lane >= 0) v.target_station_m = exit_station_m_[static_cast<size_t>(v.lane)];
  SetStage(v, Stage::kCleared, t);
}

std::optional<uint32_t> Engine::BoothOccupant(int booth) const {
  const int32_t id = booth_occupant_[static_cast<size_t>(booth)];
  if (id < 0) return std::nullopt;
  return static_cast<uint32_t>(id);
}

void Engine::EnterYard(uint32_t id, int zone, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  if (v.stage == Stage::kInService) ClearService(id, t);
  if (v.zone >= 0) --yard_stats_[static_cast<size_t>(v.zone)].present;
  LeaveLane(v);
  v.zone = zone;
  moved_.push_back(id);
  YardStats& yard = yard_stats_[static_cast<size_t>(zone)];
  ++yard.visits;
  yard.max_present = std::max(yard.max_present, ++yard.present);
  v.speed_mps = 0;
  SetStage(v, Stage::kInYard, t);
}

void Engine::LeaveYard(uint32_t id, int lane, double station_m, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  if (v.zone >= 0) --yard_stats_[static_cast<size_t>(v.zone)].present;
  v.zone = -1;
  if (lane >= 0) PlaceOnLane(v, lane, station_m);
  // back on the road: to the booth if not yet inspected, else to the exit
  const bool inspected = v.stage_since_us[static_cast<int>(Stage::kInService)] >= 0;
  SetStage(v, inspected ? Stage::kCleared : Stage::kApproaching, t);
  if (v.lane >= 0) RetargetFromQueue(v);
}

void Engine::Exit(uint32_t id, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  v.exit_us = t;
  Finish(v, TripEnd::kExitRead, t);
}

void Engine::Supersede(uint32_t id, TimeUs t) { Finish(Mut(id), TripEnd::kSuperseded, t); }

void Engine::Observe(uint32_t id, int lane, double station_m, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  // a GPS fix moves a vehicle that is driving; queued and served vehicles keep their place in line
  if (v.stage != Stage::kApproaching && v.stage != Stage::kCleared) return;
  // a fix behind the twin's own position on the same lane is GPS error or lag: moving the
  // vehicle back would make it cross its detectors twice
  if (lane == v.lane && station_m <= v.station_m) return;
  PlaceOnLane(v, lane, station_m);
  RetargetFromQueue(v);
}

void Engine::RecordScan(uint32_t id, bool hold, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  v.scan_hold = v.scan_hold || hold;
}

void Engine::RecordWeight(uint32_t id, double gross_kg, TimeUs t) {
  Vehicle& v = Mut(id);
  v.last_seen_us = std::max(v.last_seen_us, t);
  v.gross_kg = gross_kg;
}

void Engine::SetSensorHealth(int sensor, SensorHealth::State state, TimeUs t) {
  SensorHealth& h = sensor_health_[static_cast<size_t>(sensor)];
  if (h.state != state || h.since_us < 0) h.since_us = t;
  h.state = state;
  h.last_event_us = t;
}

void Engine::SensorFired(int sensor, TimeUs t) {
  sensor_fired_us_[static_cast<size_t>(sensor)] = t;
  sensor_health_[static_cast<size_t>(sensor)].last_event_us = t;
}

void Engine::FinishAll(TimeUs t) {
  for (Vehicle& v : slots_) {
    if (v.end == TripEnd::kActive) Finish(v, TripEnd::kLost, t);
  }
}

void Engine::SetStage(Vehicle& v, Stage s, TimeUs t) {
  Touch(v.lane);
  if (v.lane >= 0 && v.stage != s) {
    LaneStats& stats = lane_stats_[static_cast<size_t>(v.lane)];
    if (v.stage == Stage::kQueued) --stats.queued;
    if (s == Stage::kQueued && ++stats.queued > stats.max_queued) {
      stats.max_queued = stats.queued;
      stats.max_queued_at_us = t;
    }
  }
  v.stage = s;
  auto& since = v.stage_since_us[static_cast<int>(s)];
  if (since < 0) since = t;
}

void Engine::PlaceOnLane(Vehicle& v, int lane, double station_m) {
  const world::Lane& l = world_.lanes[static_cast<size_t>(lane)];
  station_m = std::clamp(station_m, 0.0, l.length_m);
  if (v.lane != lane) {
    LeaveLane(v);
    v.lane = lane;
    LaneStats& stats = lane_stats_[static_cast<size_t>(lane)];
    ++stats.vehicles;
    ++stats.present;
    if (v.stage == Stage::kQueued && ++stats.queued > stats.max_queued) {
      stats.max_queued = stats.queued;
      stats.max_queued_at_us = latest_us_;
    }
  } else {
    auto& order = lane_order_[static_cast<size_t>(lane)];
    order.erase(std::find(order.begin(), order.end(), v.id));
  }
  v.station_m = station_m;
  Touch(lane);
  moved_.push_back(v.id);
  // keep the lane's list front first; equal stations keep arrival order
  auto& order = lane_order_[static_cast<size_t>(lane)];
  auto pos =
      std::find_if(order.begin(), order.end(), [&](uint32_t other) { return Get(other)->station_m < station_m; });
  order.insert(pos, v.id);
  RetargetFromQueue(v);
}

void Engine::LeaveLane(Vehicle& v) {
  if (v.lane < 0) return;
  auto& order = lane_order_[static_cast<size_t>(v.lane)];
  order.erase(std::find(order.begin(), order.end(), v.id));
  Touch(v.lane);
  LaneStats& stats = lane_stats_[static_cast<size_t>(v.lane)];
  --stats.present;
  if (v.stage == Stage::kQueued) --stats.queued;
  v.lane = -1;
}

void Engine::RetargetFromQueue(Vehicle& v) {
  if (v.lane < 0) return;
  const auto lane = static_cast<size_t>(v.lane);
  const double booth = booth_station_m_[lane];
  const bool to_booth =
      (v.stage == Stage::kApproaching || v.stage == Stage::kQueued) && booth >= 0 && booth >= v.station_m;
  v.target_station_m = to_booth ? booth : exit_station_m_[lane];
  if (to_booth) v.booth = lane_booth_[lane];
}

void Engine::TouchBooth(int booth) {
  for (int lane : world_.booths[static_cast<size_t>(booth)].lanes) Touch(lane);
}

void Engine::Finish(Vehicle& v, TripEnd end, TimeUs t) {
  if (v.booth >= 0 && booth_occupant_[static_cast<size_t>(v.booth)] == static_cast<int32_t>(v.id)) {
    booth_occupant_[static_cast<size_t>(v.booth)] = -1;
    TouchBooth(v.booth);
  }
  if (v.zone >= 0) --yard_stats_[static_cast<size_t>(v.zone)].present;
  LeaveLane(v);
  SetStage(v, Stage::kExited, t);
  v.end = end;
  finished_.push_back(FinishedTrip{v.id, v.direction, v.vehicle_class, end, v.entry_us, v.exit_us, v.first_seen_us,
                                   v.last_seen_us, v.stage_since_us[static_cast<int>(Stage::kInService)]});
  auto it = plates_->active.find(v.plate);
  if (it != plates_->active.end() && it->second == v.id) plates_->active.erase(it);
  if (physics_) {
    physics_->zones.Remove(v.id);
    if (v.id < physics_->box_flags.size() && (physics_->box_flags[v.id] & kBoxMade)) {
      physics_->boxes.RemoveVehicle(v.id);
    }
  }
  const int32_t slot = slot_of_id_[v.id];
  slot_of_id_[v.id] = kNoSlot;
  free_slots_.push_back(slot);
  --active_count_;
}

// ============================================================================================
// [SECTION] movement
// ============================================================================================

void Engine::AdvanceTo(TimeUs t) {
  if (!started_) Start(t);
  const TimeUs dt = options_.step_us;
  while (clock_.StepsUntil(t) > 0) {
    // a step where every lane sleeps and nothing waits to be placed in the zones does nothing
    // but the loss check, once a minute: jump to the step before the next loss check (or t)
    if (dt < kLostCheckEveryUs && Idle()) {
      const TimeUs now = clock_.now();
      const TimeUs next_minute = (now / kLostCheckEveryUs + 1) * kLostCheckEveryUs;
      const TimeUs check = now + (next_minute - now + dt - 1) / dt * dt;  // first step at or after it
      clock_.AdvanceTo(std::min(t, check - dt));
      if (clock_.StepsUntil(t) == 0) break;
    }
    clock_.Tick();
    Step(dt);
  }
  latest_us_ = std::max(latest_us_, t);
}

bool Engine::Idle() const {
  if (!moved_.empty() || (physics_ && physics_->zones.has_changes())) return false;
  return std::find(lane_active_.begin(), lane_active_.end(), 1) == lane_active_.end();
}

void Engine::Step(TimeUs dt) {
  const double dt_s = static_cast<double>(dt) / kUsPerSecond;
  for (size_t lane = 0; lane < lane_order_.size(); ++lane) {
    if (lane_active_[lane] && !MoveLane(static_cast<int>(lane), dt_s)) lane_active_[lane] = 0;
  }
  // trips nobody has read for a long time (outside yards, where trucks may stay 36 h) are lost
  const TimeUs now = clock_.now();
  if (now % kLostCheckEveryUs < dt) {
    for (Vehicle& v : slots_) {
      if (v.end == TripEnd::kActive && v.stage != Stage::kInYard && now - v.last_seen_us > options_.lost_after_us) {
        Finish(v, TripEnd::kLost, now);
      }
    }
  }
  if (physics_) {
    SyncPhysics();
  } else {
    moved_.clear();
  }
}

bool Engine::MoveLane(int lane, double dt_s) {
  const world::Lane& l = world_.lanes[static_cast<size_t>(lane)];
  const double free_step_m = SpeedMps(l) * dt_s;
  const double spacing_m = world_.params.vehicle_spacing_m;
  const int booth = lane_booth_[static_cast<size_t>(lane)];
  const double booth_station = booth_station_m_[static_cast<size_t>(lane)];
  const bool booth_busy = booth >= 0 && booth_occupant_[static_cast<size_t>(booth)] >= 0;
  double limit_m = std::numeric_limits<double>::infinity();  // how far the vehicle ahead allows
  bool changed = false;
  for (uint32_t id : lane_order_[static_cast<size_t>(lane)]) {
    Vehicle& v = Mut(id);
    if (v.stage == Stage::kInService) {
      limit_m = v.station_m - spacing_m;
      continue;
    }
    double stop_m = std::min(v.target_station_m, limit_m);
    const bool heading_to_booth = v.stage == Stage::kApproaching || v.stage == Stage::kQueued;
    // a busy booth holds the first in line one pitch short of the booth
    if (heading_to_booth && booth_busy && v.target_station_m == booth_station) {
      stop_m = std::min(stop_m, booth_station - spacing_m);
    }
    const double wanted_m = v.station_m + free_step_m;
    const double next_m = std::max(v.station_m, std::min(wanted_m, stop_m));
    v.speed_mps = (next_m - v.station_m) / dt_s;
    if (next_m != v.station_m) {
      v.station_m = next_m;
      moved_.push_back(id);
      changed = true;
    }
    if (heading_to_booth && v.stage == Stage::kApproaching && next_m < wanted_m) {
      SetStage(v, Stage::kQueued, clock_.now());
      changed = true;
    }
    limit_m = v.station_m - spacing_m;
  }
  return changed;
}

void Engine::SyncPhysics() {
  // only what moved (or was added) can have entered or left a zone; a vehicle listed twice
  // is placed twice, which changes nothing the second time, and the zones sort their changes
  for (uint32_t id : moved_) {
    const Vehicle* v = Get(id);
    if (v == nullptr) continue;
    if (v->lane >= 0) {
      physics_->zones.Place(id, HalfExtents(*v), v->lane, v->station_m);
    } else {
      physics_->zones.PlaceAt(id, HalfExtents(*v), PoseOf(*v));
    }
    if (id >= physics_->box_flags.size()) physics_->box_flags.resize(id + 1, 0);
    uint8_t& flags = physics_->box_flags[id];
    if (!(flags & kBoxStale)) {
      flags |= kBoxStale;
      physics_->stale.push_back(id);
    }
  }
  moved_.clear();
  for (const PresenceChange& c : physics_->zones.changes()) {
    derived_.push_back(DerivedPresence{physics_->zones.sensor(c.zone_id), c.vehicle_id, c.entered, clock_.now()});
  }
  physics_->zones.ClearChanges();
}

// ============================================================================================
// [SECTION] state out
// ============================================================================================

world::Vec3 Engine::HalfExtents(const Vehicle& v) {
  const VehicleSize size = SizeOf(v.vehicle_class);
  return {size.length_m / 2, size.width_m / 2, size.height_m / 2};
}

LanePose Engine::PoseOf(const Vehicle& v) const {
  if (v.lane >= 0) return lanes_.lane(v.lane).PoseAt(v.station_m);
  LanePose pose;
  if (v.zone >= 0 && !world_.zones[static_cast<size_t>(v.zone)].polygon.empty()) {
    // parked: a grid of bays from the yard polygon's first corner (the viewer only needs a place)
    const auto& corner = world_.zones[static_cast<size_t>(v.zone)].polygon.front();
    const int bay = static_cast<int>(v.id % 40);
    pose.position = {corner.x + 6.0 + 5.0 * (bay % 10), corner.y + 10.0 + 20.0 * (bay / 10), corner.z};
    pose.heading_rad = std::numbers::pi / 2;
  }
  return pose;
}

void Engine::Snapshot(SceneSnapshot* out) const {
  out->time_us = latest_us_;
  ++out->sequence;
  out->vehicles.clear();
  for (const Vehicle& v : slots_) {
    if (v.end != TripEnd::kActive) continue;
    SnapshotVehicle s{};
    s.id = v.id;
    const LanePose pose = PoseOf(v);
    s.position = pose.position;
    s.heading_rad = static_cast<float>(pose.heading_rad);
    const VehicleSize size = SizeOf(v.vehicle_class);
    s.length_m = static_cast<float>(size.length_m);
    s.width_m = static_cast<float>(size.width_m);
    s.height_m = static_cast<float>(size.height_m);
    s.vehicle_class = static_cast<uint8_t>(v.vehicle_class);
    s.stage = static_cast<uint8_t>(v.stage);
    s.direction = static_cast<uint8_t>(v.direction);
    s.colour = StageColour(static_cast<uint8_t>(v.stage));
    out->vehicles.push_back(s);
  }
  std::sort(out->vehicles.begin(), out->vehicles.end(),
            [](const SnapshotVehicle& a, const SnapshotVehicle& b) { return a.id < b.id; });
  out->sensors.resize(world_.sensors.size());
  for (size_t i = 0; i < world_.sensors.size(); ++i) {
    SnapshotSensor& s = out->sensors[i];
    s.sensor = static_cast<uint32_t>(i);
    s.fired_recently = latest_us_ - sensor_fired_us_[i] <= kFiredGlowUs;
    const SensorHealth::State state = sensor_health_[i].state;
    s.health = static_cast<uint8_t>(state == SensorHealth::State::kOk      ? SnapshotHealth::kOk
                                    : state == SensorHealth::State::kFault ? SnapshotHealth::kDegraded
                                                                           : SnapshotHealth::kDown);
  }
}

std::optional<uint32_t> Engine::Pick(const world::Vec3& from, const world::Vec3& to) {
  if (!physics_) return std::nullopt;
  for (uint32_t id : physics_->stale) {
    uint8_t& flags = physics_->box_flags[id];
    flags &= static_cast<uint8_t>(~kBoxStale);
    const Vehicle* v = Get(id);
    if (v == nullptr) continue;
    if (!(flags & kBoxMade)) {
      physics_->boxes.AddVehicle(id, HalfExtents(*v));
      flags |= kBoxMade;
    }
    const LanePose pose = PoseOf(*v);
    physics_->boxes.SetVehiclePose(id, pose.position, pose.heading_rad);
  }
  physics_->stale.clear();
  const RayHit hit = physics_->boxes.RayQuery(from, to);
  if (!hit.hit) return std::nullopt;
  return hit.vehicle_id;
}

}  // namespace gatetwin::engine
