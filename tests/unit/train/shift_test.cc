// A training shift on a one-booth bank: incidents fire on time and on queues, scores by hand.
#include "replay/train/train.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/unit/sim/sim_test_world.h"

namespace gatetwin::replay::train {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;
using Dist = world::ServiceTime::Dist;

constexpr const char* kHeader = R"(scenario:
  name: bank
  world: bank.yaml
  trucks_per_day: 0
  start: 2026-01-15T08:00:00+07:00
  duration: 30m
  drain: 1h
  response_target: 2m
)";

// One lane, 300 m at 30 km/h, one documents booth at 100 m serving exactly 60 s, no yard;
// only the incidents bring trucks (no demand, no perishables unless a convoy says so).
ShiftSetup BankShift(const std::string& body, const std::string& actions = "") {
  ShiftSetup s;
  s.world = sim::testing::BankWorld(1, 100, {Dist::kFixed, 60, 0, 0, 0});
  world::Diagnostics d;
  auto sc = ParseScenario(std::string(kHeader) + body, "bank.scenario.yaml", &d);
  EXPECT_TRUE(sc);
  if (!sc) return s;
  EXPECT_TRUE(ResolveScenario(s.world, &*sc, &d));
  s.scenario = std::move(*sc);
  s.demand = sim::DefaultDemand(0);
  s.demand.inspection_share = {};
  s.demand.perishable_share = 0;
  s.demand.yard_share = 0;
  s.demand.gps_share = 0;
  if (!actions.empty()) {
    auto a = ParseActions(actions, "bank.actions.yaml", s.scenario.start_us, &d);
    EXPECT_TRUE(a);
    if (a) s.actions = std::move(a->actions);
    EXPECT_TRUE(ResolveActions(s.world, s.scenario, &s.actions, &d));
  }
  for (const auto& e : d.TakeSorted({})) ADD_FAILURE() << e.ToString();
  return s;
}

TimeUs At(const ShiftSetup& s, double seconds) { return s.scenario.start_us + static_cast<TimeUs>(seconds * 1e6); }

// three trucks a minute apart; the first is held 10 min at the booth (missing papers)
constexpr const char* kBlocked = R"(  incidents:
    - {id: wave, kind: surge, direction: vn_to_cn, trucks: 3, at: "08:00", duration: 3m, alarm: false}
    - {id: papers, kind: booth_blocked, booth: booth.L1, at: "08:00:30", duration: 10m}
    - {id: queue2, kind: lane_closure, lane: L1, when: {queue_at_least: 2}, duration: 1s}
    - {id: late, kind: rain, after_incident: papers, delay: 5m, duration: 1m, speed_factor: 0.9}
)";

TEST(ShiftTest, IncidentsFireAtTheirTimesAndConditions) {
  const ShiftSetup s = BankShift(kBlocked);
  const PolicyRun run = RunPolicy(s, {}, 0.5);
  ASSERT_EQ(run.log.fired_us.size(), 4u);
  EXPECT_EQ(run.log.fired_us[0], At(s, 0));
  EXPECT_EQ(run.log.fired_us[1], At(s, 30));
  // the second truck arrives at 60 s; the gate is seen at the start of the next 0.5 s step
  EXPECT_EQ(run.log.fired_us[2], At(s, 60.5));
  EXPECT_EQ(run.log.fired_us[3], At(s, 330));
  // the timeline lists them in time order, with the lane closure's end 1 s later
  std::vector<std::string> order;
  for (const auto& e : run.log.timeline) order.push_back(std::string(ToString(e.type)) + ":" + e.what);
  const std::vector<std::string> expected = {"incident:wave",       "incident:papers", "incident:queue2",
                                             "incident_end:queue2", "incident:late",   "incident_end:late"};
  EXPECT_EQ(order, expected);
}

TEST(ShiftTest, ABlockedBoothDelaysEveryTruckBehindIt) {
  const ShiftSetup s = BankShift(kBlocked);
  const PolicyRun run = RunPolicy(s, {}, 0.5);
  ASSERT_EQ(run.sim.trips.size(), 3u);
  // by hand: the first truck reaches the booth ~15 s in, is served 60 s + held 600 s; the
  // second waits from ~75 s to its turn at ~675 s, the third from ~135 s to ~735 s: the hold
  // costs each of them 600 s, and the two behind a stop-and-go to move up (under 30 s each)
  for (const auto& trip : run.sim.trips) ASSERT_GE(trip.exit_us, 0);
  const ShiftSetup free = BankShift(R"(  incidents:
    - {id: wave, kind: surge, direction: vn_to_cn, trucks: 3, at: "08:00", duration: 3m, alarm: false}
)");
  const double hold_cost_s = (run.kpis.total_delay_h - RunPolicy(free, {}, 0.5).kpis.total_delay_h) * 3600;
  EXPECT_GE(hold_cost_s, 1800);
  EXPECT_LE(hold_cost_s, 1860);
  EXPECT_EQ(run.kpis.completed, 3u);
  // all three are before the booth while the first is held
  EXPECT_EQ(run.kpis.peak_queue, 3);
  EXPECT_EQ(run.kpis.peak_queue_by_direction[0], 3);
}

