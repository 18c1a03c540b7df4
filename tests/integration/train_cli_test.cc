// `gatetwin train` as a user runs it: the bundled morning shift, its report, --expect, bad input.
#include <gtest/gtest.h>

#include <algorithm>
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

TEST(TrainCli, TheInstructorsIncidentsInTheActionsFileStrikeBothRuns) {
  std::stringstream read;
  read << std::ifstream(kActions).rdbuf();
  const std::string actions = read.str();
  const std::string with = testing_util::TempPath("train_instructor.actions.yaml");
  Write(with, actions +
                  "incidents:\n  - {id: instructor.1, kind: lane_closure, lane: L04, at: \"09:00\", "
                  "duration: 40m}\n");
  const std::string plain_report = testing_util::TempPath("train_plain.json");
  const std::string report = testing_util::TempPath("train_instructor.json");
  ASSERT_EQ(Gatetwin("train -q --scenario " + kScenario + " --actions " + kActions + " --report " + plain_report).code,
            0);
  const auto ran = Gatetwin("train -q --scenario " + kScenario + " --actions " + with + " --report " + report);
  ASSERT_EQ(ran.code, 0) << ran.output;
  const auto plain = ReadJson(plain_report), j = ReadJson(report);
  ASSERT_EQ(j["incidents"].size(), 7u);
  const auto& struck = j["incidents"][6];
  EXPECT_EQ(struck["id"], "instructor.1");
  EXPECT_TRUE(struck["by_instructor"].get<bool>());
  EXPECT_FALSE(j["incidents"][0]["by_instructor"].get<bool>());
  EXPECT_EQ(struck["fired_at"].get<std::string>().substr(0, 19), "2026-01-15T09:00:00");
  // a lane closed for 40 minutes of the morning: both the trainee and the baseline wait longer
  EXPECT_GT(j["trainee"]["total_delay_h"].get<double>(), plain["trainee"]["total_delay_h"].get<double>());
  EXPECT_GT(j["baseline"]["total_delay_h"].get<double>(), plain["baseline"]["total_delay_h"].get<double>());

  // an element the world does not have, or a scenario incident's id: the file's line says which
  Write(with, actions + "incidents:\n  - {id: x, kind: lane_closure, lane: L99, at: \"09:00\"}\n" +
                  "  - {id: xray_fault, kind: rain, at: \"09:00\"}\n");
  const auto bad = Gatetwin("train --scenario " + kScenario + " --actions " + with);
  EXPECT_EQ(bad.code, 2);
  const int lines = static_cast<int>(std::count(actions.begin(), actions.end(), '\n'));
  EXPECT_NE(bad.output.find(with + ":" + std::to_string(lines + 2) + ":"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("L99"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find(with + ":" + std::to_string(lines + 3) + ":"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("'xray_fault' is also an incident of the scenario"), std::string::npos) << bad.output;
}

TEST(TrainCli, ReversingTheTidalStripForTheImportPeakCutsTheDelay) {
  const std::string dir = std::string(GATETWIN_SOURCE_DIR) + "/assets/scenarios/";
  const std::string report = testing_util::TempPath("train_tidal.json");
  const auto ran = Gatetwin("train -q --scenario " + dir + "import_peak_tidal.yaml --actions " + dir +
                            "import_peak_tidal.actions.yaml --report " + report);
  ASSERT_EQ(ran.code, 0) << ran.output;
  const auto j = ReadJson(report);
  // the baseline keeps the strip for the light exports; the trainee gives it to the imports
  EXPECT_LT(j["trainee"]["total_delay_h"].get<double>(), 0.85 * j["baseline"]["total_delay_h"].get<double>());
  EXPECT_LT(j["trainee"]["peak_queue_by_direction"]["cn_to_vn"].get<double>(),
            j["baseline"]["peak_queue_by_direction"]["cn_to_vn"].get<double>());
  int reversed = 0, refused = 0;
  for (const auto& e : j["timeline"]) {
    reversed += e["type"] == "action" && e["what"] == "reverse_lane";
    refused += e["type"] == "refused";
  }
  EXPECT_EQ(reversed, 2);
  EXPECT_EQ(refused, 0) << j["timeline"].dump();
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
