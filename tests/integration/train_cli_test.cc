// `gatetwin train` as a user runs it: the bundled morning shift, its report, --expect, bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace gatetwin {
namespace {

using testing_util::Gatetwin;

const std::string kScenario = std::string(GATETWIN_SOURCE_DIR) + "/assets/scenarios/morning_shift_phase1.yaml";
const std::string kActions = std::string(GATETWIN_SOURCE_DIR) + "/assets/scenarios/morning_shift_phase1.actions.yaml";

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(TrainCli, TheMorningShiftIsScoredAndItsTimelineReported) {
  const std::string report = testing_util::TempPath("train_report.json");
  const auto ran = Gatetwin("train --scenario " + kScenario + " --actions " + kActions + " --report " + report);
  ASSERT_EQ(ran.code, 0) << ran.output;
  EXPECT_NE(ran.output.find("score"), std::string::npos);
  const auto j = ReadJson(report);
  // the trainee answers every alarm at once and acts: better than the acknowledge-only baseline
  EXPECT_GT(j["score"]["total"].get<double>(), 60);
  EXPECT_LT(j["trainee"]["total_delay_h"].get<double>(), j["baseline"]["total_delay_h"].get<double>());
  EXPECT_LT(j["trainee"]["perishable_delay_h"].get<double>(), j["baseline"]["perishable_delay_h"].get<double>());
  ASSERT_EQ(j["incidents"].size(), 6u);
  for (const auto& inc : j["incidents"]) EXPECT_FALSE(inc["fired_at"].is_null()) << inc["id"];
  // every decision is on the timeline, with its time
  int actions = 0;
  for (const auto& e : j["timeline"]) actions += e["type"] == "action" || e["type"] == "annotation";
  EXPECT_EQ(actions, 8);
  // the control room's view of the same run: the offline camera's status is in the replay
  EXPECT_GT(j["replay"]["events"]["applied_by_kind"]["status"].get<int>(), 0);
}

TEST(TrainCli, ExpectTurnsAShiftIntoAPassFailTest) {
  const std::string expect = testing_util::TempPath("train_expect.yaml");
  Write(expect, "expect:\n  score.total: {min: 99}\n");
  const auto fail = Gatetwin("train -q --scenario " + kScenario + " --actions " + kActions + " --expect " + expect);
  EXPECT_EQ(fail.code, 1) << fail.output;
  EXPECT_NE(fail.output.find("score.total"), std::string::npos);
  Write(expect, "expect:\n  score.total: {min: 50}\n  trainee.trucks: {min: 300}\n");
  EXPECT_EQ(Gatetwin("train -q --scenario " + kScenario + " --actions " + kActions + " --expect " + expect).code, 0);
}

TEST(TrainCli, BadFilesAreNamedWithTheirLine) {
  const std::string actions = testing_util::TempPath("bad_actions.yaml");
  Write(actions, "actions:\n  - {at: \"08:00\", do: open_lane, lane: L99}\n");
  const auto ran = Gatetwin("train --scenario " + kScenario + " --actions " + actions);
  EXPECT_EQ(ran.code, 2);
  EXPECT_NE(ran.output.find(actions + ":2:"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("L99"), std::string::npos);
  EXPECT_EQ(Gatetwin("train --scenario /nonexistent.yaml").code, 2);
}

}  // namespace
}  // namespace gatetwin
