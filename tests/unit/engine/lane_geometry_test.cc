// Tests of ArcPolyline (lengths, poses, projection) and LaneNetwork (nearest lane, grid vs brute force).
#include "engine/lane_geometry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace gatetwin::engine {
namespace {

using world::Direction;
using world::Vec3;

constexpr double kEps = 1e-9;
constexpr double kPi = std::numbers::pi;

// east 10 m, then north 10 m (a left turn)
ArcPolyline LShape() { return ArcPolyline({{0, 0, 0}, {10, 0, 0}, {10, 10, 0}}); }

TEST(ArcPolyline, LengthIsSumOfSegments) {
  EXPECT_DOUBLE_EQ(LShape().length_m(), 20.0);
  // 3-4-5 in plan plus a climb: arc length is measured along the line in 3D
  EXPECT_DOUBLE_EQ(ArcPolyline({{0, 0, 0}, {4, 0, 3}}).length_m(), 5.0);
  EXPECT_DOUBLE_EQ(ArcPolyline({{1, 1, 0}, {4, 5, 0}, {4, 5, 0}, {4, 6, 0}}).length_m(), 6.0);
}

TEST(ArcPolyline, PoseAtInterpolatesPositionHeadingAndHeight) {
  const ArcPolyline line = LShape();
  LanePose p = line.PoseAt(5);
  EXPECT_NEAR(p.position.x, 5, kEps);
  EXPECT_NEAR(p.position.y, 0, kEps);
  EXPECT_NEAR(p.heading_rad, 0, kEps);
  p = line.PoseAt(15);
  EXPECT_NEAR(p.position.x, 10, kEps);
  EXPECT_NEAR(p.position.y, 5, kEps);
  EXPECT_NEAR(p.heading_rad, kPi / 2, kEps);
  // a ramp: z follows the station
  const ArcPolyline ramp({{0, 0, 0}, {4, 0, 3}});
  p = ramp.PoseAt(2.5);
  EXPECT_NEAR(p.position.x, 2, kEps);
  EXPECT_NEAR(p.position.z, 1.5, kEps);
  // south-west heading is in (-pi, -pi/2)
  EXPECT_NEAR(ArcPolyline({{0, 0, 0}, {-1, -1, 0}}).PoseAt(0.5).heading_rad, -3 * kPi / 4, kEps);
}

TEST(ArcPolyline, PoseAtClampsStationsOutsideTheLine) {
  const ArcPolyline line = LShape();
  LanePose p = line.PoseAt(-3);
  EXPECT_NEAR(p.position.x, 0, kEps);
  EXPECT_NEAR(p.heading_rad, 0, kEps);
  p = line.PoseAt(1e9);
  EXPECT_NEAR(p.position.x, 10, kEps);
  EXPECT_NEAR(p.position.y, 10, kEps);
  EXPECT_NEAR(p.heading_rad, kPi / 2, kEps);
  p = line.PoseAt(std::nan(""));
  EXPECT_NEAR(p.position.x, 0, kEps);
  EXPECT_NEAR(p.position.y, 0, kEps);
}

TEST(ArcPolyline, ZeroLengthSegmentsBorrowANeighboursHeading) {
  const ArcPolyline line({{0, 0, 0}, {0, 0, 0}, {10, 0, 0}, {10, 0, 0}, {10, 10, 0}, {10, 10, 0}});
  EXPECT_DOUBLE_EQ(line.length_m(), 20.0);
  EXPECT_NEAR(line.PoseAt(0).heading_rad, 0, kEps);
  // at the duplicated corner the pose is on the next real segment
  LanePose p = line.PoseAt(10);
  EXPECT_NEAR(p.position.x, 10, kEps);
  EXPECT_NEAR(p.position.y, 0, kEps);
  EXPECT_NEAR(p.heading_rad, kPi / 2, kEps);
  // the trailing duplicate keeps the last real heading rather than 0
  EXPECT_NEAR(line.PoseAt(20).heading_rad, kPi / 2, kEps);
  const ArcPolyline::Projection pr = line.Project({11, 10, 0});
  EXPECT_NEAR(pr.station_m, 20, kEps);
  EXPECT_NEAR(pr.distance_m, 1, kEps);
}

TEST(ArcPolyline, SinglePointAndEmptyLines) {
  const ArcPolyline point({{3, 4, 5}});
  EXPECT_EQ(point.length_m(), 0);
  EXPECT_EQ(point.segment_count(), 0u);
  const LanePose p = point.PoseAt(7);
  EXPECT_EQ(p.position.x, 3);
  EXPECT_EQ(p.position.z, 5);
  EXPECT_EQ(p.heading_rad, 0);
  const ArcPolyline::Projection pr = point.Project({0, 0, 100});
  EXPECT_NEAR(pr.distance_m, 5, kEps);  // in plan: z ignored
  EXPECT_EQ(pr.station_m, 0);
  EXPECT_EQ(pr.lateral_m, 0);

  const ArcPolyline empty;
  EXPECT_EQ(empty.length_m(), 0);
  EXPECT_EQ(empty.PoseAt(1).position.x, 0);
  EXPECT_EQ(empty.Project({1, 1, 0}).distance_m, 0);
}

TEST(ArcPolyline, ProjectionLateralIsPositiveToTheRightOfTravel) {
  const ArcPolyline line = LShape();
  ArcPolyline::Projection pr = line.Project({5, -2, 0});  // south of eastward travel: right
  EXPECT_NEAR(pr.station_m, 5, kEps);
  EXPECT_NEAR(pr.lateral_m, 2, kEps);
  EXPECT_NEAR(pr.distance_m, 2, kEps);
  pr = line.Project({5, 3, 0});  // north: left
  EXPECT_NEAR(pr.lateral_m, -3, kEps);
  pr = line.Project({12, 5, 0});  // east of northward travel: right
  EXPECT_NEAR(pr.station_m, 15, kEps);
  EXPECT_NEAR(pr.lateral_m, 2, kEps);
  pr = line.Project({7, 5, 0});  // inside the turn: left of both legs
  EXPECT_NEAR(pr.lateral_m, -3, kEps);
  EXPECT_NEAR(pr.distance_m, 3, kEps);
  // outside the corner: the vertex is closest, on the right
  pr = line.Project({12, -2, 0});
  EXPECT_NEAR(pr.station_m, 10, kEps);
  EXPECT_NEAR(pr.distance_m, std::sqrt(8.0), kEps);
  EXPECT_NEAR(pr.lateral_m, std::sqrt(8.0), kEps);
  // z ignored for the distance, station measured in 3D on a ramp
  pr = ArcPolyline({{0, 0, 0}, {4, 0, 3}}).Project({2, 1, 50});
  EXPECT_NEAR(pr.station_m, 2.5, kEps);
  EXPECT_NEAR(pr.lateral_m, -1, kEps);
}

TEST(ArcPolyline, ProjectionBeyondTheEndsClampsStation) {
  const ArcPolyline line = LShape();
  ArcPolyline::Projection pr = line.Project({-3, -1, 0});
  EXPECT_NEAR(pr.station_m, 0, kEps);
  EXPECT_NEAR(pr.lateral_m, 1, kEps);  // perpendicular offset from the first segment's line
  EXPECT_NEAR(pr.distance_m, std::sqrt(10.0), kEps);
  pr = line.Project({9, 13, 0});
  EXPECT_NEAR(pr.station_m, 20, kEps);
  EXPECT_NEAR(pr.lateral_m, -1, kEps);  // west of northward travel: left
  EXPECT_NEAR(pr.distance_m, std::sqrt(10.0), kEps);
}

TEST(ArcPolyline, ProjectionPointIsTheClosestPointOnRandomLines) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-50, 50);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<Vec3> pts;
    for (int i = 0; i < 8; ++i) pts.push_back({u(rng), u(rng), u(rng) * 0.1});
    const ArcPolyline line(pts);
    const Vec3 p{u(rng), u(rng), 0};
    const ArcPolyline::Projection pr = line.Project(p);
    // the pose at the returned station is the closest point
    const LanePose at = line.PoseAt(pr.station_m);
    EXPECT_NEAR(std::hypot(at.position.x - p.x, at.position.y - p.y), pr.distance_m, 1e-6);
    // and nothing sampled along the line is closer
    double sampled = 1e300;
    for (double s = 0; s <= line.length_m(); s += 0.05) {
      const LanePose q = line.PoseAt(s);
      sampled = std::min(sampled, std::hypot(q.position.x - p.x, q.position.y - p.y));
    }
    EXPECT_LE(pr.distance_m, sampled + 1e-9);
    EXPECT_LE(std::abs(pr.lateral_m), pr.distance_m + 1e-9);
  }
}

