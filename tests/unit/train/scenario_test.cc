// Scenario and actions files: what they hold when good, and a located message for each mistake.
#include "replay/train/scenario.h"

#include <gtest/gtest.h>

#include "tests/unit/sim/sim_test_world.h"

namespace gatetwin::replay::train {
namespace {

using engine::kUsPerSecond;

constexpr const char* kGood = R"(scenario:
  name: test
  world: worlds/bank.yaml
  trucks_per_day: 0
  start: 2026-01-15T08:00:00+07:00
  duration: 1h
  incidents:
    - {id: block, kind: booth_blocked, booth: booth.L1, at: "08:00:30", duration: 10m}
    - {id: grow, kind: lane_closure, lane: L2, when: {queue_at_least: 4, lane: L1}}
    - {id: wave, kind: surge, direction: vn_to_cn, trucks: 3, after_incident: block, delay: 1m, alarm: false}
)";

std::vector<std::string> Messages(world::Diagnostics* d, const std::string& file) {
  std::vector<std::string> out;
  for (const auto& e : d->TakeSorted({file})) out.push_back(e.ToString());
  return out;
}

// the messages of a scenario that must fail, each checked to name the file and a line
std::vector<std::string> Errors(const std::string& text, bool resolve = false) {
  world::Diagnostics d;
  auto sc = ParseScenario(text, "s.yaml", &d);
  if (sc && resolve) {
    const world::World w = sim::testing::BankWorld(2, 100, {});
    ResolveScenario(w, &*sc, &d);
  }
  auto messages = Messages(&d, "s.yaml");
  for (const auto& m : messages) EXPECT_EQ(m.rfind("s.yaml:", 0), 0u) << m;
  return messages;
}

bool AnyContains(const std::vector<std::string>& messages, const std::string& part) {
  for (const auto& m : messages) {
    if (m.find(part) != std::string::npos) return true;
  }
  return false;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ScenarioTest, AGoodFileLoadsEveryKey) {
  world::Diagnostics d;
  auto sc = ParseScenario(kGood, "dir/s.yaml", &d);
  ASSERT_TRUE(sc) << testing::PrintToString(Messages(&d, "dir/s.yaml"));
  EXPECT_EQ(sc->world_path, "dir/worlds/bank.yaml");  // beside the scenario file
  EXPECT_EQ(sc->traffic.trucks_per_day, 0);
  EXPECT_EQ(sc->duration_us, 3600 * kUsPerSecond);
  ASSERT_EQ(sc->incidents.size(), 3u);
  EXPECT_EQ(sc->incidents[0].trigger.at_us, sc->start_us + 30 * kUsPerSecond);
  EXPECT_EQ(sc->incidents[0].duration_us, 600 * kUsPerSecond);
  EXPECT_EQ(sc->incidents[1].trigger.kind, Trigger::Kind::kQueue);
  EXPECT_EQ(sc->incidents[1].trigger.queue_trucks, 4);
  EXPECT_EQ(sc->incidents[2].trigger.kind, Trigger::Kind::kAfterIncident);
  EXPECT_EQ(sc->incidents[2].trigger.delay_us, 60 * kUsPerSecond);
  EXPECT_FALSE(sc->incidents[2].alarm);
  const world::World w = sim::testing::BankWorld(2, 100, {});
  EXPECT_TRUE(ResolveScenario(w, &*sc, &d));
  EXPECT_EQ(sc->incidents[0].booth.index, 0);
  EXPECT_EQ(sc->incidents[1].lane.index, 1);
  EXPECT_EQ(sc->incidents[1].trigger.lane.index, 0);
}

TEST(ScenarioTest, ARecordedFeedsTrucksMayTakeADemandsShares) {
  world::Diagnostics d;
  auto sc = ParseScenario(Replace(kGood, "trucks_per_day: 0", "demand: d.yaml\n  arrivals_from: [day.jsonl]"),
                          "dir/s.yaml", &d);
  ASSERT_TRUE(sc) << testing::PrintToString(Messages(&d, "dir/s.yaml"));
  EXPECT_EQ(sc->traffic.demand_path, "dir/d.yaml");
  EXPECT_EQ(sc->traffic.feed_paths, std::vector<std::string>{"dir/day.jsonl"});
}

TEST(ScenarioTest, ALocalTimeBeforeTheStartIsTheNextDay) {
  world::Diagnostics d;
  auto sc = ParseScenario(Replace(Replace(kGood, "08:00:00+07:00", "22:00:00+07:00"), "\"08:00:30\"", "\"01:30\""),
                          "s.yaml", &d);
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->incidents[0].trigger.at_us, sc->start_us + (3 * 3600 + 1800) * kUsPerSecond);
}

