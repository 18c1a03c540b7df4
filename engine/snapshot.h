// The GL-free scene snapshot the viewer mirrors: plain data keyed by id, plus the colour palette.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/time.h"
#include "world/world.h"

namespace gatetwin::engine {

/// A colour, 8 bits per channel, straight (not premultiplied) alpha.
struct Rgba8 {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba8&, const Rgba8&) = default;
};

/// Stages of a vehicle's passage as the snapshot carries them (SnapshotVehicle::stage).
/// The engine maps its own state machine onto these; the order is part of the snapshot format.
enum class SnapshotStage : uint8_t {
  kApproaching,  // on the approach, not yet queued
  kQueued,       // waiting in a queue for a booth
  kInService,    // at a booth, being inspected
  kCleared,      // released by the booth, driving on
  kInYard,       // parked in a yard
  kExited,       // left the modelled area (kept briefly for fading out)
};
inline constexpr int kSnapshotStageCount = 6;

/// Health of a sensor as the snapshot carries it (SnapshotSensor::health).
enum class SnapshotHealth : uint8_t { kOk, kDegraded, kDown };

/// One vehicle in the scene: where it is, its box and how to draw it.
struct SnapshotVehicle {
  uint32_t id = 0;
  world::Vec3 position;   // middle of the footprint on the ground, local metres (ENU)
  float heading_rad = 0;  // counter-clockwise from east
  float length_m = 0, width_m = 0, height_m = 0;
  uint8_t vehicle_class = 0;  // world::VehicleClass
  uint8_t stage = 0;          // SnapshotStage
  uint8_t direction = 0;      // world::Direction
  Rgba8 colour;
};

/// One sensor's display state.
struct SnapshotSensor {
  uint32_t sensor = 0;          // index into world::World::sensors
  bool fired_recently = false;  // emitted an event within the viewer's highlight window
  uint8_t health = 0;           // SnapshotHealth
};

/// Everything the viewer needs for one frame. The engine fills it after a step; the viewer
/// diffs it by id against its scene graph (SUMO's `map<vehicle, transform>` idea).
struct SceneSnapshot {
  TimeUs time_us = 0;
  uint64_t sequence = 0;                  // increases by one per snapshot produced
  std::vector<SnapshotVehicle> vehicles;  // sorted by id
  std::vector<SnapshotSensor> sensors;    // sorted by sensor index
};

/// The vehicle with `id` in a snapshot (binary search over the sorted list), or nullptr.
inline const SnapshotVehicle* FindVehicle(const SceneSnapshot& snapshot, uint32_t id) {
  const auto it = std::lower_bound(snapshot.vehicles.begin(), snapshot.vehicles.end(), id,
                                   [](const SnapshotVehicle& v, uint32_t key) { return v.id < key; });
  return it != snapshot.vehicles.end() && it->id == id ? &*it : nullptr;
}

// The palette is Okabe & Ito's colour-blind-safe set: stages stay distinguishable for
// viewers with deuteranopia or protanopia, and on a projector.

/// Colour of a vehicle stage (SnapshotStage as uint8_t); out-of-range values give magenta,
/// which no stage uses, so a mapping bug is visible at once.
constexpr Rgba8 StageColour(uint8_t stage) {
  switch (stage) {
    case 0: return {86, 180, 233, 255};   // approaching: sky blue
    case 1: return {230, 159, 0, 255};    // queued: orange
    case 2: return {213, 94, 0, 255};     // in service: vermillion
    case 3: return {0, 158, 115, 255};    // cleared: bluish green
    case 4: return {204, 121, 167, 255};  // in yard: reddish purple
    case 5: return {153, 153, 153, 128};  // exited: grey, half transparent
    default: return {255, 0, 255, 255};
  }
}

/// Colour of a direction of travel (world::Direction as uint8_t): blue toward China,
/// yellow toward Việt Nam (the two national reds would be indistinguishable).
constexpr Rgba8 DirectionColour(uint8_t direction) {
  return direction == 0 ? Rgba8{0, 114, 178, 255} : Rgba8{240, 228, 66, 255};
}

/// Colour of a sensor marker: bright when it fired recently, dim when idle; health overrides.
constexpr Rgba8 SensorColour(const SnapshotSensor& s) {
  if (s.health == static_cast<uint8_t>(SnapshotHealth::kDown)) return {213, 94, 0, 255};
  if (s.health == static_cast<uint8_t>(SnapshotHealth::kDegraded)) return {230, 159, 0, 255};
  return s.fired_recently ? Rgba8{255, 255, 255, 255} : Rgba8{0, 158, 115, 160};
}

}  // namespace gatetwin::engine
