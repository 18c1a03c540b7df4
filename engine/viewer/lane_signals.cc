// Lane control signals: gantries across the road (merged), and a switchable head per lane.
#include "engine/viewer/lane_signals.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <osg/Geode>

#include "engine/viewer/scene_parts.h"

namespace gatetwin::viewer {
namespace {

using replay::sim::LaneSignal;

const osg::Vec4 kSteel = Rgb(168, 172, 176);
const osg::Vec4 kHousing = Rgb(34, 36, 40);
constexpr float kBeamZ = 7.4f;     // underside of the gantry beam (above the 6.4 m sensor gantries)
constexpr float kHeadSize = 1.5f;  // the square face
constexpr float kHeadDepth = 0.4f;
constexpr float kBeamDepth = 0.35f;   // the beam's width along the road
constexpr double kBeforeBoothM = 60;  // where the queue for the booth forms: the signal is seen before it
constexpr double kFromStartM = 20;    // a lane without a booth: near its start

osg::Vec4 LightColour(LaneSignal s) {
  const engine::Rgba8 c = SignalColour(s);
  return Rgb(c.r, c.g, c.b);
}

// where lane `i`'s signal hangs (station along it)
double SignalStation(const world::World& world, size_t i) {
  const double length = PolylineWalker(world.lanes[i].polyline).length();
  double booth_m = -1;
  for (const auto& booth : world.booths) {
    if (std::find(booth.lanes.begin(), booth.lanes.end(), static_cast<int>(i)) == booth.lanes.end()) continue;
    if (booth_m < 0 || booth.station_m < booth_m) booth_m = booth.station_m;
  }
  const double s = booth_m >= 0 ? booth_m - kBeforeBoothM : kFromStartM;
  return std::clamp(s, std::min(10.0, length / 2), std::max(length / 2, length - 10));
}

// lateral position, in lane `lane`'s frame (+ right of travel), of road offset `road_offset`
float LaneLateral(const world::Lane& lane, double road_offset) {
  const double lateral = road_offset - lane.offset_m;
  return static_cast<float>(lane.direction == world::Direction::kVnToCn ? lateral : -lateral);
}

// the symbol on a face: centre `c`, `right` and `up` unit vectors as the driver sees them
void Symbol(Mesh& mesh, LaneSignal s, const osg::Vec3& c, const osg::Vec3& right, const osg::Vec3& up) {
  const osg::Vec4 colour = LightColour(s);
  auto at = [&](float u, float v) { return c + right * u + up * v; };
  auto quad = [&](osg::Vec2 a, osg::Vec2 b, osg::Vec2 cc, osg::Vec2 d) {
    mesh.Triangle(at(a.x(), a.y()), at(b.x(), b.y()), at(cc.x(), cc.y()), colour, colour, colour);
    mesh.Triangle(at(a.x(), a.y()), at(cc.x(), cc.y()), at(d.x(), d.y()), colour, colour, colour);
  };
  if (s == LaneSignal::kClosed) {
    // a cross: two bars at ±45°
    for (const osg::Vec2 axis : {osg::Vec2(1, 1), osg::Vec2(1, -1)}) {
      const osg::Vec2 a = axis * (0.52f / std::sqrt(2.0f)),
                      n = osg::Vec2(-axis.y(), axis.x()) * (0.11f / std::sqrt(2.0f));
      quad(-a - n, a - n, a + n, -a + n);
    }
    return;
  }
  // an arrow pointing down at the lane
  quad({-0.12f, -0.05f}, {0.12f, -0.05f}, {0.12f, 0.55f}, {-0.12f, 0.55f});
  mesh.Triangle(at(-0.42f, -0.05f), at(0.0f, -0.58f), at(0.42f, -0.05f), colour, colour, colour);
}

}  // namespace

engine::Rgba8 SignalColour(LaneSignal signal) {
  switch (signal) {
    case LaneSignal::kOpen: return {40, 224, 96, 255};
    case LaneSignal::kClosed: return {240, 52, 40, 255};
    case LaneSignal::kOpening: return {255, 178, 0, 255};
  }
  return {255, 0, 255, 255};
}

LaneSignals::LaneSignals(const world::World& world) : root_(new osg::Group) {
  root_->setName("lane signals");
  root_->setNodeMask(0);
  Mesh fixed;
  const osg::Vec3 up(0, 0, 1);
  // heads at one place on a road share a gantry spanning the whole road
  struct Gantry {
    osg::Vec3 centre, right;
    float half_span = 0;
  };
  std::map<std::tuple<int, long, long>, Gantry> gantries;
  heads_.resize(world.lanes.size());
  for (size_t i = 0; i < world.lanes.size(); ++i) {
    const world::Lane& lane = world.lanes[i];
    const PolylineWalker walker(lane.polyline);
    if (walker.length() <= 0) continue;
    const double s = SignalStation(world, i);
    const osg::Vec3 p = walker.PointAt(s), d = walker.DirectionAt(s), r = RightOf(d);
    // the road's extent across (road offsets), or the lane's own when it has no road
    double lo = lane.offset_m - lane.width_m / 2, hi = lane.offset_m + lane.width_m / 2;
    for (const world::Lane& other : world.lanes) {
      if (lane.road < 0 || other.road != lane.road) continue;
      lo = std::min(lo, other.offset_m - other.width_m / 2);
      hi = std::max(hi, other.offset_m + other.width_m / 2);
    }
    const osg::Vec3 centre = p + r * LaneLateral(lane, (lo + hi) / 2);
    Gantry& g = gantries[{lane.road, std::lround(centre.x() / 3), std::lround(centre.y() / 3)}];
    g.centre = centre;
    g.right = r;
    g.half_span = static_cast<float>(hi - lo) / 2;

    // the head: a dark housing hung under the beam, its light on the face toward oncoming trucks
    const float heading = std::atan2(d.y(), d.x());
    // on the beam's face toward the trucks, so a camera from above sees its top beside the beam
    const osg::Vec3 base = p - d * (kBeamDepth / 2 + kHeadDepth / 2 + 0.05f) + up * (kBeamZ - kHeadSize - 0.1f);
    fixed.Box(base, heading, kHeadDepth, kHeadSize + 0.2f, kHeadSize + 0.1f, kHousing);
    Head& head = heads_[i];
    head.face = base + up * (kHeadSize / 2 + 0.05f) - d * (kHeadDepth / 2 + 0.03f);
    head.top = base + up * (kHeadSize + 0.12f);
    head.states = new osg::Switch;
    head.states->setName(lane.id);
    for (const LaneSignal state : {LaneSignal::kOpen, LaneSignal::kClosed, LaneSignal::kOpening}) {
      Mesh light;
      Symbol(light, state, head.face, r, up);
      // its top, for cameras looking down (counter-clockwise from above: r × d is up)
      const osg::Vec4 c = LightColour(state);
      const float w = kHeadSize / 2, h = kHeadDepth / 2;
      auto top = [&](float across, float along) { return head.top + r * across + d * along; };
      light.Triangle(top(-w, -h), top(w, -h), top(w, h), c, c, c);
      light.Triangle(top(-w, -h), top(w, h), top(-w, h), c, c, c);
      head.states->addChild(MeshNode(light, nullptr), false);
    }
    root_->addChild(head.states);
  }
  for (const auto& [key, g] : gantries) {
    const float half = g.half_span + 0.6f;
    const osg::Vec3 along = osg::Vec3(-g.right.y(), g.right.x(), 0);
    for (float side : {-half, half})
      fixed.Box(g.centre + g.right * side, std::atan2(along.y(), along.x()), 0.4f, 0.4f, kBeamZ + 0.45f, kSteel);
    fixed.Box(g.centre + up * kBeamZ, std::atan2(g.right.y(), g.right.x()), 2 * half + 0.4f, kBeamDepth, 0.45f, kSteel);
  }
  osg::ref_ptr<osg::StateSet> unlit = new osg::StateSet;
  unlit->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  root_->setStateSet(unlit);
  root_->insertChild(0, MeshNode(fixed, nullptr));
}

void LaneSignals::Show(const std::vector<LaneSignal>& signals) {
  root_->setNodeMask(~0u);
  for (size_t i = 0; i < heads_.size(); ++i) {
    if (!heads_[i].states) continue;
    Head& head = heads_[i];
    head.shown = i < signals.size() ? static_cast<int>(signals[i]) : -1;
    for (unsigned c = 0; c < head.states->getNumChildren(); ++c)
      head.states->setValue(c, static_cast<int>(c) == head.shown);
  }
}

std::optional<LaneSignal> LaneSignals::signal(size_t lane) const {
  if (!shown() || lane >= heads_.size() || heads_[lane].shown < 0) return std::nullopt;
  return static_cast<LaneSignal>(heads_[lane].shown);
}

void LaneSignals::Hide() { root_->setNodeMask(0); }

}  // namespace gatetwin::viewer
