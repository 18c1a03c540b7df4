// Heat ribbons along lanes from plugin overlays, merged into one unlit mesh above the markings.
#include "engine/viewer/overlay_layer.h"

#include <algorithm>

#include "engine/viewer/scene_parts.h"

namespace gatetwin::viewer {

namespace {

// the snapshot palette's calm, busy and alarm colours (Okabe–Ito), blended by value
osg::Vec4 Heat(double value) {
  const osg::Vec4 calm(0.0f, 0.62f, 0.45f, 1), busy(0.90f, 0.62f, 0.0f, 1), alarm(0.84f, 0.37f, 0.0f, 1);
  const float v = static_cast<float>(std::clamp(value, 0.0, 1.0));
  return v < 0.5f ? calm * (1 - 2 * v) + busy * (2 * v) : busy * (2 - 2 * v) + alarm * (2 * v - 1);
}

}  // namespace

OverlayLayer::OverlayLayer(const world::World& world) : world_(world), root_(new osg::Group) {
  root_->setName("plugin overlays");
}

void OverlayLayer::Set(const std::vector<engine::PluginPublished::Overlay>& overlays) {
  Mesh mesh;
  drawn_ = 0;
  for (const auto& o : overlays) {
    if (o.lane < 0 || static_cast<size_t>(o.lane) >= world_.lanes.size() || !(o.to_m > o.from_m)) continue;
    const world::Lane& lane = world_.lanes[static_cast<size_t>(o.lane)];
    const PolylineWalker walker(lane.polyline);
    const std::vector<osg::Vec3> line = walker.Slice(o.from_m, o.to_m);
    if (line.size() < 2) continue;
    // narrower than the lane, so its markings stay visible beside the ribbon
    const float half_m = static_cast<float>(lane.width_m) * 0.3f;
    mesh.Ribbon(line, -half_m, half_m, DeckLift(Deck::kShadows) + 0.02f, Heat(o.value));
    ++drawn_;
  }
  root_->removeChildren(0, root_->getNumChildren());
  if (drawn_ > 0) root_->addChild(MeshNode(mesh, DeckState(Deck::kShadows)));
}

}  // namespace gatetwin::viewer
