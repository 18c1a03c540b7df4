// The congestion plugin on the tiny world with hand-written feeds: queues, delays, booth use, spillback, files, errors.
//
// The tiny world (tests/data/worlds/tiny.yaml): lanes in1 (vn_to_cn) and out1 (cn_to_vn), 300 m
// at 10 m/s; booths at 200 m (free flow entry → booth 20 s, entry → exit 30 s); entry cameras at
// 0 m; trucks 12 m long queue at a 20 m pitch, the first one held at 180 m while the booth is
// busy. Marker 1119 (-50, 280) lies alongside out1 at station 20 (out1 station s is at y = 300 - s).
// Replays start their plugins at the first event and step each second; an event applies after
// the engine has moved to its time, so what it frees moves at the next step. Times below are
// seconds after 08:00:00+07:00.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "engine/plugin_host.h"
#include "replay/report.h"
#include "replay/session.h"
#include "replay/synth.h"
#include "tests/integration/temp_path.h"
#include "world/load.h"

namespace gatetwin {
namespace {

using Json = nlohmann::json;

std::string Ts(int seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "2026-01-15T08:%02d:%02d.000+07:00", seconds / 60, seconds % 60);
  return buf;
}

std::string Read(const std::string& sensor, const std::string& plate, int t) {
  return R"({"ts":")" + Ts(t) + R"(","sensor":")" + sensor + R"(","kind":"plate_read","plate":")" + plate +
         R"(","conf":0.95,"vehicle_class":"truck"})" + "\n";
}

std::string Barrier(int t) {
  return R"({"ts":")" + Ts(t) + R"(","sensor":"barrier.in1","kind":"barrier","state":"open"})" + "\n";
}

// A: in1 entry 0, booth 20, barrier 80, exit 90 (no wait).  B: in1 entry 5, held at 180 m behind
// A from 23 s (queued from the 24 s step), up to 190 m at 81 s and 200 m from 82 s, booth 85,
// barrier 145, exit 155.  C: out1 entry 10, booth 30 (no wait), exit 100 (which ends its service).
std::string TwoLaneFeed() {
  return Read("anpr.in1.entry", "A", 0) + Read("anpr.in1.entry", "B", 5) + Read("anpr.out1.entry", "C", 10) +
         Read("anpr.in1.booth", "A", 20) + Read("anpr.out1.booth", "C", 30) + Barrier(80) +
         Read("anpr.in1.booth", "B", 85) + Read("anpr.in1.exit", "A", 90) + Read("anpr.out1.exit", "C", 100) +
         Barrier(145) + Read("anpr.in1.exit", "B", 155);
}

// out1: T0 entry 0, booth 20, served until its exit read at 600. T1..T10 enter at 10 k s and
// are held behind it: Tk stops at 200 - 20 k m (arriving at 20 + 8 k s, queued from the next
// step). T9 stands at 20 m from 92 s (queued from 93 s), its tail (14 m) past marker 1119
// (20 m); T10 stands at the entry camera (0 m, tail clamped to 0), queued from 101 s. After
// T0's exit everyone moves up 10 m at 601 s (the entry camera clears; T10's tail, 4 m, is still
// past 1119) and 10 m more at 602 s. T11 enters at 630 s and stands at the camera, queued from
// 631 s. A lone exit read on in1 at 640 s ends the feed.
std::string SpillbackFeed() {
  std::string f = Read("anpr.out1.entry", "T0", 0);
  for (int k = 1; k <= 10; ++k) {
    f += Read("anpr.out1.entry", "T" + std::to_string(k), 10 * k);
    if (k == 2) f += Read("anpr.out1.booth", "T0", 20);
  }
  return f + Read("anpr.out1.exit", "T0", 600) + Read("anpr.out1.entry", "T11", 630) + Read("anpr.in1.exit", "Z", 640);
}

class CongestionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/tests/data/worlds/tiny.yaml");
    for (const auto& e : loaded.errors) ADD_FAILURE() << e.ToString();
    ASSERT_TRUE(loaded.ok());
    world_ = std::move(*loaded.world);
  }

  // replays `feed` with the congestion plugin asked for as `request`
  replay::ReplayOutcome Run(const std::string& feed, const std::string& request, const std::string& out_dir = "") {
    const std::string path = testing_util::TempPath("congestion_feed.jsonl");
    std::ofstream(path, std::ios::binary) << feed;
    engine::PluginRequest r;
    std::string error;
    EXPECT_TRUE(engine::ParsePluginRequest(request, &r, &error)) << error;
    host_ = std::make_unique<engine::PluginHost>();
    host_->set_search_path({GATETWIN_PLUGIN_DIR});
    host_->set_output_dir(out_dir);
    EXPECT_TRUE(host_->Load(r, &error)) << error;
    replay::ReplayOptions options;
    options.feeds = {path};
    options.plugins = host_.get();
    replay::ReplayOutcome out = replay::RunReplay(world_, options);
    for (const auto& e : out.errors) ADD_FAILURE() << e;
    return out;
  }

  static const engine::PluginStatus& Status(const replay::ReplayOutcome& out) {
    EXPECT_EQ(out.report.plugins.size(), 1u);
    return out.report.plugins.at(0);
  }

  static std::map<std::string, double> Kpis(const engine::PluginStatus& p) {
    EXPECT_TRUE(p.enabled) << p.error;
    std::map<std::string, double> kpis;
    for (const auto& k : p.published.kpis) kpis[k.name] = k.value;
    return kpis;
  }

  static const engine::PluginPublished::Series* Find(const engine::PluginStatus& p, const std::string& name) {
    for (const auto& s : p.published.series) {
      if (s.name == name) return &s;
    }
    ADD_FAILURE() << "no series " << name;
    return nullptr;
  }

  static engine::TimeUs At(int seconds) { return engine::ParseRfc3339(Ts(seconds))->utc_us; }

  world::World world_;
  std::unique_ptr<engine::PluginHost> host_;
};

TEST_F(CongestionTest, QueuesDelaysAndBoothsMatchHandComputation) {
  const replay::ReplayOutcome out = Run(TwoLaneFeed(), "congestion:interval_s=60");
  ASSERT_TRUE(out.ok);
  auto k = Kpis(Status(out));
  const double span_s = 155;  // first event 0 s .. last step 155 s

  // in1: B alone queues, t = 24..84 (61 steps): 26 m at 180 m (24..80), 16 m at 190 m (81),
  // 6 m at the stop line waiting for its booth read (82..84)
  EXPECT_EQ(k["lane_queue_max_veh.in1"], 1);
  EXPECT_DOUBLE_EQ(k["lane_queue_max_m.in1"], 26);
  EXPECT_NEAR(k["lane_queue_mean_veh.in1"], 61 / span_s, 1e-9);
  EXPECT_NEAR(k["lane_queue_mean_m.in1"], (57 * 26 + 16 + 3 * 6) / span_s, 1e-9);
  EXPECT_EQ(k["lane_queue_max_veh.out1"], 0);
  EXPECT_EQ(k["approach_queue_max_veh.vn_to_cn"], 1);
  EXPECT_EQ(k["peak_queue_veh"], 1);

  // queueing delay: service start - entry - 20 s free flow: A 0, B 60, C 0
  EXPECT_DOUBLE_EQ(k["queue_delay_mean_s.vn_to_cn"], 30);
  EXPECT_DOUBLE_EQ(k["queue_delay_p95_s.vn_to_cn"], 60);
  EXPECT_DOUBLE_EQ(k["queue_delay_trips.vn_to_cn"], 2);
  EXPECT_DOUBLE_EQ(k["queue_delay_mean_s.cn_to_vn"], 0);
  // system delay: exit - entry - 30 s free flow: A 60, B 120, C 60
  EXPECT_DOUBLE_EQ(k["system_delay_mean_s.vn_to_cn"], 90);
  EXPECT_DOUBLE_EQ(k["system_delay_p95_s.vn_to_cn"], 120);
  EXPECT_DOUBLE_EQ(k["system_delay_mean_s.cn_to_vn"], 60);
  EXPECT_EQ(k["trips_unattributed"], 0);
  // 30 s mean wait is within the default A bound (2 min)
  EXPECT_EQ(k["los.vn_to_cn"], 1);
  EXPECT_EQ(k["los.cn_to_vn"], 1);

  // b1 busy 20..79 (A) and 85..144 (B): 120 s; b2 busy 30..99 (C): 70 s
  EXPECT_NEAR(k["booth_utilisation.b1"], 120 / span_s, 1e-9);
  EXPECT_NEAR(k["booth_utilisation.b2"], 70 / span_s, 1e-9);
  EXPECT_NEAR(k["booth_utilisation"], 190 / (2 * span_s), 1e-9);

  // two exits on in1 in 155 s, both in the 08:00 hour
  EXPECT_NEAR(k["throughput_per_h.vn_to_cn"], 2 / (span_s / 3600), 1e-9);
  EXPECT_EQ(k["throughput_peak_per_h.vn_to_cn"], 2);

  // nothing reaches back to an entry camera
  EXPECT_EQ(k["spillback_min.anpr.in1.entry"], 0);
  EXPECT_EQ(k["spillback_episodes.anpr.in1.entry"], 0);
  EXPECT_EQ(k["spillback_first_local_h.anpr.in1.entry"], -1);

  // snapshots each minute (the first at the first step, 1 s); booth shares per minute stamped
  // at the minute's start: 08:00 has steps 1..59 (b1 busy 20..59), 08:01 60..119 (busy 60..79
  // and 85..119), 08:02 120..155 (busy 120..144)
  const auto* queue = Find(Status(out), "lane_queue_veh.in1");
  ASSERT_NE(queue, nullptr);
  ASSERT_EQ(queue->points.size(), 3u);
  EXPECT_EQ(queue->points[0], std::make_pair(At(1), 0.0));
  EXPECT_EQ(queue->points[1], std::make_pair(At(60), 1.0));
  EXPECT_EQ(queue->points[2], std::make_pair(At(120), 0.0));
  const auto* busy = Find(Status(out), "booth_utilisation.b1");
  ASSERT_NE(busy, nullptr);
  ASSERT_EQ(busy->points.size(), 3u);
  EXPECT_EQ(busy->points[0].first, At(0));
  EXPECT_NEAR(busy->points[0].second, 40.0 / 59, 1e-9);
  EXPECT_NEAR(busy->points[1].second, 55.0 / 60, 1e-9);
  EXPECT_NEAR(busy->points[2].second, 25.0 / 36, 1e-9);
  // mean queueing delay of the trips that entered in each minute: A and B in 08:00
  const auto* delay = Find(Status(out), "queue_delay_mean_s.vn_to_cn");
  ASSERT_NE(delay, nullptr);
  ASSERT_EQ(delay->points.size(), 1u);
  EXPECT_EQ(delay->points[0], std::make_pair(At(0), 30.0));
}

