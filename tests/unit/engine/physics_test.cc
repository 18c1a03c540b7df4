// Tests of PhysicsWorld: zone presence (entered/left, false positives, removal), rays, brute-force checks.
#include "engine/physics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace gatetwin::engine {
namespace {

using world::Vec3;

constexpr Vec3 kCarHalf{2, 1, 0.75};  // a 4 m × 2 m × 1.5 m car

std::vector<std::pair<uint32_t, uint32_t>> Pairs(const std::vector<PresenceChange>& changes, bool entered) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const PresenceChange& c : changes) {
    if (c.entered == entered) out.emplace_back(c.zone_id, c.vehicle_id);
  }
  return out;
}

TEST(PhysicsWorld, EnteringAndLeavingAZoneGiveOneChangeEach) {
  PhysicsWorld pw;
  ASSERT_TRUE(pw.AddDetectorZone(7, {0, 0, 1}, {5, 5, 2}, 0));
  ASSERT_TRUE(pw.AddVehicle(1, kCarHalf));
  ASSERT_TRUE(pw.SetVehiclePose(1, {50, 0, 0}, 0));
  pw.Update();
  EXPECT_TRUE(pw.presence_changes().empty());

  pw.SetVehiclePose(1, {1, 0, 0}, 0.3);
  pw.Update();
  ASSERT_EQ(pw.presence_changes().size(), 1u);
  EXPECT_EQ(pw.presence_changes()[0].zone_id, 7u);
  EXPECT_EQ(pw.presence_changes()[0].vehicle_id, 1u);
  EXPECT_TRUE(pw.presence_changes()[0].entered);
  ASSERT_EQ(pw.ZoneOccupants(7).size(), 1u);
  EXPECT_EQ(pw.ZoneOccupants(7)[0], 1u);

  // staying inside, moving inside: no new change
  pw.Update();
  EXPECT_TRUE(pw.presence_changes().empty());
  pw.SetVehiclePose(1, {-1, 1, 0}, -0.2);
  pw.Update();
  EXPECT_TRUE(pw.presence_changes().empty());

  pw.SetVehiclePose(1, {30, 0, 0}, 0);
  pw.Update();
  ASSERT_EQ(pw.presence_changes().size(), 1u);
  EXPECT_FALSE(pw.presence_changes()[0].entered);
  EXPECT_TRUE(pw.ZoneOccupants(7).empty());
  pw.Update();
  EXPECT_TRUE(pw.presence_changes().empty());
}

TEST(PhysicsWorld, BoxesNearButOutsideAZoneAreNotPresent) {
  PhysicsWorld pw;
  pw.AddDetectorZone(1, {0, 0, 1}, {5, 5, 2}, 0);
  // 3 cm clear of the zone's east face: inside Bullet's padded boxes (each grows by its
  // 2 cm contact threshold), outside the real ones
  pw.AddVehicle(10, kCarHalf);
  pw.SetVehiclePose(10, {7.03, 0, 0}, 0);
  // a zone turned 45°: this car sits in the corner of its AABB but outside the zone itself
  pw.AddDetectorZone(2, {100, 0, 1}, {5, 5, 2}, std::numbers::pi / 4);
  pw.AddVehicle(11, {1, 1, 0.75});
  pw.SetVehiclePose(11, {100 + 5.5, 5.5, 0}, 0);
  // above the zone's top face
  pw.AddVehicle(12, kCarHalf);
  pw.SetVehiclePose(12, {0, 0, 3.1}, 0);
  pw.Update();
  EXPECT_TRUE(pw.presence_changes().empty());
  EXPECT_TRUE(pw.ZoneOccupants(1).empty());
  EXPECT_TRUE(pw.ZoneOccupants(2).empty());
  // the broadphase did propose them: the confirmation is what rejected them
  EXPECT_GE(pw.candidate_pair_count(), 2u);

  // touching counts as inside
  pw.SetVehiclePose(10, {7, 0, 0}, 0);
  pw.Update();
  EXPECT_EQ(Pairs(pw.presence_changes(), true), (std::vector<std::pair<uint32_t, uint32_t>>{{1, 10}}));
}

