// The fixed-step simulation clock: integer microsecond steps, independent of wall time.
#pragma once

#include <cstdint>
#include <string>

#include "engine/time.h"

namespace gatetwin::engine {

/// A deterministic fixed-step clock. The current time is always `start + steps * step_us`,
/// computed in integers, so no rounding drift builds up over a long run and two runs with
/// the same start and step see exactly the same instants. Wall time never enters it.
class SimClock {
 public:
  /// A clock at `start` that advances by `step_us` per tick. Throws std::invalid_argument
  /// when `step_us` is not positive.
  SimClock(TimeUs start, TimeUs step_us);

  /// The current simulated instant (µs since the Unix epoch, UTC).
  TimeUs now() const { return start_us_ + steps_ * step_us_; }
  /// The instant the clock started at (or was last reset to).
  TimeUs start_us() const { return start_us_; }
  /// The fixed step length in µs.
  TimeUs step_us() const { return step_us_; }
  /// Steps taken since the start.
  int64_t steps() const { return steps_; }
  /// Simulated time elapsed since the start, in µs.
  TimeUs elapsed_us() const { return steps_ * step_us_; }

  /// Advances one step and returns the new time.
  TimeUs Tick() {
    ++steps_;
    return now();
  }

  /// How many whole steps lie between now and `t` (0 when `t` is not ahead).
  int64_t StepsUntil(TimeUs t) const { return t > now() ? (t - now()) / step_us_ : 0; }

  /// Advances step by step to the last step boundary at or before `t`, calling
  /// `on_step(TimeUs now)` after each step (so the callback sees every boundary in order).
  /// Does nothing when `t` is not ahead. Returns the number of steps taken.
  template <typename OnStep>
  int64_t AdvanceTo(TimeUs t, OnStep&& on_step) {
    const int64_t n = StepsUntil(t);
    for (int64_t i = 0; i < n; ++i) on_step(Tick());
    return n;
  }

  /// AdvanceTo without a callback: jumps to the last step boundary at or before `t`.
  int64_t AdvanceTo(TimeUs t) {
    const int64_t n = StepsUntil(t);
    steps_ += n;
    return n;
  }

  /// Moves to the step boundary at or before `t` in either direction, without stepping
  /// (for seeking a replay); times before the start clamp to the start.
  void SeekTo(TimeUs t);

  /// Restarts at `start` with zero steps, keeping the step length.
  void Reset(TimeUs start) {
    start_us_ = start;
    steps_ = 0;
  }

  /// The current time as RFC 3339 in the given offset (the gate's +07:00 by default),
  /// e.g. `2026-01-15T08:00:01.250+07:00`.
  std::string FormatLocal(int offset_min = kGateUtcOffsetMin) const;

 private:
  TimeUs start_us_;
  TimeUs step_us_;
  int64_t steps_ = 0;
};

}  // namespace gatetwin::engine
