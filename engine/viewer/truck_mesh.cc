// Vehicle meshes from boxes and cylinders: few triangles (llvmpipe draws thousands of them per frame).
#include "engine/viewer/truck_mesh.h"

#include <cmath>
#include <numbers>

namespace gatetwin::viewer {
namespace {

// A coordinate along one axis: unit * (vehicle size on that axis) + metres.
struct A {
  float u = 0, m = 0;
};
using P = std::array<A, 3>;
using Colour = std::array<float, 4>;

A Lerp(A a, A b, float f) { return {a.u + (b.u - a.u) * f, a.m + (b.m - a.m) * f}; }

// Base colours; alpha is the weight of the instance (stage/direction) colour.
constexpr Colour kBody{1, 1, 1, 1};
constexpr Colour kBodyRib{0.86f, 0.86f, 0.86f, 1};
constexpr Colour kBodyFrame{0.68f, 0.68f, 0.68f, 1};
constexpr Colour kCab{0.92f, 0.93f, 0.95f, 0};
constexpr Colour kGlass{0.09f, 0.12f, 0.16f, 0};
constexpr Colour kTyre{0.06f, 0.06f, 0.07f, 0};
constexpr Colour kHub{0.55f, 0.56f, 0.58f, 0};
constexpr Colour kChassis{0.17f, 0.17f, 0.19f, 0};
constexpr Colour kGrille{0.30f, 0.31f, 0.33f, 0};
constexpr Colour kLamp{1.0f, 0.95f, 0.78f, 0};
constexpr Colour kRoofUnit{0.80f, 0.81f, 0.83f, 0};

// Face bits of a box; bottoms are never seen from above, so most boxes leave them out.
constexpr unsigned kPosX = 1, kNegX = 2, kPosY = 4, kNegY = 8, kPosZ = 16, kNegZ = 32;
constexpr unsigned kNoBottom = (kPosX | kNegX | kPosY | kNegY | kPosZ | kNegZ) & ~kNegZ;

class Builder {
 public:
  explicit Builder(VehicleMesh* mesh) : mesh_(mesh) {}

  uint16_t Vertex(const P& p, std::array<float, 3> normal, const Colour& colour) {
    MeshVertex v;
    for (int i = 0; i < 3; ++i) {
      v.unit[i] = p[i].u;
      v.offset_m[i] = p[i].m;
    }
    v.normal = normal;
    v.colour = colour;
    mesh_->vertices.push_back(v);
    return static_cast<uint16_t>(mesh_->vertices.size() - 1);
  }

  void Triangle(uint16_t a, uint16_t b, uint16_t c) { mesh_->indices.insert(mesh_->indices.end(), {a, b, c}); }

  // An axis-aligned box between corners lo and hi, with the faces in `faces` (flat normals).
  void Box(const P& lo, const P& hi, const Colour& colour, unsigned faces = kNoBottom) {
    for (int axis = 0; axis < 3; ++axis) {
      for (int positive = 1; positive >= 0; --positive) {
        if (!(faces & (1u << (axis * 2 + (positive ? 0 : 1))))) continue;
        // tangent axes a, b with a x b = the outward normal keep the quad counter-clockwise
        const int a = positive ? (axis + 1) % 3 : (axis + 2) % 3;
        const int b = positive ? (axis + 2) % 3 : (axis + 1) % 3;
        std::array<float, 3> normal{};
        normal[axis] = positive ? 1.0f : -1.0f;
        uint16_t corner[4];
        constexpr int kSa[4] = {0, 1, 1, 0}, kSb[4] = {0, 0, 1, 1};
        for (int k = 0; k < 4; ++k) {
          P p;
          p[axis] = positive ? hi[axis] : lo[axis];
          p[a] = kSa[k] ? hi[a] : lo[a];
          p[b] = kSb[k] ? hi[b] : lo[b];
          corner[k] = Vertex(p, normal, colour);
        }
        Triangle(corner[0], corner[1], corner[2]);
        Triangle(corner[0], corner[2], corner[3]);
      }
    }
  }