TEST(PhysicsWorld, RemovingAVehicleOrZoneInsideReportsLeft) {
  PhysicsWorld pw;
  pw.AddDetectorZone(3, {0, 0, 1}, {10, 10, 2}, 0);
  pw.AddDetectorZone(4, {5, 0, 1}, {10, 10, 2}, 0);
  for (uint32_t id : {5u, 6u}) {
    pw.AddVehicle(id, kCarHalf);
    pw.SetVehiclePose(id, {static_cast<double>(id), 0, 0}, 0);
  }
  pw.Update();
  EXPECT_EQ(Pairs(pw.presence_changes(), true),
            (std::vector<std::pair<uint32_t, uint32_t>>{{3, 5}, {3, 6}, {4, 5}, {4, 6}}));

  EXPECT_TRUE(pw.RemoveVehicle(5));
  EXPECT_FALSE(pw.RemoveVehicle(5));
  EXPECT_FALSE(pw.SetVehiclePose(5, {0, 0, 0}, 0));
  pw.Update();
  EXPECT_EQ(Pairs(pw.presence_changes(), false), (std::vector<std::pair<uint32_t, uint32_t>>{{3, 5}, {4, 5}}));
  EXPECT_TRUE(Pairs(pw.presence_changes(), true).empty());

  EXPECT_TRUE(pw.RemoveDetectorZone(3));
  EXPECT_EQ(pw.zone_count(), 1u);
  pw.Update();
  EXPECT_EQ(Pairs(pw.presence_changes(), false), (std::vector<std::pair<uint32_t, uint32_t>>{{3, 6}}));
  EXPECT_TRUE(pw.ZoneOccupants(3).empty());
}

TEST(PhysicsWorld, RejectsDuplicatesAndBadBoxes) {
  PhysicsWorld pw;
  EXPECT_TRUE(pw.AddVehicle(1, kCarHalf));
  EXPECT_FALSE(pw.AddVehicle(1, kCarHalf));
  EXPECT_FALSE(pw.AddVehicle(2, {0, 1, 1}));
  EXPECT_FALSE(pw.AddVehicle(3, {1, std::nan(""), 1}));
  EXPECT_TRUE(pw.AddDetectorZone(1, {}, {1, 1, 1}, 0));
  EXPECT_FALSE(pw.AddDetectorZone(1, {}, {1, 1, 1}, 0));
  EXPECT_FALSE(pw.RemoveDetectorZone(9));
  EXPECT_EQ(pw.vehicle_count(), 1u);
  EXPECT_TRUE(pw.HasVehicle(1));
  EXPECT_FALSE(pw.HasVehicle(2));
  // the object survives a move
  PhysicsWorld moved = std::move(pw);
  EXPECT_EQ(moved.vehicle_count(), 1u);
  moved.Update();
  EXPECT_EQ(moved.presence_changes().size(), 1u);  // vehicle 1 at the origin, inside zone 1
}

TEST(PhysicsWorld, RayQueryPicksTheNearestVehicleAndIgnoresZones) {
  PhysicsWorld pw;
  pw.AddDetectorZone(1, {5, 0, 1}, {2, 2, 2}, 0);  // between the ray's start and the cars
  pw.AddVehicle(20, kCarHalf);
  pw.SetVehiclePose(20, {20, 0, 0}, 0);
  pw.AddVehicle(10, kCarHalf);
  pw.SetVehiclePose(10, {10, 0, 0}, 0);
  RayHit hit = pw.RayQuery({0, 0, 1}, {100, 0, 1});
  ASSERT_TRUE(hit.hit);
  EXPECT_EQ(hit.vehicle_id, 10u);
  EXPECT_NEAR(hit.point.x, 8, 1e-3);  // the car's rear face
  EXPECT_NEAR(hit.distance_m, 8, 1e-3);
  hit = pw.RayQuery({100, 0, 1}, {0, 0, 1});
  ASSERT_TRUE(hit.hit);
  EXPECT_EQ(hit.vehicle_id, 20u);
  EXPECT_NEAR(hit.point.x, 22, 1e-3);
  // a picking ray from a camera above, straight down onto car 20's roof
  hit = pw.RayQuery({20, 0.5, 50}, {20, 0.5, -1});
  ASSERT_TRUE(hit.hit);
  EXPECT_EQ(hit.vehicle_id, 20u);
  EXPECT_NEAR(hit.point.z, 1.5, 1e-3);
  // empty space, over the cars' roofs, through the zone only, zero length
  EXPECT_FALSE(pw.RayQuery({0, 5, 1}, {100, 5, 1}).hit);
  EXPECT_FALSE(pw.RayQuery({0, 0, 1.6}, {100, 0, 1.6}).hit);
  EXPECT_FALSE(pw.RayQuery({5, -10, 1}, {5, 10, 1}).hit);
  EXPECT_FALSE(pw.RayQuery({10, 0, 1}, {10, 0, 1}).hit);
  // removed vehicles are not picked
  pw.RemoveVehicle(10);
  hit = pw.RayQuery({0, 0, 1}, {100, 0, 1});
  ASSERT_TRUE(hit.hit);
  EXPECT_EQ(hit.vehicle_id, 20u);
}

