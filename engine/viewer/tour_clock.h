// A tour's time as it plays live: it runs with the frames, and the presenter pauses, skips and
// goes back (the keys a slide clicker sends).
#pragma once

#include "engine/viewer/tour.h"

namespace gatetwin::viewer {

class TourClock {
 public:
  /// `tour` must outlive the clock.
  explicit TourClock(const Tour& tour) : tour_(tour) {}

  /// Moves the tour's time on by `dt_s`, except while paused and on the first call and the one
  /// after a skip (they show the moment as it is, however long the frame took). False once the
  /// tour has ended.
  bool Advance(double dt_s);
  double time_s() const { return time_s_; }
  bool done() const { return done_; }

  /// Pausing holds the tour's time where it is; again goes on.
  void TogglePause() { paused_ = !paused_; }
  bool paused() const { return paused_; }
  /// To the start of the next shot; past the last one the tour ends.
  void NextShot();
  /// Back to the start of this shot, or of the one before when this one began under 2 s ago.
  void PreviousShot();
  /// Ends the tour now.
  void End() { done_ = true; }

  /// The presenter's keys, as GLFW names them: Space pauses, Right or Page Down skips, Left or
  /// Page Up goes back, End ends; a held key's repeats do nothing more. False for any other key
  /// (it is not the tour's).
  bool HandleKey(int glfw_key, bool repeat = false);

 private:
  double ShotStartS(int shot) const;

  const Tour& tour_;
  double time_s_ = 0;
  bool hold_ = true;  // the next Advance keeps time_s_ (the first frame, after a skip)
  bool done_ = false, paused_ = false;
};

}  // namespace gatetwin::viewer
