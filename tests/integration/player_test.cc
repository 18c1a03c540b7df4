// ReplayPlayer: play, seek (forward and back), speed and loop give the state a fresh replay has.
#include <gtest/gtest.h>

#include "tests/integration/temp_path.h"

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "replay/session.h"
#include "replay/synth.h"
#include "world/load.h"

namespace gatetwin {
namespace {

class PlayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/tests/data/worlds/tiny.yaml");
    ASSERT_TRUE(loaded.ok());
    world_ = std::move(*loaded.world);
    feed_ = gatetwin::testing_util::TempPath("player_feed.jsonl");
    replay::SynthOptions synth;
    synth.trucks_per_day = 300;
    synth.seed = 11;
    std::ofstream out(feed_, std::ios::binary);
    replay::SynthesizeFeed(world_, synth, out);
    options_.feeds = {feed_};
  }

  // the engine's visible state at t from a replay that never seeks
  static std::vector<engine::SnapshotVehicle> Fresh(const world::World& w, const replay::ReplayOptions& o,
                                                    engine::TimeUs t) {
    replay::Replay r(w, o);
    std::vector<std::string> errors;
    EXPECT_TRUE(r.Open(&errors));
    r.AdvanceTo(t);
    engine::SceneSnapshot snap;
    r.engine().Snapshot(&snap);
    return snap.vehicles;
  }

  static std::vector<engine::SnapshotVehicle> Now(const replay::ReplayPlayer& p) {
    engine::SceneSnapshot snap;
    p.engine().Snapshot(&snap);
    return snap.vehicles;
  }

  static void ExpectSame(const std::vector<engine::SnapshotVehicle>& a, const std::vector<engine::SnapshotVehicle>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].id, b[i].id);
      EXPECT_EQ(a[i].stage, b[i].stage);
      EXPECT_DOUBLE_EQ(a[i].position.x, b[i].position.x);
      EXPECT_DOUBLE_EQ(a[i].position.y, b[i].position.y);
    }
  }

  world::World world_;
  std::string feed_;
  replay::ReplayOptions options_;
};

TEST_F(PlayerTest, SeekForwardAndBackMatchesAFreshReplay) {
  replay::ReplayPlayer player(world_, options_);
  std::vector<std::string> errors;
  ASSERT_TRUE(player.Open(&errors));
  ASSERT_LT(player.start_us(), player.end_us());
  // a moment past mid-span when trucks are on the road (the tiny world empties in minutes)
  engine::TimeUs noon = player.start_us() + (player.end_us() - player.start_us()) / 2;
  {
    replay::Replay probe(world_, options_);
    ASSERT_TRUE(probe.Open(&errors));
    probe.AdvanceTo(noon);
    while (probe.engine().active_count() == 0 && noon < player.end_us())
      probe.AdvanceTo(noon += 10 * engine::kUsPerSecond);
  }
  const engine::TimeUs morning = player.start_us() + (player.end_us() - player.start_us()) / 3;

  player.SeekTo(noon);
  const auto at_noon = Now(player);
  EXPECT_FALSE(at_noon.empty());
  ExpectSame(at_noon, Fresh(world_, options_, noon));

  player.SeekTo(morning);  // backward: restarts and runs forward
  ExpectSame(Now(player), Fresh(world_, options_, morning));
  EXPECT_EQ(player.engine().now_us(), morning);
}

TEST_F(PlayerTest, PlayingAtSpeedAdvancesAndLoops) {
  replay::ReplayPlayer player(world_, options_);
  std::vector<std::string> errors;
  ASSERT_TRUE(player.Open(&errors));
  replay::Timeline& tl = player.timeline();
  tl.SetSpeed(100);
  tl.Play();
  player.Tick(2.0);  // 2 wall seconds at 100× = 200 simulated seconds
  EXPECT_EQ(tl.position(), player.start_us() + 200 * engine::kUsPerSecond);
  EXPECT_EQ(player.engine().now_us(), tl.position());

  tl.SetLoop(true);
  tl.SetSpeed(1000);
  const double span_s = static_cast<double>(player.end_us() - player.start_us()) / engine::kUsPerSecond;
  player.Tick(span_s / 1000);  // past the end: wraps to the start and replays from there
  EXPECT_TRUE(tl.looped());
  EXPECT_LT(tl.position(), player.end_us());
  ExpectSame(Now(player), Fresh(world_, options_, tl.position()));
}

