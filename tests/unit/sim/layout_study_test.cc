// The layout study: banks of 1, 2 and 4 booths (known order), report files, threads, bad options.
#include "replay/sim/layout_study.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "replay/sim/study_report.h"
#include "tests/integration/temp_path.h"
#include "tests/unit/sim/sim_test_world.h"

namespace gatetwin::replay::sim {
namespace {

using engine::kUsPerSecond;
using world::ServiceTime;

constexpr double kServiceMeanS = 240;

// a flat day of export trucks that all go to a documents booth: the banks serve every one
Demand FlatDemand(double trucks_per_day) {
  Demand d = DefaultDemand(0);
  d.name = "flat";
  d.inspection_share = {};
  d.yard_share = 0;
  d.gps_share = 0;
  for (auto& rate : d.arrivals_per_hour[0][0]) rate = trucks_per_day / 24;
  return d;
}

struct Banks {
  std::vector<world::World> worlds;
  std::vector<StudyLayout> layouts;
  Banks() {
    for (int booths : {1, 2, 4})
      worlds.push_back(testing::BankWorld(booths, 10, {ServiceTime::Dist::kExponential, kServiceMeanS, 0, 0, 0}));
    for (const world::World& w : worlds) layouts.push_back({&w, w.phase + ".yaml"});
  }
};

StudyOptions SmallStudy(int jobs) {
  StudyOptions o;
  o.replications = 4;
  o.jobs = jobs;
  o.threshold_min = 15;
  o.grid = {100, 2000, 100};
  o.sweep_replications = 2;
  o.sim.duration_us = 12 * 3600 * kUsPerSecond;
  o.sim.drain_us = 6 * 3600 * kUsPerSecond;
  return o;
}

// one study shared by the tests that only read it (each run is a simulated half day)
const StudyResult& TwoThreadStudy() {
  static const Banks banks;
  static const StudyResult result = RunStudy(banks.layouts, FlatDemand(250), SmallStudy(2));
  return result;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

size_t Columns(const std::string& line) { return static_cast<size_t>(std::count(line.begin(), line.end(), ',')) + 1; }

TEST(LayoutStudyTest, MoreBoothsGiveShorterTimesAndHigherCapacities) {
  const StudyResult& r = TwoThreadStudy();
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.figures.size(), 3u);
  EXPECT_EQ(r.runs.size(), 3u * 4 + 3u * 20 * 2);
  // 250 trucks/day on one booth is a load of about 0.7: a long queue; on four, next to none
  EXPECT_GT(r.figures[0].mean_min.mean, r.figures[1].mean_min.mean);
  EXPECT_GT(r.figures[1].mean_min.mean, r.figures[2].mean_min.mean);
  EXPECT_GT(r.figures[0].upstream_wait_mean_min.mean, r.figures[2].upstream_wait_mean_min.mean);
  // even with no queue a truck spends its service and the drive: at least the mean service
  EXPECT_GT(r.figures[2].mean_min.mean, kServiceMeanS / 60 * 0.8);
  for (int l = 0; l < 3; ++l) {
    ASSERT_EQ(r.capacity[static_cast<size_t>(l)].kind, Capacity::Kind::kFound) << l;
    EXPECT_GT(r.figures[static_cast<size_t>(l)].completed.mean, 100) << l;
  }
  EXPECT_LT(r.capacity[0].trucks_per_day, r.capacity[1].trucks_per_day);
  EXPECT_LT(r.capacity[1].trucks_per_day, r.capacity[2].trucks_per_day);
  // no bank can pass more than its booths' service rate: 86,400 s / 240 s per booth a day
  for (int l = 0; l < 3; ++l) {
    const int booths = l == 0 ? 1 : l == 1 ? 2 : 4;
    EXPECT_LT(r.capacity[static_cast<size_t>(l)].trucks_per_day, booths * 86'400 / kServiceMeanS) << booths;
  }
  // the busiest bank has trucks waiting at the day's 5-minute points, and its queue chart says so
  EXPECT_GT(r.figures[0].max_queue.mean, r.figures[2].max_queue.mean);
  EXPECT_EQ(r.figures[0].queue_mean.size(), static_cast<size_t>(r.queue_samples));
}

TEST(LayoutStudyTest, TheSameFiguresWithOneAndTwoThreads) {
  const Banks banks;
  const StudyResult one = RunStudy(banks.layouts, FlatDemand(250), SmallStudy(1));
  const StudyResult& two = TwoThreadStudy();
  ASSERT_TRUE(one.ok);
  EXPECT_EQ(one.jobs, 1);
  EXPECT_EQ(two.jobs, 2);
  EXPECT_EQ(SummaryCsv(one), SummaryCsv(two));
  EXPECT_EQ(SweepCsv(one), SweepCsv(two));
  EXPECT_EQ(QueueCsv(one), QueueCsv(two));
  EXPECT_EQ(StudyConclusion(one), StudyConclusion(two));
}

TEST(LayoutStudyTest, ReplicationsUseTheirOwnSeedsOnEveryLayout) {
  const StudyResult& r = TwoThreadStudy();
  for (const StudyRun& run : r.runs) EXPECT_EQ(run.seed, r.options.base_seed + static_cast<uint64_t>(run.replication));
  // common random numbers: replication r of each layout sees the same arrivals
  for (int rep = 0; rep < 4; ++rep) {
    EXPECT_EQ(r.runs[static_cast<size_t>(rep)].truth.arrivals, r.runs[static_cast<size_t>(4 + rep)].truth.arrivals);
    EXPECT_EQ(r.runs[static_cast<size_t>(rep)].truth.arrivals, r.runs[static_cast<size_t>(8 + rep)].truth.arrivals);
  }
}

TEST(LayoutStudyTest, ReportFilesExistAndParse) {
  const StudyResult& r = TwoThreadStudy();
  const std::string dir = gatetwin::testing_util::TempPath("study");
  std::vector<std::string> errors;
  ASSERT_TRUE(WriteStudyReport(r, dir, &errors)) << (errors.empty() ? "" : errors.front());
  auto read = [&](const std::string& name) {
    std::ifstream in(std::filesystem::path(dir) / name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const auto summary = Lines(read("summary.csv"));
  ASSERT_EQ(summary.size(), 4u);
  EXPECT_EQ(summary[0].substr(0, 36), "layout,phase,world_file,replications");
  for (const std::string& line : summary) EXPECT_EQ(Columns(line), 19u) << line;
  EXPECT_NE(summary[1].find("bank_1"), std::string::npos);
  const auto sweep = Lines(read("sweep.csv"));
  EXPECT_EQ(sweep.size(), 1u + 3 * 20);
  for (const std::string& line : sweep) EXPECT_EQ(Columns(line), 8u) << line;
  const auto runs = Lines(read("runs.csv"));
  EXPECT_EQ(runs.size(), 1 + r.runs.size());
  for (const std::string& line : runs) EXPECT_EQ(Columns(line), 19u) << line;
  const auto queue = Lines(read("queue.csv"));
  EXPECT_EQ(queue.size(), 1u + static_cast<size_t>(r.queue_samples));
  EXPECT_EQ(queue[0], "t_h,time,bank_1_waiting_trucks,bank_2_waiting_trucks,bank_4_waiting_trucks");

  const auto json = nlohmann::json::parse(read("study.json"));
  ASSERT_EQ(json["layouts"].size(), 3u);
  EXPECT_EQ(json["layouts"][0]["phase"], "bank_1");
  EXPECT_EQ(json["layouts"][2]["capacity"]["kind"], "found");
  EXPECT_NEAR(json["layouts"][1]["time_from_arrival_min"]["mean"]["mean"].get<double>(), r.figures[1].mean_min.mean,
              1e-9);
  EXPECT_EQ(json["layouts"][0]["sweep"].size(), 20u);
  EXPECT_FALSE(json["conclusion"].get<std::string>().empty());

  const std::string html = read("index.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  size_t svgs = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  EXPECT_EQ(svgs, 3u);
  EXPECT_NE(html.find("threshold 15 min"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  // the conclusion is at the top and names the best layout, which the figures say is the 4-booth bank
  EXPECT_LT(html.find("class=\"conclusion\""), html.find("<svg"));
  EXPECT_NE(StudyConclusion(r).find("bank_4 is the best"), std::string::npos) << StudyConclusion(r);
  std::filesystem::remove_all(dir);
}

TEST(LayoutStudyTest, TheConclusionSaysWhichLayoutIsBestAndWhichCapacitiesAreTooCloseToCall) {
  const Banks banks;
  StudyResult r;
  r.layouts = {banks.layouts[0], banks.layouts[2]};
  r.demand = FlatDemand(1000);
  r.options = SmallStudy(1);
  r.figures.resize(2);
  r.figures[0].mean_min = {50, 2, 4};
  r.figures[1].mean_min = {20, 2, 4};
  r.figures[0].still_inside = {12, 0, 4};
  r.capacity = {{Capacity::Kind::kFound, 1050}, {Capacity::Kind::kAboveRange, 2000}};
  const std::string text = StudyConclusion(r);
  EXPECT_NE(text.find("bank_4 is the best of the 2 layouts"), std::string::npos) << text;
  EXPECT_NE(text.find("bank_1 takes 50 min, 30 min longer (+150 %)"), std::string::npos) << text;
  EXPECT_EQ(text.find("within the noise"), std::string::npos) << text;  // 50 ± 2 and 20 ± 2 do not overlap
  EXPECT_NE(text.find("bank_1 leaves 12"), std::string::npos) << text;
  EXPECT_NE(text.find("bank_1 about 1,050 trucks/day (1.05× this demand)"), std::string::npos) << text;
  EXPECT_NE(text.find("bank_4 above the sweep's range (over 2,000 trucks/day)"), std::string::npos) << text;
  EXPECT_NE(text.find("Every layout carries this demand"), std::string::npos) << text;
  EXPECT_NE(text.find("The capacity of bank_1 is within 10 % of the demand: too close to call"), std::string::npos)
      << text;
  r.figures[0].mean_min = {21, 2, 4};
  EXPECT_NE(StudyConclusion(r).find("a difference within the noise of 4 runs"), std::string::npos);
}

TEST(LayoutStudyTest, BadOptionsAreRefusedWithTheOptionNamed) {
  const Banks banks;
  StudyOptions o = SmallStudy(1);
  o.threshold_min = 0;
  StudyResult r = RunStudy(banks.layouts, FlatDemand(250), o);
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors.front().find("--threshold-min"), std::string::npos) << r.errors.front();
  EXPECT_TRUE(r.runs.empty());

  o = SmallStudy(1);
  o.replications = 0;
  o.sweep_replications = -1;
  const auto errors = CheckStudyOptions(o);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("--replications"), std::string::npos);
  EXPECT_NE(errors[1].find("--sweep-replications"), std::string::npos);

  // a demand with no trucks cannot be scaled for the sweep
  r = RunStudy(banks.layouts, FlatDemand(0), SmallStudy(1));
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(RunStudy({}, FlatDemand(10), SmallStudy(1)).errors.size() == 1);

  std::string error;
  for (const char* bad : {"100:50:10", "a:b:c", "100:200:0", "0:100:10", "1:100000:1", "100:200:10x", "100:200"}) {
    error.clear();
    EXPECT_FALSE(ParseSweep(bad, &error)) << bad;
    EXPECT_NE(error.find("--sweep"), std::string::npos) << bad << ": " << error;
  }
  const auto grid = ParseSweep("400:4000:200", &error);
  ASSERT_TRUE(grid);
  const auto points = grid->Points();
  ASSERT_EQ(points.size(), 19u);
  EXPECT_EQ(points.front(), 400);
  EXPECT_EQ(points.back(), 4000);
}

TEST(LayoutStudyTest, QueueSeriesCountsTrucksArrivedAndNotYetServed) {
  SimResult sim;
  auto trip = [&](double arrival_s, double service_s, int booth = 0, double lane_s = -1) {
    SimTrip t;
    t.arrival_us = static_cast<engine::TimeUs>(arrival_s * 1e6);
    t.service_start_us = service_s < 0 ? -1 : static_cast<engine::TimeUs>(service_s * 1e6);
    t.booth = booth;
    t.lane_us = lane_s < 0 ? -1 : static_cast<engine::TimeUs>(lane_s * 1e6);
    sim.trips.push_back(t);
  };
  trip(0, 650);            // waits at 0, 300, 600
  trip(100, 200);          // served between two samples: never seen waiting
  trip(300, 301);          // waits at 300 only
  trip(700, -1);           // never served: waits to the end (900, 1200)
  trip(250, -1, -1, 400);  // a lane without a booth: waits until it enters its lane (at 300)
  const auto q = QueueSeries(sim, 0, 300 * kUsPerSecond, 5);
  EXPECT_EQ(q, (std::vector<int>{1, 3, 1, 1, 1}));
}

TEST(LayoutStudyTest, IntervalsAndCapacityInterpolation) {
  const Estimate e = MeanCi95({1, 2, 3});
  EXPECT_DOUBLE_EQ(e.mean, 2);
  EXPECT_NEAR(e.half_width, 4.303 / std::sqrt(3.0), 1e-9);
  EXPECT_EQ(MeanCi95({5}).half_width, 0);
  EXPECT_NEAR(StudentT975(40), 2.021, 2e-3);
  EXPECT_NEAR(StudentT975(120), 1.980, 2e-3);

  auto curve = [](std::vector<double> means) {
    std::vector<SweepPoint> out;
    for (size_t i = 0; i < means.size(); ++i)
      out.push_back({0, 100.0 * static_cast<double>(i + 1), {means[i], 0, 2}, {}});
    return out;
  };
  Capacity c = FindCapacity(curve({10, 40, 80}), 60);
  EXPECT_EQ(c.kind, Capacity::Kind::kFound);
  EXPECT_DOUBLE_EQ(c.trucks_per_day, 250);  // halfway from 40 min at 200 to 80 min at 300
  c = FindCapacity(curve({70, 80}), 60);
  EXPECT_EQ(c.kind, Capacity::Kind::kBelowRange);
  c = FindCapacity(curve({10, 20}), 60);
  EXPECT_EQ(c.kind, Capacity::Kind::kAboveRange);
  EXPECT_DOUBLE_EQ(c.trucks_per_day, 200);
}

}  // namespace
}  // namespace gatetwin::replay::sim
