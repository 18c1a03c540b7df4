// Plays a camera tour in the window: the tour's time runs with the wall clock and drives the
// replay's clock, the camera and the caption, until the last shot ends.
#pragma once

#include <string>

#include "engine/viewer/camera_rig.h"
#include "engine/viewer/language.h"
#include "engine/viewer/tour.h"
#include "engine/viewer/tour_camera.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::viewer {

class TourDirector {
 public:
  /// `tour`, `world` and `player` (Open()ed, replaying the tour's day) must outlive the director;
  /// the tour must have passed CheckTourAgainstWorld and have no compare world.
  TourDirector(const Tour& tour, const world::World& world, replay::ReplayPlayer& player);

  /// Moves the tour on by `dt_s`: seeks the player to the shot's clock and gives the camera's
  /// pose and the caption in `language`. False (nothing changed) once the tour has ended: the
  /// view is the operator's from then on.
  bool Step(double dt_s, Language language, CameraPose* pose, std::string* caption);
  double time_s() const { return time_s_; }
  /// The shot shown last (0 before the first Step).
  int shot() const { return shot_; }
  bool done() const { return done_; }

 private:
  const Tour& tour_;
  replay::ReplayPlayer& player_;
  TourCamera camera_;
  engine::TimeUs day_start_us_ = 0;
  double time_s_ = 0;
  int shot_ = 0;
  bool started_ = false, done_ = false;
};

}  // namespace gatetwin::viewer
