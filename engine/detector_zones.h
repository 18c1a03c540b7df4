// Loop and radar detector zones: which vehicle boxes are over which zone, found by station per lane.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/lane_geometry.h"
#include "engine/physics.h"
#include "engine/yaw_box.h"
#include "world/world.h"

namespace gatetwin::engine {

/// The detector zones of a world's loop and radar sensors (a 2 m slab across each lane the
/// sensor covers) and the vehicles over them.
///
/// Presence is exact, with the same box test PhysicsWorld confirms its pairs with: a
/// vehicle's box overlaps a zone's (touching counts). Candidates come from the lane, not
/// from a broadphase: for each lane the stations where a box centred on it could reach each
/// zone (its own lane's and any neighbour's) are worked out once, so placing a vehicle costs
/// a look at its lane's few zone intervals. Off a lane (in a yard) every zone is tested.
class DetectorZones {
 public:
  DetectorZones(const world::World& world, const LaneNetwork& lanes);

  /// Number of zones; zone ids are 0..zone_count()-1, in sensor order, then lane order.
  uint32_t zone_count() const { return static_cast<uint32_t>(zones_.size()); }
  /// The loop/radar sensor whose zone this is.
  int sensor(uint32_t zone) const { return zones_[zone].sensor; }

  /// Puts vehicle `id`'s box (half extents along, across, up) on lane `lane` at `station_m`
  /// (a lane of the world) and notes the zones it entered or left. Its pose is worked out
  /// only near a zone.
  void Place(uint32_t id, const world::Vec3& half_extents_m, int lane, double station_m);
  /// The same off the lanes (parked in a yard): at `pose`, tested against every zone.
  void PlaceAt(uint32_t id, const world::Vec3& half_extents_m, const LanePose& pose);
  /// Takes a vehicle away: it leaves every zone it was in.
  void Remove(uint32_t id);

  /// What changed since the last ClearChanges, sorted by zone, then vehicle, then `left`
  /// before `entered` (PhysicsWorld's order).
  const std::vector<PresenceChange>& changes();
  void ClearChanges() { changes_.clear(); }
  bool has_changes() const { return !changes_.empty(); }

  /// The zones a vehicle is over now, sorted (empty for an unknown id).
  const std::vector<uint32_t>& ZonesOf(uint32_t id) const;

 private:
  struct Zone {
    int sensor;
    YawBox box;
  };
  // stations along a lane where a box centred on the lane may touch a zone
  struct Reach {
    double from_m, to_m;
    uint32_t zone;
  };
  void Diff(uint32_t id, std::vector<uint32_t>& now);
  void TestEveryZone(uint32_t id, const world::Vec3& half_extents_m, const LanePose& pose);

  const LaneNetwork& lanes_;

  std::vector<Zone> zones_;
  std::vector<std::vector<Reach>> reach_;  // per lane, by from_m
  std::vector<double> lane_length_m_;
  double vehicle_radius2_m2_ = 0;              // the largest vehicle class's plan half-diagonal, squared
  std::vector<std::vector<uint32_t>> inside_;  // per vehicle id: zones it is over, sorted
  std::vector<uint32_t> scratch_;
  std::vector<PresenceChange> changes_;
  bool sorted_ = true;
};

}  // namespace gatetwin::engine
