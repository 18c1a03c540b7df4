// Mesh building and the baked sun/sky shading; polygon helpers (ear clipping, inset, hull).
#include "engine/viewer/scene_mesh.h"

#include <algorithm>
#include <cmath>

namespace gatetwin::viewer {

osg::Vec3 SunDirection() {
  // azimuth 135° (south-east, clockwise from north), elevation 52°: about 10:30 in the
  // Lạng Sơn dry season; shadows fall to the north-west, away from the usual south-east views
  constexpr double kAzimuth = 135.0 * M_PI / 180.0, kElevation = 52.0 * M_PI / 180.0;
  return osg::Vec3(static_cast<float>(std::sin(kAzimuth) * std::cos(kElevation)),
                   static_cast<float>(std::cos(kAzimuth) * std::cos(kElevation)),
                   static_cast<float>(std::sin(kElevation)));
}

float ShadeFactor(const osg::Vec3& normal) {
  static const osg::Vec3 sun = SunDirection();
  const float direct = std::max(0.0f, normal * sun);
  // sky light comes mostly from above: walls get less of it than roofs, undersides least
  const float sky = 0.50f + 0.14f * normal.z();
  return sky + 0.52f * direct;
}

osg::Vec4 Shade(const osg::Vec3& normal, const osg::Vec4& albedo) {
  const float f = ShadeFactor(normal);
  return osg::Vec4(std::min(1.0f, albedo.r() * f), std::min(1.0f, albedo.g() * f), std::min(1.0f, albedo.b() * f),
                   albedo.a());
}

namespace {

osg::Vec4ub ToBytes(const osg::Vec4& c) {
  auto b = [](float v) { return static_cast<unsigned char>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
  return osg::Vec4ub(b(c.r()), b(c.g()), b(c.b()), b(c.a()));
}

}  // namespace

void Mesh::Triangle(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c, const osg::Vec4& ca,
                    const osg::Vec4& cb, const osg::Vec4& cc) {
  vertices_.insert(vertices_.end(), {a, b, c});
  colours_.insert(colours_.end(), {ToBytes(ca), ToBytes(cb), ToBytes(cc)});
}

void Mesh::ShadedTriangle(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c, const osg::Vec4& albedo) {
  osg::Vec3 n = (b - a) ^ (c - a);
  n.normalize();
  const osg::Vec4 colour = Shade(n, albedo);
  Triangle(a, b, c, colour, colour, colour);
}

void Mesh::ShadedQuad(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c, const osg::Vec3& d,
                      const osg::Vec4& albedo) {
  osg::Vec3 n = (c - a) ^ (d - b);
  n.normalize();
  const osg::Vec4 colour = Shade(n, albedo);
  Triangle(a, b, c, colour, colour, colour);
  Triangle(a, c, d, colour, colour, colour);
}

void Mesh::FlatPolygon(const std::vector<osg::Vec2>& ring, float z, const osg::Vec4& albedo) {
  const std::vector<int> tris = Triangulate(ring);
  const osg::Vec4 colour = Shade(osg::Vec3(0, 0, 1), albedo);
  for (size_t i = 0; i + 2 < tris.size(); i += 3) {
    const osg::Vec2& a = ring[tris[i]];
    const osg::Vec2& b = ring[tris[i + 1]];
    const osg::Vec2& c = ring[tris[i + 2]];
    Triangle(osg::Vec3(a, z), osg::Vec3(b, z), osg::Vec3(c, z), colour, colour, colour);
  }
}

void Mesh::Box(const osg::Vec3& base, float heading_rad, float length, float width, float height,
               const osg::Vec4& albedo) {
  const osg::Vec3 u(std::cos(heading_rad) * length / 2, std::sin(heading_rad) * length / 2, 0);
  const osg::Vec3 v(-std::sin(heading_rad) * width / 2, std::cos(heading_rad) * width / 2, 0);
  const osg::Vec3 up(0, 0, height);
  const osg::Vec3 p[4] = {base - u - v, base + u - v, base + u + v, base - u + v};  // counter-clockwise
  for (int i = 0; i < 4; ++i) {
    const osg::Vec3& a = p[i];
    const osg::Vec3& b = p[(i + 1) % 4];
    ShadedQuad(a, b, b + up, a + up, albedo);
  }
  ShadedQuad(p[0] + up, p[1] + up, p[2] + up, p[3] + up, albedo);
  ShadedQuad(p[3], p[2], p[1], p[0], albedo);
}

void Mesh::Walls(const std::vector<osg::Vec2>& ring, float z0, float z1, const osg::Vec4& albedo) {
  const bool ccw = SignedArea(ring) > 0;
  const size_t n = ring.size();
  for (size_t i = 0; i < n; ++i) {
    osg::Vec2 a = ring[i], b = ring[(i + 1) % n];
    if (!ccw) std::swap(a, b);
    ShadedQuad(osg::Vec3(a, z0), osg::Vec3(b, z0), osg::Vec3(b, z1), osg::Vec3(a, z1), albedo);
  }
}

void Mesh::Ribbon(const std::vector<osg::Vec3>& line, float left_m, float right_m, float z, const osg::Vec4& albedo) {
  const size_t n = line.size();
  if (n < 2) return;
  // mitred offsets: the averaged normal of the two segments, lengthened by 1/cos(half angle)
  std::vector<osg::Vec3> right(n);
  for (size_t i = 0; i < n; ++i) {
    auto seg_right = [&](size_t s) {
      osg::Vec3 d = line[s + 1] - line[s];
      d.z() = 0;
      d.normalize();
      return osg::Vec3(d.y(), -d.x(), 0);
    };
    osg::Vec3 r;
    if (i == 0) {
      r = seg_right(0);
    } else if (i == n - 1) {
      r = seg_right(n - 2);
    } else {
      const osg::Vec3 r0 = seg_right(i - 1), r1 = seg_right(i);
      r = r0 + r1;
      r.normalize();
      const float c = std::max(0.3f, r * r0);
      r /= c;
    }
    right[i] = r;
  }
  const osg::Vec4 colour = Shade(osg::Vec3(0, 0, 1), albedo);
  const osg::Vec3 dz(0, 0, z);
  for (size_t i = 0; i + 1 < n; ++i) {
    // left_m is a lateral offset too (+ right), so left edge = line + right * left_m
    const osg::Vec3 l0 = line[i] + right[i] * left_m + dz, r0 = line[i] + right[i] * right_m + dz;
    const osg::Vec3 l1 = line[i + 1] + right[i + 1] * left_m + dz, r1 = line[i + 1] + right[i + 1] * right_m + dz;
    Triangle(l0, r0, r1, colour, colour, colour);
    Triangle(l0, r1, l1, colour, colour, colour);
  }
}

osg::ref_ptr<osg::Geometry> Mesh::Build() const {
  if (vertices_.empty()) return nullptr;
  osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
  geometry->setUseDisplayList(false);
  geometry->setUseVertexBufferObjects(true);
  geometry->setVertexArray(new osg::Vec3Array(vertices_.begin(), vertices_.end()));
  auto* colours = new osg::Vec4ubArray(colours_.begin(), colours_.end());
  colours->setNormalize(true);
  geometry->setColorArray(colours, osg::Array::BIND_PER_VERTEX);
  geometry->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices_.size())));
  return geometry;
}