TEST_F(CongestionTest, LevelOfServiceFollowsTheThresholdsGiven) {
  // 30 s mean wait: over 0.25 min, within 1 min → B
  const replay::ReplayOutcome out = Run(TwoLaneFeed(), "congestion:los_min=0.25;1;2;3;4");
  ASSERT_TRUE(out.ok);
  auto k = Kpis(Status(out));
  EXPECT_EQ(k["los.vn_to_cn"], 2);
  EXPECT_EQ(k["los.cn_to_vn"], 1);  // 0 s
  bool row = false;
  for (const auto& [label, value] : Status(out).published.panel) {
    if (label == "Worst level of service") row = value.rfind("B on vn_to_cn", 0) == 0;
  }
  EXPECT_TRUE(row);
}

TEST_F(CongestionTest, SpillbackPastTheEntryCameraAndAMarker) {
  const replay::ReplayOutcome out = Run(SpillbackFeed(), "congestion:points=1119");
  ASSERT_TRUE(out.ok);
  const auto& status = Status(out);
  auto k = Kpis(status);
  EXPECT_EQ(k["lane_queue_max_veh.out1"], 11);
  EXPECT_DOUBLE_EQ(k["lane_queue_max_m.out1"], 200);
  // the entry camera (0 m): T10's tail from 101 s to 600 s, T11's from 631 s to 640 s; clear
  // for 30 s between, shorter than the 60 s episode gap
  EXPECT_NEAR(k["spillback_min.anpr.out1.entry"], (500.0 + 10) / 60, 1e-9);
  EXPECT_EQ(k["spillback_episodes.anpr.out1.entry"], 1);
  EXPECT_NEAR(k["spillback_first_local_h.anpr.out1.entry"], 8 + 101.0 / 3600, 1e-9);
  // marker 1119 (20 m on out1): from T9 queued at 93 s to the end (640 s), T10 then T11 behind
  // it; 1119 lies past in1's booth, so in1 cannot spill past it
  EXPECT_NEAR(k["spillback_min.1119"], 548.0 / 60, 1e-9);
  EXPECT_EQ(k["spillback_episodes.1119"], 1);
  EXPECT_NEAR(k["spillback_first_local_h.1119"], 8 + 93.0 / 3600, 1e-9);
  EXPECT_EQ(k["spillback_min.anpr.in1.entry"], 0);
  // T0 waited for nobody; the others were never served
  EXPECT_DOUBLE_EQ(k["queue_delay_trips.cn_to_vn"], 1);
  EXPECT_DOUBLE_EQ(k["queue_delay_mean_s.cn_to_vn"], 0);

  // at the end T1 waits at the stop line, T2..T10 behind it and T11 at the camera: the whole room
  ASSERT_EQ(status.published.overlays.size(), 1u);
  const auto& overlay = status.published.overlays[0];
  EXPECT_EQ(overlay.lane, 1);
  EXPECT_DOUBLE_EQ(overlay.from_m, 0);
  EXPECT_DOUBLE_EQ(overlay.to_m, 200);
  EXPECT_DOUBLE_EQ(overlay.value, 1);
  std::string spill_now;
  for (const auto& [label, value] : status.published.panel) {
    if (label == "Spillback now") spill_now = value;
  }
  EXPECT_EQ(spill_now, "anpr.out1.entry, 1119");

  // with no episode gap the 30 s clearing at the camera splits its episode in two
  const replay::ReplayOutcome split = Run(SpillbackFeed(), "congestion:points=1119,spillback_gap_s=0");
  ASSERT_TRUE(split.ok);
  EXPECT_EQ(Kpis(Status(split))["spillback_episodes.anpr.out1.entry"], 2);
  EXPECT_EQ(Kpis(Status(split))["spillback_episodes.1119"], 1);
}

