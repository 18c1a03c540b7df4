// Sensor markers: gantries and poles (merged), and one recolourable drawable per sensor.
#include "engine/viewer/scene_sensors.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <osg/BlendFunc>
#include <osg/Geode>
#include <osg/PolygonOffset>

#include "engine/viewer/scene_parts.h"

namespace gatetwin::viewer {
namespace {

const osg::Vec4 kSteel = Rgb(168, 172, 176);
constexpr float kGantryZ = 6.4f;

struct Place {
  osg::Vec3 point;      // on the lane centre at the sensor's station (or the sensor's position)
  osg::Vec3 direction;  // of travel
  float half_width = 1.75f;
  bool on_lane = false;
};

Place PlaceOf(const world::World& world, const world::Sensor& sensor, double along = 0) {
  Place place;
  place.point = osg::Vec3(static_cast<float>(sensor.position.x), static_cast<float>(sensor.position.y),
                          static_cast<float>(sensor.position.z));
  place.direction = osg::Vec3(0, 1, 0);
  if (!sensor.lanes.empty() && !sensor.station_m.empty() && sensor.lanes[0] >= 0 &&
      sensor.lanes[0] < static_cast<int>(world.lanes.size())) {
    const auto& lane = world.lanes[sensor.lanes[0]];
    const PolylineWalker walker(lane.polyline);
    place.point = walker.PointAt(sensor.station_m[0] + along);
    place.direction = walker.DirectionAt(sensor.station_m[0] + along);
    place.half_width = static_cast<float>(lane.width_m / 2);
    place.on_lane = true;
  }
  return place;
}

float Heading(const osg::Vec3& d) { return std::atan2(d.y(), d.x()); }

// the outline of an induction loop cut into the lane
void LoopFrame(Mesh& mesh, const Place& p) {
  const osg::Vec3 d = p.direction, r = RightOf(d);
  const float a = 1.2f, b = p.half_width - 0.6f, w = 0.3f;
  const float z = DeckLift(Deck::kMarkings) + 0.02f;
  auto at = [&](float along, float side) { return p.point + d * along + r * side + osg::Vec3(0, 0, z); };
  const osg::Vec4 white(1, 1, 1, 1);
  auto bar = [&](float a0, float a1, float s0, float s1) {
    mesh.Triangle(at(a0, s0), at(a0, s1), at(a1, s1), white, white, white);
    mesh.Triangle(at(a0, s0), at(a1, s1), at(a1, s0), white, white, white);
  };
  bar(-a, a, -b, -b + w);
  bar(-a, a, b - w, b);
  bar(-a, -a + w, -b, b);
  bar(a - w, a, -b, b);
}

}  // namespace

SensorMarkers::SensorMarkers(const world::World& world) : root_(new osg::Group) {
  root_->setName("sensors");
  Mesh fixed;
  // ANPR cameras at one station across neighbouring lanes share a gantry: group them by
  // direction and position along it
  struct Gantry {
    osg::Vec3 direction, origin;
    float along = 0, lateral_min = 1e9f, lateral_max = -1e9f;
  };
  std::map<std::pair<long, long>, Gantry> gantries;
  for (const auto& sensor : world.sensors) {
    if (sensor.kind != world::SensorKind::kAnpr) continue;
    const Place p = PlaceOf(world, sensor);
    const osg::Vec3 r = RightOf(p.direction);
    const float along = p.point * p.direction, lateral = p.point * r;
    const auto key = std::make_pair(std::lround(Heading(p.direction) * 18 / M_PI), std::lround(along / 2));
    Gantry& g = gantries[key];
    g.direction = p.direction;
    g.along = along;
    g.origin = p.point - r * lateral;
    g.lateral_min = std::min(g.lateral_min, lateral - p.half_width);
    g.lateral_max = std::max(g.lateral_max, lateral + p.half_width);
  }
  for (const auto& [key, g] : gantries) {
    const osg::Vec3 r = RightOf(g.direction);
    const float lo = g.lateral_min - 0.35f, hi = g.lateral_max + 0.35f;
    for (float lat : {lo, hi}) fixed.Box(g.origin + r * lat, Heading(g.direction), 0.4f, 0.4f, kGantryZ + 0.5f, kSteel);
    fixed.Box(g.origin + r * ((lo + hi) / 2) + osg::Vec3(0, 0, kGantryZ), Heading(r), hi - lo + 0.4f, 0.35f, 0.5f,
              kSteel);
  }

  osg::ref_ptr<osg::Group> markers = new osg::Group;
  osg::ref_ptr<osg::StateSet> marker_state = new osg::StateSet;
  marker_state->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  // idle sensors are drawn half transparent (the palette's alpha)
  marker_state->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
  marker_state->setRenderingHint(osg::StateSet::TRANSPARENT_BIN);
  // loop outlines lie on the lane, whose asphalt is depth-offset toward the eye
  marker_state->setAttributeAndModes(new osg::PolygonOffset(-6.0f, -12.0f));
  markers->setStateSet(marker_state);
  markers_.resize(world.sensors.size());
  for (size_t i = 0; i < world.sensors.size(); ++i) {
    const auto& sensor = world.sensors[i];
    Mesh mesh;
    const Place p = PlaceOf(world, sensor);
    const osg::Vec3 d = p.direction, r = RightOf(d), up(0, 0, 1);
    const float heading = Heading(d);
    const bool placed = p.on_lane || sensor.position.x != 0 || sensor.position.y != 0 || sensor.position.z != 0;
    if (placed && sensor.kind != world::SensorKind::kGps) {
      switch (sensor.kind) {
        case world::SensorKind::kAnpr:
          // camera body hung under the gantry, looking back at oncoming traffic
          fixed.Box(p.point + up * (kGantryZ - 0.3f), heading, 0.12f, 0.12f, 0.35f, kSteel);
          mesh.Box(p.point + up * (kGantryZ - 0.75f), heading, 1.1f, 0.55f, 0.5f, osg::Vec4(1, 1, 1, 1));
          break;
        case world::SensorKind::kLoop: LoopFrame(mesh, p); break;
        case world::SensorKind::kBarrier:
          mesh.Box(p.point - r * p.half_width + up * 1.15f, heading, 0.5f, 0.5f, 0.4f, osg::Vec4(1, 1, 1, 1));
          break;
        case world::SensorKind::kScanner: {
          const Place portal = PlaceOf(world, sensor, -9);
          mesh.Box(portal.point + up * 6.2f, heading, 1.2f, 2 * p.half_width - 1.2f, 0.4f, osg::Vec4(1, 1, 1, 1));
          break;
        }
        case world::SensorKind::kWeighbridge: {
          const Place post = PlaceOf(world, sensor, 10);
          const osg::Vec3 foot = post.point + RightOf(post.direction) * (post.half_width + 0.5f);
          fixed.Box(foot, heading, 0.2f, 0.2f, 2.0f, kSteel);
          mesh.Box(foot + up * 2.0f, heading, 0.3f, 1.2f, 0.8f, osg::Vec4(1, 1, 1, 1));
          break;
        }
        default: {
          // radar, RFID and others: a box on a pole at the lane's edge
          const osg::Vec3 foot = p.on_lane ? p.point + r * (p.half_width + 0.6f) : p.point;
          fixed.Box(foot, heading, 0.2f, 0.2f, 5.0f, kSteel);
          mesh.Box(foot + up * 5.0f, heading, 0.7f, 0.6f, 0.6f, osg::Vec4(1, 1, 1, 1));
          break;
        }
      }
    }
    Marker& marker = markers_[i];
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    geode->setName(sensor.id);
    if (!mesh.empty()) {
      marker.geometry = mesh.Build();
      marker.geometry->setDataVariance(osg::Object::DYNAMIC);
      for (const auto& c : mesh.colours()) marker.shade.push_back(c.r() / 255.0f);
      geode->addDrawable(marker.geometry);
    }
    marker.node = geode;
    markers->addChild(geode);
    SetColour(i, engine::SensorColour(engine::SnapshotSensor{}));
  }
  osg::ref_ptr<osg::StateSet> fixed_state = new osg::StateSet;
  fixed_state->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  root_->addChild(MeshNode(fixed, fixed_state));
  root_->addChild(markers);
}

osg::Node* SensorMarkers::node(size_t index) const {
  return index < markers_.size() ? markers_[index].node.get() : nullptr;
}

engine::Rgba8 SensorMarkers::colour(size_t index) const {
  return index < markers_.size() ? markers_[index].colour : engine::Rgba8{};
}

void SensorMarkers::SetColour(size_t index, const engine::Rgba8& colour) {
  if (index >= markers_.size()) return;
  Marker& marker = markers_[index];
  if (marker.colour == colour) return;
  marker.colour = colour;
  if (!marker.geometry) return;
  auto* colours = dynamic_cast<osg::Vec4ubArray*>(marker.geometry->getColorArray());
  if (!colours) return;
  for (size_t v = 0; v < colours->size() && v < marker.shade.size(); ++v) {
    const float f = marker.shade[v];
    auto scale = [f](uint8_t c) { return static_cast<unsigned char>(std::min(255.0f, c * f + 0.5f)); };
    (*colours)[v] = osg::Vec4ub(scale(colour.r), scale(colour.g), scale(colour.b), colour.a);
  }
  colours->dirty();
}

}  // namespace gatetwin::viewer