TEST(ScenarioTest, EachMistakeIsNamedWithItsLine) {
  EXPECT_TRUE(AnyContains(Errors("scenario: [1, 2"), "s.yaml:"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "  start: 2026-01-15T08:00:00+07:00\n", "")), "start"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "2026-01-15T08:00:00+07:00", "2026-01-15T08:00:00")), "offset"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "booth_blocked", "meteor")), "meteor"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "duration: 10m}", "duration: 10 minutes}")), "1h30m"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "at: \"08:00:30\"", "at: \"25:00\"")), "HH:MM"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "trucks: 3", "trucks: 0")), "trucks"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "alarm: false", "colour: red")), "colour"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "at: \"08:00:30\"", "at: \"08:00:30\", after: 5m")), "exactly one"));
  EXPECT_TRUE(
      AnyContains(Errors(Replace(kGood, "trucks_per_day: 0", "demand: d.yaml\n  trucks_per_day: 0")), "exactly one"));
  // the line of the mistake: the surge is on line 10
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "trucks: 3", "trucks: many")), "s.yaml:10:"));
}

TEST(ScenarioTest, ReferencesAreCheckedAgainstTheWorld) {
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "lane: L2,", "lane: L9,"), true), "lane 'L9' is not in world"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "booth: booth.L1", "booth: booth.X"), true), "booth 'booth.X'"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "after_incident: block", "after_incident: nothing"), true),
                          "no incident 'nothing'"));
  // the bank's booths have no scanner
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "kind: booth_blocked", "kind: scanner_fault"), true), "no scanner"));
  EXPECT_TRUE(AnyContains(Errors(Replace(kGood, "id: grow", "id: block"), false), "used twice"));
}

TEST(ScenarioTest, ActionsLoadAndResolve) {
  world::Diagnostics d;
  auto sc = ParseScenario(kGood, "s.yaml", &d);
  ASSERT_TRUE(sc);
  const std::string text = R"(actions:
  - {at: "08:05", do: close_lane, lane: L2}
  - {after_incident: block, delay: 90s, do: acknowledge, incident: block}
  - {after: 10m, do: prioritise_perishable, direction: cn_to_vn, on: false}
  - {at: "08:20", do: annotate, text: "ghi chú 备注"}
)";
  auto actions = ParseActions(text, "a.yaml", sc->start_us, &d);
  ASSERT_TRUE(actions) << testing::PrintToString(Messages(&d, "a.yaml"));
  ASSERT_EQ(actions->actions.size(), 4u);
  EXPECT_EQ(actions->actions[0].trigger.at_us, sc->start_us + 300 * kUsPerSecond);
  EXPECT_EQ(actions->actions[2].trigger.at_us, sc->start_us + 600 * kUsPerSecond);
  EXPECT_FALSE(actions->actions[2].on);
  EXPECT_EQ(actions->actions[3].text, "ghi chú 备注");
  const world::World w = sim::testing::BankWorld(2, 100, {});
  EXPECT_TRUE(ResolveActions(w, *sc, &actions->actions, &d));
  EXPECT_EQ(actions->actions[0].lane.index, 1);

  auto bad = ParseActions(
      "actions:\n  - {at: \"08:05\", do: open_lane, lane: L7}\n  - {do: acknowledge, incident: x, "
      "when: {queue_at_least: 3}}\n",
      "a.yaml", sc->start_us, &d);
  auto messages = Messages(&d, "a.yaml");
  EXPECT_FALSE(bad);
  EXPECT_TRUE(AnyContains(messages, "a.yaml:3:")) << testing::PrintToString(messages);
  EXPECT_TRUE(AnyContains(messages, "conditions trigger incidents"));
  auto unresolved =
      ParseActions("actions:\n  - {at: \"08:05\", do: open_lane, lane: L7}\n", "a.yaml", sc->start_us, &d);
  ASSERT_TRUE(unresolved);
  EXPECT_FALSE(ResolveActions(w, *sc, &unresolved->actions, &d));
  EXPECT_TRUE(AnyContains(Messages(&d, "a.yaml"), "a.yaml:2:"));
}

}  // namespace
}  // namespace gatetwin::replay::train
