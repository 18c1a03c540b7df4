// Engine: trips, queue-aware movement, yards, loss, snapshot, picking and detector zones.
//
// Uses tests/data/worlds/tiny.yaml: lane in1 (vn_to_cn) 300 m at 10 m/s, booth b1 at 200 m,
// a loop at 100 m, exit at 300 m, 20 m queue pitch.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <numbers>

#include "world/load.h"

namespace gatetwin::engine {
namespace {

constexpr TimeUs kT0 = 1'768'438'800'000'000;  // 2026-01-15T08:00:00+07:00
TimeUs At(double s) { return kT0 + static_cast<TimeUs>(s * kUsPerSecond); }

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/tests/data/worlds/tiny.yaml");
    ASSERT_TRUE(loaded.ok());
    world_ = std::move(*loaded.world);
    in1_ = world_.FindLane("in1");
    b1_ = world_.FindBooth("b1");
    yard_ = world_.FindZone("yard1");
  }
  uint32_t Enter(Engine& e, const char* plate, double t) {
    e.AdvanceTo(At(t));
    return e.Enter(plate, world::VehicleClass::kTruck, world::Direction::kVnToCn, in1_, 0, At(t));
  }

  world::World world_;
  int in1_ = -1, b1_ = -1, yard_ = -1;
};

TEST_F(EngineTest, VehiclesQueueOnePitchApartBehindABusyBooth) {
  Engine e(world_);
  const uint32_t a = Enter(e, "A", 0);
  const uint32_t b = Enter(e, "B", 2);
  const uint32_t c = Enter(e, "C", 4);
  e.AdvanceTo(At(20));
  e.ArriveAtBooth(a, b1_, in1_, 200, At(20));
  e.AdvanceTo(At(60));
  EXPECT_EQ(e.Get(a)->stage, Stage::kInService);
  EXPECT_DOUBLE_EQ(e.Get(b)->station_m, 180);
  EXPECT_DOUBLE_EQ(e.Get(c)->station_m, 160);
  EXPECT_EQ(e.Get(b)->stage, Stage::kQueued);
  EXPECT_EQ(e.Get(c)->stage, Stage::kQueued);
  EXPECT_EQ(e.lane_stats()[static_cast<size_t>(in1_)].queued, 2);

  // the booth frees: the queue moves up, B waits at the booth for its read
  e.ClearService(a, At(60));
  e.AdvanceTo(At(70));
  EXPECT_EQ(e.Get(a)->stage, Stage::kCleared);
  EXPECT_DOUBLE_EQ(e.Get(a)->station_m, 300);  // drove on to the exit camera
  EXPECT_DOUBLE_EQ(e.Get(b)->station_m, 200);
  EXPECT_DOUBLE_EQ(e.Get(c)->station_m, 180);
  e.Exit(a, At(70));
  EXPECT_EQ(e.Get(a), nullptr);
  EXPECT_EQ(e.FindActive("A"), nullptr);
  EXPECT_EQ(e.active_count(), 2);
  EXPECT_EQ(e.lane_stats()[static_cast<size_t>(in1_)].max_queued, 2);
  ASSERT_EQ(e.finished().size(), 1u);
  EXPECT_EQ(e.finished()[0].exit_us - e.finished()[0].entry_us, 70 * kUsPerSecond);
}

TEST_F(EngineTest, YardVisitsAreCountedAndTheTripResumes) {
  Engine e(world_);
  const uint32_t a = Enter(e, "A", 0);
  e.AdvanceTo(At(30));
  e.EnterYard(a, yard_, At(30));
  EXPECT_EQ(e.Get(a)->stage, Stage::kInYard);
  EXPECT_EQ(e.yard_stats()[static_cast<size_t>(yard_)].present, 1);
  EXPECT_EQ(e.lane_stats()[static_cast<size_t>(in1_)].present, 0);
  e.AdvanceTo(At(600));
  e.LeaveYard(a, in1_, 150, At(600));
  // not yet inspected: back toward the booth
  EXPECT_EQ(e.Get(a)->stage, Stage::kApproaching);
  EXPECT_DOUBLE_EQ(e.Get(a)->target_station_m, 200);
  EXPECT_EQ(e.yard_stats()[static_cast<size_t>(yard_)].present, 0);
  EXPECT_EQ(e.yard_stats()[static_cast<size_t>(yard_)].max_present, 1);
}

