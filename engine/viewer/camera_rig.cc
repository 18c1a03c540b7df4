// Camera rig math: pose ↔ eye, orbit/pan/zoom-to-cursor, eased flights and exponential follow.
#include "engine/viewer/camera_rig.h"

#include <algorithm>
#include <cmath>

#include "engine/viewer/easing.h"

namespace gatetwin::viewer {

namespace {

constexpr double kPi = 3.14159265358979323846;

// The shortest signed angle from `a` to `b`, so a flight never spins the long way round.
double AngleDelta(double a, double b) {
  double d = std::fmod(b - a, 2 * kPi);
  if (d > kPi) d -= 2 * kPi;
  if (d < -kPi) d += 2 * kPi;
  return d;
}

}  // namespace

osg::Vec3d CameraPose::Eye() const {
  const double c = std::cos(pitch);
  return target + osg::Vec3d(c * std::cos(yaw), c * std::sin(yaw), std::sin(pitch)) * distance;
}

CameraPose CameraPose::FromEyeTarget(const osg::Vec3d& eye, const osg::Vec3d& target) {
  CameraPose p;
  p.target = target;
  const osg::Vec3d d = eye - target;
  p.distance = std::max(d.length(), 1e-6);
  p.yaw = std::atan2(d.y(), d.x());
  p.pitch = std::asin(std::clamp(d.z() / p.distance, -1.0, 1.0));
  return p;
}

double EaseInOut(double u) { return Ease(Easing::kEaseInOut, u); }

CameraPose Interpolate(const CameraPose& a, const CameraPose& b, double s) {
  CameraPose p;
  p.target = a.target + (b.target - a.target) * s;
  // distance in log space: zooming from 2 km to 50 m feels even, not a sudden plunge
  p.distance = std::exp(std::log(a.distance) + (std::log(b.distance) - std::log(a.distance)) * s);
  p.yaw = a.yaw + AngleDelta(a.yaw, b.yaw) * s;
  p.pitch = a.pitch + (b.pitch - a.pitch) * s;
  return p;
}

CameraRig::CameraRig() : CameraRig(Settings{}) {}
CameraRig::CameraRig(const Settings& settings) : settings_(settings) {}

void CameraRig::SetPose(const CameraPose& pose) {
  EndUserControl();
  pose_ = pose;
  ClampPose(&pose_);
}

void CameraRig::SetViewport(int width_px, int height_px) {
  width_px_ = std::max(width_px, 1);
  height_px_ = std::max(height_px, 1);
}

void CameraRig::EndUserControl() {
  flight_.reset();
  following_ = false;
}

void CameraRig::ClampPose(CameraPose* pose) const {
  pose->distance = std::clamp(pose->distance, settings_.min_distance, settings_.max_distance);
  pose->pitch = std::clamp(pose->pitch, settings_.min_pitch, settings_.max_pitch);
  pose->yaw = std::remainder(pose->yaw, 2 * kPi);
}

void CameraRig::Orbit(double dx_px, double dy_px) {
  // orbiting keeps a follow: turning around a moving truck is what following is for
  flight_.reset();
  // dragging right turns the scene right (the eye moves left around the target), as in Blender
  pose_.yaw -= dx_px * settings_.orbit_rad_per_px;
  pose_.pitch += dy_px * settings_.orbit_rad_per_px;
  ClampPose(&pose_);
}

void CameraRig::Pan(double dx_px, double dy_px) {
  // a follow survives a pan only as an offset nobody asked for: the user takes over
  EndUserControl();
  // metres per pixel at the target's distance, so the ground there moves with the cursor
  const double fov = settings_.fov_y_deg * kPi / 180;
  const double mpp = 2 * pose_.distance * std::tan(fov / 2) / height_px_;
  const osg::Vec3d right(-std::sin(pose_.yaw), std::cos(pose_.yaw), 0);
  const osg::Vec3d toward_view(-std::cos(pose_.yaw), -std::sin(pose_.yaw), 0);  // horizontal, away from the eye
  // a vertical drag moves along the ground, which looks foreshortened by sin(pitch)
  const double along = mpp / std::max(std::sin(pose_.pitch), 0.2);
  // grab the ground: dragging left moves the camera right, dragging down moves it forward
  pose_.target += right * (-dx_px * mpp) + toward_view * (dy_px * along);
}

void CameraRig::ZoomToCursor(double steps, double x_px, double y_px, std::optional<osg::Vec3d> hit) {
  flight_.reset();
  // while following, zoom toward the followed vehicle (the target), keeping the follow
  if (following_) hit = pose_.target;
  double factor = std::pow(settings_.zoom_per_step, steps);
  const double wanted = std::clamp(pose_.distance * factor, settings_.min_distance, settings_.max_distance);
  factor = wanted / pose_.distance;
  if (!hit) hit = HitPlane(CursorRay(x_px, y_px), pose_.target.z());
  // too far off (grazing the horizon) the point would fling the camera away: use the target
  if (!hit || (*hit - Eye()).length() > 4 * pose_.distance) hit = pose_.target;
  // scaling eye and target about the point keeps the view direction and the point's pixel
  pose_.target = *hit + (pose_.target - *hit) * factor;
  pose_.distance = wanted;
}

void CameraRig::FlyTo(const CameraPose& pose, std::optional<double> duration_s) {
  CameraPose to = pose;
  ClampPose(&to);
  following_ = false;
  const double d = duration_s.value_or(settings_.transition_s);
  if (d <= 0) {
    flight_.reset();
    pose_ = to;
    return;
  }
  flight_ = Flight{pose_, to, d, 0};
}

void CameraRig::Update(double dt_s) {
  dt_s = std::max(dt_s, 0.0);
  if (flight_) {
    flight_->elapsed_s += dt_s;
    if (flight_->elapsed_s >= flight_->duration_s) {
      pose_ = flight_->to;  // exactly the viewpoint, no rounding left over
      flight_.reset();
    } else {
      pose_ = Interpolate(flight_->from, flight_->to, EaseInOut(flight_->elapsed_s / flight_->duration_s));
    }
  }
  if (following_ && follow_point_) {
    // exponential approach: frame-rate independent, no overshoot, a smooth lag behind the vehicle
    const double k = 1 - std::exp(-dt_s / settings_.follow_time_constant_s);
    pose_.target += (*follow_point_ - pose_.target) * k;
  }
}

osg::Vec3d CameraRig::Up() const {
  // the view's up: perpendicular to the view direction, in the vertical plane through it
  const double s = std::sin(pose_.pitch), c = std::cos(pose_.pitch);
  return osg::Vec3d(-s * std::cos(pose_.yaw), -s * std::sin(pose_.yaw), c);
}

Ray CameraRig::CursorRay(double x_px, double y_px) const {
  const osg::Vec3d eye = Eye();
  osg::Vec3d forward = pose_.target - eye;
  forward.normalize();
  const osg::Vec3d up = Up();
  const osg::Vec3d right = forward ^ up;
  const double tan_half = std::tan(settings_.fov_y_deg * kPi / 180 / 2);
  const double ndc_x = 2 * x_px / width_px_ - 1;
  const double ndc_y = 1 - 2 * y_px / height_px_;
  osg::Vec3d dir = forward + right * (ndc_x * tan_half * aspect()) + up * (ndc_y * tan_half);
  dir.normalize();
  return Ray{eye, dir};
}

std::optional<osg::Vec3d> CameraRig::HitPlane(const Ray& ray, double height) {
  if (std::abs(ray.direction.z()) < 1e-9) return std::nullopt;
  const double t = (height - ray.origin.z()) / ray.direction.z();
  if (t <= 0) return std::nullopt;
  return ray.origin + ray.direction * t;
}

}  // namespace gatetwin::viewer