  // A cylinder along `axis` from `from` to `to`, centred at `centre` on the two other axes with
  // radii `radius` (elliptic when the anchors differ). Caps: a flat disc whose centre takes
  // `cap_centre` and rim `cap_rim` (a grey hub fading to the tyre), or none.
  struct Cylinder {
    int axis = 0;
    A from, to;
    P centre, radius;
    int segments = 12;
    Colour side;
    bool cap_from = false, cap_to = false;
    Colour cap_centre, cap_rim;
  };
  void AddCylinder(const Cylinder& c) {
    const int p = (c.axis + 1) % 3, q = (c.axis + 2) % 3;  // p x q = axis
    auto ring_point = [&](float cos_t, float sin_t, A along) {
      P point;
      point[c.axis] = along;
      point[p] = {c.centre[p].u + cos_t * c.radius[p].u, c.centre[p].m + cos_t * c.radius[p].m};
      point[q] = {c.centre[q].u + sin_t * c.radius[q].u, c.centre[q].m + sin_t * c.radius[q].m};
      return point;
    };
    const uint16_t first = static_cast<uint16_t>(mesh_->vertices.size());
    for (int i = 0; i <= c.segments; ++i) {
      const float t = 2 * std::numbers::pi_v<float> * static_cast<float>(i) / static_cast<float>(c.segments);
      std::array<float, 3> normal{};
      normal[p] = std::cos(t);
      normal[q] = std::sin(t);
      Vertex(ring_point(std::cos(t), std::sin(t), c.from), normal, c.side);
      Vertex(ring_point(std::cos(t), std::sin(t), c.to), normal, c.side);
    }
    for (int i = 0; i < c.segments; ++i) {
      const auto a0 = static_cast<uint16_t>(first + 2 * i), a1 = static_cast<uint16_t>(a0 + 1);
      const auto b0 = static_cast<uint16_t>(a0 + 2), b1 = static_cast<uint16_t>(a0 + 3);
      Triangle(a0, b0, b1);
      Triangle(a0, b1, a1);
    }
    for (int end = 0; end < 2; ++end) {
      if (!(end == 0 ? c.cap_from : c.cap_to)) continue;
      const A along = end == 0 ? c.from : c.to;
      std::array<float, 3> normal{};
      normal[c.axis] = end == 0 ? -1.0f : 1.0f;
      const uint16_t centre = Vertex(ring_point(0, 0, along), normal, c.cap_centre);
      for (int i = 0; i < c.segments; ++i) {
        const float t = 2 * std::numbers::pi_v<float> * static_cast<float>(i) / static_cast<float>(c.segments);
        Vertex(ring_point(std::cos(t), std::sin(t), along), normal, c.cap_rim);
      }
      for (int i = 0; i < c.segments; ++i) {
        const auto r0 = static_cast<uint16_t>(centre + 1 + i);
        const auto r1 = static_cast<uint16_t>(centre + 1 + (i + 1) % c.segments);
        if (end == 0) {
          Triangle(centre, r1, r0);
        } else {
          Triangle(centre, r0, r1);
        }
      }
    }
  }

  // Two wheels on an axle at x: the outer discs only, a grey hub fading to the tyre's black;
  // the tread hides under the body and would cost three times the vertices.
  void Axle(A x, float radius_m) {
    constexpr int kSegments = 8;
    for (float sign : {1.0f, -1.0f}) {
      const A y{0.5f * sign, -0.03f * sign};
      const uint16_t centre = Vertex({x, y, A{0, radius_m}}, {0, sign, 0}, kHub);
      for (int i = 0; i < kSegments; ++i) {
        const float t = 2 * std::numbers::pi_v<float> * static_cast<float>(i) / kSegments;
        Vertex({A{x.u, x.m + radius_m * std::cos(t)}, y, A{0, radius_m + radius_m * std::sin(t)}}, {0, sign, 0}, kTyre);
      }
      for (int i = 0; i < kSegments; ++i) {
        const auto r0 = static_cast<uint16_t>(centre + 1 + i);
        const auto r1 = static_cast<uint16_t>(centre + 1 + (i + 1) % kSegments);
        // seen from +y, x then z is clockwise: swap the order on that side
        if (sign > 0) {
          Triangle(centre, r1, r0);
        } else {
          Triangle(centre, r0, r1);
        }
      }
    }
  }

