// Track reconstruction: which read means what for a trip (entry, booth, barrier, yard, exit, GPS).
#include "replay/track_builder.h"

#include <algorithm>

#include "world/geo_frame.h"

namespace gatetwin::replay {

using engine::Stage;
using world::SensorRole;

struct TrackBuilder::Geo {
  explicit Geo(const world::GeoAnchor& anchor) : frame(anchor) {}
  world::GeoFrame frame;
};

TrackBuilder::TrackBuilder(engine::Engine& engine, TrackOptions options)
    : engine_(engine), options_(options), geo_(std::make_unique<Geo>(engine.world().anchor)) {}

TrackBuilder::~TrackBuilder() = default;

void TrackBuilder::Apply(const Event& e) {
  engine_.AdvanceTo(e.ts_us);
  engine_.SensorFired(e.sensor, e.ts_us);
  switch (e.kind) {
    case EventKind::kPlateRead: ApplyPlateRead(e); break;
    case EventKind::kBarrier:
      if (e.barrier == BarrierState::kOpen) ApplyBarrier(e);
      break;
    case EventKind::kGps: ApplyGps(e); break;
    case EventKind::kScan:
    case EventKind::kWeigh:
    case EventKind::kRfid: {
      const engine::Vehicle* v = e.plate.empty() ? nullptr : engine_.FindActive(e.plate);
      if (v == nullptr) {
        if (!e.plate.empty()) ++stats_.unmatched_plate;
        break;
      }
      if (e.kind == EventKind::kScan) {
        engine_.RecordScan(v->id, e.scan_result == ScanResult::kHold, e.ts_us);
      } else if (e.kind == EventKind::kWeigh) {
        engine_.RecordWeight(v->id, e.gross_kg, e.ts_us);
      } else {
        engine_.Seen(v->id, e.ts_us);
      }
      break;
    }
    case EventKind::kStatus: {
      using State = engine::SensorHealth::State;
      const State state = e.health == Health::kOk      ? State::kOk
                          : e.health == Health::kFault ? State::kFault
                                                       : State::kOffline;
      engine_.SetSensorHealth(e.sensor, state, e.ts_us);
      break;
    }
    case EventKind::kPresence:
    case EventKind::kLoop: break;  // counted per sensor by the report; no trip to update
  }
}

world::Direction TrackBuilder::DirectionOf(const Event& e) const {
  if (e.has_dir) return e.dir;
  const world::World& w = engine_.world();
  if (e.lane >= 0) return w.lanes[static_cast<size_t>(e.lane)].direction;
  const world::Sensor& s = w.sensors[static_cast<size_t>(e.sensor)];
  if (s.direction) return *s.direction;
  return world::Direction::kVnToCn;
}

TrackBuilder::Place TrackBuilder::PlaceOf(const Event& e) const {
  const world::World& w = engine_.world();
  const world::Sensor& s = w.sensors[static_cast<size_t>(e.sensor)];
  int lane = e.lane;
  if (lane < 0 && !s.lanes.empty()) {
    // a sensor over several lanes without a lane in the event: the first lane of the read's direction
    lane = s.lanes.front();
    if (e.has_dir) {
      for (int l : s.lanes) {
        if (w.lanes[static_cast<size_t>(l)].direction == e.dir) {
          lane = l;
          break;
        }
      }
    }
  }
  if (lane < 0) return {};
  auto it = std::find(s.lanes.begin(), s.lanes.end(), lane);
  if (it != s.lanes.end()) return {lane, s.station_m[static_cast<size_t>(it - s.lanes.begin())]};
  // the event names a lane the sensor does not list: where the sensor projects onto it
  return {lane, engine_.lanes().lane(lane).Project(s.position).station_m};
}

uint32_t TrackBuilder::StartTrip(const Event& e, bool at_entry) {
  if (!at_entry) ++stats_.trips_without_entry;
  const Place place = PlaceOf(e);
  return engine_.Enter(e.plate, e.has_class ? e.vehicle_class : world::VehicleClass::kTruck, DirectionOf(e), place.lane,
                       place.station_m, e.ts_us, at_entry);
}

void TrackBuilder::ApplyPlateRead(const Event& e) {
  const world::World& w = engine_.world();
  const world::Sensor& s = w.sensors[static_cast<size_t>(e.sensor)];
  if (e.conf >= 0 && e.conf < options_.low_confidence) ++stats_.low_confidence_reads;
  const engine::Vehicle* v = engine_.FindActive(e.plate);
  const world::Direction dir = DirectionOf(e);
  // a read in the other direction than the plate's open trip: that trip ended unseen
  if (v != nullptr && v->direction != dir &&
      (s.role == SensorRole::kEntry || s.role == SensorRole::kBooth || s.role == SensorRole::kExit)) {
    ++stats_.superseded;
    engine_.Supersede(v->id, e.ts_us);
    v = nullptr;
  }
  switch (s.role) {
    case SensorRole::kEntry:
      if (v != nullptr && (v->stage == Stage::kApproaching || v->stage == Stage::kQueued)) {
        ++stats_.rereads;
        engine_.Seen(v->id, e.ts_us);
        return;
      }
      if (v != nullptr) {  // already past its booth and read at entry again: a new trip
        ++stats_.superseded;
        engine_.Supersede(v->id, e.ts_us);
      }
      StartTrip(e, true);
      return;
    case SensorRole::kBooth: {
      const uint32_t id = v != nullptr ? v->id : StartTrip(e, false);
      const engine::Vehicle* cur = engine_.Get(id);
      if (cur->stage == Stage::kInService) {
        ++stats_.rereads;
        engine_.Seen(id, e.ts_us);
        return;
      }
      const Place place = PlaceOf(e);
      const int booth = s.booth >= 0 ? s.booth : engine_.LaneBooth(place.lane);
      engine_.ArriveAtBooth(id, booth, place.lane >= 0 ? place.lane : cur->lane, place.station_m, e.ts_us);
      return;
    }
    case SensorRole::kExit: {
      const uint32_t id = v != nullptr ? v->id : StartTrip(e, false);
      engine_.Exit(id, e.ts_us);
      return;
    }
    case SensorRole::kYardIn: {
      const uint32_t id = v != nullptr ? v->id : StartTrip(e, false);
      if (s.zone >= 0 && engine_.Get(id)->stage != Stage::kInYard) {
        engine_.EnterYard(id, s.zone, e.ts_us);
      } else {
        engine_.Seen(id, e.ts_us);
      }
      return;
    }
    case SensorRole::kYardOut: {
      const uint32_t id = v != nullptr ? v->id : StartTrip(e, false);
      const Place place = PlaceOf(e);
      engine_.LeaveYard(id, place.lane, place.station_m, e.ts_us);
      return;
    }
    case SensorRole::kCount:
    case SensorRole::kTracker:
    case SensorRole::kService:
      if (v != nullptr) {
        engine_.Seen(v->id, e.ts_us);
      } else {
        ++stats_.unmatched_plate;
      }
      return;
  }
}

void TrackBuilder::ApplyBarrier(const Event& e) {
  const world::Sensor& s = engine_.world().sensors[static_cast<size_t>(e.sensor)];
  const int lane = e.lane >= 0 ? e.lane : (s.lanes.empty() ? -1 : s.lanes.front());
  const int booth = s.booth >= 0 ? s.booth : engine_.LaneBooth(lane);
  const auto occupant = booth >= 0 ? engine_.BoothOccupant(booth) : std::nullopt;
  if (!occupant) {
    ++stats_.barrier_without_vehicle;
    return;
  }
  engine_.ClearService(*occupant, e.ts_us);
}

void TrackBuilder::ApplyGps(const Event& e) {
  const engine::Vehicle* v = engine_.FindActive(e.plate);
  if (v == nullptr) {
    ++stats_.gps_unmatched;
    return;
  }
  // a parked truck's tracker keeps reporting from the yard: alive, but nothing to snap
  if (v->stage == Stage::kInYard) {
    ++stats_.gps_in_yard;
    engine_.Seen(v->id, e.ts_us);
    return;
  }
  const world::Vec3 p = geo_->frame.ToLocal(e.lat_deg, e.lon_deg);
  const world::Direction dir = v->direction;
  // GPS is a few metres off, lanes are 3.5 m apart: keep a vehicle on its own lane while the
  // fix is within reach of it, or it would hop between neighbouring lanes
  engine::LaneNetwork::Snap snap;
  if (v->lane >= 0) {
    const auto own = engine_.lanes().lane(v->lane).Project(p);
    if (own.distance_m <= options_.gps_snap_m) snap = {v->lane, own};
  }
  if (snap.lane < 0) snap = engine_.lanes().Nearest(p, options_.gps_snap_m, &dir);
  if (snap.lane < 0) {
    ++stats_.gps_off_lane;
    engine_.Seen(v->id, e.ts_us);
    return;
  }
  ++stats_.gps_snapped;
  engine_.Observe(v->id, snap.lane, snap.projection.station_m, e.ts_us);
}

}  // namespace gatetwin::replay
