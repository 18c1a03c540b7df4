// A training session: a decision taken at the moment re-simulates the shift without changing
// its past, and the saved actions file replays the session to the same score.
#include "replay/train/session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <set>
#include <sstream>

#include "tests/unit/sim/sim_test_world.h"

namespace gatetwin::replay::train {
namespace {

using engine::kUsPerSecond;
using Dist = world::ServiceTime::Dist;

ShiftSetup TwoBooths() {
  ShiftSetup s;
  s.world = sim::testing::BankWorld(2, 100, {Dist::kFixed, 60, 0, 0, 0});
  world::Diagnostics d;
  auto sc = ParseScenario(R"(scenario:
  world: bank.yaml
  trucks_per_day: 0
  start: 2026-01-15T08:00:00+07:00
  duration: 30m
  incidents:
    - {id: papers, kind: booth_blocked, booth: booth.L1, at: "08:05", duration: 20m}
    - {id: wave, kind: surge, direction: vn_to_cn, trucks: 30, at: "08:00", duration: 10m, alarm: false}
    - {id: spare, kind: lane_closure, lane: L2, at: "09:30", duration: 5m}
)",
                          "bank.scenario.yaml", &d);
  EXPECT_TRUE(sc && ResolveScenario(s.world, &*sc, &d));
  s.scenario = std::move(*sc);
  s.demand = sim::DefaultDemand(0);
  s.demand.inspection_share = {};
  s.demand.yard_share = 0;
  s.demand.gps_share = 0;
  return s;
}

Action Do(ActionKind kind, const ShiftSetup& s, const std::string& target) {
  Action a;
  a.kind = kind;
  if (kind == ActionKind::kCloseLane || kind == ActionKind::kOpenLane) a.lane = {target, {}, s.world.FindLane(target)};
  if (kind == ActionKind::kAcknowledge || kind == ActionKind::kInject) a.incident = target;
  if (kind == ActionKind::kAnnotate) a.text = target;
  return a;
}

TEST(TrainingSessionTest, ADecisionChangesTheFutureNotThePast) {
  TrainingSession session(TwoBooths());
  EXPECT_EQ(session.version(), 1);
  const PolicyRun before = session.run();
  const engine::TimeUs t = session.setup().scenario.start_us + 6 * 60 * kUsPerSecond + 123'456;
  session.Act(Do(ActionKind::kCloseLane, session.setup(), "L1"), t);
  EXPECT_EQ(session.version(), 2);
  EXPECT_EQ(session.actions().back().trigger.at_us, t / 1000 * 1000);  // as a file holds it
  // the blocked truck leaves at 08:25: the lane opens again then
  const engine::TimeUs reopen = session.setup().scenario.start_us + 25 * 60 * kUsPerSecond + 2 * kUsPerSecond;
  session.Act(Do(ActionKind::kOpenLane, session.setup(), "L1"), reopen);
  const PolicyRun& after = session.run();
  ASSERT_EQ(before.sim.trips.size(), after.sim.trips.size());
  int changed = 0;
  for (size_t i = 0; i < before.sim.trips.size(); ++i) {
    const auto& a = before.sim.trips[i];
    const auto& b = after.sim.trips[i];
    if (a.lane_us >= 0 && a.lane_us < t) {
      // on a lane before the decision: the same lane at the same moment
      EXPECT_EQ(a.lane, b.lane) << i;
      EXPECT_EQ(a.lane_us, b.lane_us) << i;
    }
    changed += a.lane != b.lane;
  }
  // after it, nobody joins the queue behind the blocked booth
  EXPECT_GT(changed, 0);
  for (const auto& trip : after.sim.trips) {
    if (trip.lane_us > t + kUsPerSecond && trip.lane_us < reopen) {
      EXPECT_EQ(trip.lane, 1);
    }
  }
  EXPECT_LT(after.kpis.total_delay_h, before.kpis.total_delay_h);
}

// the feed's lines stamped before `before` (the timestamp's text compares as the time: one offset)
std::multiset<std::string> LinesBefore(const std::string& feed, const std::string& before) {
  std::multiset<std::string> lines;
  std::istringstream in(feed);
  for (std::string line; std::getline(in, line);) {
    const size_t at = line.find("\"ts\":\"");
    if (at != std::string::npos && line.compare(at + 6, before.size(), before) < 0) lines.insert(line);
  }
  return lines;
}

TEST(TrainingSessionTest, ADecisionLeavesTheFeedBeforeItByteForByte) {
  // the bundled morning shift: GPS trackers, barrier arms, scanners, weighbridges, plate reads
  std::vector<std::string> errors;
  auto setup = LoadShift(std::string(GATETWIN_SOURCE_DIR) + "/assets/scenarios/morning_shift_phase1.yaml", "", &errors);
  ASSERT_TRUE(setup) << testing::PrintToString(errors);
  TrainingSession session(std::move(*setup));
  const std::string before_feed = *session.feed();
  const engine::TimeUs t = session.setup().scenario.start_us + (2 * 3600 + 15 * 60) * kUsPerSecond;  // 08:15
  session.Act(Do(ActionKind::kCloseLane, session.setup(), "L04"), t);
  // an arm that opened just before t closes when the next truck through it says: stop 10 s short
  const std::string cut = "2026-01-15T08:14:50";
  const auto a = LinesBefore(before_feed, cut), b = LinesBefore(*session.feed(), cut);
  EXPECT_GT(a.size(), 1000u);
  size_t gps = 0, barrier = 0;
  for (const auto& line : a) {
    gps += line.find("\"kind\":\"gps\"") != std::string::npos;
    barrier += line.find("\"kind\":\"barrier\"") != std::string::npos;
  }
  EXPECT_GT(gps, 40u);
  EXPECT_GT(barrier, 100u);
  std::vector<std::string> only_before, only_after;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_before));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_after));
  EXPECT_TRUE(only_before.empty() && only_after.empty())
      << only_before.size() << " lines only before the decision, e.g. "
      << (only_before.empty() ? "" : only_before.front()) << "; " << only_after.size() << " only after, e.g. "
      << (only_after.empty() ? "" : only_after.front());
  EXPECT_NE(before_feed, *session.feed());  // and after t the decision shows
}