TEST_F(EngineTest, UnseenTripsAreLostButParkedOnesAreNot) {
  EngineOptions options;
  options.lost_after_us = 3600 * kUsPerSecond;
  Engine e(world_, options);
  const uint32_t a = Enter(e, "A", 0);
  const uint32_t b = Enter(e, "B", 1);
  e.EnterYard(b, yard_, At(1));
  e.AdvanceTo(At(2 * 3600));
  EXPECT_EQ(e.Get(a), nullptr);
  ASSERT_NE(e.Get(b), nullptr);
  ASSERT_EQ(e.finished().size(), 1u);
  EXPECT_EQ(e.finished()[0].end, TripEnd::kLost);
}

TEST_F(EngineTest, AnIdleEngineStillChecksForLossEveryMinute) {
  EngineOptions options;
  options.lost_after_us = 3600 * kUsPerSecond;
  Engine e(world_, options);
  const uint32_t a = Enter(e, "A", 0);  // waits at its booth from 20 s on: every lane sleeps
  // unseen for more than an hour at the minute check at 3,660 s, not at 3,600 s (not more)
  e.AdvanceTo(At(3659));
  EXPECT_NE(e.Get(a), nullptr);
  EXPECT_EQ(e.clock().now(), At(3659));
  e.AdvanceTo(At(3660));
  EXPECT_EQ(e.Get(a), nullptr);
}

TEST_F(EngineTest, SnapshotPlacesVehiclesOnTheirLanesSortedById) {
  Engine e(world_);
  Enter(e, "A", 0);
  Enter(e, "B", 5);
  e.AdvanceTo(At(10));
  SceneSnapshot snap;
  e.Snapshot(&snap);
  ASSERT_EQ(snap.vehicles.size(), 2u);
  EXPECT_LT(snap.vehicles[0].id, snap.vehicles[1].id);
  // A drove 100 m north along in1 (x = 1.75); heading north is +90° from east
  EXPECT_NEAR(snap.vehicles[0].position.x, 1.75, 1e-9);
  EXPECT_NEAR(snap.vehicles[0].position.y, 100, 1e-9);
  EXPECT_NEAR(snap.vehicles[0].heading_rad, std::numbers::pi / 2, 1e-6);
  EXPECT_EQ(snap.vehicles[0].colour, StageColour(static_cast<uint8_t>(Stage::kApproaching)));
  EXPECT_EQ(snap.sensors.size(), world_.sensors.size());
  EXPECT_EQ(snap.time_us, At(10));
}

TEST_F(EngineTest, RayPicksTheVehicleUnderIt) {
  Engine e(world_);
  const uint32_t a = Enter(e, "A", 0);
  e.AdvanceTo(At(10));  // A at y = 100
  const auto hit = e.Pick({1.75, 100, 50}, {1.75, 100, -1});
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(*hit, a);
  EXPECT_FALSE(e.Pick({1.75, 30, 50}, {1.75, 30, -1}).has_value());
}

TEST_F(EngineTest, DrivingOverTheLoopGivesOneEnterAndOneLeave) {
  Engine e(world_);
  const uint32_t a = Enter(e, "A", 0);
  e.AdvanceTo(At(25));  // from 0 m to the booth at 200 m, over the loop at 100 m
  int entered = 0, left = 0;
  for (const DerivedPresence& d : e.derived_presence()) {
    EXPECT_EQ(d.vehicle, a);
    EXPECT_EQ(world_.sensors[static_cast<size_t>(d.sensor)].id, "loop.in1");
    (d.entered ? entered : left)++;
  }
  EXPECT_EQ(entered, 1);
  EXPECT_EQ(left, 1);
}

TEST_F(EngineTest, WithoutPhysicsThereAreNoBoxes) {
  EngineOptions options;
  options.physics = false;
  Engine e(world_, options);
  Enter(e, "A", 0);
  e.AdvanceTo(At(25));
  EXPECT_TRUE(e.derived_presence().empty());
  EXPECT_FALSE(e.Pick({1.75, 100, 50}, {1.75, 100, -1}).has_value());
}

}  // namespace
}  // namespace gatetwin::engine
