// The vehicles of the 3D view: one instanced draw per vehicle shape, mirrored from engine snapshots.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "engine/snapshot.h"

namespace osg {
class Node;
}

namespace gatetwin::viewer {

/// SetHighlighted's "no vehicle" (engine vehicle ids start at 0).
inline constexpr uint32_t kNoHighlight = 0xFFFFFFFFu;

/// What the cargo body's colour says.
enum class VehicleColouring : uint8_t { kByStage, kByDirection };

/// Draws every vehicle of a snapshot as a shaded low-polygon truck, tanker, car or bus.
///
/// All vehicles of one shape are one instanced draw: their poses, sizes and colours live in
/// per-instance vertex attributes, and the shader places, scales and lights each copy. Moving
/// between snapshots is a shader uniform, so Interpolate costs nothing per vehicle.
class VehicleLayer {
 public:
  VehicleLayer();
  ~VehicleLayer();
  VehicleLayer(const VehicleLayer&) = delete;
  VehicleLayer& operator=(const VehicleLayer&) = delete;

  /// The layer's root: add it under the scene root (the caller sets its node mask).
  osg::Node* node();

  /// Mirrors a snapshot: vehicles added, moved, removed by id; vehicles in stage kExited are not
  /// drawn. Each vehicle then moves from where it is drawn now (the previous snapshot's pose once
  /// Interpolate(1) was reached; a new vehicle starts where it is) to its new pose, and the
  /// interpolation restarts at 0.
  void Sync(const engine::SceneSnapshot& snapshot);
  /// Draws every vehicle `alpha` (clamped to [0, 1]) of the way from its pose at the last Sync
  /// to the snapshot's pose; heading turns the short way round.
  void Interpolate(double alpha);
  void SetColouring(VehicleColouring colouring);
  /// Draws the vehicle `vehicle_id` brighter and outlined; kNoHighlight (or an id not drawn) highlights none.
  void SetHighlighted(uint32_t vehicle_id);
  /// Direction toward the sun in the scene's frame (x east, y north, z up); need not be unit length.
  void SetSunDirection(float x, float y, float z);

  /// Vehicles currently drawn.
  size_t drawn() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::viewer
