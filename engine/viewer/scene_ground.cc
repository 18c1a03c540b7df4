// The ground (procedural Lạng Sơn hills around a flat gate area, with pine forest) and the sky.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <osg/Depth>
#include <osg/Transform>
#include <osgUtil/CullVisitor>

#include "engine/viewer/scene_parts.h"

namespace gatetwin::viewer {
namespace {

float Smoothstep(float e0, float e1, float x) {
  const float t = std::clamp((x - e0) / (e1 - e0), 0.0f, 1.0f);
  return t * t * (3 - 2 * t);
}

uint32_t Hash(int32_t x, int32_t y, uint32_t seed) {
  uint32_t h = static_cast<uint32_t>(x) * 0x8da6b343u ^ static_cast<uint32_t>(y) * 0xd8163841u ^ seed * 0xcb1ab31fu;
  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return h;
}

float Random01(int32_t x, int32_t y, uint32_t seed) {
  return static_cast<float>(Hash(x, y, seed) & 0xffffff) / 16777216.0f;
}

// smooth value noise in [0, 1]
float ValueNoise(float x, float y, uint32_t seed) {
  const float fx = std::floor(x), fy = std::floor(y);
  const int32_t ix = static_cast<int32_t>(fx), iy = static_cast<int32_t>(fy);
  const float tx = x - fx, ty = y - fy;
  const float sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty);
  const float a = Random01(ix, iy, seed), b = Random01(ix + 1, iy, seed);
  const float c = Random01(ix, iy + 1, seed), d = Random01(ix + 1, iy + 1, seed);
  return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy;
}

float Fbm(float x, float y, uint32_t seed, int octaves = 4) {
  float sum = 0, amplitude = 0.5f, norm = 0;
  for (int i = 0; i < octaves; ++i) {
    sum += amplitude * ValueNoise(x, y, seed + static_cast<uint32_t>(i) * 101u);
    norm += amplitude;
    amplitude *= 0.5f;
    x = x * 2.03f + 17.1f;
    y = y * 2.03f - 9.7f;
  }
  return sum / norm;
}

float SegmentDistance(const osg::Vec2& p, const osg::Vec2& a, const osg::Vec2& b) {
  const osg::Vec2 ab = b - a;
  const float len2 = ab.length2();
  const float t = len2 > 0 ? std::clamp(((p - a) * ab) / len2, 0.0f, 1.0f) : 0.0f;
  return (p - (a + ab * t)).length();
}

bool Inside(const std::vector<osg::Vec2>& ring, const osg::Vec2& p) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const osg::Vec2 &a = ring[i], &b = ring[j];
    if ((a.y() > p.y()) != (b.y() > p.y()) && p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x()) {
      inside = !inside;
    }
  }
  return inside;
}

osg::Vec2 Plan(const world::Vec3& v) { return osg::Vec2(static_cast<float>(v.x), static_cast<float>(v.y)); }

// grid lines: `step` apart over [lo, hi], then widening geometrically out to `margin` beyond
std::vector<float> GridLines(float lo, float hi, float step, float margin) {
  std::vector<float> inner;
  const int n = std::max(1, static_cast<int>(std::ceil((hi - lo) / step)));
  for (int i = 0; i <= n; ++i) inner.push_back(lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(n));
  std::vector<float> out;
  float s = step, d = 0;
  std::vector<float> before;
  while (d < margin) {
    s *= 1.3f;
    d += s;
    before.push_back(lo - d);
  }
  out.assign(before.rbegin(), before.rend());
  out.insert(out.end(), inner.begin(), inner.end());
  s = step;
  d = 0;
  while (d < margin) {
    s *= 1.3f;
    d += s;
    out.push_back(hi + d);
  }
  return out;
}

constexpr float kFlatMargin = 30;   // metres of flat ground kept around every feature
constexpr float kRampLength = 420;  // over which the hills rise to their full height
constexpr float kFineBorder = 450;  // fine terrain grid this far beyond the modelled area
constexpr float kTerrainMargin = 4500;
// terrain cell near the gate: the hills' shapes are hundreds of metres across, and every
// triangle costs on a software rasteriser
constexpr float kCellM = 40;

}  // namespace