TEST_F(PlayerTest, KeepsTheLatestEventsAndTheWholeFeedReport) {
  options_.event_log_capacity = 50;
  replay::ReplayPlayer player(world_, options_);
  std::vector<std::string> errors;
  ASSERT_TRUE(player.Open(&errors));
  // the whole-feed report is the same as a plain replay's
  const replay::ReplayOutcome plain = replay::RunReplay(world_, options_);
  EXPECT_EQ(player.whole_feed_report().events.applied, plain.report.events.applied);
  EXPECT_EQ(player.whole_feed_report().vehicles_completed, plain.report.vehicles_completed);
  EXPECT_EQ(player.whole_feed_report().faults.size(), plain.report.faults.size());
  EXPECT_TRUE(player.replay().event_log().empty());

  player.SeekTo(player.end_us());
  const auto& log = player.replay().event_log();
  ASSERT_EQ(log.size(), 50u);
  for (size_t i = 1; i < log.size(); ++i) EXPECT_LE(log[i - 1].ts_us, log[i].ts_us);
  EXPECT_EQ(log.back().ts_us, player.end_us());
  for (const auto& e : log) {
    ASSERT_GE(e.sensor, 0);
    EXPECT_LT(static_cast<size_t>(e.sensor), world_.sensors.size());
  }
}

TEST_F(PlayerTest, ReplacingTheFeedKeepsThePlaceThePaceAndTheMarks) {
  // the player starts on an in-memory feed, as a training session's is
  std::ifstream in(feed_, std::ios::binary);
  const auto whole = std::make_shared<const std::string>(std::string(std::istreambuf_iterator<char>(in), {}));
  replay::ReplayOptions memory;
  memory.feed_texts.emplace_back("first", whole);
  replay::ReplayPlayer player(world_, memory);
  std::vector<std::string> errors;
  ASSERT_TRUE(player.Open(&errors));
  player.SetMarks({{replay::TimelineMark::Kind::kIncident, player.start_us(), "x", ""}});
  const engine::TimeUs at = player.start_us() + 9 * 3600 * engine::kUsPerSecond;
  player.SeekTo(at);
  player.timeline().SetSpeed(120);
  player.timeline().Play();
  // the new feed: the same day cut at noon (what a decision at noon may change comes after it)
  std::string cut;
  std::istringstream lines(*whole);
  std::string line;
  engine::TimeUs last_us = 0;
  while (std::getline(lines, line)) {
    const auto ts = engine::ParseRfc3339(line.substr(7, 29));
    ASSERT_TRUE(ts) << line;
    if (ts->utc_us > player.start_us() + 12 * 3600 * engine::kUsPerSecond) break;
    last_us = ts->utc_us;
    cut += line + "\n";
  }
  ASSERT_TRUE(player.ReplaceFeedTexts({{"second", std::make_shared<const std::string>(cut)}}, &errors))
      << ::testing::PrintToString(errors);
  EXPECT_EQ(player.end_us(), last_us);
  EXPECT_EQ(player.timeline().position(), at);
  EXPECT_TRUE(player.timeline().playing());
  EXPECT_EQ(player.timeline().speed(), 120);
  EXPECT_EQ(player.marks().size(), 1u);
  // the state is the new feed's at that moment (the same as the old one's: the cut is later)
  replay::ReplayOptions second;
  second.feed_texts.emplace_back("second", std::make_shared<const std::string>(cut));
  ExpectSame(Now(player), Fresh(world_, second, at));
  ExpectSame(Now(player), Fresh(world_, memory, at));
}

}  // namespace
}  // namespace gatetwin
