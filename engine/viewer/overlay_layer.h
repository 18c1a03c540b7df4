// Plugin overlays in the 3D view: heat ribbons along lanes (e.g. where queues stand), rebuilt when plugins publish.
#pragma once

#include <vector>

#include <osg/Group>
#include <osg/ref_ptr>

#include "engine/plugin_host.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// Draws each overlay as a ribbon down the middle of its lane from `from_m` to `to_m`,
/// coloured from calm (bluish green) through amber to alarm (vermillion) by its value 0..1.
class OverlayLayer {
 public:
  explicit OverlayLayer(const world::World& world);
  osg::Group* node() { return root_.get(); }
  /// Replaces what is drawn. Overlays naming a lane the world does not have are skipped.
  void Set(const std::vector<engine::PluginPublished::Overlay>& overlays);
  /// Ribbons drawn now.
  size_t drawn() const { return drawn_; }

 private:
  const world::World& world_;
  osg::ref_ptr<osg::Group> root_;
  size_t drawn_ = 0;
};

}  // namespace gatetwin::viewer
