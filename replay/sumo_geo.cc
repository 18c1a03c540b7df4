// Projects SUMO coordinates (net metres or lon/lat) into a world's local frame.
#include "replay/sumo_geo.h"

#include <GeographicLib/UTMUPS.hpp>

#include <cmath>
#include <exception>

namespace gatetwin::replay {

SumoProjector::SumoProjector(const world::World& world, const SumoMap& map) : map_(map), frame_(world.anchor) {}
SumoProjector::~SumoProjector() = default;

bool SumoProjector::Project(double x, double y, SumoGeoPoint* out) const {
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  out->convergence_deg = 0;
  if (map_.coordinates == SumoCoordinates::kLonLat) {
    if (y < -90 || y > 90 || x < -180 || x > 180) return false;
    out->lon_deg = x;
    out->lat_deg = y;
    out->local = frame_.ToLocal(y, x);
    // the trace's altitude is not known: compare in plan, as lanes are
    out->local.z = 0;
    return true;
  }
  const SumoNetLocation& loc = *map_.location;
  // netconvert shifted the projected metres by netOffset; undo it first
  const double px = x - loc.net_offset_x_m, py = y - loc.net_offset_y_m;
  if (loc.utm_zone == 0) {
    // `net_frame: world`: the net was drawn in the world's own metres
    out->local = {px, py, 0};
    ToGeo(out->local, &out->lat_deg, &out->lon_deg);
    return true;
  }
  try {
    double gamma = 0, k = 0;
    GeographicLib::UTMUPS::Reverse(loc.utm_zone, loc.utm_north, px, py, out->lat_deg, out->lon_deg, gamma, k);
    out->convergence_deg = gamma;
  } catch (const std::exception&) {
    // far outside the zone: not a point this net can have
    return false;
  }
  out->local = frame_.ToLocal(out->lat_deg, out->lon_deg);
  out->local.z = 0;
  return true;
}

void SumoProjector::ToGeo(const world::Vec3& local, double* lat_deg, double* lon_deg) const {
  const world::Vec3 g = frame_.ToGeo(local);
  *lat_deg = g.x;
  *lon_deg = g.y;
}

}  // namespace gatetwin::replay
