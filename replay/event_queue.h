// Events pushed into a running replay as they happen (a live feed, a simulator in the loop).
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>

#include "engine/time.h"
#include "replay/event.h"
#include "replay/feed_reader.h"

namespace gatetwin::replay {

/// A FIFO of accepted events that a Replay applies as it advances (ReplayOptions::pushed). The
/// pusher judges the input (decoding, late, duplicates) and keeps `counts` up to date; the
/// replay only applies. Events leave in push order and their times never go backwards: an
/// event older than the one pushed before it, or than the time the replay has reached, is
/// applied at that time (the engine cannot act in the past), and counted in `raised`. Single-threaded: push and advance
/// on one thread.
class EventQueue {
 public:
  /// Adds an accepted event (its time raised to the previous event's when older).
  void Push(Event e);
  /// No more events will come: the replay is done once it has applied what is queued.
  void Close() { closed_ = true; }
  bool closed() const { return closed_; }
  bool empty() const { return events_.empty(); }
  size_t size() const { return events_.size(); }

  /// The oldest queued event, or nullptr; valid until PopFront() (pushing does not move it).
  const Event* Front() const { return events_.empty() ? nullptr : &events_.front(); }
  void PopFront() { events_.pop_front(); }

  /// The replay has advanced to `t`: later pushes are raised to it at least.
  void RaiseFloor(engine::TimeUs t) { floor_us_ = std::max(floor_us_, t); }

  /// The time of the last pushed event (-1 before the first).
  engine::TimeUs last_pushed_us() const { return last_pushed_us_; }
  /// Events whose time was raised to keep the order, and by how much at most.
  uint64_t raised() const { return raised_; }
  engine::TimeUs max_raise_us() const { return max_raise_us_; }

  /// What the pusher read: the replay's report counts these as its events.
  FeedCounts counts;

 private:
  std::deque<Event> events_;
  engine::TimeUs last_pushed_us_ = -1;
  engine::TimeUs floor_us_ = -1;
  uint64_t raised_ = 0;
  engine::TimeUs max_raise_us_ = 0;
  bool closed_ = false;
};

}  // namespace gatetwin::replay
