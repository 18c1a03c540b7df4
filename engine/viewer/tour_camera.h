// A tour's camera, frame after frame: each shot's view, the eased flight into it, a followed truck.
#pragma once

#include <optional>
#include <vector>

#include <osg/Vec3d>

#include "engine/viewer/camera_rig.h"
#include "engine/viewer/tour.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// The pose of a shot in `world`: its viewpoint there, or its eye and target.
CameraPose ShotPose(const TourShot& shot, const world::World& world);

/// Where the camera of a tour is, for frames that come in order (a flight starts from where the
/// previous frame left the camera; a followed truck's point glides rather than jumps). Used by
/// the offscreen tour render and by the window playing a tour.
class TourCamera {
 public:
  /// `tour` and `world` must outlive the camera; the tour must have passed CheckTourAgainstWorld.
  TourCamera(const Tour& tour, const world::World& world);

  /// The pose at moment `m`, `dt_s` after the previous call; `player` is at m's clock (for a
  /// followed plate).
  CameraPose PoseAt(const TourMoment& m, double dt_s, replay::ReplayPlayer& player);

  /// Each shot's own pose (before any follow).
  const std::vector<CameraPose>& shot_poses() const { return shot_poses_; }
  /// Whether shot `s` was shown at least once, and whether its followed plate was seen then.
  bool shown(int s) const { return shown_[static_cast<size_t>(s)]; }
  bool followed(int s) const { return followed_[static_cast<size_t>(s)]; }

 private:
  std::optional<osg::Vec3d> FollowedPosition(const TourShot& shot, replay::ReplayPlayer& player);

  const Tour& tour_;
  std::vector<CameraPose> shot_poses_;
  int current_shot_ = -1;
  CameraPose last_pose_, flight_from_;
  std::optional<osg::Vec3d> follow_point_;
  std::vector<bool> shown_, followed_;
  engine::SceneSnapshot snapshot_;
};

}  // namespace gatetwin::viewer
