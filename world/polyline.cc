// Loader-side polyline helpers: arc length, offset lines for lanes, stations and projections.
#include "world/polyline.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gatetwin::world {
namespace {

// below this (squared, m²) two survey points count as one
constexpr double kSamePoint2 = 1e-12;
// a mitred corner may push the line out at most this many times the offset
constexpr double kMiterLimit = 4;

double Dist3(const Vec3& a, const Vec3& b) {
  const double dx = b.x - a.x, dy = b.y - a.y, dz = b.z - a.z;
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

// unit right-hand normal of a→b in plan
Vec3 RightNormal(const Vec3& a, const Vec3& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len = std::hypot(dx, dy);
  return Vec3{dy / len, -dx / len, 0};
}

}  // namespace

double PolylineLength(const std::vector<Vec3>& points) {
  double length_m = 0;
  for (size_t i = 1; i < points.size(); ++i) length_m += Dist3(points[i - 1], points[i]);
  return length_m;
}

std::vector<Vec3> OffsetPolyline(const std::vector<Vec3>& points, double offset_m) {
  std::vector<Vec3> pts;
  for (const Vec3& p : points) {
    if (!pts.empty()) {
      const double dx = p.x - pts.back().x, dy = p.y - pts.back().y;
      if (!(dx * dx + dy * dy > kSamePoint2)) continue;  // also drops NaN steps
    }
    pts.push_back(p);
  }
  if (pts.size() < 2) return pts;
  std::vector<Vec3> out(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    Vec3 n;
    if (i == 0) {
      n = RightNormal(pts[0], pts[1]);
    } else if (i + 1 == pts.size()) {
      n = RightNormal(pts[i - 1], pts[i]);
    } else {
      const Vec3 n1 = RightNormal(pts[i - 1], pts[i]);
      const Vec3 n2 = RightNormal(pts[i], pts[i + 1]);
      const double mx = n1.x + n2.x, my = n1.y + n2.y;
      const double m = std::hypot(mx, my);
      if (m < 1e-9) {
        n = n1;  // the line doubles back on itself: no meaningful mitre
      } else {
        const double cos_half = std::max((mx * n1.x + my * n1.y) / m, 1 / kMiterLimit);
        n = Vec3{mx / m / cos_half, my / m / cos_half, 0};
      }
    }
    out[i] = Vec3{pts[i].x + n.x * offset_m, pts[i].y + n.y * offset_m, pts[i].z};
  }
  return out;
}

Vec3 PointAtStation(const std::vector<Vec3>& points, double station_m) {
  if (points.empty()) return Vec3{};
  double walked_m = 0;
  for (size_t i = 1; i < points.size(); ++i) {
    const double seg_m = Dist3(points[i - 1], points[i]);
    if (walked_m + seg_m >= station_m && seg_m > 0) {
      const double t = std::clamp((station_m - walked_m) / seg_m, 0.0, 1.0);
      const Vec3& a = points[i - 1];
      const Vec3& b = points[i];
      return Vec3{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), a.z + t * (b.z - a.z)};
    }
    walked_m += seg_m;
  }
  return station_m <= 0 ? points.front() : points.back();
}

PolylineProjection ProjectOntoPolyline(const std::vector<Vec3>& points, const Vec3& p) {
  PolylineProjection best{0, std::numeric_limits<double>::infinity()};
  if (points.empty()) return best;
  if (points.size() == 1) return PolylineProjection{0, std::hypot(p.x - points[0].x, p.y - points[0].y)};
  double walked_m = 0;
  for (size_t i = 1; i < points.size(); ++i) {
    const Vec3& a = points[i - 1];
    const Vec3& b = points[i];
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = 0;
    if (len2 > kSamePoint2) t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
    const double d = std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
    const double seg_m = Dist3(a, b);
    if (d < best.distance_m) best = PolylineProjection{walked_m + t * seg_m, d};
    walked_m += seg_m;
  }
  return best;
}

}  // namespace gatetwin::world
