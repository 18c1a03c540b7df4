// GeoFrame: latitude/longitude ↔ local east/north/up metres via GeographicLib::LocalCartesian.
#include "world/geo_frame.h"

#include <GeographicLib/LocalCartesian.hpp>

namespace gatetwin::world {

struct GeoFrame::Impl {
  GeographicLib::LocalCartesian proj;
};

GeoFrame::GeoFrame(const GeoAnchor& anchor)
    : impl_(std::make_unique<Impl>(Impl{GeographicLib::LocalCartesian(anchor.lat_deg, anchor.lon_deg, anchor.alt_m)})) {
}

GeoFrame::~GeoFrame() = default;
GeoFrame::GeoFrame(GeoFrame&&) noexcept = default;
GeoFrame& GeoFrame::operator=(GeoFrame&&) noexcept = default;

Vec3 GeoFrame::ToLocal(double lat_deg, double lon_deg, double alt_m) const {
  Vec3 out;
  impl_->proj.Forward(lat_deg, lon_deg, alt_m, out.x, out.y, out.z);
  return out;
}

Vec3 GeoFrame::ToGeo(const Vec3& local) const {
  Vec3 out;
  impl_->proj.Reverse(local.x, local.y, local.z, out.x, out.y, out.z);
  return out;
}

}  // namespace gatetwin::world
