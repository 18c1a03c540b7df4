// Plugins through a replay: loading by name, ABI and duplicate checks, a throwing plugin disabled,
// commands, and the example plugin's numbers against the engine's own.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "engine/plugin_host.h"
#include "replay/session.h"
#include "replay/synth.h"
#include "tests/integration/temp_path.h"
#include "world/load.h"

namespace gatetwin {
namespace {

using engine::PluginHost;
using engine::PluginRequest;

PluginRequest Request(const std::string& text) {
  PluginRequest r;
  std::string error;
  EXPECT_TRUE(engine::ParsePluginRequest(text, &r, &error)) << error;
  return r;
}

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/tests/data/worlds/tiny.yaml");
    ASSERT_TRUE(loaded.ok());
    world_ = std::move(*loaded.world);
    feed_ = testing_util::TempPath("plugin_feed.jsonl");
    replay::SynthOptions synth;
    synth.trucks_per_day = 400;
    synth.seed = 7;
    std::ofstream out(feed_, std::ios::binary);
    replay::SynthesizeFeed(world_, synth, out);
    options_.feeds = {feed_};
    host_.set_search_path({GATETWIN_PLUGIN_DIR, GATETWIN_TEST_PLUGIN_DIR});
  }

  const engine::PluginStatus* Find(const replay::Report& r, const std::string& name) {
    for (const auto& p : r.plugins) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
  static double Kpi(const engine::PluginStatus& p, const std::string& name) {
    for (const auto& k : p.published.kpis) {
      if (k.name == name) return k.value;
    }
    ADD_FAILURE() << "no KPI " << name;
    return -1;
  }

  world::World world_;
  std::string feed_;
  replay::ReplayOptions options_;
  PluginHost host_;
};

TEST_F(PluginTest, ExampleCountsWhatTheEngineCounts) {
  std::string error;
  ASSERT_TRUE(host_.Load(Request("stage_census:period_s=600"), &error)) << error;
  options_.plugins = &host_;
  const replay::ReplayOutcome with = replay::RunReplay(world_, options_);
  ASSERT_TRUE(with.ok);
  const engine::PluginStatus* census = Find(with.report, "stage_census");
  ASSERT_NE(census, nullptr);
  ASSERT_TRUE(census->enabled) << census->error;

  // the same replay without plugins, stepped second by second, measured from the engine itself
  replay::ReplayOptions plain = options_;
  plain.plugins = nullptr;
  replay::Replay r(world_, plain);
  std::vector<std::string> errors;
  ASSERT_TRUE(r.Open(&errors));
  r.AdvanceTo(*r.next_event_us());
  int peak = 0;
  while (!r.done()) {
    r.AdvanceTo(r.engine().now_us() + engine::kUsPerSecond);
    int queued = 0;
    for (const auto& l : r.engine().lane_stats()) queued += l.queued;
    peak = std::max(peak, queued);
  }
  double wait_sum_s = 0;
  int waits = 0;
  for (const auto& trip : r.engine().finished()) {
    if (trip.entry_us >= 0 && trip.service_start_us >= trip.entry_us) {
      wait_sum_s += static_cast<double>(trip.service_start_us - trip.entry_us) / 1e6;
      ++waits;
    }
  }
  ASSERT_GT(peak, 0) << "the feed must queue someone for the check to mean anything";
  EXPECT_EQ(Kpi(*census, "peak_queued"), peak);
  EXPECT_EQ(Kpi(*census, "trips_with_service"), waits);
  EXPECT_NEAR(Kpi(*census, "mean_wait_to_service"), wait_sum_s / waits, 1e-6);
  // one sample per 10 minutes of the span
  const auto& series = census->published.series;
  ASSERT_EQ(series.size(), 5u);
  const double span_s = static_cast<double>(with.report.last_event_us - with.report.first_event_us) / 1e6;
  EXPECT_NEAR(static_cast<double>(series[1].points.size()), span_s / 600, 2);

  // plugins read the twin; they do not change what the replay reports
  const replay::ReplayOutcome without = replay::RunReplay(world_, plain);
  EXPECT_EQ(with.report.vehicles_completed, without.report.vehicles_completed);
  EXPECT_DOUBLE_EQ(with.report.time_in_system_s.mean, without.report.time_in_system_s.mean);
  EXPECT_EQ(with.report.lanes[0].max_queue, without.report.lanes[0].max_queue);
}

TEST_F(PluginTest, AThrowingPluginIsDisabledAndTheRunGoesOn) {
  std::string error;
  ASSERT_TRUE(host_.Load(Request("throwing:after_steps=30"), &error)) << error;
  ASSERT_TRUE(host_.Load(Request("stage_census"), &error)) << error;
  options_.plugins = &host_;
  const replay::ReplayOutcome out = replay::RunReplay(world_, options_);
  ASSERT_TRUE(out.ok);
  const engine::PluginStatus* throwing = Find(out.report, "throwing");
  ASSERT_NE(throwing, nullptr);
  EXPECT_FALSE(throwing->enabled);
  EXPECT_NE(throwing->error.find("post-update"), std::string::npos) << throwing->error;
  EXPECT_NE(throwing->error.find("deliberate failure"), std::string::npos) << throwing->error;
  EXPECT_TRUE(throwing->published.kpis.empty());
  const engine::PluginStatus* census = Find(out.report, "stage_census");
  ASSERT_NE(census, nullptr);
  EXPECT_TRUE(census->enabled);
  EXPECT_GT(Kpi(*census, "trips_with_service"), 0);
  ASSERT_EQ(std::count_if(out.warnings.begin(), out.warnings.end(),
                          [](const std::string& w) { return w.find("plugin throwing disabled") == 0; }),
            1);
}

TEST_F(PluginTest, ABadParameterDisablesThePluginAtConfigure) {
  std::string error;
  ASSERT_TRUE(host_.Load(Request("stage_census:period_s=often"), &error)) << error;
  options_.plugins = &host_;
  const replay::ReplayOutcome out = replay::RunReplay(world_, options_);
  ASSERT_TRUE(out.ok);
  ASSERT_EQ(out.report.plugins.size(), 1u);
  EXPECT_FALSE(out.report.plugins[0].enabled);
  EXPECT_NE(out.report.plugins[0].error.find("configure"), std::string::npos);
  EXPECT_NE(out.report.plugins[0].error.find("period_s=often is not a number"), std::string::npos);
}

TEST_F(PluginTest, CommandsFromPreUpdateTakeEffect) {
  std::string error;
  ASSERT_TRUE(host_.Load(Request("sensor_drill:sensor=loop.in1"), &error)) << error;
  options_.plugins = &host_;
  const replay::ReplayOutcome out = replay::RunReplay(world_, options_);
  ASSERT_TRUE(out.ok);
  ASSERT_TRUE(out.report.plugins[0].enabled) << out.report.plugins[0].error;
  EXPECT_GT(Kpi(out.report.plugins[0], "offline_steps"), 0);
}

TEST_F(PluginTest, LoaderRefusesWrongAbiDuplicatesAndStrangers) {
  std::string error;
  EXPECT_FALSE(host_.Load(Request("wrong_abi"), &error));
  EXPECT_NE(error.find("ABI version 999"), std::string::npos) << error;
  EXPECT_NE(error.find("rebuild"), std::string::npos) << error;

  ASSERT_TRUE(host_.Load(Request("stage_census"), &error)) << error;
  EXPECT_FALSE(host_.Load(Request("same_name"), &error));
  EXPECT_NE(error.find("already loaded"), std::string::npos) << error;

  EXPECT_FALSE(host_.Load(Request("not_a_plugin"), &error));
  EXPECT_NE(error.find("no gatetwin_plugin_descriptor"), std::string::npos) << error;

  EXPECT_FALSE(host_.Load(Request("no_such_plugin"), &error));
  EXPECT_NE(error.find("gatetwin_plugin_no_such_plugin.so"), std::string::npos) << error;
  EXPECT_NE(error.find(GATETWIN_TEST_PLUGIN_DIR), std::string::npos) << error;

  EXPECT_FALSE(host_.Load(Request("/nonexistent/gatetwin_plugin_x.so"), &error));
  EXPECT_NE(error.find("/nonexistent/gatetwin_plugin_x.so"), std::string::npos) << error;
  EXPECT_FALSE(host_.Load(Request("Bad-Name"), &error));
  EXPECT_EQ(host_.size(), 1u);
}

TEST_F(PluginTest, SearchPathComesFromTheEnvironmentFirst) {
  setenv("GATETWIN_PLUGIN_PATH", "/opt/a::/opt/b", 1);
  const auto path = engine::DefaultPluginSearchPath();
  unsetenv("GATETWIN_PLUGIN_PATH");
  ASSERT_GE(path.size(), 3u);
  EXPECT_EQ(path[0], "/opt/a");
  EXPECT_EQ(path[1], "/opt/b");
  EXPECT_NE(path[2].find("/plugins"), std::string::npos);

  const auto found = engine::ListPlugins({GATETWIN_TEST_PLUGIN_DIR});
  ASSERT_EQ(found.size(), 5u);
  int usable = 0;
  for (const auto& f : found) usable += f.error.empty() ? 1 : 0;
  EXPECT_EQ(usable, 3);  // throwing, same_name, sensor_drill
}

TEST(PluginRequestTest, ParsesNamesAndParameters) {
  PluginRequest r;
  std::string error;
  ASSERT_TRUE(engine::ParsePluginRequest("congestion:period_s=60,points=1119", &r, &error));
  EXPECT_EQ(r.name_or_path, "congestion");
  EXPECT_EQ(r.params.at("period_s"), "60");
  EXPECT_EQ(r.params.at("points"), "1119");
  EXPECT_FALSE(engine::ParsePluginRequest(":x=1", &r, &error));
  EXPECT_FALSE(engine::ParsePluginRequest("c:novalue", &r, &error));
  EXPECT_NE(error.find("novalue"), std::string::npos);
}

}  // namespace
}  // namespace gatetwin