Terrain::Terrain(const world::World& world, const osg::BoundingBox& area) : area_(area) {
  // every road keeps flat ground as wide as its lanes reach from its centreline
  std::vector<float> road_half(world.roads.size(), 4.0f);
  for (const auto& lane : world.lanes) {
    if (lane.road < 0 || lane.road >= static_cast<int>(road_half.size())) continue;
    road_half[lane.road] =
        std::max(road_half[lane.road], static_cast<float>(std::abs(lane.offset_m) + lane.width_m / 2 + 2));
  }
  for (size_t r = 0; r < world.roads.size(); ++r) {
    const auto& line = world.roads[r].centreline;
    for (size_t i = 0; i + 1 < line.size(); ++i) segments_.push_back({Plan(line[i]), Plan(line[i + 1]), road_half[r]});
  }
  for (const auto& lane : world.lanes) {
    for (size_t i = 0; i + 1 < lane.polyline.size(); ++i) {
      segments_.push_back({Plan(lane.polyline[i]), Plan(lane.polyline[i + 1]), static_cast<float>(lane.width_m)});
    }
  }
  for (const auto& marker : world.border.markers)
    segments_.push_back({Plan(marker.position), Plan(marker.position), 6});
  auto add_ring = [&](const std::vector<world::Vec3>& ring) {
    if (ring.size() < 3) return;
    std::vector<osg::Vec2> plan;
    for (const auto& v : ring) plan.push_back(Plan(v));
    polygons_.push_back(std::move(plan));
  };
  for (const auto& zone : world.zones) add_ring(zone.polygon);
  for (const auto& building : world.buildings) add_ring(building.footprint);
}

float Terrain::FlatDistance(float x, float y) const {
  const osg::Vec2 p(x, y);
  float best = 1e9f;
  for (const auto& s : segments_) best = std::min(best, SegmentDistance(p, s.a, s.b) - s.half_width);
  for (const auto& ring : polygons_) {
    if (Inside(ring, p)) return 0;
    for (size_t i = 0; i < ring.size(); ++i)
      best = std::min(best, SegmentDistance(p, ring[i], ring[(i + 1) % ring.size()]));
  }
  return std::max(0.0f, best);
}

float Terrain::HeightAt(float x, float y) const {
  const float d = FlatDistance(x, y);
  if (d <= kFlatMargin) return 0;
  const float ramp = Smoothstep(kFlatMargin, kFlatMargin + kRampLength, d);
  // rolling hills, with the steep-sided limestone knolls of the Lạng Sơn valley on top
  const float rolling = Fbm(x * 0.0016f, y * 0.0016f, 7);
  const float knolls = std::pow(Fbm(x * 0.0042f + 3.1f, y * 0.0042f, 23), 3.0f);
  const float far = Smoothstep(300, 2500, d);
  return ramp * (6 + 95 * rolling * rolling + 260 * knolls * (0.5f + 0.5f * far) + 80 * far * rolling);
}

