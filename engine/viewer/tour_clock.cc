// A live tour's time: frames move it on; pause, skip and back move it as a presenter expects.
#include "engine/viewer/tour_clock.h"

#include <algorithm>

#include <GLFW/glfw3.h>

namespace gatetwin::viewer {

bool TourClock::Advance(double dt_s) {
  if (done_) return false;
  if (!hold_ && !paused_) time_s_ += std::max(dt_s, 0.0);
  hold_ = false;
  if (time_s_ > tour_.duration_s()) done_ = true;
  return !done_;
}

double TourClock::ShotStartS(int shot) const {
  double begin_s = 0;
  for (int i = 0; i < shot && i < static_cast<int>(tour_.shots.size()); ++i) {
    begin_s += tour_.shots[static_cast<size_t>(i)].duration_s;
  }
  return begin_s;
}

void TourClock::NextShot() {
  if (done_) return;
  const int shot = MomentAt(tour_, time_s_).shot;
  if (shot + 1 >= static_cast<int>(tour_.shots.size())) {
    done_ = true;
    return;
  }
  time_s_ = ShotStartS(shot + 1);
  hold_ = true;
}

void TourClock::PreviousShot() {
  if (done_) return;
  const TourMoment m = MomentAt(tour_, time_s_);
  constexpr double kRestartAfterS = 2;  // as media players do: early in a shot, back one more
  time_s_ = ShotStartS(m.shot_time_s < kRestartAfterS ? std::max(m.shot - 1, 0) : m.shot);
  hold_ = true;
}

bool TourClock::HandleKey(int glfw_key, bool repeat) {
  void (TourClock::*act)() = nullptr;
  switch (glfw_key) {
    case GLFW_KEY_SPACE: act = &TourClock::TogglePause; break;
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_PAGE_DOWN: act = &TourClock::NextShot; break;
    case GLFW_KEY_LEFT:
    case GLFW_KEY_PAGE_UP: act = &TourClock::PreviousShot; break;
    case GLFW_KEY_END: act = &TourClock::End; break;
    default: return false;
  }
  if (!repeat) (this->*act)();
  return true;
}

}  // namespace gatetwin::viewer
