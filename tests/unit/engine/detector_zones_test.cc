// Tests of DetectorZones: the same presence as testing every zone's box, enter/leave diffs, removal.
#include "engine/detector_zones.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/vehicle.h"
#include "world/load.h"

namespace gatetwin::engine {
namespace {

world::World Load(const std::string& path) {
  auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + path);
  EXPECT_TRUE(loaded.ok());
  return std::move(*loaded.world);
}

world::Vec3 HalfOf(world::VehicleClass c) {
  const VehicleSize s = SizeOf(c);
  return {s.length_m / 2, s.width_m / 2, s.height_m / 2};
}

// Every vehicle class at a station every 0.25 m of every lane, found by station in
// DetectorZones and by testing the box against every zone of the world (the exact test
// PhysicsWorld confirms its broadphase pairs with; physics_test checks PhysicsWorld against
// the same brute force). Both must name the same zones, neighbouring lanes' included.
void AgreesWithEveryZoneTested(const std::string& path) {
  const world::World w = Load(path);
  const LaneNetwork lanes(w);
  DetectorZones zones(w, lanes);
  ASSERT_GT(zones.zone_count(), 0u);
  std::vector<YawBox> all;
  for (const world::Sensor& sensor : w.sensors) {
    if (sensor.kind != world::SensorKind::kLoop && sensor.kind != world::SensorKind::kRadar) continue;
    for (size_t i = 0; i < sensor.lanes.size(); ++i) {
      const LanePose pose = lanes.lane(sensor.lanes[i]).PoseAt(sensor.station_m[i]);
      YawBox& z = all.emplace_back();
      z.hx = 1.0, z.hy = w.lanes[static_cast<size_t>(sensor.lanes[i])].width_m / 2, z.hz = 1.0;
      z.Set(pose.position.x, pose.position.y, pose.position.z + 1.0, pose.heading_rad);
    }
  }
  ASSERT_EQ(all.size(), zones.zone_count());
  size_t inside = 0;
  for (int l = 0; l < lanes.lane_count(); ++l) {
    for (int c = 0; c < world::kVehicleClassCount; ++c) {
      const world::Vec3 half = HalfOf(static_cast<world::VehicleClass>(c));
      for (double s = -1.0; s < lanes.lane(l).length_m() + 1.0; s += 0.25) {
        const LanePose pose = lanes.lane(l).PoseAt(s);
        zones.Place(0, half, l, s);
        zones.ClearChanges();
        YawBox box;
        box.hx = half.x, box.hy = half.y, box.hz = half.z;
        box.Set(pose.position.x, pose.position.y, pose.position.z + half.z, pose.heading_rad);
        std::vector<uint32_t> expected;
        for (uint32_t z = 0; z < all.size(); ++z) {
          if (Overlaps(box, all[z])) expected.push_back(z);
        }
        ASSERT_EQ(zones.ZonesOf(0), expected) << path << " lane " << w.lanes[static_cast<size_t>(l)].id << " at " << s;
        inside += expected.size();
      }
    }
  }
  EXPECT_GT(inside, 0u);  // the sweep did cross zones
}

TEST(DetectorZones, AgreesWithEveryZoneTestedOnTheSixLaneWorld) {
  AgreesWithEveryZoneTested("/assets/worlds/huu_nghi/phase1_6lane.yaml");
}

TEST(DetectorZones, AgreesWithEveryZoneTestedOnTheFourteenLaneWorld) {
  AgreesWithEveryZoneTested("/assets/worlds/huu_nghi/phase2_14lane.yaml");
}

TEST(DetectorZones, DrivingOverAZoneEntersOnceAndLeavesOnce) {
  const world::World w = Load("/tests/data/worlds/tiny.yaml");  // loop at 100 m on lane in1
  const LaneNetwork lanes(w);
  DetectorZones zones(w, lanes);
  const int in1 = w.FindLane("in1");
  const world::Vec3 half = HalfOf(world::VehicleClass::kTruck);
  int entered = 0, left = 0;
  for (double s = 0; s <= 300; s += 2.5) {
    zones.Place(7, half, in1, s);
    for (const PresenceChange& c : zones.changes()) {
      EXPECT_EQ(c.vehicle_id, 7u);
      EXPECT_EQ(w.sensors[static_cast<size_t>(zones.sensor(c.zone_id))].id, "loop.in1");
      (c.entered ? entered : left)++;
    }
    zones.ClearChanges();
    // a 12 m truck over a 2 m loop at 100 m: inside from 93 m to 107 m
    EXPECT_EQ(zones.ZonesOf(7).empty(), s < 93 || s > 107) << s;
  }
  EXPECT_EQ(entered, 1);
  EXPECT_EQ(left, 1);
}

TEST(DetectorZones, RemovingAVehicleInsideLeavesItsZones) {
  const world::World w = Load("/tests/data/worlds/tiny.yaml");
  const LaneNetwork lanes(w);
  DetectorZones zones(w, lanes);
  const int in1 = w.FindLane("in1");
  zones.Place(3, HalfOf(world::VehicleClass::kCar), in1, 100);
  ASSERT_EQ(zones.changes().size(), 1u);
  zones.ClearChanges();
  zones.Remove(3);
  ASSERT_EQ(zones.changes().size(), 1u);
  EXPECT_FALSE(zones.changes()[0].entered);
  EXPECT_TRUE(zones.ZonesOf(3).empty());
  // off the lanes every zone is tested: a box put on the loop enters it
  zones.ClearChanges();
  zones.PlaceAt(4, HalfOf(world::VehicleClass::kCar), lanes.lane(in1).PoseAt(100));
  EXPECT_EQ(zones.ZonesOf(4).size(), 1u);
}

}  // namespace
}  // namespace gatetwin::engine
