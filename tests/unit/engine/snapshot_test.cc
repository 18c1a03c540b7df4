// Tests of the scene snapshot helpers: lookup by id and a palette that tells stages apart.
#include "engine/snapshot.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace gatetwin::engine {
namespace {

TEST(SceneSnapshot, FindVehicleByIdInTheSortedList) {
  SceneSnapshot snap;
  for (uint32_t id : {3u, 8u, 42u}) {
    SnapshotVehicle v;
    v.id = id;
    v.length_m = static_cast<float>(id);
    snap.vehicles.push_back(v);
  }
  ASSERT_NE(FindVehicle(snap, 8), nullptr);
  EXPECT_EQ(FindVehicle(snap, 8)->length_m, 8.0f);
  EXPECT_EQ(FindVehicle(snap, 9), nullptr);
  EXPECT_EQ(FindVehicle(snap, 100), nullptr);
  EXPECT_EQ(FindVehicle(SceneSnapshot{}, 1), nullptr);
}

TEST(SceneSnapshot, StageColoursAreClearlyDistinct) {
  for (int a = 0; a < kSnapshotStageCount; ++a) {
    for (int b = a + 1; b < kSnapshotStageCount; ++b) {
      const Rgba8 ca = StageColour(static_cast<uint8_t>(a)), cb = StageColour(static_cast<uint8_t>(b));
      const int diff = std::abs(ca.r - cb.r) + std::abs(ca.g - cb.g) + std::abs(ca.b - cb.b);
      EXPECT_GT(diff, 60) << "stages " << a << " and " << b;
    }
  }
  // out of range is loud, not a real stage's colour
  EXPECT_EQ(StageColour(200), (Rgba8{255, 0, 255, 255}));
  EXPECT_NE(DirectionColour(0), DirectionColour(1));
  SnapshotSensor down{1, true, static_cast<uint8_t>(SnapshotHealth::kDown)};
  SnapshotSensor idle{1, false, 0};
  EXPECT_NE(SensorColour(down), SensorColour(idle));
}

}  // namespace
}  // namespace gatetwin::engine
