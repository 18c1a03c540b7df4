// Replays hand-written feeds on the tiny world and checks report figures computed by hand.
//
// The tiny world (tests/data/worlds/tiny.yaml): lane in1 (vn_to_cn) and out1 (cn_to_vn), 300 m,
// 10 m/s; booths at 200 m; entry cameras at 0 m, exits at 300 m; a loop on in1 at 100 m;
// trucks queue at a 20 m pitch. Times below are seconds after 08:00:00+07:00.
#include <gtest/gtest.h>

#include "tests/integration/temp_path.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "replay/expect.h"
#include "replay/report.h"
#include "replay/session.h"
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
         R"(","conf":0.95,"vehicle_class":"truck"})";
}

std::string Barrier(int t) {
  return R"({"ts":")" + Ts(t) + R"(","sensor":"barrier.in1","kind":"barrier","state":"open"})";
}

class TinyReplay : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/tests/data/worlds/tiny.yaml");
    for (const auto& e : loaded.errors) ADD_FAILURE() << e.ToString();
    ASSERT_TRUE(loaded.ok());
    world_ = std::move(*loaded.world);
  }

  std::string WriteFeed(const std::string& name, const std::string& text) {
    const std::string path = gatetwin::testing_util::TempPath(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  replay::Report Run(const std::string& feed_text, const std::string& quarantine = "") {
    replay::ReplayOptions options;
    options.feeds = {WriteFeed("tiny_feed.jsonl", feed_text)};
    options.quarantine_path = quarantine;
    replay::ReplayOutcome out = replay::RunReplay(world_, options);
    for (const auto& e : out.errors) ADD_FAILURE() << e;
    EXPECT_TRUE(out.ok);
    return out.report;
  }

  world::World world_;
};

// A: entry 0, booth 20, barrier 80, exit 90.   B: entry 5, queued behind A, booth 85,
// barrier 145, exit 155.   C (out1): entry 10, booth 30, exit 100.   D: only an exit read at 200.
// Plus one each of: duplicate, bad JSON, timestamp without offset, unknown sensor, unknown
// kind, and a late loop event (50 s behind the newest).
std::string HandFeed() {
  std::ostringstream f;
  f << Read("anpr.in1.entry", "29C-111.11", 0) << "\n"
    << Read("anpr.in1.entry", "29C-111.11", 0) << "\n"  // duplicate
    << Read("anpr.in1.entry", "29C-222.22", 5) << "\n"
    << Read("anpr.out1.entry", "桂A12345", 10) << "\n"
    << "{\"ts\": \"2026-01-15T08:00:11+07:00\", \"sensor\": \n"  // bad JSON
    << Read("anpr.in1.booth", "29C-111.11", 20) << "\n"
    << R"({"ts":"2026-01-15T08:00:21","sensor":"loop.in1","kind":"loop","interval_s":30,"count":1})"
    << "\n"
    << Read("anpr.out1.booth", "桂A12345", 30) << "\n"
    << R"({"ts":")" << Ts(30) << R"(","sensor":"loop.in1","kind":"loop","interval_s":30,"count":2,"occupancy":0.1})"
    << "\n"
    << R"({"ts":")" << Ts(31) << R"(","sensor":"anpr.nowhere","kind":"plate_read","plate":"X1"})"
    << "\n"
    << R"({"ts":")" << Ts(32) << R"(","sensor":"loop.in1","kind":"teleport"})"
    << "\n"
    << Barrier(80) << "\n"
    << Read("anpr.in1.booth", "29C-222.22", 85) << "\n"
    << Read("anpr.in1.exit", "29C-111.11", 90) << "\n"
    << Read("anpr.out1.exit", "桂A12345", 100) << "\n"
    << R"({"ts":")" << Ts(50) << R"(","sensor":"loop.in1","kind":"loop","interval_s":30,"count":0})"
    << "\n"
    << Barrier(145) << "\n"
    << Read("anpr.in1.exit", "29C-222.22", 155) << "\n"
    << Read("anpr.in1.exit", "51D-999.99", 200) << "\n";
  return f.str();
}

TEST_F(TinyReplay, CountsEveryLineUnderOneReason) {
  const std::string quarantine = gatetwin::testing_util::TempPath("tiny_quarantine.jsonl");
  const replay::Report r = Run(HandFeed(), quarantine);
  EXPECT_EQ(r.events.read, 19u);
  EXPECT_EQ(r.events.by_reason[static_cast<size_t>(replay::Reason::kMalformed)], 2u);
  EXPECT_EQ(r.events.by_reason[static_cast<size_t>(replay::Reason::kUnknownSensor)], 1u);
  EXPECT_EQ(r.events.by_reason[static_cast<size_t>(replay::Reason::kUnknownKind)], 1u);
  EXPECT_EQ(r.events.by_reason[static_cast<size_t>(replay::Reason::kDuplicate)], 1u);
  EXPECT_EQ(r.events.by_reason[static_cast<size_t>(replay::Reason::kLate)], 1u);
  EXPECT_EQ(r.events.applied, 13u);

  // every doubtful line is in the quarantine file with its reason
  std::ifstream in(quarantine);
  std::string line;
  std::map<std::string, int> reasons;
  while (std::getline(in, line)) {
    const Json j = Json::parse(line);
    ++reasons[j.at("reason").get<std::string>()];
    EXPECT_TRUE(j.contains("line"));
    EXPECT_TRUE(j.contains("raw"));
  }
  EXPECT_EQ(reasons["malformed"], 2);
  EXPECT_EQ(reasons["unknown_sensor"], 1);
  EXPECT_EQ(reasons["unknown_kind"], 1);
  EXPECT_EQ(reasons["duplicate"], 1);
  EXPECT_EQ(reasons["late"], 1);
}

TEST_F(TinyReplay, TripsTimesAndQueuesMatchHandComputation) {
  const replay::Report r = Run(HandFeed());
  EXPECT_EQ(r.vehicles_seen, 4u);       // A, B, C, D
  EXPECT_EQ(r.vehicles_completed, 3u);  // D has no entry read
  EXPECT_EQ(r.tracks.trips_without_entry, 1u);
  // times in system: A 90 s, B 150 s, C 90 s
  EXPECT_DOUBLE_EQ(r.time_in_system_s.mean, 110.0);
  EXPECT_DOUBLE_EQ(r.time_in_system_s.p50, 90.0);
  EXPECT_DOUBLE_EQ(r.time_in_system_s.p95, 150.0);
  EXPECT_DOUBLE_EQ(r.time_in_system_s.max, 150.0);
  EXPECT_DOUBLE_EQ(r.time_in_system_by_direction_s[0].mean, 120.0);
  // span 0..200 s: 2 completed vn_to_cn → 36/h, 1 cn_to_vn → 18/h
  EXPECT_NEAR(r.throughput_per_hour[0], 36.0, 1e-9);
  EXPECT_NEAR(r.throughput_per_hour[1], 18.0, 1e-9);

  ASSERT_EQ(r.lanes.size(), 2u);
  const auto& in1 = r.lanes[0].id == "in1" ? r.lanes[0] : r.lanes[1];
  const auto& out1 = r.lanes[0].id == "in1" ? r.lanes[1] : r.lanes[0];
  EXPECT_EQ(in1.vehicles, 3);   // A, B and D's exit read
  EXPECT_EQ(in1.max_queue, 1);  // B stopped behind A, one pitch short of the busy booth
  // B drives 10 m/s from 0 m at t=5, reaches 180 m at t=23 and is held there at the t=24 step
  EXPECT_EQ(in1.max_queue_at_us, engine::ParseRfc3339(Ts(24))->utc_us);
  EXPECT_EQ(out1.vehicles, 1);
  EXPECT_EQ(out1.max_queue, 0);  // C reached its booth exactly at its booth read

  // the loop reported 2 trucks over it (the late loop line is not applied); the twin drove A and B over it
  ASSERT_EQ(r.loops.size(), 1u);
  EXPECT_EQ(r.loops[0].reported, 2);
  EXPECT_EQ(r.loops[0].twin, 2);
}

TEST_F(TinyReplay, SameInputGivesByteIdenticalReport) {
  const std::string a = replay::ReportToJson(Run(HandFeed()));
  const std::string b = replay::ReportToJson(Run(HandFeed()));
  EXPECT_EQ(a, b);
  const Json j = Json::parse(a);
  EXPECT_EQ(j["events"]["read"], 19);
  EXPECT_EQ(j["vehicles"]["completed"], 3);
  EXPECT_EQ(j["lanes"]["in1"]["max_queue"], 1);
  EXPECT_EQ(j["time_in_system_s"]["p95"], 150.0);
}

TEST_F(TinyReplay, FiveMinuteSeriesSamplesPresentVehiclesAndQueues) {
  // one truck in from 0 s to 700 s: samples at 0, 300, 600 s see it present (0 s: not yet)
  std::ostringstream f;
  f << Read("anpr.out1.entry", "29C-333.33", 0) << "\n"
    << Read("anpr.out1.booth", "29C-333.33", 20) << "\n"
    << Read("anpr.out1.exit", "29C-333.33", 700) << "\n";
  const replay::Report r = Run(f.str());
  ASSERT_EQ(r.series.size(), 3u);
  EXPECT_EQ(r.series[0].present, 0);
  EXPECT_EQ(r.series[1].present, 1);
  EXPECT_EQ(r.series[2].present, 1);
  EXPECT_EQ(r.series[1].t_us - r.series[0].t_us, 300 * engine::kUsPerSecond);
}

TEST_F(TinyReplay, ExpectBoundsPassAndFailWithMargins) {
  const std::string json = replay::ReportToJson(Run(HandFeed()));
  auto pass = replay::CheckExpectationsText(json,
                                            "expect:\n"
                                            "  vehicles.completed: {min: 3, max: 3}\n"
                                            "  events.duplicate: 1\n"
                                            "  lanes.in1.max_queue: {max: 2}\n"
                                            "  sensors.loops.loop.in1.twin: 2\n"
                                            "  time_in_system_s.mean: {approx: 105, tol: 0.1}\n",
                                            "pass.yaml");
  ASSERT_TRUE(pass.ok()) << pass.errors.front();
  EXPECT_TRUE(pass.passed());
  EXPECT_EQ(pass.checks.size(), 5u);

  auto fail = replay::CheckExpectationsText(json, "expect:\n  vehicles.completed: {min: 10}\n", "fail.yaml");
  ASSERT_TRUE(fail.ok());
  EXPECT_FALSE(fail.passed());
  EXPECT_EQ(fail.checks[0].message, "vehicles.completed = 3: below min 10 by 7 (70%)");

  auto bad = replay::CheckExpectationsText(
      json, "expect:\n  vehicles.teleported: 1\n  events.read: {around: 3}\n  ? [a]\n  : 1\n", "bad.yaml");
  ASSERT_EQ(bad.errors.size(), 3u);
  EXPECT_EQ(bad.errors[2], "bad.yaml:4:5: each key must be a report path such as `vehicles.completed`");
  EXPECT_EQ(bad.errors[0],
            "bad.yaml:2:3: `vehicles.teleported` is not in the report (see the report JSON for the paths)");
  EXPECT_EQ(bad.errors[1], "bad.yaml:3:17: unknown bound `around` (use min, max, equals, or approx with tol)");
}

TEST_F(TinyReplay, TimeRangeCountsEventsOutside) {
  replay::ReplayOptions options;
  options.feeds = {WriteFeed("range.jsonl", HandFeed())};
  options.from_us = engine::ParseRfc3339(Ts(60))->utc_us;
  replay::ReplayOutcome out = replay::RunReplay(world_, options);
  ASSERT_TRUE(out.ok);
  const auto& e = out.report.events;
  uint64_t sum = e.applied;
  for (uint64_t n : e.by_reason) sum += n;
  EXPECT_EQ(sum, e.read);
  EXPECT_GT(e.by_reason[static_cast<size_t>(replay::Reason::kOutsideRange)], 0u);
  EXPECT_GE(out.report.first_event_us, *options.from_us);
}

}  // namespace
}  // namespace gatetwin
