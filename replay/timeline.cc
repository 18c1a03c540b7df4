// Play/pause/seek/speed/loop arithmetic of the replay timeline.
#include "replay/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gatetwin::replay {

Timeline::Timeline(engine::TimeUs start_us, engine::TimeUs end_us)
    : start_(start_us), end_(std::max(start_us, end_us)), position_(start_us) {}

bool Timeline::SetSpeed(double speed, std::string* note) {
  char buf[96];
  if (std::isnan(speed)) {
    if (note) *note = "speed is not a number; unchanged";
    return false;
  }
  const double clamped = std::clamp(speed, kMinSpeed, kMaxSpeed);
  speed_ = clamped;
  if (clamped == speed) return true;
  if (note) {
    std::snprintf(buf, sizeof buf, "speed %gx clamped to %gx (allowed %gx to %gx)", speed, clamped, kMinSpeed,
                  kMaxSpeed);
    *note = buf;
  }
  return false;
}

bool Timeline::Seek(engine::TimeUs t) {
  position_ = std::clamp(t, start_, end_);
  carry_us_ = 0;
  return position_ == t;
}

void Timeline::Follow(engine::TimeUs t) {
  if (!following_) start_ = end_ = t;
  following_ = true;
  start_ = std::min(start_, t);
  end_ = std::max(end_, t);
  position_ = t;
  carry_us_ = 0;
}

engine::TimeUs Timeline::Step(engine::TimeUs dt_us) {
  // compare against the room left, so absurd steps saturate instead of overflowing
  if (dt_us >= 0) {
    position_ = dt_us >= end_ - position_ ? end_ : position_ + dt_us;
  } else {
    position_ = dt_us <= start_ - position_ ? start_ : position_ + dt_us;
  }
  return position_;
}

engine::TimeUs Timeline::Advance(double wall_dt_s) {
  looped_ = false;
  if (!playing_ || !(wall_dt_s > 0)) return position_;
  const double sim_us = wall_dt_s * speed_ * static_cast<double>(engine::kUsPerSecond) + carry_us_;
  const double span = static_cast<double>(end_ - start_);
  // a huge wall step is the same as reaching the end
  const double whole = std::floor(sim_us);
  if (whole >= span - static_cast<double>(position_ - start_)) {
    const double overshoot = whole - static_cast<double>(end_ - position_);
    carry_us_ = 0;
    if (loop_ && end_ > start_) {
      position_ = start_ + static_cast<engine::TimeUs>(std::fmod(overshoot, span));
      looped_ = true;
    } else {
      position_ = end_;
      playing_ = false;
    }
    return position_;
  }
  carry_us_ = sim_us - whole;
  position_ += static_cast<engine::TimeUs>(whole);
  return position_;
}

}  // namespace gatetwin::replay
