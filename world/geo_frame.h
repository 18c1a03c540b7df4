// Converts between latitude/longitude/altitude and the world's local east/north/up metres.
#pragma once

#include <memory>

#include "world/world.h"

namespace gatetwin::world {

/// A local tangent-plane frame at a geo anchor (GeographicLib::LocalCartesian inside).
class GeoFrame {
 public:
  explicit GeoFrame(const GeoAnchor& anchor);
  ~GeoFrame();
  GeoFrame(const GeoFrame&) = delete;
  GeoFrame& operator=(const GeoFrame&) = delete;
  GeoFrame(GeoFrame&&) noexcept;
  GeoFrame& operator=(GeoFrame&&) noexcept;

  /// Latitude/longitude in degrees (altitude in metres) to local metres.
  Vec3 ToLocal(double lat_deg, double lon_deg, double alt_m = 0) const;
  /// Local metres to {lat_deg, lon_deg, alt_m} in x, y, z.
  Vec3 ToGeo(const Vec3& local) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::world
