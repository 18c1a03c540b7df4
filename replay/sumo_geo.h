// Projects SUMO coordinates (net metres or lon/lat) into a world's local frame.
#pragma once

#include <memory>

#include "replay/sumo_map.h"
#include "world/geo_frame.h"
#include "world/world.h"

namespace gatetwin::replay {

/// A point of a SUMO trace in the world: local metres, its latitude/longitude and the angle
/// (degrees, clockwise) from the trace's grid north to true north at that point.
struct SumoGeoPoint {
  world::Vec3 local;
  double lat_deg = 0, lon_deg = 0;
  double convergence_deg = 0;
};

/// Converts FCD x/y per the map's coordinates: lon/lat through the world's GeoFrame, UTM net
/// metres (minus netOffset) through GeographicLib's UTMUPS, or net metres that are the world's.
class SumoProjector {
 public:
  /// `world` must outlive the projector. The map must be valid for geo placement (LoadSumoMap checks).
  SumoProjector(const world::World& world, const SumoMap& map);
  ~SumoProjector();
  SumoProjector(const SumoProjector&) = delete;
  SumoProjector& operator=(const SumoProjector&) = delete;

  /// The point for FCD `x`, `y`; false when it is not on the earth (a lon/lat out of range).
  bool Project(double x, double y, SumoGeoPoint* out) const;
  /// Local metres to latitude/longitude (for placements that know the local point).
  void ToGeo(const world::Vec3& local, double* lat_deg, double* lon_deg) const;

 private:
  const SumoMap& map_;
  world::GeoFrame frame_;
};

}  // namespace gatetwin::replay
