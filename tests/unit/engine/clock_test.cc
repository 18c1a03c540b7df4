// Tests of SimClock: fixed integer steps, no drift, callbacks per boundary, local formatting.
#include "engine/clock.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace gatetwin::engine {
namespace {

constexpr TimeUs kMs = 1000;

TimeUs At(const char* text) { return ParseRfc3339(text).value().utc_us; }

TEST(SimClock, RejectsNonPositiveSteps) {
  EXPECT_THROW(SimClock(0, 0), std::invalid_argument);
  EXPECT_THROW(SimClock(0, -5), std::invalid_argument);
}

TEST(SimClock, TicksInWholeSteps) {
  SimClock clock(1'000, 250 * kMs);
  EXPECT_EQ(clock.now(), 1'000);
  EXPECT_EQ(clock.step_us(), 250 * kMs);
  EXPECT_EQ(clock.Tick(), 1'000 + 250 * kMs);
  clock.Tick();
  EXPECT_EQ(clock.steps(), 2);
  EXPECT_EQ(clock.elapsed_us(), 500 * kMs);
  EXPECT_EQ(clock.start_us(), 1'000);
}

TEST(SimClock, AdvanceToYieldsEveryBoundaryUpToTheTarget) {
  SimClock clock(0, 100 * kMs);
  std::vector<TimeUs> seen;
  // 350 ms is not a boundary: the clock stops at 300 ms
  EXPECT_EQ(clock.AdvanceTo(350 * kMs, [&](TimeUs t) { seen.push_back(t); }), 3);
  EXPECT_EQ(seen, (std::vector<TimeUs>{100 * kMs, 200 * kMs, 300 * kMs}));
  EXPECT_EQ(clock.now(), 300 * kMs);
  // the callback sees the clock already advanced
  clock.AdvanceTo(400 * kMs, [&](TimeUs t) { EXPECT_EQ(clock.now(), t); });
  // backwards or not a whole step ahead: nothing happens
  EXPECT_EQ(clock.AdvanceTo(100 * kMs, [](TimeUs) { FAIL(); }), 0);
  EXPECT_EQ(clock.AdvanceTo(450 * kMs), 0);
  EXPECT_EQ(clock.now(), 400 * kMs);
  EXPECT_EQ(clock.AdvanceTo(1000 * kMs), 6);
  EXPECT_EQ(clock.now(), 1000 * kMs);
}

TEST(SimClock, NoDriftOverADayAndIdenticalRuns) {
  const TimeUs start = At("2026-01-15T00:00:00+07:00");
  // a step with no exact binary fraction (1/30 s rounds to 33,333 µs) still sums exactly
  SimClock a(start, 33'333), b(start, 33'333);
  std::vector<TimeUs> ta, tb;
  a.AdvanceTo(start + 3600 * kUsPerSecond, [&](TimeUs t) { ta.push_back(t); });
  b.AdvanceTo(start + 3600 * kUsPerSecond, [&](TimeUs t) { tb.push_back(t); });
  EXPECT_EQ(ta, tb);
  EXPECT_EQ(a.steps(), 3600 * kUsPerSecond / 33'333);
  EXPECT_EQ(a.now(), start + a.steps() * 33'333);
  SimClock day(start, 100 * kMs);
  for (int i = 0; i < 864'000; ++i) day.Tick();
  EXPECT_EQ(day.now(), At("2026-01-16T00:00:00+07:00"));
}

TEST(SimClock, SeekAndReset) {
  SimClock clock(10 * kUsPerSecond, kUsPerSecond);
  clock.SeekTo(15 * kUsPerSecond + 500 * kMs);
  EXPECT_EQ(clock.now(), 15 * kUsPerSecond);
  EXPECT_EQ(clock.steps(), 5);
  clock.SeekTo(12 * kUsPerSecond);
  EXPECT_EQ(clock.now(), 12 * kUsPerSecond);
  clock.SeekTo(0);  // before the start: clamps
  EXPECT_EQ(clock.now(), 10 * kUsPerSecond);
  clock.Tick();
  clock.Reset(100);
  EXPECT_EQ(clock.now(), 100);
  EXPECT_EQ(clock.steps(), 0);
  EXPECT_EQ(clock.step_us(), kUsPerSecond);
}

TEST(SimClock, FormatsGateLocalTime) {
  SimClock clock(At("2026-01-15T08:00:00+07:00"), 250 * kMs);
  for (int i = 0; i < 5; ++i) clock.Tick();
  EXPECT_EQ(clock.FormatLocal(), "2026-01-15T08:00:01.250+07:00");
  EXPECT_EQ(clock.FormatLocal(0), "2026-01-15T01:00:01.250+00:00");
  EXPECT_EQ(clock.FormatLocal(8 * 60), "2026-01-15T09:00:01.250+08:00");
}

}  // namespace
}  // namespace gatetwin::engine