osg::ref_ptr<osg::Node> Terrain::BuildNode() const {
  const std::vector<float> xs =
      GridLines(area_.xMin() - kFineBorder, area_.xMax() + kFineBorder, kCellM, kTerrainMargin);
  const std::vector<float> ys =
      GridLines(area_.yMin() - kFineBorder, area_.yMax() + kFineBorder, kCellM, kTerrainMargin);
  const size_t nx = xs.size(), ny = ys.size();
  std::vector<float> h(nx * ny);
  for (size_t j = 0; j < ny; ++j) {
    for (size_t i = 0; i < nx; ++i) h[j * nx + i] = HeightAt(xs[i], ys[j]);
  }
  auto at = [&](size_t i, size_t j) { return osg::Vec3(xs[i], ys[j], h[j * nx + i]); };
  const osg::Vec4 grass = Rgb(134, 148, 104), meadow = Rgb(150, 156, 112), forest = Rgb(78, 102, 70),
                  rock = Rgb(134, 132, 116);
  std::vector<osg::Vec4> colour(nx * ny);
  for (size_t j = 0; j < ny; ++j) {
    for (size_t i = 0; i < nx; ++i) {
      const size_t i0 = i ? i - 1 : i, i1 = std::min(nx - 1, i + 1);
      const size_t j0 = j ? j - 1 : j, j1 = std::min(ny - 1, j + 1);
      const osg::Vec3 dx = at(i1, j) - at(i0, j), dy = at(i, j1) - at(i, j0);
      osg::Vec3 n = dx ^ dy;
      n.normalize();
      const float x = xs[i], y = ys[j], z = h[j * nx + i];
      const float wooded = Smoothstep(2, 30, z) * (0.55f + 0.45f * Fbm(x * 0.01f, y * 0.01f, 5));
      osg::Vec4 c = grass * (1 - wooded) + forest * wooded;
      const float field = Smoothstep(0.55f, 0.7f, Fbm(x * 0.006f, y * 0.006f, 91)) * (1 - wooded);
      c = c * (1 - field) + meadow * field;
      const float steep = Smoothstep(0.55f, 0.85f, 1 - n.z());
      c = c * (1 - steep) + rock * steep;
      // mottling, so large flat fields do not look like a plastic sheet
      c *= 0.9f + 0.2f * ValueNoise(x * 0.045f, y * 0.045f, 3);
      c.a() = 1;
      colour[j * nx + i] = Shade(n, c);
    }
  }
  Mesh ground;
  for (size_t j = 0; j + 1 < ny; ++j) {
    for (size_t i = 0; i + 1 < nx; ++i) {
      const size_t a = j * nx + i, b = a + 1, c = a + nx + 1, d = a + nx;
      ground.Triangle(at(i, j), at(i + 1, j), at(i + 1, j + 1), colour[a], colour[b], colour[c]);
      ground.Triangle(at(i, j), at(i + 1, j + 1), at(i, j + 1), colour[a], colour[c], colour[d]);
    }
  }

  // pines (Lạng Sơn's hills are largely pine plantation): low cones, clumped by noise,
  // only within a band around the gate where they read at the cameras' distances
  Mesh trees;
  const float x0 = area_.xMin() - 500, x1 = area_.xMax() + 500, y0 = area_.yMin() - 500, y1 = area_.yMax() + 500;
  constexpr float kCell = 26;
  for (int gy = 0; gy < static_cast<int>((y1 - y0) / kCell); ++gy) {
    for (int gx = 0; gx < static_cast<int>((x1 - x0) / kCell); ++gx) {
      const float x = x0 + (static_cast<float>(gx) + Random01(gx, gy, 41)) * kCell;
      const float y = y0 + (static_cast<float>(gy) + Random01(gx, gy, 42)) * kCell;
      const float d = FlatDistance(x, y);
      if (d < 14 || d > 420) continue;
      const float density = Smoothstep(0.5f, 0.66f, Fbm(x * 0.005f, y * 0.005f, 5)) * Smoothstep(14, 80, d) *
                            (1 - Smoothstep(250, 420, d));
      if (Random01(gx, gy, 43) > density * 0.9f) continue;
      const float base = HeightAt(x, y) - 0.5f;
      const float height = 7 + 7 * Random01(gx, gy, 44), radius = 2.4f + 1.6f * Random01(gx, gy, 45);
      const float shade = 0.8f + 0.3f * Random01(gx, gy, 46);
      const osg::Vec4 leaf = Rgb(62, 88, 60) * shade;
      const osg::Vec3 top(x, y, base + height);
      constexpr int kSides = 5;
      const float turn = Random01(gx, gy, 47) * 6.283f;
      for (int k = 0; k < kSides; ++k) {
        const float a0 = turn + 6.283f * static_cast<float>(k) / kSides, a1 = turn + 6.283f * (k + 1.0f) / kSides;
        const osg::Vec3 p0(x + radius * std::cos(a0), y + radius * std::sin(a0), base + 1.5f);
        const osg::Vec3 p1(x + radius * std::cos(a1), y + radius * std::sin(a1), base + 1.5f);
        trees.ShadedTriangle(p0, p1, top, osg::Vec4(leaf.r(), leaf.g(), leaf.b(), 1));
      }
    }
  }
  osg::ref_ptr<osg::Group> group = new osg::Group;
  group->setName("terrain");
  group->addChild(MeshNode(ground, DeckState(Deck::kGround)));
  osg::ref_ptr<osg::StateSet> tree_state = new osg::StateSet;
  tree_state->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  group->addChild(MeshNode(trees, tree_state));
  return group;
}

