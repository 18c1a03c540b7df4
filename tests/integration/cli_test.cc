// Runs the `gatetwin` executable as a user would and checks exit codes and messages.
#include <gtest/gtest.h>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

#include <cstdio>
#include <fstream>
#include <string>

namespace {

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kTiny = kSource + "/tests/data/worlds/tiny.yaml";

using gatetwin::testing_util::Gatetwin;
using gatetwin::testing_util::Ran;

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = gatetwin::testing_util::TempPath(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

const char* kFeed =
    R"({"ts":"2026-01-15T08:00:00.000+07:00","sensor":"anpr.in1.entry","kind":"plate_read","plate":"29C-111.11"})"
    "\n"
    R"({"ts":"2026-01-15T08:00:20.000+07:00","sensor":"anpr.in1.booth","kind":"plate_read","plate":"29C-111.11"})"
    "\n"
    R"({"ts":"2026-01-15T08:01:30.000+07:00","sensor":"anpr.in1.exit","kind":"plate_read","plate":"29C-111.11"})"
    "\n";

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* cmd : {"--help", "world --help", "world check --help", "world info --help", "replay --help",
                          "feed synth --help", "calibrate --help"}) {
    const Ran r = Gatetwin(cmd);
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << cmd << ": " << r.output;
  }
}

TEST(Cli, WorldCheckPassesAndFailsWithLocation) {
  EXPECT_EQ(Gatetwin("world check " + kTiny).code, 0);
  const std::string bad = Write("bad_world.yaml", "world: {name: x, phase: y}\nlanes:\n  - id: a\n    road: nowhere\n");
  const Ran r = Gatetwin("world check " + bad);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find(bad + ":"), std::string::npos) << r.output;
  const Ran missing = Gatetwin("world check /nonexistent/world.yaml");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.output.find("/nonexistent/world.yaml"), std::string::npos);
}

TEST(Cli, WorldInfoJsonListsSensors) {
  const Ran r = Gatetwin("world info " + kTiny + " --json");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("\"anpr.in1.entry\""), std::string::npos);
  EXPECT_NE(r.output.find("\"role\": \"entry\""), std::string::npos);
}

TEST(Cli, ReplayWritesReportAndChecksExpectations) {
  const std::string feed = Write("cli_feed.jsonl", kFeed);
  const std::string report = gatetwin::testing_util::TempPath("cli_report.json");
  const std::string ok = Write("ok.yaml", "expect:\n  vehicles.completed: 1\n  time_in_system_s.max: {max: 100}\n");
  const std::string fail = Write("fail.yaml", "expect:\n  time_in_system_s.max: {max: 60}\n");
  const std::string broken = Write("broken.yaml", "expect:\n  no.such.path: 1\n");

  Ran r = Gatetwin("replay --world " + kTiny + " --feed " + feed + " --report " + report + " --expect " + ok);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("1 completed"), std::string::npos) << r.output;
  std::ifstream in(report);
  EXPECT_TRUE(in.good());

  r = Gatetwin("replay --world " + kTiny + " --feed " + feed + " --expect " + fail);
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("time_in_system_s.max = 90: above max 60 by 30 (50%)"), std::string::npos) << r.output;

  r = Gatetwin("replay --world " + kTiny + " --feed " + feed + " --expect " + broken);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(broken + ":2:3:"), std::string::npos) << r.output;
}

TEST(Cli, BadInputIsAUsageErrorNamingTheProblem) {
  Ran r = Gatetwin("replay --world " + kTiny + " --feed /nonexistent/feed.jsonl");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("/nonexistent/feed.jsonl"), std::string::npos) << r.output;

  const std::string feed = Write("cli_feed2.jsonl", kFeed);
  r = Gatetwin("replay --world " + kTiny + " --feed " + feed + " --from yesterday");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--from"), std::string::npos) << r.output;

  r = Gatetwin("replay --feed " + feed);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--world"), std::string::npos) << r.output;

  const std::string empty = Write("empty.jsonl", "");
  r = Gatetwin("replay --world " + kTiny + " --feed " + empty);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("empty.jsonl: the feed holds no events"), std::string::npos) << r.output;

  const std::string text = Write("feed.txt", "hello\n");
  r = Gatetwin("replay --world " + kTiny + " --feed " + text);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("unknown format"), std::string::npos) << r.output;

  r = Gatetwin("teleport");
  EXPECT_EQ(r.code, 2);
}

TEST(Cli, SynthIsDeterministicAndReplays) {
  const std::string a = gatetwin::testing_util::TempPath("synth_a.jsonl");
  const std::string b = gatetwin::testing_util::TempPath("synth_b.jsonl");
  ASSERT_EQ(Gatetwin("feed synth --world " + kTiny + " --trucks-per-day 200 --seed 3 --out " + a).code, 0);
  ASSERT_EQ(Gatetwin("feed synth --world " + kTiny + " --trucks-per-day 200 --seed 3 --out " + b).code, 0);
  std::ifstream fa(a), fb(b);
  const std::string ta((std::istreambuf_iterator<char>(fa)), {}), tb((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_FALSE(ta.empty());
  EXPECT_EQ(ta, tb);
  const Ran r = Gatetwin("replay --world " + kTiny + " --feed " + a + " -q --report -");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.output.find("\"completed\""), std::string::npos);
}

}  // namespace

namespace {

TEST(Cli, SampleDayMeetsItsExpectations) {
  const Ran r = Gatetwin("replay --world " + kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml --feed " + kSource +
                         "/assets/feeds/huu_nghi_2026-01-15.jsonl -q --expect " + kSource +
                         "/tests/golden/sample_day.expect.yaml");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("expectations met: 10 passed, 0 failed"), std::string::npos) << r.output;
}

}  // namespace
