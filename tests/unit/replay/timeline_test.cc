// Tests of the replay timeline: play/pause, speed clamping, seek, step, end and loop behaviour.
#include "replay/timeline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace gatetwin::replay {
namespace {

constexpr engine::TimeUs kS = engine::kUsPerSecond;

TEST(Timeline, StartsPausedAtTheStart) {
  Timeline t(100 * kS, 200 * kS);
  EXPECT_FALSE(t.playing());
  EXPECT_EQ(t.position(), 100 * kS);
  EXPECT_EQ(t.Advance(5), 100 * kS);  // paused: wall time does not move it
  EXPECT_DOUBLE_EQ(t.speed(), 1);
  EXPECT_FALSE(t.loop());
}

TEST(Timeline, PlaysAtSpeed) {
  Timeline t(0, 1000 * kS);
  t.Play();
  EXPECT_EQ(t.Advance(1.5), 1500000);
  EXPECT_TRUE(t.SetSpeed(10));
  EXPECT_EQ(t.Advance(0.5), 1500000 + 5 * kS);
  t.Pause();
  EXPECT_EQ(t.Advance(3), 6500000);
  t.Play();
  EXPECT_EQ(t.Advance(-1), 6500000);  // negative wall time is ignored
  EXPECT_EQ(t.Advance(std::numeric_limits<double>::quiet_NaN()), 6500000);
}

TEST(Timeline, SmallStepsDoNotDrift) {
  Timeline t(0, 1000 * kS);
  t.Play();
  ASSERT_TRUE(t.SetSpeed(0.1));
  for (int i = 0; i < 600; ++i) t.Advance(1.0 / 60.0);  // 10 s of 60 Hz frames at 0.1x
  EXPECT_NEAR(static_cast<double>(t.position()), 1e6, 1.0);
}

TEST(Timeline, SpeedIsClampedAndSaysSo) {
  Timeline t(0, 10 * kS);
  std::string note;
  EXPECT_FALSE(t.SetSpeed(5000, &note));
  EXPECT_DOUBLE_EQ(t.speed(), Timeline::kMaxSpeed);
  EXPECT_EQ(note, "speed 5000x clamped to 1000x (allowed 0.1x to 1000x)");
  EXPECT_FALSE(t.SetSpeed(0.01, &note));
  EXPECT_DOUBLE_EQ(t.speed(), Timeline::kMinSpeed);
  EXPECT_FALSE(t.SetSpeed(-3));
  EXPECT_DOUBLE_EQ(t.speed(), Timeline::kMinSpeed);
  EXPECT_TRUE(t.SetSpeed(2, &note));
  EXPECT_FALSE(t.SetSpeed(std::nan(""), &note));
  EXPECT_DOUBLE_EQ(t.speed(), 2);
  EXPECT_EQ(note, "speed is not a number; unchanged");
}

TEST(Timeline, SeekAndStepClamp) {
  Timeline t(10 * kS, 20 * kS);
  EXPECT_TRUE(t.Seek(15 * kS));
  EXPECT_EQ(t.position(), 15 * kS);
  EXPECT_FALSE(t.Seek(25 * kS));
  EXPECT_EQ(t.position(), 20 * kS);
  EXPECT_TRUE(t.at_end());
  EXPECT_FALSE(t.Seek(0));
  EXPECT_EQ(t.position(), 10 * kS);
  EXPECT_EQ(t.Step(2 * kS), 12 * kS);  // stepping works while paused
  EXPECT_EQ(t.Step(-5 * kS), 10 * kS);
  t.SetLoop(true);
  EXPECT_EQ(t.Step(100 * kS), 20 * kS);  // a step never wraps
  EXPECT_EQ(t.Step(std::numeric_limits<engine::TimeUs>::max()), 20 * kS);
  EXPECT_EQ(t.Step(std::numeric_limits<engine::TimeUs>::min()), 10 * kS);
}

TEST(Timeline, StopsAtTheEndWithoutLoop) {
  Timeline t(0, 10 * kS);
  t.Play();
  EXPECT_EQ(t.Advance(9), 9 * kS);
  EXPECT_EQ(t.Advance(5), 10 * kS);
  EXPECT_FALSE(t.playing());
  EXPECT_FALSE(t.looped());
  EXPECT_TRUE(t.at_end());
}

TEST(Timeline, WrapsWhenLooping) {
  Timeline t(100 * kS, 110 * kS);
  t.SetLoop(true);
  t.Play();
  EXPECT_EQ(t.Advance(8), 108 * kS);
  EXPECT_FALSE(t.looped());
  EXPECT_EQ(t.Advance(3.5), 101500000);
  EXPECT_TRUE(t.looped());
  EXPECT_TRUE(t.playing());
  EXPECT_EQ(t.Advance(1), 102500000);
  EXPECT_FALSE(t.looped());  // reported once
  ASSERT_TRUE(t.SetSpeed(1000));
  t.Advance(1e6);  // far past several spans: still inside the span
  EXPECT_TRUE(t.looped());
  EXPECT_GE(t.position(), 100 * kS);
  EXPECT_LT(t.position(), 110 * kS);
}

TEST(Timeline, EmptySpan) {
  Timeline t(50, 10);  // end before start: an empty span at the start
  EXPECT_EQ(t.end(), 50);
  t.SetLoop(true);
  t.Play();
  EXPECT_EQ(t.Advance(1), 50);
  EXPECT_FALSE(t.playing());
}

TEST(Timeline, FollowsALiveFeedFromItsFirstEvent) {
  Timeline t(0, 0);  // a live feed: nothing known before the first event
  t.Follow(1000 * kS);
  EXPECT_EQ(t.start(), 1000 * kS);
  EXPECT_EQ(t.end(), 1000 * kS);
  EXPECT_EQ(t.position(), 1000 * kS);
  t.Follow(1030 * kS);
  EXPECT_EQ(t.start(), 1000 * kS);
  EXPECT_EQ(t.end(), 1030 * kS);
  EXPECT_EQ(t.position(), 1030 * kS);
  EXPECT_TRUE(t.at_end());
}

}  // namespace
}  // namespace gatetwin::replay