TEST_F(CongestionTest, BadParametersDisableThePluginWithAClearError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"congestion:interval_s=0", "interval_s=0: give the sampling period"},
      {"congestion:interval_s=often", "interval_s=often is not a number"},
      {"congestion:points=9999", "no named point 9999 in world tiny (tiny); its named points are 1119, 1120"},
      {"congestion:points=1119;1119", "point 1119 is given twice"},
      {"congestion:los_min=2;5", "give five ascending minutes"},
      {"congestion:los_min=2;5;x;20;30", "'x' is not a number of minutes"},
      {"congestion:spillback_gap_s=-1", "spillback_gap_s=-1"},
      {"congestion:queue_gap_m=0", "queue_gap_m=0"},
  };
  for (const auto& [request, message] : cases) {
    const replay::ReplayOutcome out = Run(TwoLaneFeed(), request);
    ASSERT_TRUE(out.ok) << request;
    const auto& status = Status(out);
    EXPECT_FALSE(status.enabled) << request;
    EXPECT_NE(status.error.find("configure"), std::string::npos) << status.error;
    EXPECT_NE(status.error.find(message), std::string::npos) << request << ": " << status.error;
    EXPECT_TRUE(status.published.kpis.empty());
    ASSERT_EQ(out.warnings.size(), 1u) << request;
    EXPECT_EQ(out.warnings[0].rfind("plugin congestion disabled: configure", 0), 0u) << out.warnings[0];
  }
}

