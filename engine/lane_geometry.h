// Arc-length polylines: distance along a lane → position and heading, and point → nearest lane.
#pragma once

#include <vector>

#include "world/world.h"

namespace gatetwin::engine {

/// A pose on a lane: position in local metres and heading in radians
/// (counter-clockwise from east, the ENU convention).
struct LanePose {
  world::Vec3 position;
  double heading_rad = 0;
};

/// A polyline with cumulative arc lengths, for O(log n) station → pose queries.
class ArcPolyline {
 public:
  ArcPolyline() = default;
  explicit ArcPolyline(std::vector<world::Vec3> points);

  double length_m() const { return cumulative_m_.empty() ? 0 : cumulative_m_.back(); }
  const std::vector<world::Vec3>& points() const { return points_; }

  /// The pose at `station_m` along the line, clamped to [0, length].
  LanePose PoseAt(double station_m) const;

  /// The closest point of the line to `p` (in plan, z ignored): its station and the signed
  /// lateral offset (+ to the right of the direction of travel) and the distance.
  struct Projection {
    double station_m = 0;
    double lateral_m = 0;
    double distance_m = 0;
  };
  Projection Project(const world::Vec3& p) const;

 private:
  std::vector<world::Vec3> points_;
  std::vector<double> cumulative_m_;  // cumulative_m_[i]: arc length up to points_[i]
};

/// All lanes of a world as arc polylines, with nearest-lane queries (for GPS snapping).
class LaneNetwork {
 public:
  explicit LaneNetwork(const world::World& world);

  const ArcPolyline& lane(int index) const { return lanes_[static_cast<size_t>(index)]; }
  int lane_count() const { return static_cast<int>(lanes_.size()); }

  /// The nearest lane to `p` within `max_distance_m` (optionally only lanes of `direction`),
  /// or lane -1 when none is that close.
  struct Snap {
    int lane = -1;
    ArcPolyline::Projection projection;
  };
  Snap Nearest(const world::Vec3& p, double max_distance_m,
               const world::Direction* direction = nullptr) const;

 private:
  std::vector<ArcPolyline> lanes_;
  std::vector<world::Direction> directions_;
};

}  // namespace gatetwin::engine