double SignedArea(const std::vector<osg::Vec2>& ring) {
  double area = 0;
  for (size_t i = 0, n = ring.size(); i < n; ++i) {
    const osg::Vec2& a = ring[i];
    const osg::Vec2& b = ring[(i + 1) % n];
    area += static_cast<double>(a.x()) * b.y() - static_cast<double>(b.x()) * a.y();
  }
  return area / 2;
}

std::vector<int> Triangulate(const std::vector<osg::Vec2>& ring) {
  std::vector<int> out;
  const int n = static_cast<int>(ring.size());
  if (n < 3) return out;
  std::vector<int> idx(n);
  for (int i = 0; i < n; ++i) idx[i] = i;
  if (SignedArea(ring) < 0) std::reverse(idx.begin(), idx.end());
  auto cross = [](const osg::Vec2& o, const osg::Vec2& a, const osg::Vec2& b) {
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
  };
  int guard = 0;
  while (idx.size() > 3 && guard++ < n * n) {
    bool clipped = false;
    for (size_t i = 0; i < idx.size(); ++i) {
      const int ia = idx[(i + idx.size() - 1) % idx.size()], ib = idx[i], ic = idx[(i + 1) % idx.size()];
      const osg::Vec2 &a = ring[ia], &b = ring[ib], &c = ring[ic];
      if (cross(a, b, c) <= 0) continue;  // reflex corner: not an ear
      bool inside = false;
      for (int j : idx) {
        if (j == ia || j == ib || j == ic) continue;
        const osg::Vec2& p = ring[j];
        if (cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0) {
          inside = true;
          break;
        }
      }
      if (inside) continue;
      out.insert(out.end(), {ia, ib, ic});
      idx.erase(idx.begin() + static_cast<long>(i));
      clipped = true;
      break;
    }
    if (!clipped) break;  // degenerate ring: give up on the rest rather than loop
  }
  if (idx.size() == 3) out.insert(out.end(), {idx[0], idx[1], idx[2]});
  return out;
}

std::vector<osg::Vec2> Inset(const std::vector<osg::Vec2>& ring, float d) {
  const size_t n = ring.size();
  std::vector<osg::Vec2> out(n);
  for (size_t i = 0; i < n; ++i) {
    const osg::Vec2& prev = ring[(i + n - 1) % n];
    const osg::Vec2& cur = ring[i];
    const osg::Vec2& next = ring[(i + 1) % n];
    osg::Vec2 d0 = cur - prev, d1 = next - cur;
    d0.normalize();
    d1.normalize();
    const osg::Vec2 n0(-d0.y(), d0.x()), n1(-d1.y(), d1.x());  // left = inward for counter-clockwise
    const float k = 1.0f + n0 * n1;
    out[i] = cur + (n0 + n1) * (d / std::max(0.2f, k));
  }
  return out;
}

std::vector<osg::Vec2> ConvexHull(std::vector<osg::Vec2> points) {
  std::sort(points.begin(), points.end(),
            [](const osg::Vec2& a, const osg::Vec2& b) { return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y()); });
  if (points.size() < 3) return points;
  auto cross = [](const osg::Vec2& o, const osg::Vec2& a, const osg::Vec2& b) {
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
  };
  std::vector<osg::Vec2> hull(2 * points.size());
  size_t k = 0;
  for (const auto& p : points) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) --k;
    hull[k++] = p;
  }
  for (size_t i = points.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}

}  // namespace gatetwin::viewer