  // A white cab of `length_m` at the front (+x) with windscreen, side windows, grille, lamps, bumper.
  void Cab(float length_m, bool roof_fairing) {
    const A front{0.5f, 0}, back{0.5f, -length_m};
    const A top{0.78f, 0};
    // faces hidden by the body behind the cab, or a few centimetres thin, are left out: every
    // vertex counts thousands of times a frame
    constexpr unsigned kNoBack = kPosX | kPosY | kNegY | kPosZ;
    Box({back, A{-0.5f, 0.05f}, A{0, 0.55f}}, {front, A{0.5f, -0.05f}, top}, kCab, kNoBack);
    // glass from 40 % of the height (+20 cm) to 25 cm under the roof
    const A glass_lo{0.4f, 0.2f}, glass_hi{0.78f, -0.25f};
    Box({A{0.5f, -0.04f}, A{-0.5f, 0.2f}, glass_lo}, {A{0.5f, 0.03f}, A{0.5f, -0.2f}, glass_hi}, kGlass, kPosX);
    Box({A{0.5f, -1.1f}, A{0.5f, -0.06f}, glass_lo}, {A{0.5f, -0.12f}, A{0.5f, -0.03f}, glass_hi}, kGlass, kPosY);
    Box({A{0.5f, -1.1f}, A{-0.5f, 0.03f}, glass_lo}, {A{0.5f, -0.12f}, A{-0.5f, 0.06f}, glass_hi}, kGlass, kNegY);
    Box({A{0.5f, -0.04f}, A{-0.5f, 0.5f}, A{0, 0.8f}}, {A{0.5f, 0.02f}, A{0.5f, -0.5f}, A{0.4f, 0.0f}}, kGrille, kPosX);
    for (float sign : {1.0f, -1.0f}) {
      const A y0{0.5f * sign, -0.42f * sign}, y1{0.5f * sign, -0.14f * sign};
      Box({A{0.5f, -0.04f}, sign > 0 ? y0 : y1, A{0, 0.72f}}, {A{0.5f, 0.04f}, sign > 0 ? y1 : y0, A{0, 0.92f}}, kLamp,
          kPosX);
    }
    Box({A{0.5f, -0.12f}, A{-0.5f, 0.04f}, A{0, 0.3f}}, {A{0.5f, 0.07f}, A{0.5f, -0.04f}, A{0, 0.68f}}, kChassis,
        kNoBack);
    if (roof_fairing) {
      Box({A{0.5f, -length_m + 0.15f}, A{-0.5f, 0.2f}, top}, {A{0.5f, -0.45f}, A{0.5f, -0.2f}, A{0.9f, 0}}, kCab,
          kNoBack);
    }
  }

  // Dark frame rails under the body from the rear to the cab.
  void Chassis(float top_m) {
    Box({A{-0.5f, 0.3f}, A{-0.5f, 0.4f}, A{0, 0.45f}}, {A{0.5f, -0.3f}, A{0.5f, -0.4f}, A{0, top_m}}, kChassis);
  }

