// Detector zones found by station: per-lane reach intervals, exact box confirmation, enter/leave diffs.
#include "engine/detector_zones.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/vehicle.h"

namespace gatetwin::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// reach intervals are widened by this, so rounding in their arithmetic (or in the lane's
// cumulative lengths) can never cut off a station where a box still touches a zone
constexpr double kReachMarginM = 0.01;

// the largest plan half-diagonal of any vehicle class: a box centred farther than this plus
// a zone's half-diagonal from the zone's centre cannot touch it
double LargestVehicleRadiusM() {
  double r = 0;
  for (int c = 0; c < world::kVehicleClassCount; ++c) {
    const VehicleSize s = SizeOf(static_cast<world::VehicleClass>(c));
    r = std::max(r, std::hypot(s.length_m / 2, s.width_m / 2));
  }
  return r;
}

}  // namespace

DetectorZones::DetectorZones(const world::World& world, const LaneNetwork& lanes)
    : lanes_(lanes), reach_(world.lanes.size()), lane_length_m_(world.lanes.size()) {
  // a zone per counting sensor and lane: a 2 m slab across the lane, 2 m high
  for (size_t s = 0; s < world.sensors.size(); ++s) {
    const world::Sensor& sensor = world.sensors[s];
    if (sensor.kind != world::SensorKind::kLoop && sensor.kind != world::SensorKind::kRadar) continue;
    for (size_t i = 0; i < sensor.lanes.size(); ++i) {
      const int lane = sensor.lanes[i];
      const LanePose pose = lanes.lane(lane).PoseAt(sensor.station_m[i]);
      Zone& z = zones_.emplace_back();
      z.sensor = static_cast<int>(s);
      z.box.hx = 1.0;
      z.box.hy = world.lanes[static_cast<size_t>(lane)].width_m / 2;
      z.box.hz = 1.0;
      z.box.Set(pose.position.x, pose.position.y, pose.position.z + 1.0, pose.heading_rad);
    }
  }
  const double vehicle_radius_m = LargestVehicleRadiusM();
  vehicle_radius2_m2_ = vehicle_radius_m * vehicle_radius_m;
  // per lane and zone: the stations where a box centre on the lane is within reach of the
  // zone centre in plan (both half-diagonals); the lane is straight between its points, so
  // each segment gives one interval from a quadratic
  for (size_t l = 0; l < world.lanes.size(); ++l) {
    const std::vector<world::Vec3>& p = lanes.lane(static_cast<int>(l)).points();
    lane_length_m_[l] = lanes.lane(static_cast<int>(l)).length_m();
    for (uint32_t zi = 0; zi < zone_count(); ++zi) {
      const YawBox& zb = zones_[zi].box;
      const double r = vehicle_radius_m + std::hypot(zb.hx, zb.hy);
      std::vector<Reach>& out = reach_[l];
      const auto add = [&](double from_m, double to_m) {
        from_m -= kReachMarginM, to_m += kReachMarginM;
        if (!out.empty() && out.back().zone == zi && from_m <= out.back().to_m) {
          out.back().to_m = std::max(out.back().to_m, to_m);
        } else {
          out.push_back({from_m, to_m, zi});
        }
      };
      if (p.size() < 2) {
        if (p.size() == 1 && std::hypot(p[0].x - zb.cx, p[0].y - zb.cy) <= r) add(-kInf, kInf);
        continue;
      }
      double station = 0;
      for (size_t i = 0; i + 1 < p.size(); ++i) {
        const double dx = p[i + 1].x - p[i].x, dy = p[i + 1].y - p[i].y, dz = p[i + 1].z - p[i].z;
        const double seg_m = std::sqrt(dx * dx + dy * dy + dz * dz);
        const double ex = p[i].x - zb.cx, ey = p[i].y - zb.cy;
        // |e + t d|² <= r² for t in [0, 1]
        const double qa = dx * dx + dy * dy, qb = ex * dx + ey * dy, qc = ex * ex + ey * ey - r * r;
        double t0 = 0, t1 = 1;
        bool hit;
        if (qa < 1e-18) {
          hit = qc <= 0;  // no plan extent: the whole segment stands at one point
        } else {
          const double disc = qb * qb - qa * qc;
          hit = disc >= 0;
          if (hit) {
            const double root = std::sqrt(disc);
            t0 = std::max(0.0, (-qb - root) / qa);
            t1 = std::min(1.0, (-qb + root) / qa);
            hit = t0 <= t1;
          }
        }
        if (hit) add(station + t0 * seg_m, station + t1 * seg_m);
        station += seg_m;
      }
    }
    std::sort(reach_[l].begin(), reach_[l].end(), [](const Reach& a, const Reach& b) {
      return a.from_m != b.from_m ? a.from_m < b.from_m : a.zone < b.zone;
    });
  }
}

