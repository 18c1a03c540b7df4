// Sensor markers of the static scene: one node per sensor, recoloured from its display state.
#pragma once

#include <vector>

#include <osg/Geometry>
#include <osg/Group>
#include <osg/ref_ptr>

#include "engine/snapshot.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// ANPR cameras on gantries, loop outlines in the lane, lamps on barriers, scanners and
/// weighbridges, boxes on poles for radar and RFID. Their fixed parts (poles, gantries) are one
/// merged drawable; each sensor's coloured part is its own small drawable.
class SensorMarkers {
 public:
  explicit SensorMarkers(const world::World& world);

  /// The sensors layer's contents; child 0 holds the fixed parts, child 1 one node per sensor
  /// in world.sensors order (an empty node for sensors with no place, like GPS trackers).
  osg::Group* root() { return root_.get(); }
  /// The node of sensor `index`.
  osg::Node* node(size_t index) const;

  /// Sets sensor `index`'s colour (unchanged colours cost nothing).
  void SetColour(size_t index, const engine::Rgba8& colour);
  engine::Rgba8 colour(size_t index) const;
  size_t size() const { return markers_.size(); }

 private:
  struct Marker {
    osg::ref_ptr<osg::Node> node;
    osg::ref_ptr<osg::Geometry> geometry;  // null for sensors with no place
    std::vector<float> shade;              // per vertex: the baked light
    engine::Rgba8 colour{0, 0, 0, 0};
  };
  osg::ref_ptr<osg::Group> root_;
  std::vector<Marker> markers_;
};

}  // namespace gatetwin::viewer
