// Simulation end to end: a simulated day reports what a replay of its recorded feed reports,
// the sensors' reconstruction agrees with the ground truth, and the command line as a user runs it.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "replay/session.h"
#include "replay/sim/calibrate.h"
#include "replay/sim/simulate.h"
#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"
#include "world/load.h"

namespace gatetwin {
namespace {

using testing_util::Gatetwin;
using testing_util::TempPath;

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kPhase1 = kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
const std::string kPhase2 = kSource + "/assets/worlds/huu_nghi/phase2_14lane.yaml";

world::World Load(const std::string& path) {
  auto r = world::LoadWorld(path);
  EXPECT_TRUE(r.ok());
  return std::move(*r.world);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SimulateTest, ReportEqualsAReplayOfItsRecordedFeed) {
  const world::World w = Load(kPhase1);
  replay::sim::SimulationOptions options;
  options.record_path = TempPath("day.jsonl");
  options.sim.seed = 4;
  const auto run = replay::sim::RunSimulation(w, replay::sim::DefaultDemand(800), options);
  ASSERT_TRUE(run.ok) << (run.errors.empty() ? "" : run.errors[0]);

  replay::ReplayOptions replay;
  replay.feeds = {options.record_path};
  const auto again = replay::RunReplay(w, replay);
  ASSERT_TRUE(again.ok);
  // byte-identical: the simulated feed goes through the very same pipeline
  EXPECT_EQ(replay::ReportToJson(run.report), replay::ReportToJson(again.report));
  EXPECT_EQ(again.report.events.read, again.report.events.applied);  // a simulated sensor is never doubtful
}

TEST(SimulateTest, SensorsReconstructTheGroundTruth) {
  // tolerance: the cameras see every truck, so counts agree exactly and times to the
  // millisecond the feed carries (1 % is the bound we promise for any layout)
  for (const std::string& path : {kPhase1, kPhase2}) {
    const world::World w = Load(path);
    replay::sim::SimulationOptions options;
    options.sim.seed = 9;
    const auto run = replay::sim::RunSimulation(w, replay::sim::DefaultDemand(1500), options);
    ASSERT_TRUE(run.ok) << path;
    EXPECT_EQ(run.report.vehicles_completed, run.truth.completed) << path;
    EXPECT_EQ(run.report.vehicles_seen, run.truth.arrivals - run.truth.unroutable) << path;
    EXPECT_NEAR(run.report.time_in_system_s.mean, run.truth.time_in_system_s.mean,
                0.01 * run.truth.time_in_system_s.mean)
        << path;
    EXPECT_NEAR(run.report.time_in_system_s.p95, run.truth.time_in_system_s.p95, 0.01 * run.truth.time_in_system_s.p95)
        << path;
    // every loop counted what the twin drove over it
    for (const auto& loop : run.report.loops) EXPECT_EQ(loop.reported, loop.twin) << path << " " << loop.sensor;
    EXPECT_GT(run.truth.time_from_arrival_s.mean, run.truth.time_in_system_s.mean * 0.99) << path;
  }
}

TEST(SimulateTest, MoreLanesShortenTheDay) {
  replay::sim::SimulationOptions options;
  const auto demand = replay::sim::DefaultDemand(1200);
  const auto six = replay::sim::RunSimulation(Load(kPhase1), demand, options);
  const auto fourteen = replay::sim::RunSimulation(Load(kPhase2), demand, options);
  ASSERT_TRUE(six.ok && fourteen.ok);
  EXPECT_LT(fourteen.truth.time_from_arrival_s.mean, six.truth.time_from_arrival_s.mean);
  EXPECT_EQ(six.truth.arrivals, fourteen.truth.arrivals);  // the same trucks on both layouts
}

// The twin learns from its feeds: a recorded day (here simulated, so the truth is known) is
// calibrated, and simulating the calibrated demand gives that day's KPIs back. Tolerances,
// from the spread of days with the same demand: completed trucks within 8 %, booth service
// means within 10 %, the mean of four replications' mean time in system within 30 % (a day's
// mean time varies by about ±20 % between seeds at this load).
TEST(SimulateTest, CalibratedDemandReproducesTheRecordedDay) {
  const world::World w = Load(kPhase1);
  replay::sim::SimulationOptions recorded;
  recorded.record_path = TempPath("recorded.jsonl");
  recorded.sim.seed = 21;
  const auto day = replay::sim::RunSimulation(w, replay::sim::DefaultDemand(800), recorded);
  ASSERT_TRUE(day.ok);

  replay::sim::CalibrateOptions calibrate;
  calibrate.feeds = {recorded.record_path};
  const auto fit = replay::sim::Calibrate(w, calibrate);
  ASSERT_TRUE(fit.ok) << (fit.errors.empty() ? "" : fit.errors[0]);
  for (size_t b = 0; b < w.booths.size(); ++b) {
    const auto it = fit.demand.service.find(w.booths[b].id);
    if (it == fit.demand.service.end()) continue;
    EXPECT_NEAR(it->second.mean_s, w.booths[b].service.mean_s, 0.10 * w.booths[b].service.mean_s) << w.booths[b].id;
  }
  EXPECT_NEAR(fit.demand.TrucksPerDay(), static_cast<double>(day.truth.arrivals), 0.08 * day.truth.arrivals);

  double mean_s = 0, completed = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    replay::sim::SimulationOptions again;
    again.sim.seed = seed;
    const auto run = replay::sim::RunSimulation(w, fit.demand, again);
    ASSERT_TRUE(run.ok);
    mean_s += run.report.time_in_system_s.mean / 4;
    completed += static_cast<double>(run.report.vehicles_completed) / 4;
  }
  const double recorded_mean_s = day.report.time_in_system_s.mean;
  std::cout << "recorded day: " << day.report.vehicles_completed << " trucks, mean " << recorded_mean_s / 60
            << " min; calibrated demand: " << completed << " trucks, mean " << mean_s / 60 << " min\n";
  EXPECT_NEAR(completed, static_cast<double>(day.report.vehicles_completed), 0.08 * day.report.vehicles_completed);
  EXPECT_NEAR(mean_s, recorded_mean_s, 0.30 * recorded_mean_s) << "recorded " << recorded_mean_s / 60 << " min";
}

TEST(SimulateCliTest, RunsRecordsAndChecks) {
  const std::string report = TempPath("report.json"), feed = TempPath("feed.jsonl"), expect = TempPath("expect.yaml");
  {
    std::ofstream e(expect);
    e << "expect:\n  vehicles.completed: {min: 100}\n  simulation.completed: {min: 100}\n"
         "  simulation.still_inside: {max: 0}\n";
  }
  const auto r = Gatetwin("simulate --world " + kPhase1 + " --trucks-per-day 400 --seed 3 --duration 12h --report " +
                          report + " --record " + feed + " --expect " + expect);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("simulation (ground truth)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expectations met: 3 passed, 0 failed"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(Slurp(report));
  EXPECT_EQ(j["simulation"]["model"], "idm");
  EXPECT_EQ(j["feeds"][0], feed);
  // the recording replays to the same figures
  const std::string again = TempPath("again.json");
  EXPECT_EQ(Gatetwin("replay -q --world " + kPhase1 + " --feed " + feed + " --report " + again).code, 0);
  EXPECT_EQ(nlohmann::json::parse(Slurp(again))["vehicles"], j["vehicles"]);

  std::ofstream(expect) << "expect:\n  simulation.completed: {max: 1}\n";
  EXPECT_EQ(Gatetwin("simulate -q --world " + kPhase1 + " --trucks-per-day 400 --duration 2h --expect " + expect).code,
            1);
}

TEST(SimulateCliTest, TakesArrivalsFromARecordedFeed) {
  const std::string sample = kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl";
  const std::string report = TempPath("report.json");
  const auto r = Gatetwin("simulate -q --world " + kPhase2 + " --arrivals-from " + sample + " --report " + report);
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = nlohmann::json::parse(Slurp(report));
  // the sample day's 800 trucks, less those its faulted camera never read at entry
  EXPECT_GE(j["simulation"]["arrivals"].get<int>(), 780);
  EXPECT_LE(j["simulation"]["arrivals"].get<int>(), 800);
  EXPECT_EQ(j["simulation"]["arrivals"], j["simulation"]["demand"]["arrivals_given"]);
}

TEST(SimulateCliTest, BadInputSaysWhatToFix) {
  const std::string demand = TempPath("bad_demand.yaml");
  std::ofstream(demand) << "demand:\n  trucks_per_day: 100\n  yard_share: 2\n";
  auto r = Gatetwin("simulate --world " + kPhase1 + " --demand " + demand);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(demand + ":3:15: demand: yard_share must be a share in [0, 1]"), std::string::npos)
      << r.output;
  r = Gatetwin("simulate --world /nonexistent/w.yaml --trucks-per-day 10");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("/nonexistent/w.yaml"), std::string::npos);
  r = Gatetwin("simulate --world " + kPhase1 + " --trucks-per-day 10 --duration 3 weeks");
  EXPECT_EQ(r.code, 2);
  r = Gatetwin("simulate --world " + kPhase1 + " --trucks-per-day 10 --duration 24x");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--duration"), std::string::npos) << r.output;
  r = Gatetwin("simulate --world " + kPhase1 + " --trucks-per-day 10 --demand " + demand);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("give one of"), std::string::npos) << r.output;
  std::ofstream(demand) << "demand:\n  trucks_per_day: 100\n  service:\n    booth.L99: {dist: fixed, mean_s: 30}\n";
  r = Gatetwin("simulate --world " + kPhase1 + " --demand " + demand);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(demand + ":4:5: service: booth 'booth.L99' is not in world"), std::string::npos) << r.output;
  r = Gatetwin("simulate --world " + kPhase1 + " --arrivals-from /nonexistent/feed.jsonl");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("/nonexistent/feed.jsonl"), std::string::npos) << r.output;
}

TEST(SimulateCliTest, PluginsRunOnASimulatedDay) {
  const std::string report = TempPath("report.json");
  const auto r = Gatetwin("simulate -q --world " + kPhase1 +
                          " --trucks-per-day 300 --duration 6h --plugin stage_census "
                          "--report " +
                          report);
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = nlohmann::json::parse(Slurp(report));
  EXPECT_TRUE(j["plugins"]["stage_census"]["enabled"].get<bool>());
}

}  // namespace
}  // namespace gatetwin
