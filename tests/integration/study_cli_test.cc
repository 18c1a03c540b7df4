// `gatetwin study layout` as a user runs it: bad arguments exit 2 naming what to fix; a small study writes its report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kWorlds = kSource + "/assets/worlds/huu_nghi/";
const std::string kPilot = kSource + "/assets/demand/pilot_800.yaml";

using gatetwin::testing_util::Gatetwin;
using gatetwin::testing_util::Ran;
using gatetwin::testing_util::TempPath;

bool Has(const Ran& r, const std::string& text) { return r.output.find(text) != std::string::npos; }

TEST(StudyCli, HelpListsTheOptions) {
  const Ran r = Gatetwin("study layout --help");
  EXPECT_EQ(r.code, 0) << r.output;
  for (const char* option : {"--worlds", "--demand", "--replications", "--report", "--threshold-min", "--sweep",
                             "--sweep-replications", "--jobs"})
    EXPECT_TRUE(Has(r, option)) << option << "\n" << r.output;
}

TEST(StudyCli, AMissingWorldFileExitsTwoNamingIt) {
  const Ran r = Gatetwin("study layout --worlds " + kWorlds + "phase1_6lane.yaml /nonexistent/phase9.yaml --demand " +
                         kPilot + " --report " + TempPath("report"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "/nonexistent/phase9.yaml")) << r.output;
  EXPECT_FALSE(std::filesystem::exists(TempPath("report")));
}

TEST(StudyCli, BadOptionsExitTwoSayingWhatToGive) {
  const std::string base = "study layout --worlds " + kWorlds + "phase1_6lane.yaml --demand " + kPilot;
  const std::string report = " --report " + TempPath("report");
  Ran r = Gatetwin(base + report + " --threshold-min -5");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "--threshold-min must be a number of minutes above 0")) << r.output;
  r = Gatetwin(base + report + " --sweep 4000:400:200");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "--sweep `4000:400:200`: need FROM > 0, TO > FROM")) << r.output;
  r = Gatetwin(base + report + " --sweep lots");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "expected FROM:TO:STEP")) << r.output;
  r = Gatetwin(base + report + " --replications 0");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "--replications must be 1 to")) << r.output;
  r = Gatetwin(base);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "--report DIR is required")) << r.output;
  r = Gatetwin("study layout --worlds " + kWorlds + "phase1_6lane.yaml" + report);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "give one of --demand FILE or --trucks-per-day N")) << r.output;
  r = Gatetwin("study layout --demand " + kPilot + report);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, "--worlds")) << r.output;
}

TEST(StudyCli, ABadDemandFileExitsTwoWithItsLine) {
  const std::string demand = TempPath("bad_demand.yaml");
  std::ofstream(demand) << "demand:\n  name: x\n  trucks_per_day: -3\n";
  const Ran r = Gatetwin("study layout --worlds " + kWorlds + "phase1_6lane.yaml --demand " + demand + " --report " +
                         TempPath("report"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(Has(r, demand + ":3:")) << r.output;
  EXPECT_TRUE(Has(r, "trucks_per_day must be >= 0")) << r.output;
}

TEST(StudyCli, ASmallStudyWritesItsReport) {
  const std::string dir = TempPath("study");
  const Ran r = Gatetwin("study layout --worlds " + kWorlds + "phase0_4lane.yaml " + kWorlds +
                         "phase2_14lane.yaml --trucks-per-day 300 --duration 3h --drain 2h --replications 2 "
                         "--sweep 200:600:200 --sweep-replications 1 --jobs 2 --report " +
                         dir);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(Has(r, "Phase 2: 14 lanes (2026)")) << r.output;
  EXPECT_TRUE(Has(r, "report: " + dir + "/index.html")) << r.output;
  for (const char* f : {"index.html", "summary.csv", "sweep.csv", "queue.csv", "runs.csv", "study.json"})
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / f)) << f;
  std::filesystem::remove_all(dir);
}

}  // namespace
