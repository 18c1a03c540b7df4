// A tour's camera: shot poses, flights from the previous frame's pose, the smoothed follow point.
#include "engine/viewer/tour_camera.h"

#include <cmath>

#include "engine/viewer/twin_scene.h"
#include "replay/event.h"

namespace gatetwin::viewer {
namespace {

constexpr double kFollowTimeConstantS = 0.25;  // as the viewer's follow: a smooth lag, no overshoot

}  // namespace

CameraPose ShotPose(const TourShot& shot, const world::World& world) {
  if (!shot.viewpoint.empty()) {
    if (const auto vp = FindViewpoint(world, shot.viewpoint)) return CameraPose::FromEyeTarget(vp->eye, vp->target);
  }
  const TourPoint eye = shot.eye.value_or(TourPoint{0, -500, 400});
  const TourPoint target = shot.target.value_or(TourPoint{});
  return CameraPose::FromEyeTarget(osg::Vec3d(eye.x, eye.y, eye.z), osg::Vec3d(target.x, target.y, target.z));
}

TourCamera::TourCamera(const Tour& tour, const world::World& world)
    : tour_(tour), shown_(tour.shots.size(), false), followed_(tour.shots.size(), false) {
  for (const TourShot& s : tour.shots) shot_poses_.push_back(ShotPose(s, world));
}

std::optional<osg::Vec3d> TourCamera::FollowedPosition(const TourShot& shot, replay::ReplayPlayer& player) {
  // the engine keys trips by the normalised plate: "30C-027.21" and "30c 02721" are one truck
  const engine::Vehicle* v = player.engine().FindActive(replay::NormalisePlate(shot.follow_plate));
  if (v == nullptr) return std::nullopt;
  player.engine().Snapshot(&snapshot_);
  const engine::SnapshotVehicle* sv = engine::FindVehicle(snapshot_, v->id);
  if (sv == nullptr) return std::nullopt;
  return osg::Vec3d(sv->position.x, sv->position.y, sv->position.z);
}

CameraPose TourCamera::PoseAt(const TourMoment& m, double dt_s, replay::ReplayPlayer& player) {
  const size_t s = static_cast<size_t>(m.shot);
  const TourShot& shot = tour_.shots[s];
  if (m.shot != current_shot_) {
    flight_from_ = current_shot_ < 0 ? shot_poses_[s] : last_pose_;
    current_shot_ = m.shot;
    follow_point_.reset();
  }
  shown_[s] = true;
  CameraPose goal = shot_poses_[s];
  if (!shot.follow_plate.empty()) {
    if (const auto at = FollowedPosition(shot, player)) {
      // the first sight jumps; after that the target glides, so a truck stepping along at 60×
      // does not shake the picture
      const double k = 1 - std::exp(-std::max(dt_s, 0.0) / kFollowTimeConstantS);
      follow_point_ = follow_point_ ? *follow_point_ + (*at - *follow_point_) * k : *at;
      followed_[s] = true;
    }
    if (follow_point_) goal.target = *follow_point_;
  }
  last_pose_ = m.flight < 1 ? Interpolate(flight_from_, goal, m.flight) : goal;
  return last_pose_;
}

}  // namespace gatetwin::viewer
