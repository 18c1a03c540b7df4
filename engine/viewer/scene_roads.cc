// Asphalt along the lanes, lane markings and arrows, junction aprons, zones and the border line.
#include <algorithm>
#include <cmath>
#include <map>

#include <osg/Group>

#include "engine/viewer/scene_parts.h"

namespace gatetwin::viewer {
namespace {

const osg::Vec4 kAsphalt = Rgb(74, 77, 82);
const osg::Vec4 kShoulder = Rgb(96, 98, 100);
const osg::Vec4 kMarkingWhite = Rgb(236, 236, 232);
const osg::Vec4 kMarkingYellow = Rgb(226, 190, 84);
constexpr float kLineWidth = 0.2f;
constexpr float kShoulderWidth = 0.8f;

// lateral position of a lane's edges in its own frame (+ right of travel): a boundary at road
// offset `b` (+ right of vn_to_cn travel) lies at (b − offset) for vn_to_cn lanes, mirrored for cn_to_vn
float LaneLateral(const world::Lane& lane, double road_offset) {
  const double lateral = road_offset - lane.offset_m;
  return static_cast<float>(lane.direction == world::Direction::kVnToCn ? lateral : -lateral);
}

void Dashes(Mesh& mesh, const PolylineWalker& walker, float lateral, float dash, float gap, const osg::Vec4& colour) {
  const float z = DeckLift(Deck::kMarkings);
  for (double s = gap / 2; s < walker.length(); s += dash + gap) {
    mesh.Ribbon(walker.Slice(s, s + dash), lateral - kLineWidth / 2, lateral + kLineWidth / 2, z, colour);
  }
}

// a straight-ahead arrow painted on a lane at station `s`
void Arrow(Mesh& mesh, const PolylineWalker& walker, double s) {
  const osg::Vec3 p = walker.PointAt(s), d = walker.DirectionAt(s), r = RightOf(d);
  const osg::Vec3 z(0, 0, DeckLift(Deck::kMarkings));
  const osg::Vec4 c = Shade(osg::Vec3(0, 0, 1), kMarkingWhite);
  auto at = [&](float along, float side) { return p + d * along + r * side + z; };
  // shaft, then head (counter-clockwise from above)
  mesh.Triangle(at(-3.0f, 0.15f), at(0.6f, 0.15f), at(0.6f, -0.15f), c, c, c);
  mesh.Triangle(at(-3.0f, 0.15f), at(0.6f, -0.15f), at(-3.0f, -0.15f), c, c, c);
  mesh.Triangle(at(0.6f, 0.6f), at(2.4f, 0.0f), at(0.6f, -0.6f), c, c, c);
}

struct LaneEnd {
  osg::Vec2 left, right;
};

LaneEnd EndOf(const world::Lane& lane, bool at_start) {
  const PolylineWalker walker(lane.polyline);
  const double s = at_start ? 0.0 : walker.length();
  const osg::Vec3 p = walker.PointAt(s), r = RightOf(walker.DirectionAt(s));
  const float half = static_cast<float>(lane.width_m / 2);
  const osg::Vec3 left = p - r * half, right = p + r * half;
  return {osg::Vec2(left.x(), left.y()), osg::Vec2(right.x(), right.y())};
}

}  // namespace

osg::ref_ptr<osg::Node> BuildRoads(const world::World& world, const Terrain& terrain) {
  Mesh asphalt, markings;
  const float asphalt_z = DeckLift(Deck::kAsphalt);

  // boundaries between lanes of a road, keyed by road offset (centimetres): who is on each side
  struct Side {
    int lane;
    float lateral;
  };
  std::map<std::pair<int, long>, std::vector<Side>> boundaries;
  // a tidal strip is two lanes on one piece of road: it is paved and lined once, for the side
  // not on standby (its arrows are painted both ways, as the strip is driven either way)
  const auto second_of_strip = [&](size_t i) { return world.lanes[i].tidal_partner >= 0 && world.lanes[i].standby; };
  for (size_t i = 0; i < world.lanes.size(); ++i) {
    const auto& lane = world.lanes[i];
    if (second_of_strip(i)) continue;
    for (double b : {lane.offset_m - lane.width_m / 2, lane.offset_m + lane.width_m / 2}) {
      boundaries[{lane.road, std::lround(b * 20)}].push_back({static_cast<int>(i), LaneLateral(lane, b)});
    }
  }
  // which lanes have no neighbour on a side get a shoulder there
  std::vector<std::pair<float, float>> extra(world.lanes.size(), {0.0f, 0.0f});  // left, right (lane frame)
  for (const auto& [key, sides] : boundaries) {
    if (sides.size() != 1) continue;
    const auto& lane = world.lanes[sides[0].lane];
    (sides[0].lateral < 0 ? extra[sides[0].lane].first : extra[sides[0].lane].second) = kShoulderWidth;
    (void)lane;
  }
  for (size_t i = 0; i < world.lanes.size(); ++i) {
    if (second_of_strip(i)) continue;
    const auto& lane = world.lanes[i];
    const PolylineWalker walker(lane.polyline);
    const float half = static_cast<float>(lane.width_m / 2);
    asphalt.Ribbon(walker.points(), -half, half, asphalt_z, kAsphalt);
    if (extra[i].first > 0) asphalt.Ribbon(walker.points(), -half - extra[i].first, -half, asphalt_z, kShoulder);
    if (extra[i].second > 0) asphalt.Ribbon(walker.points(), half, half + extra[i].second, asphalt_z, kShoulder);
  }
  // lane lines: solid white at the edges, dashed between lanes of one direction, double solid
  // yellow where the directions meet, double dashed yellow along a tidal strip (its direction changes)
  for (const auto& [key, sides] : boundaries) {
    const auto& lane = world.lanes[sides[0].lane];
    const PolylineWalker walker(lane.polyline);
    const float lat = sides[0].lateral;
    const float z = DeckLift(Deck::kMarkings);
    const bool tidal = std::any_of(sides.begin(), sides.end(),
                                   [&](const Side& side) { return world.lanes[side.lane].tidal_partner >= 0; });
    if (tidal) {
      for (float side : {-0.18f, 0.18f}) Dashes(markings, walker, lat + side, 3, 3, kMarkingYellow);
    } else if (sides.size() == 1) {
      const float inward = lat < 0 ? 0.25f : -0.25f;
      markings.Ribbon(walker.points(), lat + inward - kLineWidth / 2, lat + inward + kLineWidth / 2, z, kMarkingWhite);
    } else if (world.lanes[sides[1].lane].direction == lane.direction) {
      Dashes(markings, walker, lat, 4, 8, kMarkingWhite);
    } else {
      for (float side : {-0.18f, 0.18f}) {
        markings.Ribbon(walker.points(), lat + side - kLineWidth / 2, lat + side + kLineWidth / 2, z, kMarkingYellow);
      }
    }
  }
  // arrows along each lane, kept clear of booths, barriers and loops; stop lines before barriers
  struct Clear {
    double station_m, radius_m;
  };
  std::vector<std::vector<Clear>> keep_clear(world.lanes.size());
  for (const auto& booth : world.booths) {
    for (int l : booth.lanes) keep_clear[l].push_back({booth.station_m, 30});
  }
  for (const auto& sensor : world.sensors) {
    for (size_t k = 0; k < sensor.lanes.size() && k < sensor.station_m.size(); ++k) {
      keep_clear[sensor.lanes[k]].push_back({sensor.station_m[k], 8});
    }
  }
  for (const auto& barrier : world.barriers) {
    if (barrier.lane < 0) continue;
    keep_clear[barrier.lane].push_back({barrier.station_m, 30});
    const auto& lane = world.lanes[barrier.lane];
    const PolylineWalker walker(lane.polyline);
    const float half = static_cast<float>(lane.width_m / 2);
    markings.Ribbon(walker.Slice(barrier.station_m - 1.6, barrier.station_m - 1.1), -half + 0.1f, half - 0.1f,
                    DeckLift(Deck::kMarkings), kMarkingWhite);
  }
  for (size_t i = 0; i < world.lanes.size(); ++i) {
    const PolylineWalker walker(world.lanes[i].polyline);
    for (double s = 30; s < walker.length() - 20; s += 70) {
      const bool clear = std::none_of(keep_clear[i].begin(), keep_clear[i].end(),
                                      [&](const Clear& k) { return std::abs(k.station_m - s) < k.radius_m; });
      if (clear) Arrow(markings, walker, s);
    }
  }
  // junction aprons: where a lane fans out into several (or several merge into one), fill the
  // wedge between their ends with asphalt
  std::vector<std::vector<osg::Vec2>> fans_out(world.lanes.size()), fans_in(world.lanes.size());
  for (const auto& c : world.connections) {
    if (c.from < 0 || c.to < 0) continue;
    const LaneEnd from_end = EndOf(world.lanes[c.from], false), to_start = EndOf(world.lanes[c.to], true);
    for (auto* fan : {&fans_out[c.from], &fans_in[c.to]}) {
      fan->insert(fan->end(), {from_end.left, from_end.right, to_start.left, to_start.right});
    }
  }
  for (auto* fans : {&fans_out, &fans_in}) {
    for (const auto& points : *fans) {
      if (points.size() < 3) continue;
      asphalt.FlatPolygon(ConvexHull(points), asphalt_z - 0.005f, kAsphalt);
    }
  }

  // the border: a bold red and yellow band across the road and over the hills
  Mesh border;
  const PolylineWalker border_line(world.border.line);
  constexpr float kBand = 6;
  for (double s = 0; s < border_line.length(); s += kBand) {
    std::vector<osg::Vec3> piece;
    for (double t = s; t <= std::min(border_line.length(), s + kBand) + 1e-6; t += kBand / 2) {
      osg::Vec3 p = border_line.PointAt(std::min(t, border_line.length()));
      const float ground = terrain.HeightAt(p.x(), p.y());
      // lifted clear of the coarser terrain mesh on slopes, easing in so the band has no step
      p.z() = ground + std::min(0.6f, ground * 0.3f);
      piece.push_back(p);
    }
    const bool red = static_cast<int>(s / kBand) % 2 == 0;
    border.Ribbon(piece, -0.8f, 0.8f, DeckLift(Deck::kMarkings) + 0.01f, red ? Rgb(196, 48, 44) : Rgb(236, 196, 64));
  }

  osg::ref_ptr<osg::Group> group = new osg::Group;
  group->setName("roads");
  group->addChild(MeshNode(asphalt, DeckState(Deck::kAsphalt)));
  group->addChild(MeshNode(markings, DeckState(Deck::kMarkings)));
  group->addChild(MeshNode(border, DeckState(Deck::kMarkings)));
  return group;
}

osg::ref_ptr<osg::Node> BuildZones(const world::World& world) {
  Mesh paving, lines;
  const float z = DeckLift(Deck::kZones);
  for (const auto& zone : world.zones) {
    if (zone.polygon.size() < 3) continue;
    std::vector<osg::Vec2> ring;
    for (const auto& v : zone.polygon) ring.emplace_back(static_cast<float>(v.x), static_cast<float>(v.y));
    osg::Vec4 colour;
    switch (zone.kind) {
      case world::ZoneKind::kPlaza: colour = Rgb(172, 172, 166); break;
      case world::ZoneKind::kApproachQueue: colour = Rgb(128, 132, 134); break;
      case world::ZoneKind::kYard:
      case world::ZoneKind::kParking: colour = Rgb(156, 156, 150); break;
      default: colour = Rgb(160, 158, 140); break;
    }
    paving.FlatPolygon(ring, z, colour);
    // a kerb around the zone, so its extent reads from far away (under the asphalt where lanes
    // cross the zone)
    std::vector<world::Vec3> closed = zone.polygon;
    closed.push_back(zone.polygon.front());
    if (SignedArea(ring) < 0) std::reverse(closed.begin(), closed.end());
    // counter-clockwise: the right of each edge is outside
    lines.Ribbon(PolylineWalker(closed).points(), -0.1f, 0.5f, z + 0.012f, Rgb(196, 194, 186));
    if (zone.kind != world::ZoneKind::kYard && zone.kind != world::ZoneKind::kParking) continue;
    // parking bays: rows of 4 m × 18 m bays, two rows back to back between 14 m aisles, along
    // the zone's longer side
    osg::BoundingBox box;
    for (const auto& p : ring) box.expandBy(osg::Vec3(p, 0));
    const bool along_x = box.xMax() - box.xMin() >= box.yMax() - box.yMin();
    const float u0 = along_x ? box.xMin() : box.yMin(), u1 = along_x ? box.xMax() : box.yMax();
    const float v0 = along_x ? box.yMin() : box.xMin(), v1 = along_x ? box.yMax() : box.xMax();
    auto point = [&](float u, float v) { return along_x ? osg::Vec3(u, v, 0) : osg::Vec3(v, u, 0); };
    auto inside = [&](const osg::Vec3& p) {
      bool in = false;
      for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const osg::Vec2 &a = ring[i], &b = ring[j];
        if ((a.y() > p.y()) != (b.y() > p.y()) && p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x()) {
          in = !in;
        }
      }
      return in;
    };
    const float lz = z + 0.012f;
    for (float v = v0 + 12; v + 36 <= v1; v += 50) {
      for (float row : {v, v + 18}) {
        for (float u = u0 + 3; u + 4 <= u1 - 3; u += 4) {
          const osg::Vec3 a = point(u, row), b = point(u, row + 18);
          if (!inside(a) || !inside(b)) continue;
          lines.Ribbon({a, b}, -0.08f, 0.08f, lz, Rgb(222, 222, 216));
        }
      }
      // the shared back line of the double row
      const osg::Vec3 a = point(u0 + 3, v + 18), b = point(u1 - 3, v + 18);
      lines.Ribbon({a, b}, -0.08f, 0.08f, lz, Rgb(222, 222, 216));
    }
  }
  osg::ref_ptr<osg::Group> group = new osg::Group;
  group->setName("zones");
  group->addChild(MeshNode(paving, DeckState(Deck::kZones)));
  group->addChild(MeshNode(lines, DeckState(Deck::kZones)));
  return group;
}

}  // namespace gatetwin::viewer