// An independent overlap test for the random checks: separating axes from the boxes'
// corner points (edge normals, projected min/max), rather than PhysicsWorld's radii.
struct TestBox {
  double x, y, z, hx, hy, hz, heading;
  std::vector<std::pair<double, double>> Corners() const {
    std::vector<std::pair<double, double>> out;
    const double c = std::cos(heading), s = std::sin(heading);
    for (int sx : {-1, 1}) {
      for (int sy : {-1, 1}) out.emplace_back(x + c * sx * hx - s * sy * hy, y + s * sx * hx + c * sy * hy);
    }
    return out;
  }
};

bool BruteOverlap(const TestBox& a, const TestBox& b) {
  if (std::abs(a.z - b.z) > a.hz + b.hz) return false;
  const auto ca = a.Corners(), cb = b.Corners();
  for (double h : {a.heading, a.heading + std::numbers::pi / 2, b.heading, b.heading + std::numbers::pi / 2}) {
    const double ux = std::cos(h), uy = std::sin(h);
    double amin = 1e300, amax = -1e300, bmin = 1e300, bmax = -1e300;
    for (auto [x, y] : ca) amin = std::min(amin, x * ux + y * uy), amax = std::max(amax, x * ux + y * uy);
    for (auto [x, y] : cb) bmin = std::min(bmin, x * ux + y * uy), bmax = std::max(bmax, x * ux + y * uy);
    if (amax < bmin || bmax < amin) return false;
  }
  return true;
}