TEST(TrainingSessionTest, TheInstructorInjectsAnIncidentNow) {
  TrainingSession session(TwoBooths());
  const int spare = 2;
  EXPECT_EQ(session.FiredUs(spare), session.setup().scenario.start_us + 90 * 60 * kUsPerSecond);
  const engine::TimeUs t = session.setup().scenario.start_us + 10 * 60 * kUsPerSecond;
  session.Act(Do(ActionKind::kInject, session.setup(), "spare"), t);
  EXPECT_EQ(session.FiredUs(spare), t);
  // it happened: injecting it again is refused, and the log says so
  session.Act(Do(ActionKind::kInject, session.setup(), "spare"), t + 60 * kUsPerSecond);
  EXPECT_EQ(session.FiredUs(spare), t);
  int refused = 0;
  for (const auto& e : session.run().log.timeline) {
    refused += e.type == TimelineEntry::Type::kRefused && e.what == "inject" && e.t_us == t + 60 * kUsPerSecond;
  }
  EXPECT_EQ(refused, 1);
}

TEST(TrainingSessionTest, TheSavedActionsReplayTheSessionToTheSameScore) {
  TrainingSession session(TwoBooths());
  const engine::TimeUs t0 = session.setup().scenario.start_us;
  session.Act(Do(ActionKind::kAcknowledge, session.setup(), "papers"), t0 + 330 * kUsPerSecond);
  session.Act(Do(ActionKind::kCloseLane, session.setup(), "L1"), t0 + 400 * kUsPerSecond + 777);
  session.Act(Do(ActionKind::kAnnotate, session.setup(), "ghi chú \"quan trọng\" 备注"), t0 + 500 * kUsPerSecond);
  session.Act(Do(ActionKind::kInject, session.setup(), "spare"), t0 + 600 * kUsPerSecond);
  const TrainingRun live = session.Score();
  ASSERT_TRUE(live.ok);

  ShiftSetup replayed = TwoBooths();
  world::Diagnostics d;
  auto actions = ParseActions(session.ActionsYaml(), "saved.yaml", replayed.scenario.start_us, &d);
  ASSERT_TRUE(actions) << session.ActionsYaml();
  ASSERT_TRUE(ResolveActions(replayed.world, replayed.scenario, &actions->actions, &d));
  EXPECT_EQ(actions->actions[2].text, "ghi chú \"quan trọng\" 备注");
  replayed.actions = std::move(actions->actions);
  const TrainingRun again = RunTraining(replayed);
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.score.total, live.score.total);
  EXPECT_EQ(again.trainee.kpis.total_delay_h, live.trainee.kpis.total_delay_h);
  EXPECT_EQ(again.score.responses[0].response_s, 30);
}

