// Arc-length polylines and the lane network's nearest-lane grid (GPS snapping, vehicle poses).
#include "engine/lane_geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace gatetwin::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// below this a segment has no usable direction in plan (duplicate survey points)
constexpr double kDegenerateLen2 = 1e-18;
// grid cells: no smaller than this, and no more of them than kMaxCells per direction
constexpr double kMinCellM = 2.0;
constexpr int64_t kMaxCells = 1 << 20;

// closest point of segment a→b to p in plan: returns the squared distance, writes the
// clamped parameter t and the unclamped one (to tell "beyond the ends" apart). Every
// distance in this file goes through here, so the grid and Project agree to the last bit.
inline double ClosestOnSegment(double ax, double ay, double bx, double by, const world::Vec3& p, double* t_out,
                               double* raw_t_out) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double raw_t = 0;
  if (len2 > kDegenerateLen2) raw_t = ((p.x - ax) * dx + (p.y - ay) * dy) / len2;
  const double t = std::clamp(raw_t, 0.0, 1.0);
  const double cx = ax + t * dx - p.x, cy = ay + t * dy - p.y;
  *t_out = t;
  *raw_t_out = raw_t;
  return cx * cx + cy * cy;
}

inline double PlanDistance2(double ax, double ay, double bx, double by, const world::Vec3& p) {
  double t, raw_t;
  return ClosestOnSegment(ax, ay, bx, by, p, &t, &raw_t);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ArcPolyline

ArcPolyline::ArcPolyline(std::vector<world::Vec3> points) : points_(std::move(points)) {
  const size_t n = points_.size();
  cumulative_m_.resize(n, 0.0);
  for (size_t i = 1; i < n; ++i) {
    const double dx = points_[i].x - points_[i - 1].x;
    const double dy = points_[i].y - points_[i - 1].y;
    const double dz = points_[i].z - points_[i - 1].z;
    cumulative_m_[i] = cumulative_m_[i - 1] + std::sqrt(dx * dx + dy * dy + dz * dz);
  }
  if (n < 2) return;
  // zero-length segments borrow the heading of the previous real segment (or the next one at
  // the start) so a vehicle standing on a duplicate point does not spin to heading 0
  heading_rad_.assign(n - 1, kInf);
  for (size_t i = 0; i + 1 < n; ++i) {
    const double dx = points_[i + 1].x - points_[i].x, dy = points_[i + 1].y - points_[i].y;
    if (dx * dx + dy * dy > kDegenerateLen2) heading_rad_[i] = std::atan2(dy, dx);
  }
  double carry = kInf;
  for (double& h : heading_rad_) {
    if (h != kInf)
      carry = h;
    else
      h = carry;
  }
  carry = 0;
  for (size_t i = heading_rad_.size(); i-- > 0;) {
    if (heading_rad_[i] != kInf)
      carry = heading_rad_[i];
    else
      heading_rad_[i] = carry;
  }
}

LanePose ArcPolyline::PoseAt(double station_m) const {
  const size_t n = points_.size();
  if (n == 0) return {};
  if (n == 1) return {points_[0], 0.0};
  // NaN and negative stations clamp to the start
  const double s = station_m > 0 ? std::min(station_m, length_m()) : 0.0;
  // the last point whose cumulative length is <= s starts the segment; with zero-length
  // segments upper_bound skips past them to the real one
  const auto it = std::upper_bound(cumulative_m_.begin(), cumulative_m_.end(), s);
  size_t i = static_cast<size_t>(std::max<ptrdiff_t>(it - cumulative_m_.begin() - 1, 0));
  i = std::min(i, n - 2);
  const double seg_m = cumulative_m_[i + 1] - cumulative_m_[i];
  const double t = seg_m > 0 ? std::clamp((s - cumulative_m_[i]) / seg_m, 0.0, 1.0) : 0.0;
  const world::Vec3& a = points_[i];
  const world::Vec3& b = points_[i + 1];
  return {{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), a.z + t * (b.z - a.z)}, heading_rad_[i]};
}

double ArcPolyline::SegmentDistance2(size_t segment, const world::Vec3& p) const {
  // a single-point line is one zero-length segment
  const world::Vec3& a = points_[segment];
  const world::Vec3& b = points_.size() == 1 ? a : points_[segment + 1];
  return PlanDistance2(a.x, a.y, b.x, b.y, p);
}

ArcPolyline::Projection ArcPolyline::ProjectOnSegment(size_t segment, const world::Vec3& p) const {
  const size_t n = points_.size();
  if (n == 0) return {};
  if (n == 1) return {0.0, 0.0, std::sqrt(SegmentDistance2(0, p))};
  const world::Vec3& a = points_[segment];
  const world::Vec3& b = points_[segment + 1];
  double t, raw_t;
  const double d2 = ClosestOnSegment(a.x, a.y, b.x, b.y, p, &t, &raw_t);
  Projection out;
  out.station_m = cumulative_m_[segment] + t * (cumulative_m_[segment + 1] - cumulative_m_[segment]);
  out.distance_m = std::sqrt(d2);
  // unit direction of travel (a degenerate segment uses its borrowed heading)
  const double h = heading_rad_[segment];
  const double ux = std::cos(h), uy = std::sin(h);
  // cross > 0: p is to the left of travel
  const double perp_left = ux * (p.y - a.y) - uy * (p.x - a.x);
  const bool before_start = segment == 0 && raw_t < 0;
  const bool after_end = segment + 2 == n && raw_t > 1;
  if (before_start || after_end) {
    out.lateral_m = -perp_left;
  } else {
    out.lateral_m = perp_left > 0 ? -out.distance_m : out.distance_m;
  }
  return out;
}