TEST(ShiftTest, TheScoreOfAScriptedRunIsComputedByTheRules) {
  // the trainee acknowledges the alarm 90 s after it fired (inside the 2 min target) and does
  // nothing else: the same outcome as the baseline, so delay and queue earn half marks
  const ShiftSetup s = BankShift(kBlocked, R"(actions:
  - {after_incident: papers, delay: 90s, do: acknowledge, incident: papers}
)");
  const TrainingRun run = RunTraining(s);
  ASSERT_TRUE(run.ok) << testing::PrintToString(run.errors);
  EXPECT_EQ(run.trainee.kpis.total_delay_h, run.baseline.kpis.total_delay_h);
  ASSERT_EQ(run.score.responses.size(), 4u);
  EXPECT_EQ(run.score.responses[1].response_s, 90);
  EXPECT_EQ(run.score.responses[1].fraction, 1);
  // queue2 and late are alarms never acknowledged: none of their marks
  EXPECT_EQ(run.score.responses[2].fraction, 0);
  EXPECT_FALSE(run.score.responses[0].scored);  // the surge is no alarm
  // (40 × 0.5 + 20 × 0.5 + 20 × (1 + 0 + 0) / 3) / 80 × 100, perishable delay left out
  EXPECT_NEAR(run.score.total, (20 + 10 + 20.0 / 3) / 80 * 100, 1e-9);
  EXPECT_FALSE(run.score.components[1].applies);
  // deterministic to the byte
  EXPECT_EQ(RunTraining(s).report_json, run.report_json);
}

TEST(ShiftTest, ResponseMarksFallLinearlyPastTheTarget) {
  const ShiftSetup s = BankShift(kBlocked, R"(actions:
  - {after_incident: papers, delay: 4m, do: acknowledge, incident: papers}
  - {at: "08:00:10", do: acknowledge, incident: queue2}
)");
  const TrainingRun run = RunTraining(s);
  ASSERT_TRUE(run.ok);
  // 240 s against a 120 s target: 1 − (240 − 120) / 240 = 0.5
  EXPECT_EQ(run.score.responses[1].fraction, 0.5);
  // acknowledging before the incident happened is refused and does not count
  EXPECT_EQ(run.score.responses[2].acknowledged_us, -1);
  bool refused = false;
  for (const auto& e : run.trainee.log.timeline) refused |= e.type == TimelineEntry::Type::kRefused;
  EXPECT_TRUE(refused);
}

TEST(ShiftTest, GivingPerishablesAGreenLaneCutsTheirDelay) {
  // twenty trucks flood the single lane; a perishable convoy of three comes right behind them
  const std::string incidents = R"(  incidents:
    - {id: flood, kind: surge, direction: vn_to_cn, trucks: 20, at: "08:00", duration: 1m, alarm: false}
    - {id: fruit, kind: perishable_convoy, direction: vn_to_cn, trucks: 3, at: "08:01:30", duration: 30s}
)";
  const ShiftSetup s = BankShift(incidents, R"(actions:
  - {after_incident: fruit, delay: 30s, do: prioritise_perishable, direction: vn_to_cn}
)");
  const TrainingRun run = RunTraining(s);
  ASSERT_TRUE(run.ok);
  EXPECT_EQ(run.trainee.kpis.perishable_trucks, 3u);
  // the convoy overtakes most of the flood upstream: far less waiting for it ...
  EXPECT_LT(run.trainee.kpis.perishable_delay_h, 0.5 * run.baseline.kpis.perishable_delay_h);
  // ... and the booth serves the same trucks in the same time overall
  EXPECT_NEAR(run.trainee.kpis.total_delay_h, run.baseline.kpis.total_delay_h, 0.05 * run.baseline.kpis.total_delay_h);
  EXPECT_GT(run.score.components[1].fraction, 0.9);
}

