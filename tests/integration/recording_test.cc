// Recordings end to end: the sample day recorded and replayed, the CLI, and a recorder killed with SIGKILL.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "replay/recorder.h"
#include "replay/recording_import.h"
#include "replay/recording_info.h"
#include "replay/recording_reader.h"
#include "replay/report.h"
#include "replay/session.h"
#include "tests/integration/run_gatetwin.h"
#include "tests/integration/temp_path.h"
#include "world/load.h"

namespace gatetwin {
namespace {

using Json = nlohmann::json;
using testing_util::Gatetwin;
using testing_util::Ran;
using testing_util::TempPath;

const std::string kSource = GATETWIN_SOURCE_DIR;
const std::string kWorldPath = kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
const std::string kSampleFeed = kSource + "/assets/feeds/huu_nghi_2026-01-15.jsonl";

const world::World& SampleWorld() {
  static const world::World world = [] {
    auto loaded = world::LoadWorld(kWorldPath);
    EXPECT_TRUE(loaded.ok());
    return std::move(*loaded.world);
  }();
  return world;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// the report of a replay as JSON, without the feed names (they differ by construction)
Json ReplayReport(const std::vector<std::string>& feeds, std::optional<engine::TimeUs> from = std::nullopt,
                  std::optional<engine::TimeUs> to = std::nullopt) {
  replay::ReplayOptions options;
  options.feeds = feeds;
  options.from_us = from;
  options.to_us = to;
  replay::ReplayOutcome out = replay::RunReplay(SampleWorld(), options);
  EXPECT_TRUE(out.ok) << (out.errors.empty() ? "" : out.errors[0]);
  Json j = Json::parse(replay::ReportToJson(out.report));
  j.erase("feeds");
  return j;
}

class RecordingDayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    recording_ = new std::string(::testing::TempDir() + "recording_day." + std::to_string(getpid()) + ".sqlite");
    replay::ImportOptions options;
    options.overwrite = true;
    std::string error;
    ASSERT_TRUE(replay::ImportFeeds(SampleWorld(), {kSampleFeed}, *recording_, options, nullptr, &error)) << error;
  }
  static void TearDownTestSuite() {
    std::filesystem::remove(*recording_);
    delete recording_;
  }
  static std::string* recording_;
};
std::string* RecordingDayTest::recording_ = nullptr;

TEST_F(RecordingDayTest, ReplayOfTheRecordingIsTheReplayOfItsExport) {
  const std::string exported = TempPath("day.jsonl");
  {
    std::ofstream out(exported, std::ios::binary);
    std::string error;
    ASSERT_TRUE(replay::ExportRecording(*recording_, {}, out, nullptr, &error)) << error;
  }
  // the sample feed has no CR/LF inside lines: the export is the feed, byte for byte
  EXPECT_EQ(ReadText(exported), ReadText(kSampleFeed));
  const Json from_recording = ReplayReport({*recording_});
  const Json from_export = ReplayReport({exported});
  EXPECT_EQ(from_recording, from_export);
  EXPECT_EQ(from_recording["events"]["read"], 30136);
  EXPECT_GT(from_recording["events"]["applied"].get<int>(), 30000);
  std::filesystem::remove(exported);
}

TEST_F(RecordingDayTest, ReplayOfARangeSeeksAndAppliesTheSameEvents) {
  const engine::TimeUs from = engine::ParseRfc3339("2026-01-15T08:00:00+07:00")->utc_us;
  const engine::TimeUs to = engine::ParseRfc3339("2026-01-15T12:30:00+07:00")->utc_us;
  const std::string part = TempPath("part.jsonl");
  {
    std::ofstream out(part, std::ios::binary);
    replay::ExportOptions options;
    options.from_us = from;
    options.to_us = to;
    replay::ExportStats stats;
    std::string error;
    ASSERT_TRUE(replay::ExportRecording(*recording_, options, out, &stats, &error)) << error;
    EXPECT_GT(stats.first_id, 1);
    EXPECT_LT(stats.last_id, 30136);
  }
  const Json from_recording = ReplayReport({*recording_}, from, to);
  // the recording and the export of the same range: the same report, counts included
  EXPECT_EQ(from_recording, ReplayReport({part}, from, to));

  // the whole feed with the range: the same events applied, the same day; only the counts of
  // lines the seek did not read (outside the range, and doubtful lines before it) differ
  Json whole = ReplayReport({kSampleFeed}, from, to);
  EXPECT_EQ(from_recording["events"]["applied"], whole["events"]["applied"]);
  EXPECT_EQ(from_recording["events"]["applied_by_kind"], whole["events"]["applied_by_kind"]);
  EXPECT_LT(from_recording["events"]["read"].get<int>(), whole["events"]["read"].get<int>() / 2);
  Json a = from_recording, b = whole;
  a.erase("events");
  b.erase("events");
  EXPECT_EQ(a, b);
  std::filesystem::remove(part);
}

TEST_F(RecordingDayTest, InfoOfTheSampleDay) {
  replay::RecordingInfo info;
  std::string error;
  ASSERT_TRUE(replay::ReadRecordingInfo(*recording_, {}, &info, &error)) << error;
  // the replay's figures for the sample day (tests/golden/sample_day_report.json)
  const Json report = ReplayReport({kSampleFeed});
  EXPECT_EQ(info.rows, report["events"]["read"].get<uint64_t>());
  EXPECT_EQ(info.accepted, report["events"]["applied"].get<uint64_t>());
  for (const char* reason : {"malformed", "unknown_sensor", "unknown_kind", "duplicate", "late"}) {
    const uint64_t want = report["events"][reason].get<uint64_t>();
    EXPECT_EQ(info.by_reason.count(reason) ? info.by_reason.at(reason) : 0, want) << reason;
  }
  ASSERT_EQ(info.faults.size(), report["sensors"]["faults"].size());
  for (size_t i = 0; i < info.faults.size(); ++i) {
    EXPECT_EQ(info.faults[i].sensor, report["sensors"]["faults"][i]["sensor"]);
    EXPECT_EQ(engine::FormatRfc3339(info.faults[i].from_us), report["sensors"]["faults"][i]["from"]);
    EXPECT_EQ(engine::FormatRfc3339(info.faults[i].to_us), report["sensors"]["faults"][i]["to"]);
  }
}

// ---- the command line ----

TEST(RecordingCli, ImportInfoExportReplay) {
  const std::string rec = TempPath("cli.sqlite");
  const std::string out = TempPath("cli.jsonl");
  Ran r = Gatetwin("recording import " + kSampleFeed + " --world " + kWorldPath + " --out " + rec);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("recorded 30136 lines"), std::string::npos) << r.output;
  r = Gatetwin("recording import " + kSampleFeed + " --world " + kWorldPath + " --out " + rec);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(rec), std::string::npos) << r.output;

  r = Gatetwin("recording info " + rec + " --json");
  ASSERT_EQ(r.code, 0) << r.output;
  const Json info = Json::parse(r.output);
  EXPECT_EQ(info["rows"], 30136);
  EXPECT_EQ(info["quarantined"]["late"], 5);
  EXPECT_EQ(info["meta"]["schema_version"], "1");
  EXPECT_EQ(info["faults"].size(), 1u);
  r = Gatetwin("recording info " + rec);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("rows       30136"), std::string::npos) << r.output;

  r = Gatetwin("recording export " + rec + " --out " + out +
               " --from 2026-01-15T10:00:00+07:00 --to "
               "2026-01-15T11:00:00+07:00");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string range = " --from 2026-01-15T10:00:00+07:00 --to 2026-01-15T11:00:00+07:00";
  const std::string a = TempPath("a.json"), b = TempPath("b.json");
  ASSERT_EQ(Gatetwin("replay -q --world " + kWorldPath + " --feed " + rec + range + " --report " + a).code, 0);
  ASSERT_EQ(Gatetwin("replay -q --world " + kWorldPath + " --feed " + out + range + " --report " + b).code, 0);
  Json ja = Json::parse(ReadText(a)), jb = Json::parse(ReadText(b));
  ja.erase("feeds");
  jb.erase("feeds");
  EXPECT_EQ(ja, jb);

  r = Gatetwin("recording export " + rec + " --out " + out + " --from yesterday");
  EXPECT_EQ(r.code, 2);
  for (const std::string& p : {rec, out, a, b}) std::filesystem::remove(p);
}