ArcPolyline::Projection ArcPolyline::Project(const world::Vec3& p) const {
  const size_t n = points_.size();
  if (n < 2) return ProjectOnSegment(0, p);
  size_t best = 0;
  double best_d2 = kInf;
  for (size_t i = 0; i + 1 < n; ++i) {
    const double d2 = SegmentDistance2(i, p);
    if (d2 < best_d2) best_d2 = d2, best = i;
  }
  return ProjectOnSegment(best, p);
}

// ---------------------------------------------------------------------------------------------
// LaneNetwork

LaneNetwork::LaneNetwork(const world::World& world) {
  lanes_.reserve(world.lanes.size());
  directions_.reserve(world.lanes.size());
  for (const world::Lane& lane : world.lanes) {
    lanes_.emplace_back(lane.polyline);
    directions_.push_back(lane.direction);
  }
  // cells about two lanes wide: a snap within a few metres then looks at a handful of
  // segments in nine cells, however long the segments are
  double width_sum_m = 0;
  for (const world::Lane& lane : world.lanes) width_sum_m += lane.width_m;
  const double mean_width_m = world.lanes.empty() ? 0 : width_sum_m / static_cast<double>(world.lanes.size());
  const double cell_m = std::max(kMinCellM, 2 * mean_width_m);
  BuildGrid(world::Direction::kVnToCn, cell_m, &grids_[0]);
  BuildGrid(world::Direction::kCnToVn, cell_m, &grids_[1]);
}

void LaneNetwork::BuildGrid(world::Direction direction, double cell_m, Grid* grid) const {
  std::vector<Grid::Entry> segments;
  double x0 = kInf, y0 = kInf, x1 = -kInf, y1 = -kInf;
  for (size_t l = 0; l < lanes_.size(); ++l) {
    if (directions_[l] != direction) continue;
    const auto& pts = lanes_[l].points();
    if (pts.empty()) continue;
    const size_t segs = std::max<size_t>(lanes_[l].segment_count(), 1);
    for (size_t s = 0; s < segs; ++s) {
      const world::Vec3& a = pts[s];
      const world::Vec3& b = pts.size() > 1 ? pts[s + 1] : pts[s];
      segments.push_back({a.x, a.y, b.x, b.y, static_cast<int32_t>(l), static_cast<int32_t>(s)});
      x0 = std::min({x0, a.x, b.x}), y0 = std::min({y0, a.y, b.y});
      x1 = std::max({x1, a.x, b.x}), y1 = std::max({y1, a.y, b.y});
    }
  }
  if (segments.empty()) return;
  double cell = cell_m;
  int64_t nx, ny;
  for (;;) {
    nx = static_cast<int64_t>((x1 - x0) / cell) + 1;
    ny = static_cast<int64_t>((y1 - y0) / cell) + 1;
    if (nx * ny <= kMaxCells) break;
    cell *= 2;
  }
  grid->origin_x = x0;
  grid->origin_y = y0;
  grid->cell_m = cell;
  grid->nx = static_cast<int>(nx);
  grid->ny = static_cast<int>(ny);
  const auto cell_of = [&](double v, double origin, int count) {
    return std::clamp(static_cast<int>((v - origin) / cell), 0, count - 1);
  };
  // the cells each segment passes through: cut it into pieces no longer than a cell and take
  // each piece's box (slightly grown against rounding), so a diagonal segment is not listed
  // in every cell of its own bounding box
  constexpr double kGrowM = 1e-6;
  std::vector<std::pair<uint32_t, uint32_t>> cell_entry;  // (cell, index into segments)
  std::vector<uint32_t> cells;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Grid::Entry& e = segments[i];
    const double len = std::hypot(e.bx - e.ax, e.by - e.ay);
    const int pieces = std::max(1, static_cast<int>(std::ceil(len / cell)));
    cells.clear();
    for (int k = 0; k < pieces; ++k) {
      const double t0 = static_cast<double>(k) / pieces, t1 = static_cast<double>(k + 1) / pieces;
      const double px0 = e.ax + t0 * (e.bx - e.ax), px1 = e.ax + t1 * (e.bx - e.ax);
      const double py0 = e.ay + t0 * (e.by - e.ay), py1 = e.ay + t1 * (e.by - e.ay);
      const int ix0 = cell_of(std::min(px0, px1) - kGrowM, x0, grid->nx);
      const int ix1 = cell_of(std::max(px0, px1) + kGrowM, x0, grid->nx);
      const int iy0 = cell_of(std::min(py0, py1) - kGrowM, y0, grid->ny);
      const int iy1 = cell_of(std::max(py0, py1) + kGrowM, y0, grid->ny);
      for (int iy = iy0; iy <= iy1; ++iy) {
        for (int ix = ix0; ix <= ix1; ++ix) cells.push_back(static_cast<uint32_t>(iy * nx + ix));
      }
    }
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    for (uint32_t c : cells) cell_entry.emplace_back(c, static_cast<uint32_t>(i));
  }
  // CSR layout; within a cell entries stay in lane/segment order
  std::sort(cell_entry.begin(), cell_entry.end());
  grid->cell_start.assign(static_cast<size_t>(nx * ny) + 1, 0);
  grid->entries.reserve(cell_entry.size());
  for (const auto& [c, i] : cell_entry) {
    ++grid->cell_start[c + 1];
    grid->entries.push_back(segments[i]);
  }
  for (size_t c = 1; c < grid->cell_start.size(); ++c) grid->cell_start[c] += grid->cell_start[c - 1];
}

