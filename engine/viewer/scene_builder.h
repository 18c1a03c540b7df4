// The static 3D scene of a world: terrain, sky, roads, buildings, sensors and labels, built once.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <osg/BoundingBox>
#include <osg/Group>
#include <osg/ref_ptr>

#include "engine/snapshot.h"
#include "engine/viewer/language.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// Node masks of the layers the control room toggles (osg::Node::setNodeMask).
enum Layer : uint32_t {
  kLayerGround = 1u << 0,
  kLayerLanes = 1u << 1,
  kLayerBuildings = 1u << 2,
  kLayerSensors = 1u << 3,
  kLayerLabels = 1u << 4,
  kLayerVehicles = 1u << 5,
  kLayerOverlays = 1u << 6,
};
inline constexpr uint32_t kAllLayers = 0x7f;
inline constexpr int kLayerCount = 7;

class Labels;
class SensorMarkers;

/// The static scene of one world, in local metres ENU (x east, y north, z up). Its geometry is
/// merged into a few vertex-buffered drawables per material with the sun's light baked into
/// vertex colours, so it costs little per frame on a software rasteriser.
class StaticScene {
 public:
  /// Builds the scene of `world` with labels in `language`. Never fails: missing fonts fall
  /// back to OSG's built-in font (with a message on stderr).
  static std::unique_ptr<StaticScene> Build(const world::World& world, Language language);
  ~StaticScene();
  StaticScene(const StaticScene&) = delete;
  StaticScene& operator=(const StaticScene&) = delete;

  /// The scene's root: add it to the viewer. It carries the sun (GL light 0) and the haze, so
  /// lit geometry added under it (vehicles) shares the scene's light.
  osg::Group* root() { return root_.get(); }
  /// The group of a layer (one bit of Layer), e.g. layer(kLayerVehicles) for vehicle nodes.
  osg::Group* layer(Layer which);

  /// Relabels every label (scene names in vi/zh/en) in place.
  void SetLanguage(Language language);
  Language language() const { return language_; }
  /// Shows the layers whose bits are set in `mask` and hides the others.
  void SetLayers(uint32_t mask);
  uint32_t layers() const { return layers_; }
  /// Colours each sensor's marker from its snapshot state (engine::SensorColour): a recently
  /// fired sensor pulses over `wall_time_s`; sensors missing from the snapshot show as idle.
  void UpdateSensors(const engine::SceneSnapshot& snapshot, double wall_time_s);
  /// The colour sensor `index` (world.sensors order) is drawn in now.
  engine::Rgba8 sensor_colour(size_t index) const;

  /// Bounds of the modelled area (roads, zones, buildings, border), for cameras.
  osg::BoundingBox bounds() const { return bounds_; }
  /// Height of the ground at (x, y): 0 in the flat gate area, the hills further out.
  float GroundHeight(float x, float y) const;

 private:
  StaticScene();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  osg::ref_ptr<osg::Group> root_;
  osg::ref_ptr<osg::Group> layers_groups_[kLayerCount];
  Language language_ = Language::kEn;
  uint32_t layers_ = kAllLayers;
  osg::BoundingBox bounds_;
};

}  // namespace gatetwin::viewer