TEST(ShiftTest, ClosingTheBlockedLaneSendsTrucksToTheOtherBooth) {
  // two booths: with booth L1 blocked, the operator closes lane L1 so no one joins it
  ShiftSetup s = BankShift(R"(  incidents:
    - {id: papers, kind: booth_blocked, booth: booth.L1, at: "08:00", duration: 20m}
    - {id: wave, kind: surge, direction: vn_to_cn, trucks: 12, after: 30s, duration: 12m, alarm: false}
)",
                           "");
  s.world = sim::testing::BankWorld(2, 100, {Dist::kFixed, 60, 0, 0, 0});
  world::Diagnostics d;
  ASSERT_TRUE(ResolveScenario(s.world, &s.scenario, &d));
  const PolicyRun baseline = RunPolicy(s, {}, 0.5);
  auto actions =
      ParseActions("actions:\n  - {after: 1s, do: close_lane, lane: L1}\n", "a.yaml", s.scenario.start_us, &d);
  ASSERT_TRUE(actions && ResolveActions(s.world, s.scenario, &actions->actions, &d));
  const PolicyRun closed = RunPolicy(s, actions->actions, 0.5);
  EXPECT_LT(closed.kpis.total_delay_h, baseline.kpis.total_delay_h);
  for (const auto& trip : closed.sim.trips) EXPECT_EQ(trip.lane, 1);  // nobody waits behind the blocked truck
}

TEST(ShiftTest, ReversingATidalLaneForTheImportsCutsTheirDelay) {
  // a surge of imports with one cn_to_vn lane, and a tidal strip the exports hardly use
  ShiftSetup s = BankShift(R"(  incidents:
    - {id: wave, kind: surge, direction: cn_to_vn, trucks: 12, at: "08:00", duration: 12m, alarm: false}
)");
  s.world = sim::testing::TidalBankWorld();
  world::Diagnostics d;
  ASSERT_TRUE(ResolveScenario(s.world, &s.scenario, &d));
  const PolicyRun baseline = RunPolicy(s, {}, 0.5);
  auto actions =
      ParseActions("actions:\n  - {at: \"08:00:10\", do: reverse_lane, lane: T}\n", "a.yaml", s.scenario.start_us, &d);
  ASSERT_TRUE(actions && ResolveActions(s.world, s.scenario, &actions->actions, &d));
  EXPECT_EQ(WriteActions(actions->actions).find("do: reverse_lane, lane: \"T\"") != std::string::npos, true)
      << WriteActions(actions->actions);
  const PolicyRun reversed = RunPolicy(s, actions->actions, 0.5);
  EXPECT_LT(reversed.kpis.total_delay_h, baseline.kpis.total_delay_h * 0.8);
  EXPECT_TRUE(reversed.sim.refusals.empty());
  int on_tr = 0;
  for (const auto& trip : reversed.sim.trips) on_tr += trip.lane == 3;
  EXPECT_GT(on_tr, 3);

  // only a lane with a tidal partner can be reversed
  auto bad =
      ParseActions("actions:\n  - {at: \"08:00:10\", do: reverse_lane, lane: L1}\n", "b.yaml", s.scenario.start_us, &d);
  ASSERT_TRUE(bad);
  EXPECT_FALSE(ResolveActions(s.world, s.scenario, &bad->actions, &d));
  std::vector<std::string> errors;
  for (const auto& e : d.TakeSorted({})) errors.push_back(e.ToString());
  EXPECT_THAT(errors, ::testing::ElementsAre("b.yaml:2:46: lane 'L1' is not a tidal lane: only a lane with "
                                             "`tidal_with` in the world can be reversed"));
}

TEST(ShiftTest, AnOfflineSensorLosesItsEventsAndSaysSo) {
  const ShiftSetup s = BankShift(R"(  incidents:
    - {id: wave, kind: surge, direction: vn_to_cn, trucks: 6, at: "08:00", duration: 10m, alarm: false}
    - {id: cam, kind: sensor_offline, sensor: anpr.entry.L1, at: "08:03", duration: 4m}
)");
  const std::string path = ::testing::TempDir() + "/train_offline.jsonl";
  TrainingOptions options;
  options.record_path = path;
  const TrainingRun run = RunTraining(s, options);
  ASSERT_TRUE(run.ok);
  std::ifstream in(path);
  std::string line;
  int reads = 0, offline = 0, ok = 0;
  while (std::getline(in, line)) {
    if (line.find("\"anpr.entry.L1\"") == std::string::npos) continue;
    if (line.find("plate_read") != std::string::npos) {
      ++reads;
      const std::string ts = line.substr(line.find("T08:") + 1, 5);  // HH:MM
      EXPECT_TRUE(ts < "08:03" || ts >= "08:07") << line;
    }
    offline += line.find("\"state\":\"offline\"") != std::string::npos;
    ok += line.find("\"state\":\"ok\"") != std::string::npos;
  }
  // six trucks 100 s apart: those at 200, 300 and 400 s pass the camera while it is down
  EXPECT_EQ(reads, 3);
  EXPECT_EQ(offline, 1);
  EXPECT_EQ(ok, 1);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace gatetwin::replay::train
