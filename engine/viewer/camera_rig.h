// The 3D view's camera: orbit, pan, zoom to cursor, eased flights to viewpoints, vehicle follow.
//
// Pure math over a pose (target point, distance, yaw, pitch) so it is unit-testable and free of
// OSG manipulators' quirks (home resets, event-handler coupling). The viewer feeds it mouse
// deltas and frame times and reads eye/target/up back into its osg::Camera.
#pragma once

#include <optional>

#include <osg/Vec3d>

namespace gatetwin::viewer {

/// Where the camera is: it looks at `target` from `distance` away, at compass angle `yaw`
/// (radians, counter-clockwise from east, the direction from target toward the eye) and
/// elevation `pitch` (radians above the horizon).
struct CameraPose {
  osg::Vec3d target;
  double distance = 100;
  double yaw = 0;
  double pitch = 0.6;

  osg::Vec3d Eye() const;
  /// The pose that looks from `eye` at `target` (the world's viewpoints are given that way).
  static CameraPose FromEyeTarget(const osg::Vec3d& eye, const osg::Vec3d& target);
};

/// A ray in world space.
struct Ray {
  osg::Vec3d origin, direction;  // direction has unit length
};

/// Ease-in-out (cubic smoothstep) of a fraction in [0,1]: zero speed at both ends, monotone.
double EaseInOut(double u);

/// The pose a fraction `s` of the way from `a` to `b`: the target in a straight line, the
/// distance in log space, yaw the short way round.
CameraPose Interpolate(const CameraPose& a, const CameraPose& b, double s);

class CameraRig {
 public:
  /// How the rig reacts; defaults suit a gate a few kilometres long seen on a big screen.
  struct Settings {
    double fov_y_deg = 40;
    double min_distance = 5, max_distance = 6000;
    double min_pitch = 0.03, max_pitch = 1.55;  // stay above the ground, never quite straight down
    double orbit_rad_per_px = 0.005;
    double zoom_per_step = 0.85;  // distance factor per wheel notch toward the cursor
    double transition_s = 1.2;    // a flight to a viewpoint
    double follow_time_constant_s = 0.25;
  };

  CameraRig();
  explicit CameraRig(const Settings& settings);

  const Settings& settings() const { return settings_; }
  const CameraPose& pose() const { return pose_; }
  /// Jumps to a pose at once (ends any flight or follow).
  void SetPose(const CameraPose& pose);
  void SetViewport(int width_px, int height_px);
  int viewport_width() const { return width_px_; }
  int viewport_height() const { return height_px_; }

  // ---- direct manipulation: each ends a flight; a pan also ends a follow ----

  /// Turns around the target by a mouse drag of (dx, dy) pixels.
  void Orbit(double dx_px, double dy_px);
  /// Slides the target over the ground so the ground under the cursor follows a drag.
  void Pan(double dx_px, double dy_px);
  /// Moves toward (steps > 0) or away from the point under the cursor at (x, y) pixels (0,0 top
  /// left), scaling the whole camera about it so that point stays under the cursor (while
  /// following, about the followed target instead). The point is
  /// `hit` when given (a picked surface), otherwise where the cursor's ray meets the ground plane
  /// at the target's height; looking above the horizon zooms toward the target.
  void ZoomToCursor(double steps, double x_px, double y_px, std::optional<osg::Vec3d> hit = std::nullopt);

  // ---- flights and follow ----

  /// Flies to `pose` over settings().transition_s (or `duration_s`), eased in and out.
  void FlyTo(const CameraPose& pose, std::optional<double> duration_s = std::nullopt);
  bool flying() const { return flight_.has_value(); }
  /// Starts following: the target glides to each point given by SetFollowPoint.
  void StartFollow() { following_ = true; }
  void StopFollow() { following_ = false; }
  bool following() const { return following_; }
  /// The followed vehicle's position now (call every frame while following).
  void SetFollowPoint(const osg::Vec3d& point) { follow_point_ = point; }

  /// Advances flights and follow by `dt_s` wall seconds.
  void Update(double dt_s);

  // ---- what the view needs ----

  osg::Vec3d Eye() const { return pose_.Eye(); }
  osg::Vec3d Up() const;
  double aspect() const { return height_px_ > 0 ? static_cast<double>(width_px_) / height_px_ : 1.0; }
  /// The ray from the eye through pixel (x, y) (0,0 top left).
  Ray CursorRay(double x_px, double y_px) const;
  /// Where a ray meets the horizontal plane z = `height`, if ahead of its origin.
  static std::optional<osg::Vec3d> HitPlane(const Ray& ray, double height);

 private:
  void EndUserControl();
  void ClampPose(CameraPose* pose) const;

  Settings settings_;
  CameraPose pose_;
  int width_px_ = 1600, height_px_ = 900;
  struct Flight {
    CameraPose from, to;
    double duration_s, elapsed_s;
  };
  std::optional<Flight> flight_;
  bool following_ = false;
  std::optional<osg::Vec3d> follow_point_;
};

}  // namespace gatetwin::viewer
