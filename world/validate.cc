// Geometry checks across elements: degenerate lines, laterally overlapping lanes, connection gaps.
#include <cmath>

#include "world/build.h"
#include "world/polyline.h"

namespace gatetwin::world {
namespace {

// shorter than this a road or lane has no usable direction (duplicate survey points)
constexpr double kMinLineLengthM = 1.0;
// the end of a connection's `from` lane must be this close to the start of its `to` lane
constexpr double kMaxConnectionGapM = 15.0;
// lanes that merely touch (3.5 m apart, 3.5 m wide) do not overlap
constexpr double kOverlapToleranceM = 1e-6;

double PlanDistance(const Vec3& a, const Vec3& b) { return std::hypot(b.x - a.x, b.y - a.y); }

}  // namespace

void ValidateGeometry(const BuiltWorld& built, Diagnostics* diags) {
  const World& w = built.world;
  std::vector<bool> road_ok(w.roads.size(), true);
  for (size_t i = 0; i < w.roads.size(); ++i) {
    const Road& road = w.roads[i];
    const double length_m = PolylineLength(road.centreline);
    if (!(length_m >= kMinLineLengthM)) {
      road_ok[i] = false;
      diags->Error(road.loc, "road " + Quoted(road.id) + ": centreline is degenerate (length " +
                                 FormatNumber(length_m) + " m, at least 1 m needed)");
    }
  }

  for (size_t i = 0; i < w.lanes.size(); ++i) {
    const Lane& lane = w.lanes[i];
    // a lane derived from a degenerate road is that road's error, not its own
    if (built.lane_derived[i] && !road_ok[static_cast<size_t>(lane.road)]) continue;
    if (!(lane.length_m >= kMinLineLengthM)) {
      diags->Error(lane.loc, "lane " + Quoted(lane.id) + ": polyline is degenerate (length " +
                                 FormatNumber(lane.length_m) + " m, at least 1 m needed)");
    }
  }

  // lanes derived from one road must not share road surface: compare [offset ± width/2]
  for (size_t i = 0; i < w.lanes.size(); ++i) {
    if (!built.lane_derived[i]) continue;
    const Lane& b = w.lanes[i];
    for (size_t j = 0; j < i; ++j) {
      const Lane& a = w.lanes[j];
      if (!built.lane_derived[j] || a.road != b.road) continue;
      if (b.tidal_partner == static_cast<int>(j)) continue;  // one strip, one direction at a time
      const double a_lo = a.offset_m - a.width_m / 2, a_hi = a.offset_m + a.width_m / 2;
      const double b_lo = b.offset_m - b.width_m / 2, b_hi = b.offset_m + b.width_m / 2;
      if (a_lo < b_hi - kOverlapToleranceM && b_lo < a_hi - kOverlapToleranceM) {
        diags->Error(b.loc, "lane " + Quoted(b.id) + ": overlaps lane " + Quoted(a.id) + " of road " +
                                Quoted(w.roads[static_cast<size_t>(b.road)].id) + " laterally ([" + FormatNumber(b_lo) +
                                ", " + FormatNumber(b_hi) + "] m and [" + FormatNumber(a_lo) + ", " +
                                FormatNumber(a_hi) + "] m)");
      }
    }
  }

  for (const Connection& c : w.connections) {
    const Lane& from = w.lanes[static_cast<size_t>(c.from)];
    const Lane& to = w.lanes[static_cast<size_t>(c.to)];
    if (from.polyline.empty() || to.polyline.empty()) continue;
    const double gap_m = PlanDistance(from.polyline.back(), to.polyline.front());
    if (!(gap_m <= kMaxConnectionGapM)) {
      diags->Error(c.loc, "connection " + from.id + " -> " + to.id + ": the end of " + Quoted(from.id) + " is " +
                              FormatNumber(gap_m) + " m from the start of " + Quoted(to.id) + " (at most 15 m)");
    }
  }
}

}  // namespace gatetwin::world