// a straight lane along x from x0 to x1 at height y, split into `points` points
world::Lane StraightLane(std::string id, double y, double x0, double x1, Direction dir, int points) {
  world::Lane lane;
  lane.id = std::move(id);
  lane.direction = dir;
  for (int i = 0; i < points; ++i) lane.polyline.push_back({x0 + (x1 - x0) * i / (points - 1), y, 0});
  lane.length_m = std::abs(x1 - x0);
  return lane;
}

world::World FourLaneWorld() {
  world::World w;
  w.name = "four lanes";
  w.lanes.push_back(StraightLane("vn0", 0, 0, 100, Direction::kVnToCn, 5));
  w.lanes.push_back(StraightLane("vn1", 3.5, 0, 100, Direction::kVnToCn, 5));
  w.lanes.push_back(StraightLane("cn0", 7, 100, 0, Direction::kCnToVn, 5));
  w.lanes.push_back(StraightLane("cn1", 10.5, 100, 0, Direction::kCnToVn, 5));
  w.Reindex();
  return w;
}

TEST(LaneNetwork, NearestLaneWithAndWithoutDirectionFilter) {
  const LaneNetwork net(FourLaneWorld());
  ASSERT_EQ(net.lane_count(), 4);
  EXPECT_DOUBLE_EQ(net.lane(2).length_m(), 100.0);
  LaneNetwork::Snap snap = net.Nearest({50, 1, 0}, 10);
  EXPECT_EQ(snap.lane, 0);
  EXPECT_NEAR(snap.projection.station_m, 50, kEps);
  EXPECT_NEAR(snap.projection.lateral_m, -1, kEps);
  const Direction to_vn = Direction::kCnToVn;
  snap = net.Nearest({50, 1, 0}, 10, &to_vn);
  EXPECT_EQ(snap.lane, 2);
  EXPECT_NEAR(snap.projection.distance_m, 6, kEps);
  EXPECT_NEAR(snap.projection.station_m, 50, kEps);
  snap = net.Nearest({30, 8, 0}, 10, &to_vn);
  EXPECT_EQ(snap.lane, 2);
  EXPECT_NEAR(snap.projection.station_m, 70, kEps);  // lane 2 runs west from x = 100
  EXPECT_NEAR(snap.projection.lateral_m, 1, kEps);   // north of westward travel: right
  // too far for the limit
  EXPECT_EQ(net.Nearest({50, 1, 0}, 5, &to_vn).lane, -1);
  EXPECT_EQ(net.Nearest({50, 500, 0}, 20).lane, -1);
  EXPECT_EQ(net.Nearest({50, 500, 0}, 1e9).lane, 3);
  EXPECT_EQ(net.Nearest({std::nan(""), 0, 0}, 10).lane, -1);
  // exactly between two lanes: the lower index wins
  EXPECT_EQ(net.Nearest({50, 1.75, 0}, 10).lane, 0);
}

