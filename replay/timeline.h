// The replay clock's controls: play, pause, seek, speed and loop over a time span, headless.
#pragma once

#include <string>

#include "engine/time.h"

namespace gatetwin::replay {

/// Maps wall time to simulated time over a span [start_us, end_us], as a media player does.
/// Pure logic: the caller measures wall time and calls Advance(); no threads, no clock inside.
/// When looping, reaching the end wraps to the start and looped() says so, so the caller can
/// restart its replay (rewind its feeds and reset its state).
class Timeline {
 public:
  /// Slowest and fastest playback speed (simulated seconds per wall second).
  static constexpr double kMinSpeed = 0.1;
  static constexpr double kMaxSpeed = 1000;

  /// A paused timeline at `start_us`, speed 1×, not looping. An end before the start is taken as the start.
  Timeline(engine::TimeUs start_us, engine::TimeUs end_us);

  void Play() { playing_ = true; }
  void Pause() { playing_ = false; }
  bool playing() const { return playing_; }

  /// Sets the speed, clamped to [kMinSpeed, kMaxSpeed]. True when taken as given; false when it
  /// was clamped (or not a number, then the speed is unchanged), with `note` saying so.
  bool SetSpeed(double speed, std::string* note = nullptr);
  double speed() const { return speed_; }

  void SetLoop(bool loop) { loop_ = loop; }
  bool loop() const { return loop_; }

  /// Moves to `t`, clamped to the span. True when `t` was inside it.
  bool Seek(engine::TimeUs t);
  /// A live feed: the span becomes [start, t] (the first call sets the start too) and the
  /// position moves to `t`, the newest event applied.
  void Follow(engine::TimeUs t);
  /// Moves by `dt_us` simulated time (negative steps back), playing or not; clamps to the span
  /// (a step never wraps, even when looping). Returns the new position.
  engine::TimeUs Step(engine::TimeUs dt_us);
  /// Advances by `wall_dt_s` wall seconds × speed when playing, and returns the new position.
  /// At the end it wraps to the start when looping (looped() is then true until the next
  /// Advance), otherwise it stops there and pauses. Negative or NaN wall time counts as 0.
  engine::TimeUs Advance(double wall_dt_s);

  engine::TimeUs position() const { return position_; }
  engine::TimeUs start() const { return start_; }
  engine::TimeUs end() const { return end_; }
  bool at_end() const { return position_ >= end_; }
  /// Whether the last Advance() wrapped around the end.
  bool looped() const { return looped_; }

 private:
  engine::TimeUs start_, end_, position_;
  double speed_ = 1;
  double carry_us_ = 0;  // sub-microsecond remainder, so many small steps do not drift
  bool playing_ = false;
  bool loop_ = false;
  bool looped_ = false;
  bool following_ = false;  // Follow() was called: the span is the live feed's so far
};

}  // namespace gatetwin::replay
