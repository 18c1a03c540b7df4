// Camera rig math: orbit keeps the distance, zoom goes to the cursor, flights end exactly, follow tracks.
#include "engine/viewer/camera_rig.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gatetwin::viewer {
namespace {

CameraPose Pose(osg::Vec3d target, double distance, double yaw, double pitch) {
  CameraPose p;
  p.target = target;
  p.distance = distance;
  p.yaw = yaw;
  p.pitch = pitch;
  return p;
}

TEST(CameraPose, EyeTargetRoundTrip) {
  const osg::Vec3d eye(450, -300, 420), target(0, 650, 0);
  const CameraPose p = CameraPose::FromEyeTarget(eye, target);
  EXPECT_NEAR((p.Eye() - eye).length(), 0, 1e-9);
  EXPECT_NEAR(p.distance, (eye - target).length(), 1e-9);
}

TEST(CameraRig, OrbitKeepsTheDistanceToTheTarget) {
  CameraRig rig;
  rig.SetPose(Pose({10, 20, 0}, 300, 0.3, 0.5));
  for (int i = 0; i < 20; ++i) {
    rig.Orbit(37, -11);
    EXPECT_NEAR((rig.Eye() - rig.pose().target).length(), 300, 1e-9);
    EXPECT_EQ(rig.pose().target, osg::Vec3d(10, 20, 0));
  }
  EXPECT_NE(rig.pose().yaw, 0.3);
  // pitch stays between the horizon and straight down however far one drags
  rig.Orbit(0, 1e6);
  EXPECT_LE(rig.pose().pitch, rig.settings().max_pitch);
  rig.Orbit(0, -1e6);
  EXPECT_GE(rig.pose().pitch, rig.settings().min_pitch);
}

TEST(CameraRig, ZoomToCursorMovesTowardThePointUnderTheCursorAndKeepsItThere) {
  CameraRig rig;
  rig.SetViewport(1600, 900);
  rig.SetPose(Pose({0, 0, 0}, 500, -1.2, 0.7));
  const double x = 1250, y = 640;
  const auto before = CameraRig::HitPlane(rig.CursorRay(x, y), 0);
  ASSERT_TRUE(before.has_value());
  const double eye_to_point = (rig.Eye() - *before).length();
  rig.ZoomToCursor(1, x, y);
  EXPECT_NEAR(rig.pose().distance, 500 * rig.settings().zoom_per_step, 1e-9);
  EXPECT_NEAR((rig.Eye() - *before).length(), eye_to_point * rig.settings().zoom_per_step, 1e-6);
  const auto after = CameraRig::HitPlane(rig.CursorRay(x, y), 0);
  ASSERT_TRUE(after.has_value());
  EXPECT_NEAR((*after - *before).length(), 0, 1e-6);  // the point stays under the cursor
  // zooming out moves away, back to where it was
  rig.ZoomToCursor(-1, x, y);
  EXPECT_NEAR(rig.pose().distance, 500, 1e-9);
  EXPECT_NEAR(rig.pose().target.length(), 0, 1e-6);
}

TEST(CameraRig, ZoomStopsAtTheDistanceLimits) {
  CameraRig rig;
  rig.SetPose(Pose({0, 0, 0}, 100, 0, 0.8));
  rig.ZoomToCursor(200, 800, 450);
  EXPECT_DOUBLE_EQ(rig.pose().distance, rig.settings().min_distance);
  rig.ZoomToCursor(-500, 800, 450);
  EXPECT_DOUBLE_EQ(rig.pose().distance, rig.settings().max_distance);
}

TEST(CameraRig, FlightReachesTheViewpointExactlyAtItsEndAndIsMonotone) {
  CameraRig rig;
  rig.SetPose(Pose({0, 0, 0}, 2000, 0.2, 1.0));
  const CameraPose to = CameraPose::FromEyeTarget({-90, 430, 35}, {0, 560, 0});
  rig.FlyTo(to, 1.2);
  double last_target_gap = 1e18, last_distance = rig.pose().distance;
  for (int frame = 0; frame < 71; ++frame) {  // 71 × 1/60 s < 1.2 s
    rig.Update(1.0 / 60);
    ASSERT_TRUE(rig.flying());
    const double gap = (rig.pose().target - to.target).length();
    EXPECT_LE(gap, last_target_gap + 1e-9);
    EXPECT_LE(rig.pose().distance, last_distance + 1e-9);  // 2000 → ~193: only ever closer
    last_target_gap = gap;
    last_distance = rig.pose().distance;
  }
  rig.Update(1.0 / 60);
  rig.Update(1.0 / 60);
  EXPECT_FALSE(rig.flying());
  EXPECT_EQ(rig.pose().target, to.target);
  EXPECT_EQ(rig.pose().distance, to.distance);
  EXPECT_EQ(rig.pose().yaw, to.yaw);
  EXPECT_EQ(rig.pose().pitch, to.pitch);
}

TEST(CameraRig, EaseInOutIsMonotoneFromZeroToOne) {
  EXPECT_EQ(EaseInOut(0), 0);
  EXPECT_EQ(EaseInOut(1), 1);
  EXPECT_NEAR(EaseInOut(0.5), 0.5, 1e-12);
  double last = 0;
  for (int i = 1; i <= 100; ++i) {
    const double s = EaseInOut(i / 100.0);
    EXPECT_GE(s, last);
    last = s;
  }
  // slow at both ends: the first and last hundredth move far less than a hundredth
  EXPECT_LT(EaseInOut(0.01), 0.001);
  EXPECT_GT(EaseInOut(0.99), 0.999);
}

TEST(CameraRig, FlightTurnsTheShortWayRound) {
  CameraRig rig;
  rig.SetPose(Pose({0, 0, 0}, 100, 3.0, 0.5));
  rig.FlyTo(Pose({0, 0, 0}, 100, -3.0, 0.5), 1.0);
  rig.Update(0.5);
  // halfway between 3.0 and -3.0 across ±π is π, not 0
  EXPECT_NEAR(std::abs(rig.pose().yaw), 3.14159265, 1e-6);
}

TEST(CameraRig, FollowTracksAMovingTarget) {
  CameraRig rig;
  rig.SetPose(Pose({0, 0, 0}, 80, 0, 0.6));
  rig.StartFollow();
  osg::Vec3d truck(50, 0, 0);
  const double speed = 8;  // m/s, a truck on the approach
  for (int frame = 0; frame < 600; ++frame) {
    truck.x() += speed / 60;
    rig.SetFollowPoint(truck);
    rig.Update(1.0 / 60);
  }
  // a steady lag of about speed × time constant, never more
  const double lag = (truck - rig.pose().target).length();
  EXPECT_LT(lag, speed * rig.settings().follow_time_constant_s * 1.2);
  EXPECT_GT(lag, 0);
  // once it stops, the camera settles on it
  for (int frame = 0; frame < 300; ++frame) rig.Update(1.0 / 60);
  EXPECT_LT((truck - rig.pose().target).length(), 1e-3);
  EXPECT_TRUE(rig.following());
  // orbiting keeps the follow; panning (taking the camera elsewhere) ends it
  rig.Orbit(10, 0);
  EXPECT_TRUE(rig.following());
  rig.Pan(10, 0);
  EXPECT_FALSE(rig.following());
}

TEST(CameraRig, CursorRayThroughTheCentreHitsTheTarget) {
  CameraRig rig;
  rig.SetViewport(1600, 900);
  rig.SetPose(Pose({30, 40, 0}, 250, 0.9, 0.7));
  const auto hit = CameraRig::HitPlane(rig.CursorRay(800, 450), 0);
  ASSERT_TRUE(hit.has_value());
  EXPECT_NEAR((*hit - rig.pose().target).length(), 0, 1e-6);
}

TEST(CameraRig, PanMovesTheTargetSidewaysForAHorizontalDrag) {
  CameraRig rig;
  rig.SetViewport(1600, 900);
  rig.SetPose(Pose({0, 0, 0}, 300, -1.5707963, 0.8));  // eye to the south, looking north
  rig.Pan(-100, 0);                                    // drag left: the scene moves left, the target moves east
  EXPECT_GT(rig.pose().target.x(), 1);
  EXPECT_NEAR(rig.pose().target.y(), 0, 1e-6);
  EXPECT_EQ(rig.pose().target.z(), 0);
}

}  // namespace
}  // namespace gatetwin::viewer
