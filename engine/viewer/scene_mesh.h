// Merged triangle meshes with the sun's light baked into vertex colours (scene builder internals).
#pragma once

#include <vector>

#include <osg/Array>
#include <osg/Geometry>
#include <osg/ref_ptr>

namespace gatetwin::viewer {

/// A colour from 0–255 components, for readable palettes.
inline osg::Vec4 Rgb(int r, int g, int b, float a = 1.0f) { return osg::Vec4(r / 255.0f, g / 255.0f, b / 255.0f, a); }

/// Unit vector toward the sun: late morning, from the south-east, 52° above the horizon.
osg::Vec3 SunDirection();

/// `albedo` lit by the sun and the sky for a surface facing `normal` (unit): what the fixed
/// sun would give, computed once at build time instead of per frame.
osg::Vec4 Shade(const osg::Vec3& normal, const osg::Vec4& albedo);

/// The brightness Shade() gives a surface facing `normal` (albedo white).
float ShadeFactor(const osg::Vec3& normal);

/// Triangles with per-vertex colours, appended to and turned into one vertex-buffered Geometry.
class Mesh {
 public:
  /// One triangle with its own colours (no shading applied).
  void Triangle(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c, const osg::Vec4& ca, const osg::Vec4& cb,
                const osg::Vec4& cc);
  /// One triangle shaded by its face normal (counter-clockwise a, b, c faces the viewer).
  void ShadedTriangle(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c, const osg::Vec4& albedo);
  /// A quad a, b, c, d (counter-clockwise from its front), shaded by its normal.
  void ShadedQuad(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c, const osg::Vec3& d,
                  const osg::Vec4& albedo);
  /// A flat horizontal polygon at height `z` (any simple ring, either winding), facing up.
  void FlatPolygon(const std::vector<osg::Vec2>& ring, float z, const osg::Vec4& albedo);
  /// An oriented box: bottom centre `base`, `heading_rad` counter-clockwise from east along
  /// its length, all six faces shaded.
  void Box(const osg::Vec3& base, float heading_rad, float length, float width, float height, const osg::Vec4& albedo);
  /// The walls of `ring` (any winding) from z0 to z1, facing outward.
  void Walls(const std::vector<osg::Vec2>& ring, float z0, float z1, const osg::Vec4& albedo);
  /// A flat strip along `line` between lateral offsets `left_m` and `right_m` (+ to the right of
  /// the line's direction) at height `z` plus the line's own z.
  void Ribbon(const std::vector<osg::Vec3>& line, float left_m, float right_m, float z, const osg::Vec4& albedo);

  bool empty() const { return vertices_.empty(); }
  const std::vector<osg::Vec4ub>& colours() const { return colours_; }
  size_t triangle_count() const { return vertices_.size() / 3; }

  /// A Geometry drawing the triangles from vertex buffers (nullptr when empty).
  osg::ref_ptr<osg::Geometry> Build() const;

 private:
  std::vector<osg::Vec3> vertices_;
  std::vector<osg::Vec4ub> colours_;
};

/// Signed area of a ring in plan (positive when counter-clockwise).
double SignedArea(const std::vector<osg::Vec2>& ring);
/// Triangle indices of a simple polygon (ear clipping), for either winding; every triangle
/// comes out counter-clockwise seen from above.
std::vector<int> Triangulate(const std::vector<osg::Vec2>& ring);
/// `ring` (counter-clockwise) moved inward by `d` metres (mitred corners).
std::vector<osg::Vec2> Inset(const std::vector<osg::Vec2>& ring, float d);
/// Convex hull of points (counter-clockwise).
std::vector<osg::Vec2> ConvexHull(std::vector<osg::Vec2> points);

}  // namespace gatetwin::viewer
