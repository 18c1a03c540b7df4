// A tour in the window: tour clock → tour moment → the replay's clock, the camera pose, the caption.
#include "engine/viewer/tour_director.h"

#include <cmath>

#include "engine/viewer/tour_player.h"

namespace gatetwin::viewer {

TourDirector::TourDirector(const Tour& tour, const world::World& world, replay::ReplayPlayer& player)
    : tour_(tour),
      player_(player),
      camera_(tour, world),
      clock_(tour),
      day_start_us_(TourDayStartUs(tour, world, player.start_us())) {}

bool TourDirector::Step(double dt_s, Language language, CameraPose* pose, std::string* caption) {
  if (!clock_.Advance(dt_s)) return false;
  const TourMoment m = MomentAt(tour_, clock_.time_s());
  shot_ = m.shot;
  player_.SeekTo(day_start_us_ + static_cast<engine::TimeUs>(std::llround(m.clock_s * engine::kUsPerSecond)));
  *pose = camera_.PoseAt(m, dt_s, player_);
  *caption = PickName(tour_.shots[static_cast<size_t>(m.shot)].caption, language);
  return true;
}

}  // namespace gatetwin::viewer
