// `gatetwin calibrate` as a user runs it: the sample day's demand file and fit table, and bad arguments.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kWorld = kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
const std::string kFeed = kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl";

using gatetwin::testing_util::Gatetwin;
using gatetwin::testing_util::Ran;
using gatetwin::testing_util::TempPath;

TEST(CalibrateCli, SampleDayWritesADemandFileAndTheFitTable) {
  const std::string out = TempPath("pilot_demand.yaml");
  const std::string json = TempPath("pilot_fit.json");
  const Ran r = Gatetwin("calibrate --world " + kWorld + " --feed " + kFeed + " --out " + out + " --json " + json);
  ASSERT_EQ(r.code, 0) << r.output;
  // the skipped lines by reason, as the replay counts them (README: 65 doubtful)
  EXPECT_NE(r.output.find("30136 read, 30071 used, 65 skipped (malformed=6 unknown_sensor=1 unknown_kind=1 "
                          "duplicate=52 late=5)"),
            std::string::npos)
      << r.output;
  // 800 trucks, 11 of them unread by the faulted entry camera: the replay's 789 completed
  EXPECT_NE(r.output.find("trips       789 (254 vn_to_cn, 535 cn_to_vn)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("booth.L06  quarantine   booth read → barrier open"), std::string::npos) << r.output;

  const YAML::Node demand = YAML::LoadFile(out)["demand"];
  ASSERT_TRUE(demand.IsMap());
  // named after its file
  EXPECT_EQ(demand["name"].as<std::string>(), std::filesystem::path(out).stem().string());
  const YAML::Node trucks = demand["arrivals_per_hour"]["cn_to_vn"]["truck"];
  ASSERT_TRUE(trucks.IsSequence());
  EXPECT_EQ(trucks.size(), 24u);
  double per_day = 0;
  for (const auto& d : {"vn_to_cn", "cn_to_vn"}) {
    for (const auto& cls : demand["arrivals_per_hour"][d]) {
      for (const auto& rate : cls.second) per_day += rate.as<double>();
    }
  }
  std::ifstream in(json);
  const nlohmann::json fit = nlohmann::json::parse(in);
  EXPECT_NEAR(
      per_day,
      fit["arrivals"]["vn_to_cn"]["per_day"].get<double>() + fit["arrivals"]["cn_to_vn"]["per_day"].get<double>(),
      1e-9);
  EXPECT_EQ(fit["trips"]["total"], 789);
  EXPECT_EQ(fit["trips"]["plates_without_entry"], 11);
  ASSERT_EQ(fit["booths"].size(), 6u);
  for (const auto& booth : fit["booths"]) {
    const std::string id = booth["id"];
    ASSERT_TRUE(demand["service"][id]) << id;
    EXPECT_EQ(demand["service"][id]["dist"].as<std::string>(), booth["chosen"].get<std::string>()) << id;
    // the world's lognormal means (120, 300, 90, 600 s) within 15% on ~100–300 trucks a booth
    const double world_mean = booth["world_service"]["mean_s"];
    EXPECT_NEAR(demand["service"][id]["mean_s"].as<double>(), world_mean, 0.15 * world_mean) << id;
  }
  EXPECT_DOUBLE_EQ(demand["perishable_share"].as<double>(), 0);
  EXPECT_NE(fit["shares"]["perishable_note"].get<std::string>().find("no trip declares goods"), std::string::npos);
}

TEST(CalibrateCli, BadArgumentsAreUsageErrorsNamingTheProblem) {
  const std::string out = TempPath("never.yaml");
  Ran r = Gatetwin("calibrate --world " + kWorld + " --feed /nonexistent/day.jsonl --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("/nonexistent/day.jsonl"), std::string::npos) << r.output;

  r = Gatetwin("calibrate --world /nonexistent/world.yaml --feed " + kFeed + " --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("/nonexistent/world.yaml"), std::string::npos) << r.output;

  r = Gatetwin("calibrate --world " + kWorld + " --feed " + kFeed + " --out " + out + " --from yesterday");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--from `yesterday` is not an RFC 3339 time"), std::string::npos) << r.output;

  r = Gatetwin("calibrate --world " + kWorld + " --feed " + kFeed);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--out"), std::string::npos) << r.output;

  r = Gatetwin("calibrate --world " + kWorld + " --feed " + kFeed + " --out " + out +
               " --from 2026-01-15T12:00:00+07:00 --to 2026-01-15T08:00:00+07:00");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--to is not after --from"), std::string::npos) << r.output;

  const std::string empty = TempPath("empty.jsonl");
  std::ofstream(empty).flush();
  r = Gatetwin("calibrate --world " + kWorld + " --feed " + empty + " --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("nothing to calibrate"), std::string::npos) << r.output;
  std::ifstream never(out);
  EXPECT_FALSE(never.good());
}

}  // namespace