TEST_F(CongestionTest, WritesCsvAndJsonThatParse) {
  const std::string dir = testing_util::TempPath("congestion_out");
  std::filesystem::remove_all(dir);
  const replay::ReplayOutcome out = Run(TwoLaneFeed(), "congestion:interval_s=60", dir);
  ASSERT_TRUE(out.ok);
  const auto& status = Status(out);
  ASSERT_TRUE(status.enabled) << status.error;

  std::ifstream json_file(dir + "/congestion/congestion.json");
  ASSERT_TRUE(json_file) << "no congestion.json";
  const Json j = Json::parse(json_file);
  EXPECT_EQ(j["world"]["name"], "tiny");
  EXPECT_EQ(j["from"], Ts(0));
  EXPECT_EQ(j["to"], Ts(155));
  EXPECT_EQ(j["facts"]["los.vn_to_cn"], "A");
  EXPECT_EQ(j["facts"]["peak_queue.lane"], "in1");
  EXPECT_EQ(j["facts"]["peak_queue.at"], Ts(24));
  EXPECT_EQ(j["facts"]["lane_queue_max_at.in1"], Ts(24));
  EXPECT_FALSE(j["facts"].contains("lane_queue_max_at.out1"));  // never queued
  ASSERT_EQ(j["kpis"].size(), status.published.kpis.size());
  for (const auto& kpi : status.published.kpis) {
    EXPECT_NEAR(j["kpis"][kpi.name]["value"].get<double>(), kpi.value, 1e-6) << kpi.name;
    EXPECT_EQ(j["kpis"][kpi.name]["unit"], kpi.unit);
  }
  size_t points = 0;
  for (const auto& s : status.published.series) points += s.points.size();
  ASSERT_EQ(j["series"].size(), status.published.series.size());

  std::ifstream csv(dir + "/congestion/congestion_series.csv");
  ASSERT_TRUE(csv) << "no congestion_series.csv";
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "t_local,series,key,value,unit");
  size_t rows = 0;
  bool seen_queue = false;
  while (std::getline(csv, line)) {
    ++rows;
    if (line == Ts(60) + ",lane_queue_veh,in1,1,vehicles") seen_queue = true;
  }
  EXPECT_EQ(rows, points);
  EXPECT_TRUE(seen_queue);
}

TEST_F(CongestionTest, TheReplayReportIsTheSameWithThePlugin) {
  // a synthetic day, so that queues, services and exits are many
  const std::string feed_path = testing_util::TempPath("congestion_synth.jsonl");
  {
    replay::SynthOptions synth;
    synth.trucks_per_day = 400;
    synth.seed = 11;
    std::ofstream out(feed_path, std::ios::binary);
    replay::SynthesizeFeed(world_, synth, out);
  }
  std::ifstream in(feed_path, std::ios::binary);
  const std::string feed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const replay::ReplayOutcome with = Run(feed, "congestion:points=1119");
  ASSERT_TRUE(with.ok);
  auto k = Kpis(Status(with));

  replay::ReplayOptions plain;
  plain.feeds = {testing_util::TempPath("congestion_feed.jsonl")};
  const replay::ReplayOutcome without = replay::RunReplay(world_, plain);
  ASSERT_TRUE(without.ok);
  Json a = Json::parse(replay::ReportToJson(with.report));
  a.erase("plugins");
  EXPECT_EQ(a, Json::parse(replay::ReportToJson(without.report)));

  // the plugin's counts agree with the report's: every completed trip was served and attributed
  // to its lane
  const double span_h = static_cast<double>(without.report.last_event_us - without.report.first_event_us) / 3.6e9;
  for (size_t d = 0; d < 2; ++d) {
    const std::string dir = d == 0 ? "vn_to_cn" : "cn_to_vn";
    ASSERT_GT(without.report.completed_by_direction[d], 10u);
    // throughput counts every exit read, the report's completed trips those read at entry too
    const double exits = k["throughput_per_h." + dir] * span_h;
    EXPECT_GE(exits + 0.01, static_cast<double>(without.report.completed_by_direction[d]));
    EXPECT_LE(exits - 0.01, static_cast<double>(without.report.completed_by_direction[d] +
                                                without.report.tracks.trips_without_entry));
    EXPECT_GE(k["system_delay_trips." + dir], static_cast<double>(without.report.completed_by_direction[d]));
    // Little's law ties the queue to the delay: mean vehicles queued ≈ arrival rate × mean
    // queueing delay (a vehicle is in the queue about as long as it is delayed)
    const double rate_per_s = k["queue_delay_trips." + dir] / (span_h * 3600);
    EXPECT_NEAR(k["approach_queue_mean_veh." + dir], rate_per_s * k["queue_delay_mean_s." + dir],
                0.1 * k["approach_queue_mean_veh." + dir] + 1e-3)
        << dir;
  }
  EXPECT_EQ(k["trips_unattributed"], 0);
  EXPECT_GT(k["peak_queue_veh"], 0);
  EXPECT_GT(k["booth_utilisation"], 0);
  EXPECT_LT(k["booth_utilisation"], 1);
}

}  // namespace
}  // namespace gatetwin
