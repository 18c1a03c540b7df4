// `gatetwin live` and `gatetwin publish` as a user runs them: the whole sample day through a local broker.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace gatetwin {
namespace {

using testing_util::Gatetwin;
using testing_util::TempPath;

const std::string kWorld = std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
const std::string kFeed = std::string(GATETWIN_SOURCE_DIR) + "/assets/feeds/huu_nghi_2026-01-15.jsonl";

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

TEST(LiveCli, TheSampleDayLiveCountsWhatItsReplayCountsAndRecordsEveryLine) {
  const std::string rec = TempPath("live.sqlite"), live_report = TempPath("live.json"),
                    file_report = TempPath("file.json");
  // flat out (speed 0): the broker, the publisher and the twin in one command, as demo.sh --live runs it
  const auto live =
      Gatetwin("live --world " + kWorld + " --local-broker --broker-dir " + TempPath("broker") + " --publish " + kFeed +
               " --publish-speed 0 --record " + rec + " --report " + live_report + " --idle-exit 2 --quiet");
  ASSERT_EQ(live.code, 0) << live.output;
  const auto file = Gatetwin("replay --world " + kWorld + " --feed " + kFeed + " --report " + file_report);
  ASSERT_EQ(file.code, 0) << file.output;
  const nlohmann::json l = ReadJson(live_report), f = ReadJson(file_report);
  ASSERT_TRUE(l.is_object() && f.is_object());
  // published in file order, the late lines arrive late: every reason counts as in the file replay
  EXPECT_EQ(l["events"], f["events"]);
  EXPECT_GT(f["events"]["late"].get<int>(), 0);
  EXPECT_EQ(l["vehicles"], f["vehicles"]);
  EXPECT_EQ(l["live"]["messages"], f["events"]["read"]);
  EXPECT_EQ(l["live"]["recording"]["committed"], f["events"]["read"]);
  // and the recording replays as the feed does
  const std::string rec_report = TempPath("rec.json");
  ASSERT_EQ(Gatetwin("replay --world " + kWorld + " --feed " + rec + " --report " + rec_report).code, 0);
  EXPECT_EQ(ReadJson(rec_report)["events"], f["events"]);
}

TEST(LiveCli, BadArgumentsAreUsageErrorsThatSayWhatToFix) {
  auto r = Gatetwin("live --world " + kWorld + " --mqtt http://127.0.0.1:1883");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("mqtt://"), std::string::npos) << r.output;
  r = Gatetwin("publish --feed " + TempPath("missing.jsonl") + " --mqtt mqtt://127.0.0.1:1");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("missing.jsonl"), std::string::npos) << r.output;
  // nothing listens on port 1: a clear connection error, not a hang
  r = Gatetwin("publish --feed " + kFeed + " --mqtt mqtt://127.0.0.1:1 --speed 0 --connect-timeout 1");
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("127.0.0.1:1"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace gatetwin