void LaneNetwork::SearchGrid(const Grid& grid, const world::Vec3& p, double max_distance_m, Best* best) const {
  if (grid.nx == 0) return;
  const double cell = grid.cell_m;
  const double gx0 = grid.origin_x, gy0 = grid.origin_y;
  const double gx1 = gx0 + grid.nx * cell, gy1 = gy0 + grid.ny * cell;
  // whole grid too far away: nothing here can win
  const double ox = std::max({gx0 - p.x, 0.0, p.x - gx1});
  const double oy = std::max({gy0 - p.y, 0.0, p.y - gy1});
  const double outside2 = ox * ox + oy * oy;
  if (outside2 > max_distance_m * max_distance_m || outside2 > best->d2) return;

  const int cx = static_cast<int>(std::clamp(std::floor((p.x - gx0) / cell), 0.0, grid.nx - 1.0));
  const int cy = static_cast<int>(std::clamp(std::floor((p.y - gy0) / cell), 0.0, grid.ny - 1.0));
  const auto visit = [&](int ix, int iy) {
    const size_t c = static_cast<size_t>(iy) * static_cast<size_t>(grid.nx) + static_cast<size_t>(ix);
    for (uint32_t e = grid.cell_start[c]; e < grid.cell_start[c + 1]; ++e) {
      const Grid::Entry& entry = grid.entries[e];
      const double d2 = PlanDistance2(entry.ax, entry.ay, entry.bx, entry.by, p);
      // (distance, lane, segment) order makes ties deterministic; a segment listed in
      // several cells compares equal to itself and changes nothing
      if (d2 < best->d2 || (d2 == best->d2 &&
                            (entry.lane < best->lane || (entry.lane == best->lane && entry.segment < best->segment)))) {
        best->d2 = d2;
        best->lane = entry.lane;
        best->segment = entry.segment;
      }
    }
  };
  // rings of cells around the query cell, until no unvisited cell can hold anything closer
  for (int k = 0;; ++k) {
    const int ylo = std::max(cy - k, 0), yhi = std::min(cy + k, grid.ny - 1);
    for (int iy = ylo; iy <= yhi; ++iy) {
      if (iy == cy - k || iy == cy + k) {
        for (int ix = std::max(cx - k, 0); ix <= std::min(cx + k, grid.nx - 1); ++ix) visit(ix, iy);
      } else {
        if (cx - k >= 0) visit(cx - k, iy);
        if (cx + k < grid.nx) visit(cx + k, iy);
      }
    }
    const bool more_left = cx - k > 0, more_right = cx + k < grid.nx - 1;
    const bool more_down = cy - k > 0, more_up = cy + k < grid.ny - 1;
    if (!more_left && !more_right && !more_down && !more_up) break;
    // distance from p to the nearest side of the visited square that still has cells beyond it
    double bound = kInf;
    if (more_left) bound = std::min(bound, p.x - (gx0 + (cx - k) * cell));
    if (more_right) bound = std::min(bound, gx0 + (cx + k + 1) * cell - p.x);
    if (more_down) bound = std::min(bound, p.y - (gy0 + (cy - k) * cell));
    if (more_up) bound = std::min(bound, gy0 + (cy + k + 1) * cell - p.y);
    if (bound > max_distance_m || bound * bound > best->d2) break;
  }
}

LaneNetwork::Snap LaneNetwork::Nearest(const world::Vec3& p, double max_distance_m,
                                       const world::Direction* direction) const {
  Snap snap;
  if (!std::isfinite(p.x) || !std::isfinite(p.y) || !(max_distance_m >= 0)) return snap;
  Best best{kInf};
  if (direction != nullptr) {
    SearchGrid(grids_[static_cast<size_t>(*direction)], p, max_distance_m, &best);
  } else {
    SearchGrid(grids_[0], p, max_distance_m, &best);
    SearchGrid(grids_[1], p, max_distance_m, &best);
  }
  if (best.lane < 0 || best.d2 > max_distance_m * max_distance_m) return snap;
  snap.lane = best.lane;
  snap.projection = lanes_[static_cast<size_t>(best.lane)].ProjectOnSegment(static_cast<size_t>(best.segment), p);
  return snap;
}

}  // namespace gatetwin::engine
