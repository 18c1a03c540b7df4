// What the loader derives from valid files: lane polylines, stations, positions, directions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "tests/unit/world/world_test_util.h"
#include "world/geo_frame.h"

namespace gatetwin::world {
namespace {

using testing::kHeader;
using testing::MustLoad;

TEST(Load, DerivesLanePolylinesFromTheRoad) {
  const World w = MustLoad(kHeader);
  ASSERT_EQ(w.lanes.size(), 2u);
  const Lane& in1 = w.lanes[0];
  const Lane& out1 = w.lanes[1];
  ASSERT_EQ(in1.polyline.size(), 2u);
  EXPECT_DOUBLE_EQ(in1.polyline[0].x, 1.75);  // right of northbound travel is east
  EXPECT_DOUBLE_EQ(in1.polyline[1].y, 300);
  EXPECT_DOUBLE_EQ(in1.length_m, 300);
  // cn_to_vn runs back south, on the west side
  EXPECT_DOUBLE_EQ(out1.polyline.front().x, -1.75);
  EXPECT_DOUBLE_EQ(out1.polyline.front().y, 300);
  EXPECT_DOUBLE_EQ(out1.polyline.back().y, 0);
  EXPECT_EQ(in1.allowed_classes, 0x3f);
  EXPECT_DOUBLE_EQ(in1.width_m, 3.5);
}

TEST(Load, OffsetsBentRoadsWithMitredCorners) {
  const World w = MustLoad(
      "world: {name: t}\nanchor: {lat: 21.98, lon: 106.72}\n"
      "roads: [{id: r, centreline: [[0, 0], [0, 100], [100, 100]]}]\n"
      "lanes: [{id: a, road: r, offset_m: 2, direction: vn_to_cn, speed_limit_kmh: 30, classes: [truck, "
      "container]}]\n");
  const Lane& a = w.lanes[0];
  ASSERT_EQ(a.polyline.size(), 3u);
  // the right-hand side of a right turn is its inside: the corner moves to (2, 98)
  EXPECT_NEAR(a.polyline[1].x, 2, 1e-9);
  EXPECT_NEAR(a.polyline[1].y, 98, 1e-9);
  EXPECT_NEAR(a.polyline[2].y, 98, 1e-9);
  EXPECT_NEAR(a.length_m, 196, 1e-9);
  EXPECT_TRUE(a.Allows(VehicleClass::kContainer));
  EXPECT_FALSE(a.Allows(VehicleClass::kCar));
}

TEST(Load, ExplicitPolylineOverridesTheRoad) {
  const World w = MustLoad(kHeader +
                           "  - {id: x, polyline: [[10, 0], [10, 50], [20, 50]], direction: vn_to_cn, "
                           "speed_limit_kmh: 20}\n");
  EXPECT_EQ(w.lanes[2].road, -1);
  EXPECT_DOUBLE_EQ(w.lanes[2].length_m, 60);
}

TEST(Load, SensorsGetStationsPositionsAndDirections) {
  const World w = MustLoad(kHeader +
                           "sensors:\n"
                           "  - {id: a, kind: anpr, role: entry, lanes: [out1], at_m: 100}\n"
                           "  - {id: r, kind: radar, role: count, lanes: [in1, out1], position: [0, 120]}\n"
                           "  - {id: g, kind: gps, role: tracker}\n");
  const Sensor& a = w.sensors[0];
  EXPECT_THAT(a.station_m, ::testing::ElementsAre(100));
  EXPECT_DOUBLE_EQ(a.position.x, -1.75);
  EXPECT_DOUBLE_EQ(a.position.y, 200);  // out1 runs south from y = 300
  EXPECT_EQ(a.direction, Direction::kCnToVn);
  const Sensor& r = w.sensors[1];
  EXPECT_THAT(r.lanes, ::testing::ElementsAre(0, 1));
  ASSERT_EQ(r.station_m.size(), 2u);
  EXPECT_NEAR(r.station_m[0], 120, 1e-9);
  EXPECT_NEAR(r.station_m[1], 180, 1e-9);
  EXPECT_DOUBLE_EQ(r.position.y, 120);
  EXPECT_FALSE(r.direction.has_value());  // covers both directions
  const Sensor& g = w.sensors[2];
  EXPECT_TRUE(g.lanes.empty());
  EXPECT_EQ(g.role, SensorRole::kTracker);
}

TEST(Load, GeoPointsAreConvertedWithTheAnchor) {
  const World w = MustLoad(
      "world: {name: t}\nanchor: {lat: 22.0, lon: 106.72}\n"
      "border: {line: [{lat: 22.0, lon: 106.719}, {lat: 22.0, lon: 106.721}], markers: [{id: m, position: "
      "{lat: 22.001, lon: 106.72}}]}\n");
  ASSERT_EQ(w.border.line.size(), 2u);
  EXPECT_NEAR(w.border.line[0].x, -103.23, 0.05);
  EXPECT_NEAR(w.border.markers[0].position.y, 110.69, 0.05);
  GeoFrame frame(w.anchor);
  const Vec3 geo = frame.ToGeo(w.border.markers[0].position);
  EXPECT_NEAR(geo.x, 22.001, 1e-9);
}

TEST(Load, ParametersAndNames) {
  const World w = MustLoad(
      "world: {name: t, phase: p, phase_names: {vi: Giai đoạn 1, zh: 一期, en: Phase 1}}\n"
      "anchor: {lat: 21.98, lon: 106.72, alt_m: 250}\n"
      "parameters: {vehicle_spacing_m: 20, reorder_window_s: 0.5, utc_offset: \"-03:30\"}\n");
  EXPECT_EQ(w.phase_names.vi, "Giai đoạn 1");
  EXPECT_EQ(w.phase_names.zh, "一期");
  EXPECT_EQ(w.anchor.alt_m, 250);
  EXPECT_EQ(w.params.vehicle_spacing_m, 20);
  EXPECT_EQ(w.params.reorder_window_s, 0.5);
  EXPECT_EQ(w.params.utc_offset_min, -210);
}

}  // namespace
}  // namespace gatetwin::world