TEST(TrainingSessionTest, TheInstructorStrikesAnIncidentTheScenarioDoesNotHave) {
  TrainingSession session(TwoBooths());
  const engine::TimeUs t0 = session.setup().scenario.start_us;
  const double undisturbed_h = session.Score().baseline.kpis.total_delay_h;
  Incident closure;
  closure.kind = IncidentKind::kLaneClosure;
  closure.lane = {"L2", {}, -1};
  closure.duration_us = 15 * 60 * kUsPerSecond;
  const engine::TimeUs t = t0 + 3 * 60 * kUsPerSecond + 250;
  EXPECT_EQ(session.Strike(closure, t), "");
  EXPECT_EQ(session.version(), 2);
  ASSERT_EQ(session.setup().scenario.incidents.size(), 4u);
  const Incident& struck = session.setup().scenario.incidents.back();
  EXPECT_EQ(struck.id, "instructor.1");
  EXPECT_EQ(struck.lane.index, 1);  // resolved in the world
  EXPECT_EQ(session.FiredUs(3), t / 1000 * 1000);
  // nobody enters L2 while it is closed; the baseline faces the closure too
  for (const auto& trip : session.run().sim.trips) {
    if (trip.lane_us > t + kUsPerSecond && trip.lane_us < t + closure.duration_us - kUsPerSecond) {
      EXPECT_EQ(trip.lane, 0) << trip.lane_us - t0;
    }
  }
  const TrainingRun live = session.Score();
  ASSERT_TRUE(live.ok);
  EXPECT_GT(live.baseline.kpis.total_delay_h, undisturbed_h);

  // a wrong element changes nothing and says what is wrong
  Incident wrong = closure;
  wrong.lane = {"L9", {}, -1};
  const std::string why = session.Strike(wrong, t + 60 * kUsPerSecond);
  EXPECT_NE(why.find("lane 'L9' is not in world"), std::string::npos) << why;
  EXPECT_EQ(session.version(), 2);
  EXPECT_EQ(session.setup().scenario.incidents.size(), 4u);

  // the saved actions file carries it: replayed, the same shift and the same score
  const std::string saved = session.ActionsYaml();
  EXPECT_NE(saved.find("incidents:\n  - {id: \"instructor.1\", kind: lane_closure"), std::string::npos) << saved;
  ShiftSetup replayed = TwoBooths();
  world::Diagnostics d;
  auto file = ParseActions(saved, "saved.yaml", replayed.scenario.start_us, &d);
  ASSERT_TRUE(file) << saved << testing::PrintToString([&] {
    std::vector<std::string> m;
    for (const auto& e : d.TakeSorted({})) m.push_back(e.ToString());
    return m;
  }());
  ASSERT_TRUE(AddInstructorIncidents(file->incidents, &replayed.scenario, &d));
  ASSERT_TRUE(ResolveScenario(replayed.world, &replayed.scenario, &d));
  replayed.actions = file->actions;
  const TrainingRun again = RunTraining(replayed);
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.trainee.kpis.total_delay_h, live.trainee.kpis.total_delay_h);
  EXPECT_EQ(again.baseline.kpis.total_delay_h, live.baseline.kpis.total_delay_h);
  EXPECT_EQ(again.score.total, live.score.total);

  // an instructor's incident may not take a scenario incident's id
  ShiftSetup clash = TwoBooths();
  auto twice = ParseActions("actions: []\nincidents:\n  - {id: papers, kind: rain, at: \"08:10\"}\n", "c.yaml",
                            clash.scenario.start_us, &d);
  ASSERT_TRUE(twice);
  EXPECT_FALSE(AddInstructorIncidents(twice->incidents, &clash.scenario, &d));
  const auto errors = d.TakeSorted({});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].ToString().find("c.yaml:3:"), std::string::npos) << errors[0].ToString();
  EXPECT_NE(errors[0].ToString().find("'papers' is also an incident of the scenario"), std::string::npos);
}

}  // namespace
}  // namespace gatetwin::replay::train
