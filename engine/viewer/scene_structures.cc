// Buildings, booths with canopies, barriers, scanner portals, weighbridges, border markers, shadows.
#include <algorithm>
#include <cmath>

#include <osg/BlendFunc>
#include <osg/Depth>
#include <osg/Group>

#include "engine/viewer/scene_parts.h"

namespace gatetwin::viewer {
namespace {

constexpr float kFloor = 3.6f;  // storey height, for window bands
constexpr float kParapet = 1.0f;

osg::Vec4 WallColour(const std::string& function) {
  if (function == "control_vn") return Rgb(226, 218, 196);  // the warm cream of Vietnamese public buildings
  if (function == "control_cn") return Rgb(212, 212, 206);
  if (function == "inter_agency_inspection") return Rgb(230, 230, 226);
  return Rgb(214, 208, 196);
}

// where the sun puts the shadow of a point `height` metres up, relative to its foot
osg::Vec2 ShadowOffset(float height) {
  const osg::Vec3 sun = SunDirection();
  return osg::Vec2(-sun.x(), -sun.y()) * (height / sun.z());
}

struct Parts {
  Mesh solid;    // lit-baked opaque geometry
  Mesh shadows;  // multiplied onto the ground
};

void AddBuilding(Parts& parts, const world::Building& building) {
  std::vector<osg::Vec2> ring;
  for (const auto& v : building.footprint) ring.emplace_back(static_cast<float>(v.x), static_cast<float>(v.y));
  if (ring.size() < 3) return;
  if (SignedArea(ring) < 0) std::reverse(ring.begin(), ring.end());
  const float h = static_cast<float>(building.height_m);
  const osg::Vec4 wall = WallColour(building.function);
  const osg::Vec4 glass = Rgb(84, 104, 122), roof = Rgb(150, 152, 150), base = Rgb(120, 120, 116);
  parts.solid.Walls(ring, 0, 0.6f, base);
  parts.solid.Walls(ring, 0.6f, h + kParapet, wall);
  // window bands, a hand's breadth proud of the wall so they need no depth tricks
  const size_t n = ring.size();
  for (float z = 1.3f; z + 1.5f <= h - 0.6f; z += kFloor) {
    for (size_t i = 0; i < n; ++i) {
      const osg::Vec2 a = ring[i], b = ring[(i + 1) % n];
      osg::Vec2 d = b - a;
      const float len = d.length();
      if (len < 4) continue;
      d /= len;
      const osg::Vec2 out(d.y(), -d.x());
      const osg::Vec2 a1 = a + d * 1.2f + out * 0.08f, b1 = b - d * 1.2f + out * 0.08f;
      parts.solid.ShadedQuad(osg::Vec3(a1, z), osg::Vec3(b1, z), osg::Vec3(b1, z + 1.5f), osg::Vec3(a1, z + 1.5f),
                             glass);
    }
  }
  // flat roof inside a parapet
  const std::vector<osg::Vec2> inner = Inset(ring, 0.45f);
  parts.solid.FlatPolygon(inner, h, roof);
  for (size_t i = 0; i < n; ++i) {
    const osg::Vec2 a = inner[i], b = inner[(i + 1) % n];
    parts.solid.ShadedQuad(osg::Vec3(b, h), osg::Vec3(a, h), osg::Vec3(a, h + kParapet), osg::Vec3(b, h + kParapet),
                           wall * 0.92f);
    const osg::Vec2 oa = ring[i], ob = ring[(i + 1) % n];
    parts.solid.ShadedQuad(osg::Vec3(oa, h + kParapet), osg::Vec3(ob, h + kParapet), osg::Vec3(b, h + kParapet),
                           osg::Vec3(a, h + kParapet), wall);
  }
  // plant room on the roof, off-centre
  osg::Vec2 centre;
  for (const auto& p : ring) centre += p;
  centre /= static_cast<float>(n);
  osg::BoundingBox box;
  for (const auto& p : ring) box.expandBy(osg::Vec3(p, 0));
  const float sx = box.xMax() - box.xMin(), sy = box.yMax() - box.yMin();
  if (sx > 15 && sy > 15) {
    parts.solid.Box(osg::Vec3(centre.x() - sx * 0.15f, centre.y() + sy * 0.1f, h), 0, sx * 0.25f, sy * 0.3f, 2.4f,
                    Rgb(186, 186, 182));
  }
  // the cast shadow (hull of the footprint and its shadow-shifted top) and a soft contact shadow
  std::vector<osg::Vec2> points = ring;
  for (const auto& p : ring) points.push_back(p + ShadowOffset(h + kParapet));
  parts.shadows.FlatPolygon(ConvexHull(points), DeckLift(Deck::kShadows), Rgb(150, 156, 176));
  const std::vector<osg::Vec2> halo = Inset(ring, -3.0f);
  const osg::Vec4 dark = Rgb(170, 172, 184), clear(1, 1, 1, 1);
  const float z = DeckLift(Deck::kShadows);
  for (size_t i = 0; i < n; ++i) {
    const osg::Vec3 a(ring[i], z), b(ring[(i + 1) % n], z), c(halo[(i + 1) % n], z), d(halo[i], z);
    parts.shadows.Triangle(a, d, c, dark, clear, clear);
    parts.shadows.Triangle(a, c, b, dark, clear, dark);
  }
}

// a booth: a kerbed island on the driver's (left) side with a kiosk, and a canopy over the lane
void AddBooth(Parts& parts, const world::World& world, const world::Booth& booth) {
  for (int l : booth.lanes) {
    if (l < 0 || l >= static_cast<int>(world.lanes.size())) continue;
    const auto& lane = world.lanes[l];
    const PolylineWalker walker(lane.polyline);
    const double s = booth.station_m;
    const osg::Vec3 d = walker.DirectionAt(s), left = -RightOf(d);
    const float heading = std::atan2(d.y(), d.x());
    const float half = static_cast<float>(lane.width_m / 2);
    const osg::Vec3 centre = walker.PointAt(s);
    const osg::Vec3 island = centre + left * half;
    parts.solid.Box(island, heading, 16, 0.9f, 0.25f, Rgb(204, 202, 194));
    // kiosk: white body, glazed band, a dark roof cap
    const osg::Vec3 kiosk = island + d * 3.0f + osg::Vec3(0, 0, 0.25f);
    parts.solid.Box(kiosk, heading, 2.6f, 1.2f, 2.6f, Rgb(236, 236, 232));
    parts.solid.Box(kiosk + osg::Vec3(0, 0, 1.15f), heading, 2.4f, 1.26f, 0.95f, Rgb(78, 100, 120));
    parts.solid.Box(kiosk + osg::Vec3(0, 0, 2.6f), heading, 3.0f, 1.6f, 0.2f, Rgb(92, 100, 110));
    // canopy over the lane (adjacent booths' canopies join into one roof), on two columns
    constexpr float kCanopyZ = 7.0f, kCanopyLength = 14;
    for (float along : {-4.5f, 4.5f}) {
      parts.solid.Box(island + d * along + osg::Vec3(0, 0, 0.25f), heading, 0.45f, 0.45f, kCanopyZ - 0.25f,
                      Rgb(176, 178, 178));
    }
    parts.solid.Box(centre + osg::Vec3(0, 0, kCanopyZ), heading, kCanopyLength, 2 * half + 0.04f, 0.7f,
                    Rgb(232, 232, 228));
    // a blue-grey fascia along the canopy's front and back edges
    parts.solid.Box(centre + osg::Vec3(0, 0, kCanopyZ + 0.2f), heading, kCanopyLength + 0.2f, 2 * half + 0.04f, 0.4f,
                    Rgb(74, 104, 140));
    std::vector<osg::Vec2> roof;
    for (float a : {-kCanopyLength / 2, kCanopyLength / 2}) {
      for (float b : {-half, half}) {
        const osg::Vec3 p = centre + d * a + left * b;
        roof.push_back(osg::Vec2(p.x(), p.y()) + ShadowOffset(kCanopyZ + 0.35f));
      }
    }
    parts.shadows.FlatPolygon(ConvexHull(roof), DeckLift(Deck::kShadows), Rgb(170, 174, 190));
    // X-ray: a drive-through scanner portal before the stop; weighbridge: a steel plate
    if (booth.kind == world::BoothKind::kXray) {
      const osg::Vec3 portal = walker.PointAt(s - 9);
      for (float side : {-1.0f, 1.0f}) {
        parts.solid.Box(portal + left * (side * (half - 0.3f)), heading, 2.2f, 0.6f, 5.2f, Rgb(208, 204, 190));
      }
      parts.solid.Box(portal + osg::Vec3(0, 0, 5.2f), heading, 2.4f, 2 * half, 1.0f, Rgb(208, 204, 190));
      parts.solid.Box(portal + osg::Vec3(0, 0, 4.9f), heading, 2.0f, 2 * half - 1.0f, 0.3f, Rgb(60, 64, 70));
    } else if (booth.kind == world::BoothKind::kWeighbridge) {
      parts.solid.Box(centre, heading, 18, 2 * half - 0.5f, 0.06f, Rgb(104, 110, 116));
      parts.solid.Box(centre + d * 9.2f, heading, 0.3f, 2 * half - 0.5f, 0.065f, Rgb(210, 180, 70));
      parts.solid.Box(centre - d * 9.2f, heading, 0.3f, 2 * half - 0.5f, 0.065f, Rgb(210, 180, 70));
    }
  }
}

// red and white arm across the lane from a post on the island
void AddBarrier(Parts& parts, const world::World& world, const world::Barrier& barrier) {
  if (barrier.lane < 0 || barrier.lane >= static_cast<int>(world.lanes.size())) return;
  const auto& lane = world.lanes[barrier.lane];
  const PolylineWalker walker(lane.polyline);
  const osg::Vec3 d = walker.DirectionAt(barrier.station_m), right = RightOf(d);
  const float half = static_cast<float>(lane.width_m / 2);
  const osg::Vec3 post = walker.PointAt(barrier.station_m) - right * half;
  const float heading = std::atan2(d.y(), d.x());
  parts.solid.Box(post + osg::Vec3(0, 0, 0.25f), heading, 0.45f, 0.45f, 0.9f, Rgb(214, 214, 210));
  const float arm_heading = std::atan2(right.y(), right.x());
  constexpr float kStripe = 0.5f;
  const int stripes = static_cast<int>((2 * half - 0.2f) / kStripe);
  for (int k = 0; k < stripes; ++k) {
    const osg::Vec3 at = post + right * (0.25f + kStripe * (static_cast<float>(k) + 0.5f)) + osg::Vec3(0, 0, 0.95f);
    parts.solid.Box(at, arm_heading, kStripe, 0.12f, 0.12f, k % 2 ? Rgb(240, 240, 236) : Rgb(196, 50, 44));
  }
}

// a border marker: a concrete stele on a plinth, as the Sino-Vietnamese markers are
void AddMarker(Parts& parts, const world::Marker& marker, const Terrain& terrain) {
  const float x = static_cast<float>(marker.position.x), y = static_cast<float>(marker.position.y);
  const float z = terrain.HeightAt(x, y);
  parts.solid.Box(osg::Vec3(x, y, z - 0.3f), 0, 2.0f, 2.0f, 0.7f, Rgb(188, 188, 182));
  parts.solid.Box(osg::Vec3(x, y, z + 0.4f), 0, 0.9f, 0.5f, 2.2f, Rgb(238, 238, 232));
  const osg::Vec3 top(x, y, z + 3.0f);
  const osg::Vec3 c[4] = {{x - 0.45f, y - 0.25f, z + 2.6f},
                          {x + 0.45f, y - 0.25f, z + 2.6f},
                          {x + 0.45f, y + 0.25f, z + 2.6f},
                          {x - 0.45f, y + 0.25f, z + 2.6f}};
  for (int i = 0; i < 4; ++i) parts.solid.ShadedTriangle(c[i], c[(i + 1) % 4], top, Rgb(238, 238, 232));
  // a red band with the marker's number side
  parts.solid.Box(osg::Vec3(x, y, z + 2.0f), 0, 0.92f, 0.52f, 0.3f, Rgb(180, 50, 44));
}

}  // namespace

osg::ref_ptr<osg::Node> BuildStructures(const world::World& world, const Terrain& terrain) {
  Parts parts;
  for (const auto& building : world.buildings) AddBuilding(parts, building);
  for (const auto& booth : world.booths) AddBooth(parts, world, booth);
  for (const auto& barrier : world.barriers) AddBarrier(parts, world, barrier);
  for (const auto& marker : world.border.markers) AddMarker(parts, marker, terrain);

  osg::ref_ptr<osg::Group> group = new osg::Group;
  group->setName("structures");
  osg::ref_ptr<osg::StateSet> solid_state = new osg::StateSet;
  solid_state->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  group->addChild(MeshNode(parts.solid, solid_state));
  // shadows darken what is under them (multiply), so overlaps with markings stay legible
  osg::ref_ptr<osg::StateSet> shadow_state = DeckState(Deck::kShadows);
  shadow_state->setAttributeAndModes(new osg::BlendFunc(GL_DST_COLOR, GL_ZERO));
  shadow_state->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0.0, 1.0, false));
  group->addChild(MeshNode(parts.shadows, shadow_state));
  return group;
}

}  // namespace gatetwin::viewer
