// The fixed-step simulation clock: construction checks, seeking and local-time formatting.
#include "engine/clock.h"

#include <stdexcept>

namespace gatetwin::engine {

SimClock::SimClock(TimeUs start, TimeUs step_us) : start_us_(start), step_us_(step_us) {
  if (step_us <= 0) throw std::invalid_argument("SimClock: step_us must be positive");
}

void SimClock::SeekTo(TimeUs t) { steps_ = t > start_us_ ? (t - start_us_) / step_us_ : 0; }

std::string SimClock::FormatLocal(int offset_min) const { return FormatRfc3339(now(), offset_min); }

}  // namespace gatetwin::engine
