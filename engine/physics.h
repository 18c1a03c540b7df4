// Bullet collision queries behind our own types: vehicle boxes, detector zones, ray picking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "world/world.h"

namespace gatetwin::engine {

/// A vehicle entering or leaving a detector zone, derived by PhysicsWorld::Update.
struct PresenceChange {
  uint32_t zone_id = 0;
  uint32_t vehicle_id = 0;
  bool entered = false;  // true: entered the zone; false: left it (or was removed inside it)
};

/// The result of a ray query: the closest vehicle hit, if any.
struct RayHit {
  bool hit = false;
  uint32_t vehicle_id = 0;  // meaningful only when `hit`
  world::Vec3 point;        // where the ray first meets the vehicle's box
  double distance_m = 0;    // from the ray's start to `point`
};

/// A collision world of kinematic vehicle boxes and fixed detector zones (Bullet inside; no
/// Bullet type leaves this file pair). Boxes turn about the vertical axis only (heading, ENU:
/// counter-clockwise from east); a box's local x runs along its heading, so half extents are
/// {half length, half width, half height}.
///
/// Presence is exact: Bullet's broadphase proposes vehicle/zone pairs through each zone's
/// ghost object (padded boxes, so it over-counts) and every pair is confirmed against the
/// real oriented boxes before it counts. Boxes that only touch count as overlapping.
/// Not thread-safe; one owner calls it from the engine's step.
class PhysicsWorld {
 public:
  PhysicsWorld();
  ~PhysicsWorld();
  PhysicsWorld(PhysicsWorld&&) noexcept;
  PhysicsWorld& operator=(PhysicsWorld&&) noexcept;
  PhysicsWorld(const PhysicsWorld&) = delete;
  PhysicsWorld& operator=(const PhysicsWorld&) = delete;

  /// Adds a vehicle box with the given half extents (m), at the origin until posed.
  /// Returns false (and changes nothing) when `id` is already present.
  bool AddVehicle(uint32_t id, world::Vec3 half_extents_m);

  /// Places a vehicle: `position` is the middle of its footprint on the ground, so the box
  /// centre is `position` raised by the half height. Returns false for an unknown id.
  bool SetVehiclePose(uint32_t id, world::Vec3 position, double heading_rad);

  /// Removes a vehicle. If it was inside zones, the next Update reports it `left` them.
  /// Returns false for an unknown id.
  bool RemoveVehicle(uint32_t id);

  /// Whether a vehicle with this id is present.
  bool HasVehicle(uint32_t id) const;

  /// Number of vehicles present.
  size_t vehicle_count() const;

  /// Adds a fixed detector zone: a box of `half_extents_m` around `centre`, turned by
  /// `heading_rad` about the vertical. Returns false when `zone_id` is already present.
  bool AddDetectorZone(uint32_t zone_id, world::Vec3 centre, world::Vec3 half_extents_m, double heading_rad);

  /// Removes a zone; the next Update reports every vehicle that was inside it as `left`.
  /// Returns false for an unknown id.
  bool RemoveDetectorZone(uint32_t zone_id);

  /// Number of detector zones.
  size_t zone_count() const;

  /// Runs collision detection for the current poses and recomputes zone occupancy.
  void Update();

  /// What changed in the last Update, sorted by zone, then vehicle, then `left` before
  /// `entered`. Valid until the next Update.
  const std::vector<PresenceChange>& presence_changes() const;

  /// Diagnostics: vehicle/zone pairs the ghost objects proposed at the last Update, before
  /// confirmation (at least the number of confirmed occupants; more shows the over-count).
  size_t candidate_pair_count() const;

  /// The vehicles inside a zone as of the last Update, sorted by id (empty for an unknown
  /// zone). Valid until the next Update or zone removal.
  std::span<const uint32_t> ZoneOccupants(uint32_t zone_id) const;

  /// The closest vehicle box hit by the segment from `from` to `to` (zones are ignored), for
  /// the viewer's picking. Uses the poses set so far; no Update needed.
  RayHit RayQuery(world::Vec3 from, world::Vec3 to) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::engine
