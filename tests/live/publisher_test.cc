// Reading feeds for publishing: file order kept (late lines go out late), files interleaved, bad files named.
#include "replay/live/publisher.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"

namespace gatetwin::replay::live {
namespace {

using testing_util::TempPath;

std::string Line(const char* ts, const char* sensor) {
  return std::string(R"({"ts":")") + ts + R"(","sensor":")" + sensor + R"(","kind":"plate_read","plate":"29C12345"})";
}

std::string WriteFeed(const std::string& name, const std::vector<std::string>& lines) {
  const std::string path = TempPath(name);
  std::ofstream out(path);
  for (const std::string& l : lines) out << l << "\n";
  return path;
}

TEST(PublisherFeed, KeepsFileOrderSoALateLineGoesOutLateAndInterleavesFiles) {
  const std::string a =
      WriteFeed("a.jsonl", {Line("2026-01-15T08:00:10+07:00", "cam.a"), Line("2026-01-15T08:00:20+07:00", "cam.a"), "",
                            Line("2026-01-15T08:00:05+07:00", "cam.late")});
  const std::string b = WriteFeed("b.jsonl", {Line("2026-01-15T08:00:15+07:00", "cam.b")});
  std::vector<FeedLine> lines;
  std::string error;
  ASSERT_TRUE(ReadFeedLines({a, b}, PublishOptions{}, &lines, &error)) << error;
  ASSERT_EQ(lines.size(), 4u);  // the blank line is not a line of the feed
  EXPECT_EQ(FindJsonString(lines[0].text, "sensor"), "cam.a");
  EXPECT_EQ(FindJsonString(lines[1].text, "sensor"), "cam.b");
  EXPECT_EQ(FindJsonString(lines[2].text, "sensor"), "cam.a");
  EXPECT_EQ(FindJsonString(lines[3].text, "sensor"), "cam.late");
  // the late line is due with the newer line before it, but keeps its own ts
  EXPECT_EQ(lines[3].send_us, lines[2].send_us);
  EXPECT_EQ(lines[2].ts_us - lines[3].ts_us, 15'000'000);
  EXPECT_EQ(lines[1].topic, "gate/plate_read/cam.b");
}

TEST(PublisherFeed, FromAndToSelectByTheLinesOwnTime) {
  const std::string a =
      WriteFeed("a.jsonl", {Line("2026-01-15T08:00:10+07:00", "cam.a"), Line("2026-01-15T08:00:20+07:00", "cam.a"),
                            Line("2026-01-15T08:00:05+07:00", "cam.late")});
  PublishOptions options;
  options.from_us = engine::ParseRfc3339("2026-01-15T08:00:08+07:00")->utc_us;
  options.to_us = engine::ParseRfc3339("2026-01-15T08:00:20+07:00")->utc_us;
  std::vector<FeedLine> lines;
  std::string error;
  ASSERT_TRUE(ReadFeedLines({a}, options, &lines, &error)) << error;
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].ts_us, *options.from_us + 2'000'000);
}

TEST(PublisherFeed, NamesTheFileItCannotSend) {
  std::vector<FeedLine> lines;
  std::string error;
  EXPECT_FALSE(ReadFeedLines({TempPath("missing.jsonl")}, PublishOptions{}, &lines, &error));
  EXPECT_NE(error.find("missing.jsonl"), std::string::npos) << error;
  const std::string csv = WriteFeed("feed.csv", {"ts,sensor,kind"});
  EXPECT_FALSE(ReadFeedLines({csv}, PublishOptions{}, &lines, &error));
  EXPECT_NE(error.find("feed.csv"), std::string::npos) << error;
  EXPECT_NE(error.find("JSON Lines"), std::string::npos) << error;
}

TEST(PublisherFeed, ARecordingGoesOutLineForLineAsItWasReceived) {
  // a day recorded (bad line and late line included), then published back onto a bus
  const std::string world = std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
  const std::string plate = R"({"ts":"2026-01-15T08:00:10+07:00","sensor":"anpr.vn_to_cn.entry.L01",)"
                            R"("kind":"plate_read","plate":"12C-123.45"})";
  const std::string late = R"({"ts":"2026-01-15T08:00:05+07:00","sensor":"anpr.vn_to_cn.entry.L02",)"
                           R"("kind":"plate_read","plate":"12C-543.21"})";
  const std::string feed = WriteFeed("to_record.jsonl", {plate, "not json at all", late});
  const std::string recording = TempPath("published.sqlite");
  const auto imported =
      testing_util::Gatetwin("recording import --world " + world + " --overwrite --out " + recording + " " + feed);
  ASSERT_EQ(imported.code, 0) << imported.output;
  std::vector<FeedLine> lines;
  std::string error;
  ASSERT_TRUE(ReadFeedLines({recording}, PublishOptions{}, &lines, &error)) << error;
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, plate);
  EXPECT_EQ(lines[1].text, "not json at all");  // what the gate sent, bad or not
  EXPECT_EQ(lines[2].text, late);
  EXPECT_EQ(lines[0].topic, "gate/plate_read/anpr.vn_to_cn.entry.L01");
  EXPECT_EQ(lines[2].send_us, lines[0].send_us);  // late then, late again
  EXPECT_EQ(lines[0].ts_us - lines[2].ts_us, 5'000'000);
  // not a recording after all: named
  const std::string bogus = TempPath("bogus.sqlite");
  std::ofstream(bogus) << "SQLite format 3" << std::string(100, '\0');
  EXPECT_FALSE(ReadFeedLines({bogus}, PublishOptions{}, &lines, &error));
  EXPECT_NE(error.find("bogus.sqlite"), std::string::npos) << error;
}

}  // namespace
}  // namespace gatetwin::replay::live
