// Joins the static scene, the vehicle layer and the lane signals, and exposes them to the viewer as hooks.
#include "engine/viewer/twin_scene.h"

namespace gatetwin::viewer {

std::optional<CameraPlacement> FindViewpoint(const world::World& world, std::string_view id) {
  for (const world::Viewpoint& v : world.viewpoints) {
    if (v.id == id) return CameraPlacement{{v.eye.x, v.eye.y, v.eye.z}, {v.target.x, v.target.y, v.target.z}};
  }
  return std::nullopt;
}

std::string ViewpointIds(const world::World& world) {
  std::string ids;
  for (const world::Viewpoint& v : world.viewpoints) ids += (ids.empty() ? "" : ", ") + v.id;
  return ids.empty() ? "(the world defines none)" : ids;
}

static_assert(kNoVehicle == kNoHighlight, "the viewer and the vehicle layer agree on \"none\"");

TwinScene::TwinScene(const world::World& world, Language language)
    : statics_(StaticScene::Build(world, language)), overlays_(world), lane_signals_(world) {
  statics_->layer(kLayerOverlays)->addChild(overlays_.node());
  statics_->layer(kLayerLanes)->addChild(lane_signals_.root());
  osg::Node* vehicles = vehicles_.node();
  vehicles->setNodeMask(kLayerVehicles);
  statics_->layer(kLayerVehicles)->addChild(vehicles);
}

TwinScene::~TwinScene() = default;

void TwinScene::Apply(const engine::SceneSnapshot& snapshot, double wall_time_s) {
  last_wall_time_s_ = wall_time_s;
  vehicles_.Sync(snapshot);
  // sensors pulse every frame, so keep their states (not the vehicles) for on_frame
  sensors_.time_us = snapshot.time_us;
  sensors_.sensors = snapshot.sensors;
  statics_->UpdateSensors(sensors_, wall_time_s);
}

void TwinScene::ShowNow(const engine::Engine& engine) {
  engine::SceneSnapshot snapshot;
  engine.Snapshot(&snapshot);
  Apply(snapshot, last_wall_time_s_);
  vehicles_.Interpolate(1.0);
}

SceneHooks TwinScene::Hooks() {
  SceneHooks hooks;
  hooks.root = statics_->root();
  hooks.bounds = statics_->bounds();
  hooks.set_language = [this](Language l) { statics_->SetLanguage(l); };
  hooks.set_layers = [this](uint32_t mask) { statics_->SetLayers(mask); };
  hooks.set_colouring = [this](int c) {
    vehicles_.SetColouring(c == 0 ? VehicleColouring::kByStage : VehicleColouring::kByDirection);
  };
  hooks.on_snapshot = [this](const engine::SceneSnapshot& s) { Apply(s, last_wall_time_s_); };
  hooks.on_frame = [this](double alpha, double wall_time_s) {
    last_wall_time_s_ = wall_time_s;
    vehicles_.Interpolate(alpha);
    statics_->UpdateSensors(sensors_, wall_time_s);
  };
  hooks.set_highlighted = [this](uint32_t id) { vehicles_.SetHighlighted(id); };
  hooks.show_lane_signals = [this](const std::vector<replay::sim::LaneSignal>& s) { lane_signals_.Show(s); };
  return hooks;
}

}  // namespace gatetwin::viewer
