// The whole 3D twin: the static world scene plus the vehicles and lane signals, fed from the engine's snapshots.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <osg/Vec3d>

#include "engine/engine.h"
#include "engine/viewer/lane_signals.h"
#include "engine/viewer/language.h"
#include "engine/viewer/overlay_layer.h"
#include "engine/viewer/scene_builder.h"
#include "engine/viewer/vehicle_layer.h"
#include "engine/viewer/viewer_app.h"

namespace gatetwin::viewer {

/// A camera placement: where the eye is and what it looks at (local metres, z up).
struct CameraPlacement {
  osg::Vec3d eye, target;
};

/// The world's viewpoint with this id (e.g. "overview", "booth_plaza"), or nullopt.
std::optional<CameraPlacement> FindViewpoint(const world::World& world, std::string_view id);
/// The ids of the world's viewpoints, comma separated (for error messages).
std::string ViewpointIds(const world::World& world);

/// The static scene and the vehicle layer under one root.
class TwinScene {
 public:
  TwinScene(const world::World& world, Language language);
  ~TwinScene();
  TwinScene(const TwinScene&) = delete;
  TwinScene& operator=(const TwinScene&) = delete;

  osg::Group* root() { return statics_->root(); }
  StaticScene& statics() { return *statics_; }
  VehicleLayer& vehicles() { return vehicles_; }
  /// Plugin overlays (heat along lanes), in the overlays layer.
  OverlayLayer& overlays() { return overlays_; }
  /// The lane control signals (in the lanes layer), hidden until a training session shows them.
  LaneSignals& lane_signals() { return lane_signals_; }

  /// Mirrors a snapshot: vehicles and sensor states (wall_time_s drives sensor pulses).
  void Apply(const engine::SceneSnapshot& snapshot, double wall_time_s);
  /// Snapshots `engine` and mirrors it with vehicles drawn exactly where they are (for stills).
  void ShowNow(const engine::Engine& engine);

  /// The hooks the interactive viewer drives this scene through.
  SceneHooks Hooks();

 private:
  std::unique_ptr<StaticScene> statics_;
  VehicleLayer vehicles_;
  OverlayLayer overlays_;
  LaneSignals lane_signals_;
  engine::SceneSnapshot sensors_;  // the latest snapshot's sensor states (no vehicles)
  double last_wall_time_s_ = 0;
};

}  // namespace gatetwin::viewer
