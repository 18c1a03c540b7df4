// Low-polygon vehicle meshes (truck, container, tanker, car, bus) built once, GL-free, for instanced drawing.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace gatetwin::viewer {

/// The mesh kinds the vehicle layer draws, one instanced draw each.
enum class VehicleShape : uint8_t { kTruck, kContainer, kTanker, kCar, kBus };
inline constexpr int kVehicleShapeCount = 5;

/// The shape drawn for a world::VehicleClass (as uint8_t); unknown and "other" classes get the truck.
VehicleShape ShapeFor(uint8_t vehicle_class);

/// One mesh vertex. Its place on a vehicle of length L, width W, height H (x forward, y left,
/// z up, origin at the middle of the footprint on the ground) is `unit * (L, W, H) + offset_m`:
/// parts with a fixed real size (a 2.2 m cab, 0.5 m wheels) stay that size on any vehicle while
/// the cargo body stretches to the vehicle's length.
struct MeshVertex {
  std::array<float, 3> unit{};
  std::array<float, 3> offset_m{};
  std::array<float, 3> normal{};
  /// Base colour (0..1) and, in [3], how much the instance colour (stage or direction)
  /// multiplies it: 1 on the cargo body, 0 on the white cab, tyres and glass.
  std::array<float, 4> colour{};
};

/// An indexed triangle list (counter-clockwise front faces).
struct VehicleMesh {
  std::vector<MeshVertex> vertices;
  std::vector<uint16_t> indices;
};

/// How much of a vehicle a mesh models. llvmpipe's cost is per vertex and triangle, so vehicles
/// seen small (most of them in an overview) get a few boxes and close ones the full detail.
///
/// The distant mesh is a box of five quads: the top, one side (+y) and one end (+x), the side and
/// end split where the cab meets the body. The vertex shader turns the side and end toward the
/// eye (mirroring them), so five quads show what a ten-quad box would; it is drawn without
/// back-face culling, as mirroring reverses the winding.
enum class VehicleDetail : uint8_t { kNear, kFar, kDistant };
inline constexpr int kVehicleDetailCount = 3;

/// The mesh of one vehicle shape at one level of detail.
VehicleMesh BuildVehicleMesh(VehicleShape shape, VehicleDetail detail);

/// A soft shadow under a vehicle: a dark inner rectangle (colour[3] = opacity) fading to a
/// transparent rim, in the same unit + offset scheme, flat at z = 0.
VehicleMesh BuildShadowMesh();

/// A flat rectangular frame around a vehicle's footprint, 0.5 to 1.1 m outside it, 10 cm above
/// the ground: marks the picked vehicle from any viewing angle.
VehicleMesh BuildSelectionFrameMesh();

}  // namespace gatetwin::viewer
