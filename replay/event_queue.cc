// Events pushed into a running replay: the order rule.
#include "replay/event_queue.h"

#include <algorithm>
#include <utility>

namespace gatetwin::replay {

void EventQueue::Push(Event e) {
  const engine::TimeUs floor = std::max(last_pushed_us_, floor_us_);
  if (e.ts_us < floor) {
    ++raised_;
    max_raise_us_ = std::max(max_raise_us_, floor - e.ts_us);
    e.ts_us = floor;
  }
  last_pushed_us_ = e.ts_us;
  events_.push_back(std::move(e));
}

}  // namespace gatetwin::replay
