// GeoFrame: round trips and known distances near the Hữu Nghị gate.
#include "world/geo_frame.h"

#include <gtest/gtest.h>

namespace gatetwin::world {
namespace {

TEST(GeoFrame, AnchorIsOrigin) {
  GeoFrame frame(GeoAnchor{21.98, 106.72, 250});
  const Vec3 p = frame.ToLocal(21.98, 106.72, 250);
  EXPECT_NEAR(p.x, 0, 1e-6);
  EXPECT_NEAR(p.y, 0, 1e-6);
  EXPECT_NEAR(p.z, 0, 1e-6);
}

TEST(GeoFrame, RoundTrip) {
  GeoFrame frame(GeoAnchor{21.98, 106.72, 0});
  for (const Vec3& local : {Vec3{0, 0, 0}, Vec3{123.4, -567.8, 12}, Vec3{-1500, 2500, -3}}) {
    const Vec3 geo = frame.ToGeo(local);
    const Vec3 back = frame.ToLocal(geo.x, geo.y, geo.z);
    EXPECT_NEAR(back.x, local.x, 1e-6);
    EXPECT_NEAR(back.y, local.y, 1e-6);
    EXPECT_NEAR(back.z, local.z, 1e-6);
  }
}

TEST(GeoFrame, KnownDistances) {
  GeoFrame frame(GeoAnchor{22.0, 106.72, 0});
  // one thousandth of a degree of latitude at 22°N is 110.7 m on WGS84 (110.574 m at the
  // equator, 110.694 m at 22°); of longitude, cos(22°) × 111.32 m ≈ 103.3 m
  const Vec3 north = frame.ToLocal(22.001, 106.72);
  EXPECT_NEAR(north.y, 110.69, 0.05);
  EXPECT_NEAR(north.x, 0, 1e-6);
  const Vec3 east = frame.ToLocal(22.0, 106.721);
  EXPECT_NEAR(east.x, 103.23, 0.05);
  EXPECT_NEAR(east.y, 0, 0.01);
}

TEST(GeoFrame, IsMovable) {
  GeoFrame a(GeoAnchor{21.98, 106.72, 0});
  GeoFrame b = std::move(a);
  EXPECT_NEAR(b.ToLocal(21.98, 106.72).x, 0, 1e-9);
}

}  // namespace
}  // namespace gatetwin::world
