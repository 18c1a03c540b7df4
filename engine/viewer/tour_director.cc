// A tour in the window: wall time → tour moment → the replay's clock, the camera pose, the caption.
#include "engine/viewer/tour_director.h"

#include <algorithm>
#include <cmath>

#include "engine/viewer/tour_player.h"

namespace gatetwin::viewer {

TourDirector::TourDirector(const Tour& tour, const world::World& world, replay::ReplayPlayer& player)
    : tour_(tour),
      player_(player),
      camera_(tour, world),
      day_start_us_(TourDayStartUs(tour, world, player.start_us())) {}

bool TourDirector::Step(double dt_s, Language language, CameraPose* pose, std::string* caption) {
  if (done_) return false;
  // the first frame shows the tour's first moment, however long the window took to open, and
  // a frame after a skip the shot's first moment
  if (!hold_ && !paused_) time_s_ += std::max(dt_s, 0.0);
  hold_ = false;
  if (time_s_ > tour_.duration_s()) {
    done_ = true;
    return false;
  }
  const TourMoment m = MomentAt(tour_, time_s_);
  shot_ = m.shot;
  player_.SeekTo(day_start_us_ + static_cast<engine::TimeUs>(std::llround(m.clock_s * engine::kUsPerSecond)));
  *pose = camera_.PoseAt(m, dt_s, player_);
  *caption = PickName(tour_.shots[static_cast<size_t>(m.shot)].caption, language);
  return true;
}

double TourDirector::ShotStartS(int shot) const {
  double begin_s = 0;
  for (int i = 0; i < shot && i < static_cast<int>(tour_.shots.size()); ++i) {
    begin_s += tour_.shots[static_cast<size_t>(i)].duration_s;
  }
  return begin_s;
}

void TourDirector::NextShot() {
  if (done_) return;
  const int shot = MomentAt(tour_, time_s_).shot;
  if (shot + 1 >= static_cast<int>(tour_.shots.size())) {
    done_ = true;
    return;
  }
  time_s_ = ShotStartS(shot + 1);
  hold_ = true;
}

void TourDirector::PreviousShot() {
  if (done_) return;
  const TourMoment m = MomentAt(tour_, time_s_);
  constexpr double kRestartAfterS = 2;  // as media players do: a fresh shot goes back one more
  time_s_ = ShotStartS(m.shot_time_s < kRestartAfterS ? std::max(m.shot - 1, 0) : m.shot);
  hold_ = true;
}

}  // namespace gatetwin::viewer
