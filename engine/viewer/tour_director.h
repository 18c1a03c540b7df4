// Plays a camera tour in the window: the tour's clock (which the presenter may pause, skip and
// take back) drives the replay's clock, the camera and the caption, until the last shot ends.
#pragma once

#include <string>

#include "engine/viewer/camera_rig.h"
#include "engine/viewer/language.h"
#include "engine/viewer/tour.h"
#include "engine/viewer/tour_camera.h"
#include "engine/viewer/tour_clock.h"
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
  /// The tour's time: the presenter's keys go to it.
  TourClock& clock() { return clock_; }
  double time_s() const { return clock_.time_s(); }
  /// The shot shown last (0 before the first Step).
  int shot() const { return shot_; }
  bool done() const { return clock_.done(); }

 private:
  const Tour& tour_;
  replay::ReplayPlayer& player_;
  TourCamera camera_;
  TourClock clock_;
  engine::TimeUs day_start_us_ = 0;
  int shot_ = 0;
};

}  // namespace gatetwin::viewer
