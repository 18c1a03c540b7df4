// Arc-length polylines: distance along a lane → position and heading, and point → nearest lane.
#pragma once

#include <cstddef>
#include <cstdint>
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
  /// Beyond either end `station_m` is clamped and `lateral_m` is the signed perpendicular
  /// offset from the end segment's line, while `distance_m` stays the true plan distance.
  /// A single-point line projects to station 0 with lateral 0; an empty line to all zeros.
  Projection Project(const world::Vec3& p) const;

  /// Number of segments (points - 1; 0 for an empty or single-point line).
  size_t segment_count() const { return points_.size() < 2 ? 0 : points_.size() - 1; }

  /// The projection of `p` onto segment `segment` alone (same conventions as Project).
  /// LaneNetwork uses it to finish a grid query on the winning segment.
  Projection ProjectOnSegment(size_t segment, const world::Vec3& p) const;

  /// Squared plan distance from `p` to segment `segment` (to the point for a single-point
  /// line). The same arithmetic as Project, so comparisons between lanes are exact.
  double SegmentDistance2(size_t segment, const world::Vec3& p) const;

 private:
  std::vector<world::Vec3> points_;
  std::vector<double> cumulative_m_;  // cumulative_m_[i]: arc length up to points_[i]
  std::vector<double> heading_rad_;   // per segment; degenerate segments borrow a neighbour's
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
  /// Ties (equal distance) go to the lower lane index, then the lower segment index.
  Snap Nearest(const world::Vec3& p, double max_distance_m, const world::Direction* direction = nullptr) const;

  /// The direction of travel of lane `index`.
  world::Direction direction(int index) const { return directions_[static_cast<size_t>(index)]; }

 private:
  // a uniform grid (cells about two lane widths) over the plan extent of one direction's
  // lanes; each cell lists the segments passing through it, so a query looks at a few
  // cells, not all lanes
  struct Grid {
    // the segment's end points are copied in so a query touches only this array
    struct Entry {
      double ax, ay, bx, by;
      int32_t lane;
      int32_t segment;
    };
    double origin_x = 0, origin_y = 0, cell_m = 1;
    int nx = 0, ny = 0;
    std::vector<uint32_t> cell_start;  // CSR offsets into entries, nx * ny + 1 of them
    std::vector<Entry> entries;
  };
  void BuildGrid(world::Direction direction, double cell_m, Grid* grid) const;
  // best (distance², lane, segment) so far of one query; updated by SearchGrid
  struct Best {
    double d2;
    int32_t lane = -1;
    int32_t segment = -1;
  };
  void SearchGrid(const Grid& grid, const world::Vec3& p, double max_distance_m, Best* best) const;

  std::vector<ArcPolyline> lanes_;
  std::vector<world::Direction> directions_;
  Grid grids_[2];  // indexed by Direction
};

}  // namespace gatetwin::engine