TEST(LaneNetwork, EmptyWorldAndDegenerateLanes) {
  world::World w;
  EXPECT_EQ(LaneNetwork(w).Nearest({0, 0, 0}, 100).lane, -1);
  world::Lane dot;
  dot.id = "dot";
  dot.polyline = {{5, 5, 0}};
  w.lanes.push_back(dot);
  world::Lane none;
  none.id = "none";
  w.lanes.push_back(none);
  w.Reindex();
  const LaneNetwork net(w);
  const LaneNetwork::Snap snap = net.Nearest({8, 9, 0}, 10);
  EXPECT_EQ(snap.lane, 0);
  EXPECT_NEAR(snap.projection.distance_m, 5, kEps);
}

// 50 wandering lanes of 20 points: the grid must agree exactly with a scan of every lane
TEST(LaneNetwork, GridAgreesWithBruteForce) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> step(2, 40), turn(-0.4, 0.4), start(-300, 300);
  world::World w;
  for (int l = 0; l < 50; ++l) {
    world::Lane lane;
    lane.id = "lane" + std::to_string(l);
    lane.direction = l % 3 == 0 ? Direction::kCnToVn : Direction::kVnToCn;
    double x = start(rng), y = start(rng) * 0.2, h = turn(rng);
    for (int i = 0; i < 20; ++i) {
      lane.polyline.push_back({x, y, 0});
      // an occasional duplicate point, as surveys produce
      if (i == 7) lane.polyline.push_back({x, y, 0});
      x += step(rng) * std::cos(h), y += step(rng) * std::sin(h), h += turn(rng);
    }
    w.lanes.push_back(std::move(lane));
  }
  w.Reindex();
  const LaneNetwork net(w);
  std::uniform_real_distribution<double> qx(-600, 1200), qy(-400, 400);
  const double limits[] = {3, 15, 60, 1e9};
  int found = 0;
  for (int q = 0; q < 4000; ++q) {
    const Vec3 p{qx(rng), qy(rng), 0};
    const double limit = limits[q % 4];
    for (int filter = 0; filter < 3; ++filter) {
      const Direction d = filter == 1 ? Direction::kVnToCn : Direction::kCnToVn;
      const Direction* dir = filter == 0 ? nullptr : &d;
      int best_lane = -1;
      double best_d = 1e300;
      for (int l = 0; l < net.lane_count(); ++l) {
        if (dir && net.direction(l) != *dir) continue;
        const double dist = net.lane(l).Project(p).distance_m;
        if (dist < best_d) best_d = dist, best_lane = l;
      }
      if (best_d > limit) best_lane = -1;
      const LaneNetwork::Snap snap = net.Nearest(p, limit, dir);
      ASSERT_EQ(snap.lane, best_lane) << "query " << q << " at " << p.x << "," << p.y;
      if (best_lane >= 0) {
        ++found;
        EXPECT_EQ(snap.projection.distance_m, best_d);
      }
    }
  }
  EXPECT_GT(found, 2000);  // the test exercised real snaps, not only misses
}

}  // namespace
}  // namespace gatetwin::engine
