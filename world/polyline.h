// Polyline arithmetic the loader needs: length, lateral offset, station ↔ point (private).
//
// engine/lane_geometry.h has the run-time version (ArcPolyline, with headings and a grid);
// the world module cannot depend on the engine, so these few loader-only helpers live here.
#pragma once

#include <vector>

#include "world/world.h"

namespace gatetwin::world {

/// Arc length in metres (3D, as engine::ArcPolyline measures it).
double PolylineLength(const std::vector<Vec3>& points);

/// The line shifted sideways by `offset_m`, + to the right of its drawing direction; corners
/// are mitred (limited to 4× the offset on hairpins). Repeated points are dropped first.
std::vector<Vec3> OffsetPolyline(const std::vector<Vec3>& points, double offset_m);

/// The point at `station_m` along the line (clamped to its ends).
Vec3 PointAtStation(const std::vector<Vec3>& points, double station_m);

/// The nearest point of the line to `p` in plan: its station and plan distance.
struct PolylineProjection {
  double station_m = 0;
  double distance_m = 0;
};
PolylineProjection ProjectOntoPolyline(const std::vector<Vec3>& points, const Vec3& p);

}  // namespace gatetwin::world
