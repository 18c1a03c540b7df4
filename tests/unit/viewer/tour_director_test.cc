// A tour played in the window: its time follows the frames, and the presenter's pause, skip and
// back move it (and the twin's clock) as a presenter expects.
#include "engine/viewer/tour_director.h"

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/time.h"
#include "engine/viewer/tour_player.h"
#include "world/load.h"

namespace gatetwin::viewer {
namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;

class TourDirectorTest : public testing::Test {
 protected:
  void SetUp() override {
    auto loaded = world::LoadWorld(kSource + "/tests/data/worlds/tiny.yaml");
    ASSERT_TRUE(loaded.ok());
    world_ = std::move(*loaded.world);
    world::Diagnostics diags;
    // three 10 s shots from 10:00, 11:00 and 12:00 of the day, the clock at its default 60× speed
    auto tour = ParseTour(
        "tour:\n  world: w.yaml\n  date: 2026-01-15\n  shots:\n"
        "    - {viewpoint: overview, duration_s: 10, at: \"10:00\"}\n"
        "    - {viewpoint: overview, duration_s: 10, at: \"11:00\"}\n"
        "    - {viewpoint: overview, duration_s: 10, at: \"12:00\"}\n",
        "/tours/t.yaml", &diags);
    ASSERT_TRUE(tour);
    tour_ = std::move(*tour);
    std::vector<std::string> errors;
    ASSERT_TRUE(CheckTourAgainstWorld(tour_, world_, &errors)) << ::testing::PrintToString(errors);
    replay::ReplayOptions options;  // a feed from 09:00 to 13:00: the player seeks within it
    options.feed_texts.emplace_back(
        "one.jsonl", std::make_shared<const std::string>(
                         R"({"ts":"2026-01-15T09:00:00+07:00","sensor":"loop.in1","kind":"presence","speed_kmh":20})"
                         "\n"
                         R"({"ts":"2026-01-15T13:00:00+07:00","sensor":"loop.in1","kind":"presence","speed_kmh":20})"
                         "\n"));
    player_ = std::make_unique<replay::ReplayPlayer>(world_, options);
    ASSERT_TRUE(player_->Open(&errors)) << ::testing::PrintToString(errors);
    director_ = std::make_unique<TourDirector>(tour_, world_, *player_);
  }

  // one frame `dt_s` after the last; false once the tour has ended
  bool Frame(double dt_s) {
    CameraPose pose;
    std::string caption;
    return director_->Step(dt_s, Language::kEn, &pose, &caption);
  }
  // the twin's clock, seconds after 10:00 local
  double ClockS() const {
    const engine::TimeUs ten = engine::ParseRfc3339("2026-01-15T10:00:00+07:00")->utc_us;
    return static_cast<double>(player_->timeline().position() - ten) / engine::kUsPerSecond;
  }

  world::World world_;
  Tour tour_;
  std::unique_ptr<replay::ReplayPlayer> player_;
  std::unique_ptr<TourDirector> director_;
};

TEST_F(TourDirectorTest, PauseHoldsTheTourAndTheClock) {
  ASSERT_TRUE(Frame(5));  // the first frame is the first moment, however late it comes
  EXPECT_DOUBLE_EQ(director_->time_s(), 0);
  ASSERT_TRUE(Frame(3));
  EXPECT_DOUBLE_EQ(director_->time_s(), 3);
  EXPECT_DOUBLE_EQ(ClockS(), 180);
  director_->clock().TogglePause();
  EXPECT_TRUE(director_->clock().paused());
  ASSERT_TRUE(Frame(60));
  EXPECT_DOUBLE_EQ(director_->time_s(), 3);
  EXPECT_DOUBLE_EQ(ClockS(), 180);
  director_->clock().TogglePause();
  ASSERT_TRUE(Frame(1));
  EXPECT_DOUBLE_EQ(director_->time_s(), 4);
}

TEST_F(TourDirectorTest, SkipAndBackGoToShotStartsAndSkippingPastTheLastEndsIt) {
  ASSERT_TRUE(Frame(0));
  ASSERT_TRUE(Frame(4));
  director_->clock().NextShot();
  ASSERT_TRUE(Frame(0.5));  // the frame after a skip shows the shot's first moment
  EXPECT_EQ(director_->shot(), 1);
  EXPECT_DOUBLE_EQ(director_->time_s(), 10);
  EXPECT_DOUBLE_EQ(ClockS(), 3600);
  ASSERT_TRUE(Frame(1));
  director_->clock().PreviousShot();  // 1 s into shot 1: back to shot 0
  ASSERT_TRUE(Frame(0.5));
  EXPECT_EQ(director_->shot(), 0);
  EXPECT_DOUBLE_EQ(ClockS(), 0);
  director_->clock().NextShot();
  director_->clock().NextShot();
  ASSERT_TRUE(Frame(0));
  ASSERT_TRUE(Frame(5));
  EXPECT_EQ(director_->shot(), 2);
  director_->clock().PreviousShot();  // 5 s into shot 2: its own start again
  ASSERT_TRUE(Frame(0.5));
  EXPECT_EQ(director_->shot(), 2);
  EXPECT_DOUBLE_EQ(director_->time_s(), 20);
  EXPECT_DOUBLE_EQ(ClockS(), 7200);
  director_->clock().NextShot();
  EXPECT_TRUE(director_->done());
  EXPECT_FALSE(Frame(0.5));
}

TEST_F(TourDirectorTest, EndGivesTheViewBackAndTheTourRunsOutOnItsOwn) {
  ASSERT_TRUE(Frame(0));
  director_->clock().End();
  EXPECT_FALSE(Frame(0.1));
  EXPECT_TRUE(director_->done());
  TourDirector again(tour_, world_, *player_);
  CameraPose pose;
  std::string caption;
  ASSERT_TRUE(again.Step(0, Language::kVi, &pose, &caption));
  ASSERT_TRUE(again.Step(29.9, Language::kVi, &pose, &caption));
  EXPECT_FALSE(again.Step(0.2, Language::kVi, &pose, &caption));
}

TEST_F(TourDirectorTest, TheClickersKeysSteerTheTourAndOtherKeysAreNotItsOwn) {
  TourClock& clock = director_->clock();
  ASSERT_TRUE(Frame(0));
  EXPECT_TRUE(clock.HandleKey(GLFW_KEY_PAGE_DOWN));
  EXPECT_TRUE(clock.HandleKey(GLFW_KEY_PAGE_DOWN, /*repeat=*/true));  // held: still one shot on
  ASSERT_TRUE(Frame(0.5));
  EXPECT_EQ(director_->shot(), 1);
  EXPECT_TRUE(clock.HandleKey(GLFW_KEY_SPACE));
  EXPECT_TRUE(clock.paused());
  EXPECT_TRUE(clock.HandleKey(GLFW_KEY_PAGE_UP));
  ASSERT_TRUE(Frame(0.5));
  EXPECT_EQ(director_->shot(), 0);
  EXPECT_FALSE(clock.HandleKey(GLFW_KEY_L));  // the language key stays the control room's
  EXPECT_FALSE(clock.HandleKey(GLFW_KEY_ESCAPE));
  EXPECT_TRUE(clock.HandleKey(GLFW_KEY_END));
  EXPECT_FALSE(Frame(0.5));
}

}  // namespace
}  // namespace gatetwin::viewer