// [SECTION] sky

osg::Vec4 HazeColour() { return Rgb(203, 214, 222); }

namespace {

// Centres its child on the eye point, so the sky is always at "infinity" (osghangglide's idea).
class FollowEye : public osg::Transform {
 public:
  bool computeLocalToWorldMatrix(osg::Matrix& matrix, osg::NodeVisitor* nv) const override {
    if (auto* cv = dynamic_cast<osgUtil::CullVisitor*>(nv)) matrix.preMultTranslate(cv->getEyeLocal());
    return true;
  }
  bool computeWorldToLocalMatrix(osg::Matrix& matrix, osg::NodeVisitor* nv) const override {
    if (auto* cv = dynamic_cast<osgUtil::CullVisitor*>(nv)) matrix.postMultTranslate(-cv->getEyeLocal());
    return true;
  }
};

// keeps the sky out of the near/far computation and the bounds cameras are fitted to
struct NoBounds : osg::Drawable::ComputeBoundingBoxCallback {
  osg::BoundingBox computeBound(const osg::Drawable&) const override { return osg::BoundingBox(); }
};

}  // namespace

osg::ref_ptr<osg::Node> BuildSky() {
  const osg::Vec4 zenith = Rgb(92, 138, 190), upper = Rgb(150, 184, 214), horizon = HazeColour(),
                  below = Rgb(188, 198, 204);
  auto sky_colour = [&](float elevation) {
    if (elevation <= 0)
      return below * std::min(1.0f, -elevation * 20) + horizon * (1 - std::min(1.0f, -elevation * 20));
    const float t = std::pow(std::min(1.0f, elevation / 1.5708f), 0.55f);
    return t < 0.35f ? horizon * (1 - t / 0.35f) + upper * (t / 0.35f)
                     : upper * (1 - (t - 0.35f) / 0.65f) + zenith * ((t - 0.35f) / 0.65f);
  };
  Mesh dome;
  constexpr int kAround = 36, kUp = 14;
  constexpr float kRadius = 100;
  std::vector<float> elevations = {-1.5708f, -0.2f, -0.03f};
  for (int k = 0; k <= kUp; ++k) elevations.push_back(1.5708f * static_cast<float>(k) / kUp);
  for (size_t e = 0; e + 1 < elevations.size(); ++e) {
    const float e0 = elevations[e], e1 = elevations[e + 1];
    const osg::Vec4 c0 = sky_colour(e0), c1 = sky_colour(e1);
    for (int a = 0; a < kAround; ++a) {
      const float a0 = 6.28318f * static_cast<float>(a) / kAround, a1 = 6.28318f * (a + 1.0f) / kAround;
      auto p = [&](float az, float el) {
        return osg::Vec3(kRadius * std::cos(el) * std::cos(az), kRadius * std::cos(el) * std::sin(az),
                         kRadius * std::sin(el));
      };
      dome.Triangle(p(a0, e0), p(a1, e0), p(a1, e1), c0, c0, c1);
      dome.Triangle(p(a0, e0), p(a1, e1), p(a0, e1), c0, c1, c1);
    }
  }
  osg::ref_ptr<osg::Geometry> geometry = dome.Build();
  geometry->setComputeBoundingBoxCallback(new NoBounds);
  geometry->setCullingActive(false);
  osg::ref_ptr<osg::Geode> geode = new osg::Geode;
  geode->addDrawable(geometry);
  geode->setCullingActive(false);
  osg::ref_ptr<osg::StateSet> state = DeckState(Deck::kSky);
  // drawn at the far plane and never clipped by it (depth clamp), never hiding anything
  state->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 1.0, 1.0, false));
  constexpr GLenum kDepthClamp = 0x864F;  // GL_DEPTH_CLAMP (GL 3.2)
  state->setMode(kDepthClamp, osg::StateAttribute::ON);
  state->setMode(GL_FOG, osg::StateAttribute::OFF | osg::StateAttribute::PROTECTED);
  geode->setStateSet(state);
  osg::ref_ptr<FollowEye> follow = new FollowEye;
  follow->setCullingActive(false);
  follow->addChild(geode);
  follow->setName("sky");
  return follow;
}

}  // namespace gatetwin::viewer