void DetectorZones::Place(uint32_t id, const world::Vec3& half_extents_m, int lane, double station_m) {
  if (half_extents_m.x * half_extents_m.x + half_extents_m.y * half_extents_m.y > vehicle_radius2_m2_) {
    // an unusually large box may reach farther than the intervals allow for
    TestEveryZone(id, half_extents_m, lanes_.lane(lane).PoseAt(station_m));
    return;
  }
  if (id >= inside_.size()) inside_.resize(id + 1);
  const std::vector<Reach>& reach = reach_[static_cast<size_t>(lane)];
  // the station PoseAt places the box at
  const double s = station_m > 0 ? std::min(station_m, lane_length_m_[static_cast<size_t>(lane)]) : 0.0;
  scratch_.clear();
  YawBox box;
  bool posed = false;
  for (const Reach& r : reach) {
    if (r.from_m > s) break;
    if (s > r.to_m) continue;
    // most moves are nowhere near a zone: the pose (and its sine and cosine) only when needed
    if (!posed) {
      const LanePose pose = lanes_.lane(lane).PoseAt(s);
      box.hx = half_extents_m.x, box.hy = half_extents_m.y, box.hz = half_extents_m.z;
      box.Set(pose.position.x, pose.position.y, pose.position.z + box.hz, pose.heading_rad);
      posed = true;
    }
    if (Overlaps(box, zones_[r.zone].box)) scratch_.push_back(r.zone);
  }
  if (scratch_.empty() && inside_[id].empty()) return;
  // a winding lane can pass one zone twice
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  Diff(id, scratch_);
}

void DetectorZones::PlaceAt(uint32_t id, const world::Vec3& half_extents_m, const LanePose& pose) {
  TestEveryZone(id, half_extents_m, pose);
}

void DetectorZones::TestEveryZone(uint32_t id, const world::Vec3& half_extents_m, const LanePose& pose) {
  if (id >= inside_.size()) inside_.resize(id + 1);
  scratch_.clear();
  YawBox box;
  box.hx = half_extents_m.x, box.hy = half_extents_m.y, box.hz = half_extents_m.z;
  box.Set(pose.position.x, pose.position.y, pose.position.z + box.hz, pose.heading_rad);
  for (uint32_t z = 0; z < zone_count(); ++z) {
    if (Overlaps(box, zones_[z].box)) scratch_.push_back(z);
  }
  Diff(id, scratch_);
}

void DetectorZones::Remove(uint32_t id) {
  if (id >= inside_.size()) return;
  scratch_.clear();
  Diff(id, scratch_);
}

void DetectorZones::Diff(uint32_t id, std::vector<uint32_t>& now) {
  std::vector<uint32_t>& before = inside_[id];
  size_t i = 0, j = 0;
  while (i < before.size() || j < now.size()) {
    if (j == now.size() || (i < before.size() && before[i] < now[j])) {
      changes_.push_back({before[i++], id, false});
    } else if (i == before.size() || now[j] < before[i]) {
      changes_.push_back({now[j++], id, true});
    } else {
      ++i, ++j;
    }
  }
  if (!changes_.empty()) sorted_ = false;
  before.swap(now);
}

const std::vector<PresenceChange>& DetectorZones::changes() {
  if (!sorted_) {
    std::sort(changes_.begin(), changes_.end(), [](const PresenceChange& a, const PresenceChange& b) {
      if (a.zone_id != b.zone_id) return a.zone_id < b.zone_id;
      if (a.vehicle_id != b.vehicle_id) return a.vehicle_id < b.vehicle_id;
      return a.entered < b.entered;
    });
    sorted_ = true;
  }
  return changes_;
}

const std::vector<uint32_t>& DetectorZones::ZonesOf(uint32_t id) const {
  static const std::vector<uint32_t> no_zones;
  return id < inside_.size() ? inside_[id] : no_zones;
}

}  // namespace gatetwin::engine