// 1,000+ vehicles placed at random, then moved, added and removed for several updates: the
// occupancy and the changes must match a brute-force check of every vehicle against every zone
void RandomPresenceAgreesWithBruteForce(bool turned, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(0, 600), uy(-60, 60), uh(-std::numbers::pi, std::numbers::pi);
  std::uniform_real_distribution<double> uz(-0.5, 0.5), size(2, 12), jitter(-3, 3);
  PhysicsWorld pw;
  std::map<uint32_t, TestBox> zones;
  for (uint32_t z = 0; z < 50; ++z) {
    TestBox b{ux(rng), uy(rng), 1, size(rng), size(rng) * 0.5, 2, turned ? uh(rng) : 0};
    zones[z * 3 + 1] = b;  // ids need not be dense
    ASSERT_TRUE(pw.AddDetectorZone(z * 3 + 1, {b.x, b.y, b.z}, {b.hx, b.hy, b.hz}, b.heading));
  }
  std::map<uint32_t, TestBox> vehicles;
  uint32_t next_id = 1000;
  const auto add_vehicle = [&] {
    const bool truck = rng() % 2 == 0;
    TestBox b{ux(rng), uy(rng), 0, truck ? 8.0 : 2.2, truck ? 1.25 : 0.9, truck ? 2.0 : 0.75, turned ? uh(rng) : 0};
    b.z = uz(rng) + b.hz;  // box centre; the pose is the footprint on the ground
    ASSERT_TRUE(pw.AddVehicle(next_id, {b.hx, b.hy, b.hz}));
    ASSERT_TRUE(pw.SetVehiclePose(next_id, {b.x, b.y, b.z - b.hz}, b.heading));
    vehicles[next_id++] = b;
  };
  for (int i = 0; i < 1000; ++i) add_vehicle();

  std::set<std::pair<uint32_t, uint32_t>> previous;
  size_t total_present = 0, total_changes = 0;
  for (int step = 0; step < 8; ++step) {
    pw.Update();
    std::set<std::pair<uint32_t, uint32_t>> expected;
    for (const auto& [zid, zb] : zones) {
      for (const auto& [vid, vb] : vehicles) {
        if (BruteOverlap(zb, vb)) expected.emplace(zid, vid);
      }
    }
    std::set<std::pair<uint32_t, uint32_t>> actual;
    for (const auto& [zid, zb] : zones) {
      const auto occ = pw.ZoneOccupants(zid);
      ASSERT_TRUE(std::is_sorted(occ.begin(), occ.end()));
      for (uint32_t vid : occ) actual.emplace(zid, vid);
    }
    ASSERT_EQ(actual, expected) << "step " << step;
    ASSERT_GE(pw.candidate_pair_count(), expected.size());
    // the changes are exactly the difference from the previous update, in (zone, vehicle) order
    std::vector<PresenceChange> want;
    for (const auto& zv : expected) {
      if (!previous.contains(zv)) want.push_back({zv.first, zv.second, true});
    }
    for (const auto& zv : previous) {
      if (!expected.contains(zv)) want.push_back({zv.first, zv.second, false});
    }
    std::sort(want.begin(), want.end(), [](const PresenceChange& a, const PresenceChange& b) {
      return std::pair(a.zone_id, a.vehicle_id) < std::pair(b.zone_id, b.vehicle_id);
    });
    const auto& got = pw.presence_changes();
    ASSERT_EQ(got.size(), want.size()) << "step " << step;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].zone_id, want[i].zone_id);
      EXPECT_EQ(got[i].vehicle_id, want[i].vehicle_id);
      EXPECT_EQ(got[i].entered, want[i].entered);
    }
    total_present += expected.size();
    total_changes += want.size();
    previous = std::move(expected);

    // move most vehicles a little, remove a few, add a few
    for (auto it = vehicles.begin(); it != vehicles.end();) {
      if (rng() % 20 == 0) {
        ASSERT_TRUE(pw.RemoveVehicle(it->first));
        it = vehicles.erase(it);
        continue;
      }
      TestBox& b = it->second;
      b.x += jitter(rng), b.y += jitter(rng);
      if (turned) b.heading += jitter(rng) * 0.1;
      ASSERT_TRUE(pw.SetVehiclePose(it->first, {b.x, b.y, b.z - b.hz}, b.heading));
      ++it;
    }
    for (int i = 0; i < 50; ++i) add_vehicle();
    ASSERT_EQ(pw.vehicle_count(), vehicles.size());
  }
  // the check had real work to do
  EXPECT_GT(total_present, 100u);
  EXPECT_GT(total_changes, 50u);
}

TEST(PhysicsWorld, ThousandAxisAlignedVehiclesMatchBruteForceAabbs) { RandomPresenceAgreesWithBruteForce(false, 1); }

TEST(PhysicsWorld, ThousandTurnedVehiclesMatchBruteForceBoxes) { RandomPresenceAgreesWithBruteForce(true, 2); }

TEST(PhysicsWorld, HandlesThousandsOfVehiclesComingAndGoing) {
  PhysicsWorld pw;
  pw.AddDetectorZone(1, {0, 0, 1}, {50, 50, 2}, 0);
  for (uint32_t id = 0; id < 6000; ++id) {
    ASSERT_TRUE(pw.AddVehicle(id, kCarHalf));
    pw.SetVehiclePose(id, {static_cast<double>(id % 100) * 5 - 250, static_cast<double>(id / 100) * 5 - 150, 0}, 0);
  }
  pw.Update();
  const size_t inside = pw.ZoneOccupants(1).size();
  EXPECT_GT(inside, 100u);
  EXPECT_EQ(pw.presence_changes().size(), inside);
  for (uint32_t id = 0; id < 6000; id += 2) ASSERT_TRUE(pw.RemoveVehicle(id));
  EXPECT_EQ(pw.vehicle_count(), 3000u);
  pw.Update();
  for (const PresenceChange& c : pw.presence_changes()) {
    EXPECT_FALSE(c.entered);
    EXPECT_EQ(c.vehicle_id % 2, 0u);
  }
  EXPECT_EQ(pw.ZoneOccupants(1).size() + pw.presence_changes().size(), inside);
}

}  // namespace
}  // namespace gatetwin::engine
