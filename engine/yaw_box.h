// Boxes turned about the vertical only, and their exact overlap test (plain doubles, no Bullet).
#pragma once

#include <cmath>

namespace gatetwin::engine {

/// A box turned about the vertical only, in doubles: vehicle boxes and detector zones.
struct YawBox {
  double cx = 0, cy = 0, cz = 0;  // centre
  double hx = 0, hy = 0, hz = 0;  // half extents along the box's own axes
  double cos_h = 1, sin_h = 0;    // heading
  double ax = 0, ay = 0;          // half extents of its axis-aligned plan bounding box

  /// Places the box (half extents already set) with its centre at (x, y, z).
  void Set(double x, double y, double z, double heading_rad) {
    cx = x, cy = y, cz = z;
    cos_h = std::cos(heading_rad), sin_h = std::sin(heading_rad);
    ax = hx * std::abs(cos_h) + hy * std::abs(sin_h);
    ay = hx * std::abs(sin_h) + hy * std::abs(cos_h);
  }
  /// Radius of the box's plan projection onto unit axis (ux, uy).
  double Radius(double ux, double uy) const {
    return hx * std::abs(cos_h * ux + sin_h * uy) + hy * std::abs(-sin_h * ux + cos_h * uy);
  }
};

/// Whether two yaw boxes overlap (touching counts): the real AABBs first, which settles
/// axis-aligned boxes and rejects most pairs cheaply, then separating axes in plan.
inline bool Overlaps(const YawBox& a, const YawBox& b) {
  const double dx = b.cx - a.cx, dy = b.cy - a.cy;
  if (std::abs(b.cz - a.cz) > a.hz + b.hz) return false;
  if (std::abs(dx) > a.ax + b.ax || std::abs(dy) > a.ay + b.ay) return false;
  const double axes[4][2] = {{a.cos_h, a.sin_h}, {-a.sin_h, a.cos_h}, {b.cos_h, b.sin_h}, {-b.sin_h, b.cos_h}};
  for (const auto& u : axes) {
    if (std::abs(dx * u[0] + dy * u[1]) > a.Radius(u[0], u[1]) + b.Radius(u[0], u[1])) return false;
  }
  return true;
}

}  // namespace gatetwin::engine
