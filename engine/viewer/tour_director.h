// Plays a camera tour in the window: the tour's time runs with the wall clock and drives the
// replay's clock, the camera and the caption, until the last shot ends; the presenter may pause,
// skip and go back.
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
  /// The presenter's keys. Pausing holds the tour's time (and the twin's clock) where it is.
  void TogglePause() { paused_ = !paused_; }
  bool paused() const { return paused_; }
  /// To the start of the next shot; past the last one the tour ends.
  void NextShot();
  /// Back to the start of this shot, or of the one before when this one began under 2 s ago.
  void PreviousShot();
  /// Ends the tour now: the view is the operator's.
  void End() { done_ = true; }

  double time_s() const { return time_s_; }
  /// The shot shown last (0 before the first Step).
  int shot() const { return shot_; }
  bool done() const { return done_; }

 private:
  double ShotStartS(int shot) const;

  const Tour& tour_;
  replay::ReplayPlayer& player_;
  TourCamera camera_;
  engine::TimeUs day_start_us_ = 0;
  double time_s_ = 0;
  int shot_ = 0;
  bool hold_ = true;  // the next Step shows time_s_ as it is (the first frame, after a skip)
  bool done_ = false, paused_ = false;
};

}  // namespace gatetwin::viewer