TEST(RecordingCli, BadFilesAreUsageErrorsNamingTheFile) {
  const std::string not_rec = TempPath("not.sqlite");
  std::ofstream(not_rec) << "{\"ts\":1}\n";
  for (const std::string& cmd : {"recording info " + not_rec, "recording export " + not_rec + " --out -",
                                 "replay -q --world " + kWorldPath + " --feed " + not_rec}) {
    const Ran r = Gatetwin(cmd);
    EXPECT_EQ(r.code, 2) << cmd;
    EXPECT_NE(r.output.find(not_rec + "' is not a gatetwin recording"), std::string::npos) << r.output;
  }
  const Ran r = Gatetwin("recording info /nonexistent/x.sqlite");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("/nonexistent/x.sqlite"), std::string::npos) << r.output;
  std::filesystem::remove(not_rec);
}

// ---- kill -9 ----

// the line the child records as row `i` (1-based): known content to check the prefix with
std::string KillLine(uint64_t i) {
  return "{\"ts\":\"2026-01-15T08:00:00.000+07:00\",\"sensor\":\"x\",\"kind\":\"status\",\"row\":" + std::to_string(i) +
         "}";
}

TEST(RecordingKill, SigkillKeepsEverythingCommitted) {
  const std::string path = TempPath("killed.sqlite");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    replay::RecorderOptions options;
    options.batch_rows = 64;
    options.batch_ms = 1'000'000'000;  // batches by rows only, so whole batches can be checked
    std::string error;
    auto rec = replay::Recorder::Create(SampleWorld(), path, options, true, &error);
    if (!rec) _exit(3);
    uint64_t reported = 0;
    for (uint64_t i = 1;; ++i) {
      rec->Add(static_cast<int64_t>(i), "t", KillLine(i), nullptr, replay::Reason::kUnknownSensor, "");
      if (rec->rows_committed() != reported) {
        reported = rec->rows_committed();
        if (write(fds[1], &reported, sizeof reported) != sizeof reported) _exit(4);
      }
    }
  }
  close(fds[1]);
  // let it commit a good number of batches, then kill it mid-stream
  uint64_t committed = 0;
  while (committed < 20000) {
    uint64_t n = 0;
    ASSERT_EQ(read(fds[0], &n, sizeof n), static_cast<ssize_t>(sizeof n)) << "the recorder stopped early";
    committed = n;
  }
  kill(pid, SIGKILL);
  // a commit may have been reported after our last read: take them all
  uint64_t n = 0;
  while (read(fds[0], &n, sizeof n) == static_cast<ssize_t>(sizeof n)) committed = std::max(committed, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  std::string error;
  auto reader = replay::RecordingReader::Open(path, &error);
  ASSERT_TRUE(reader) << error;
  ASSERT_TRUE(reader->BeginRows(replay::RowRange{}, false));
  int64_t id = 0;
  std::string_view raw;
  uint64_t rows = 0;
  while (reader->NextRaw(&id, &raw)) {
    ++rows;
    ASSERT_EQ(id, static_cast<int64_t>(rows));
    ASSERT_EQ(raw, KillLine(rows)) << "row " << rows << " is not what was added";
  }
  EXPECT_EQ(reader->error(), "");
  EXPECT_GE(rows, committed);
  EXPECT_EQ(rows % 64, 0u) << "only whole batches are committed";
  reader.reset();
  // and the file stays usable: info reads it, a recorder may replace it
  replay::RecordingInfo info;
  ASSERT_TRUE(replay::ReadRecordingInfo(path, {}, &info, &error)) << error;
  EXPECT_EQ(info.rows, rows);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

}  // namespace
}  // namespace gatetwin