 private:
  VehicleMesh* mesh_;
};

void BuildTruck(Builder& b) {
  b.Cab(2.3f, false);
  b.Chassis(0.95f);
  const A rear{-0.5f, 0}, front{0.5f, -2.6f};
  b.Box({rear, A{-0.5f, 0}, A{0, 0.95f}}, {front, A{0.5f, 0}, A{1, 0}}, kBody);
  // a darker skirt rail and the rear doors' split line give the box its edges
  b.Box({rear, A{-0.5f, -0.015f}, A{0, 0.95f}}, {front, A{0.5f, 0.015f}, A{0, 1.12f}}, kBodyFrame, kPosY | kNegY);
  b.Box({A{-0.5f, -0.02f}, A{0, -0.03f}, A{0, 1.1f}}, {rear, A{0, 0.03f}, A{1, -0.15f}}, kBodyFrame, kNegX);
  b.Axle(A{0.5f, -1.35f}, 0.5f);
  b.Axle(A{-0.5f, 1.6f}, 0.5f);
  b.Axle(A{-0.5f, 2.8f}, 0.5f);
}

void BuildContainer(Builder& b) {
  b.Cab(2.4f, true);
  b.Chassis(1.25f);
  const A rear{-0.5f, 0.15f}, front{0.5f, -2.75f};
  const A bottom{0, 1.3f}, top{1, 0};
  b.Box({rear, A{-0.5f, 0}, bottom}, {front, A{0.5f, 0}, top}, kBody);
  // corrugation: lighter ribs along both sides, a darker frame at the ends, top and bottom
  for (int i = 1; i < 6; ++i) {
    const A x = Lerp(rear, front, static_cast<float>(i) / 6.0f);
    const A x0{x.u, x.m - 0.06f}, x1{x.u, x.m + 0.06f};
    b.Box({x0, A{-0.5f, -0.012f}, A{0, 1.45f}}, {x1, A{0.5f, 0.012f}, A{1, -0.12f}}, kBodyRib, kPosY | kNegY);
  }
  for (const A& end : {rear, front}) {
    const float inward = end.u < 0 ? 1.0f : -1.0f;
    const A e0{end.u, end.m + (inward > 0 ? -0.02f : -0.18f)}, e1{end.u, end.m + (inward > 0 ? 0.18f : 0.02f)};
    b.Box({e0, A{-0.5f, -0.02f}, bottom}, {e1, A{0.5f, 0.02f}, A{1, 0.02f}}, kBodyFrame);
  }
  b.Box({rear, A{-0.5f, -0.015f}, bottom}, {front, A{0.5f, 0.015f}, A{0, 1.45f}}, kBodyFrame, kPosY | kNegY);
  b.Box({rear, A{-0.5f, -0.015f}, A{1, -0.12f}}, {front, A{0.5f, 0.015f}, A{1, 0.01f}}, kBodyFrame,
        kPosY | kNegY | kPosZ);
  // the rear doors' split line
  b.Box({A{rear.u, rear.m - 0.04f}, A{0, -0.03f}, A{0, 1.5f}}, {rear, A{0, 0.03f}, A{1, -0.15f}}, kBodyFrame, kNegX);
  b.Axle(A{0.5f, -1.4f}, 0.5f);
  b.Axle(A{0.5f, -3.8f}, 0.5f);
  for (float x : {1.3f, 2.5f, 3.7f}) b.Axle(A{-0.5f, x}, 0.5f);
}

void BuildTanker(Builder& b) {
  b.Cab(2.4f, false);
  b.Chassis(1.15f);
  Builder::Cylinder tank;
  tank.axis = 0;
  tank.from = A{-0.5f, 0.3f};
  tank.to = A{0.5f, -2.75f};
  // from 1.2 m above the ground to the vehicle's height, 10 cm inside its sides
  tank.centre = {A{}, A{}, A{0.5f, 0.6f}};
  tank.radius = {A{}, A{0.5f, -0.1f}, A{0.5f, -0.6f}};
  tank.segments = 12;
  tank.side = kBody;
  tank.cap_from = tank.cap_to = true;
  tank.cap_centre = tank.cap_rim = kBodyRib;
  b.AddCylinder(tank);
  for (float f : {0.25f, 0.75f}) {
    Builder::Cylinder band = tank;
    const A x = Lerp(tank.from, tank.to, f);
    band.from = {x.u, x.m - 0.1f};
    band.to = {x.u, x.m + 0.1f};
    band.radius = {A{}, A{0.5f, -0.08f}, A{0.5f, -0.58f}};
    band.side = kBodyFrame;
    band.cap_from = band.cap_to = false;
    b.AddCylinder(band);
  }
  // the walkway along the top
  b.Box({A{-0.5f, 1.0f}, A{0, -0.3f}, A{1, -0.04f}}, {A{0.5f, -3.3f}, A{0, 0.3f}, A{1, 0.07f}}, kChassis);
  b.Axle(A{0.5f, -1.4f}, 0.5f);
  b.Axle(A{0.5f, -3.8f}, 0.5f);
  for (float x : {1.3f, 2.5f, 3.7f}) b.Axle(A{-0.5f, x}, 0.5f);
}

void BuildCar(Builder& b) {
  const A waist{0.5f, 0.05f};
  b.Box({A{-0.5f, 0}, A{-0.5f, 0}, A{0, 0.25f}}, {A{0.5f, 0}, A{0.5f, 0}, waist}, kBody);
  b.Box({A{-0.42f, 0}, A{-0.5f, 0.1f}, waist}, {A{0.18f, 0}, A{0.5f, -0.1f}, A{0.93f, 0}}, kGlass);
  b.Box({A{-0.4f, 0}, A{-0.5f, 0.12f}, A{0.93f, 0}}, {A{0.13f, 0}, A{0.5f, -0.12f}, A{1, 0}}, kBody);
  for (float sign : {1.0f, -1.0f}) {
    const A y0{0.5f * sign, -0.35f * sign}, y1{0.5f * sign, -0.1f * sign};
    b.Box({A{0.5f, -0.02f}, sign > 0 ? y0 : y1, A{0.38f, 0}}, {A{0.5f, 0.02f}, sign > 0 ? y1 : y0, A{0.48f, 0}}, kLamp,
          kPosX | kPosZ);
  }
  b.Axle(A{0.5f, -0.8f}, 0.32f);
  b.Axle(A{-0.5f, 0.8f}, 0.32f);
}

void BuildBus(Builder& b) {
  const A rear{-0.5f, 0}, front{0.5f, 0};
  b.Box({rear, A{-0.5f, 0}, A{0, 0.35f}}, {front, A{0.5f, 0}, A{1, 0}}, kBody);
  // window band on both sides, windscreen, rear window, the door on the right (kerb) side
  b.Box({A{-0.5f, 0.5f}, A{-0.5f, -0.02f}, A{0.5f, 0}}, {A{0.5f, -1.3f}, A{0.5f, 0.02f}, A{0.88f, 0}}, kGlass,
        kPosY | kNegY);
  b.Box({A{0.5f, -0.02f}, A{-0.5f, 0.12f}, A{0.3f, 0}}, {A{0.5f, 0.03f}, A{0.5f, -0.12f}, A{0.92f, 0}}, kGlass, kPosX);
  b.Box({A{-0.5f, -0.03f}, A{-0.5f, 0.15f}, A{0.55f, 0}}, {rear, A{0.5f, -0.15f}, A{0.88f, 0}}, kGlass, kNegX);
  b.Box({A{0.5f, -1.3f}, A{-0.5f, -0.03f}, A{0, 0.4f}}, {A{0.5f, -0.35f}, A{-0.5f, 0}, A{0.88f, 0}}, kGlass, kNegY);
  b.Box({A{-0.25f, 0}, A{-0.3f, 0}, A{1, 0}}, {A{0.1f, 0}, A{0.3f, 0}, A{1, 0.25f}}, kRoofUnit);
  b.Box({rear, A{-0.5f, -0.015f}, A{0, 0.35f}}, {front, A{0.5f, 0.015f}, A{0, 0.6f}}, kChassis, kPosY | kNegY);
  b.Axle(A{0.5f, -2.4f}, 0.5f);
  b.Axle(A{-0.5f, 3.0f}, 0.5f);
}

// Far meshes: the silhouette and colour split of each shape in a few boxes.
void FarCab(Builder& b, float length_m) {
  // no back face: the body right behind hides it
  b.Box({A{0.5f, -length_m}, A{-0.5f, 0.05f}, A{0, 0.5f}}, {A{0.5f, 0}, A{0.5f, -0.05f}, A{0.78f, 0}}, kCab,
        kPosX | kPosY | kNegY | kPosZ);
  b.Box({A{0.5f, -0.04f}, A{-0.5f, 0.2f}, A{0.4f, 0.2f}}, {A{0.5f, 0.03f}, A{0.5f, -0.2f}, A{0.78f, -0.25f}}, kGlass,
        kPosX);
}

// The dark running gear under a far body: its sides only, so the body does not float.
void FarUndercarriage(Builder& b, float top_m) {
  b.Box({A{-0.5f, 0.4f}, A{-0.5f, 0.25f}, A{0, 0.3f}}, {A{0.5f, -0.4f}, A{0.5f, -0.25f}, A{0, top_m}}, kChassis,
        kPosY | kNegY);
}

void BuildFar(Builder& b, VehicleShape shape) {
  if (shape != VehicleShape::kCar && shape != VehicleShape::kBus) FarUndercarriage(b, 1.0f);
  switch (shape) {
    case VehicleShape::kTruck:
      FarCab(b, 2.3f);
      b.Box({A{-0.5f, 0}, A{-0.5f, 0}, A{0, 0.7f}}, {A{0.5f, -2.6f}, A{0.5f, 0}, A{1, 0}}, kBody);
      break;
    case VehicleShape::kContainer:
      FarCab(b, 2.4f);
      b.Box({A{-0.5f, 0.15f}, A{-0.5f, 0}, A{0, 1.0f}}, {A{0.5f, -2.75f}, A{0.5f, 0}, A{1, 0}}, kBody);
      break;
    case VehicleShape::kTanker: {
      FarCab(b, 2.4f);
      Builder::Cylinder tank;
      tank.axis = 0;
      tank.from = A{-0.5f, 0.3f};
      tank.to = A{0.5f, -2.75f};
      tank.centre = {A{}, A{}, A{0.5f, 0.5f}};
      tank.radius = {A{}, A{0.5f, -0.1f}, A{0.5f, -0.5f}};
      tank.segments = 6;
      tank.side = kBody;
      tank.cap_from = true;
      tank.cap_centre = tank.cap_rim = kBodyRib;
      b.AddCylinder(tank);
      break;
    }
    case VehicleShape::kCar:
      b.Box({A{-0.5f, 0}, A{-0.5f, 0}, A{0, 0.2f}}, {A{0.5f, 0}, A{0.5f, 0}, A{0.5f, 0.05f}}, kBody);
      b.Box({A{-0.42f, 0}, A{-0.5f, 0.1f}, A{0.5f, 0.05f}}, {A{0.15f, 0}, A{0.5f, -0.1f}, A{1, 0}}, kGlass,
            kPosX | kNegX | kPosY | kNegY);
      b.Box({A{-0.42f, 0}, A{-0.5f, 0.1f}, A{1, 0}}, {A{0.15f, 0}, A{0.5f, -0.1f}, A{1, 0}}, kBody, kPosZ);
      break;
    case VehicleShape::kBus:
      b.Box({A{-0.5f, 0}, A{-0.5f, 0}, A{0, 0.3f}}, {A{0.5f, 0}, A{0.5f, 0}, A{1, 0}}, kBody);
      b.Box({A{-0.5f, 0.5f}, A{-0.5f, -0.02f}, A{0.5f, 0}}, {A{0.5f, 0.03f}, A{0.5f, 0.02f}, A{0.88f, 0}}, kGlass,
            kPosY | kNegY | kPosX);
      break;
  }
}

// The distant mesh: top, +y side and +x end of the whole box, a white cab of `cab_m` at the front.
void BuildDistant(Builder& b, float cab_m) {
  const A rear{-0.5f, 0}, front{0.5f, 0}, cab{0.5f, -cab_m}, left{-0.5f, 0}, right{0.5f, 0};
  const A ground{0, cab_m > 0 ? 0.5f : 0.25f}, roof{1, 0};
  b.Box({rear, left, ground}, {cab, right, roof}, kBody, kPosY | kPosZ);
  if (cab_m > 0) {
    b.Box({cab, left, ground}, {front, right, roof}, kCab, kPosY | kPosZ | kPosX);
  } else {
    b.Box({cab, left, ground}, {front, right, roof}, kBody, kPosX);
  }
}

}  // namespace

VehicleShape ShapeFor(uint8_t vehicle_class) {
  switch (vehicle_class) {
    case 1: return VehicleShape::kContainer;
    case 2: return VehicleShape::kTanker;
    case 3: return VehicleShape::kCar;
    case 4: return VehicleShape::kBus;
    default: return VehicleShape::kTruck;  // truck, other, and anything newer
  }
}

VehicleMesh BuildVehicleMesh(VehicleShape shape, VehicleDetail detail) {
  VehicleMesh mesh;
  Builder b(&mesh);
  if (detail == VehicleDetail::kFar) {
    BuildFar(b, shape);
    return mesh;
  }
  if (detail == VehicleDetail::kDistant) {
    const bool cab =
        shape == VehicleShape::kTruck || shape == VehicleShape::kContainer || shape == VehicleShape::kTanker;
    BuildDistant(b, cab ? 2.4f : 0.0f);
    return mesh;
  }
  switch (shape) {
    case VehicleShape::kTruck: BuildTruck(b); break;
    case VehicleShape::kContainer: BuildContainer(b); break;
    case VehicleShape::kTanker: BuildTanker(b); break;
    case VehicleShape::kCar: BuildCar(b); break;
    case VehicleShape::kBus: BuildBus(b); break;
  }
  return mesh;
}

VehicleMesh BuildShadowMesh() {
  VehicleMesh mesh;
  Builder b(&mesh);
  constexpr float kRimM = 0.9f;
  constexpr float kSx[4] = {-1, 1, 1, -1}, kSy[4] = {-1, -1, 1, 1};
  for (int ring = 0; ring < 2; ++ring) {
    for (int k = 0; k < 4; ++k) {
      const float rim = ring == 0 ? -0.1f : kRimM;
      b.Vertex({A{0.5f * kSx[k], rim * kSx[k]}, A{0.5f * kSy[k], rim * kSy[k]}, A{}}, {0, 0, 1},
               {0, 0, 0, ring == 0 ? 1.0f : 0.0f});
    }
  }
  b.Triangle(0, 1, 2);
  b.Triangle(0, 2, 3);
  for (uint16_t i = 0; i < 4; ++i) {
    const auto j = static_cast<uint16_t>((i + 1) % 4);
    b.Triangle(static_cast<uint16_t>(4 + i), static_cast<uint16_t>(4 + j), j);
    b.Triangle(static_cast<uint16_t>(4 + i), j, i);
  }
  return mesh;
}

VehicleMesh BuildSelectionFrameMesh() {
  VehicleMesh mesh;
  Builder b(&mesh);
  constexpr float kSx[4] = {-1, 1, 1, -1}, kSy[4] = {-1, -1, 1, 1};
  for (float margin : {0.5f, 1.1f}) {
    for (int k = 0; k < 4; ++k) {
      b.Vertex({A{0.5f * kSx[k], margin * kSx[k]}, A{0.5f * kSy[k], margin * kSy[k]}, A{0, 0.1f}}, {0, 0, 1},
               {1, 1, 1, 0});
    }
  }
  for (uint16_t i = 0; i < 4; ++i) {
    const auto j = static_cast<uint16_t>((i + 1) % 4);
    b.Triangle(static_cast<uint16_t>(4 + i), static_cast<uint16_t>(4 + j), j);
    b.Triangle(static_cast<uint16_t>(4 + i), j, i);
  }
  return mesh;
}

}  // namespace gatetwin::viewer
