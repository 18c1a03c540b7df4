// Live sessions against a real mosquitto: end to end, doubtful input, a broker restart, and kill -9 of the recorder.
#include "replay/live/live_session.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "replay/live/publisher.h"
#include "replay/recording_reader.h"
#include "replay/session.h"
#include "tests/live/live_test_support.h"

namespace gatetwin::replay::live {
namespace {

using testing::BrokerIn;
using testing::ClientOf;
using testing::FeedLines;
using testing::GateWorld;
using testing::SessionThread;
using testing_util::TempPath;

// publishes `lines` to one topic (one topic keeps the broker's order) and waits for the acks
std::unique_ptr<MqttPublisher> PublishAll(const LocalBroker& broker, const std::vector<std::string>& lines) {
  std::string error;
  auto pub = MqttPublisher::Create(ClientOf(broker, "pub"), &error);
  EXPECT_TRUE(pub && pub->Start(&error)) << error;
  EXPECT_TRUE(pub->WaitConnected(5000));
  for (const std::string& l : lines) EXPECT_NE(pub->Publish("gate/all", l, &error), 0u) << error;
  EXPECT_TRUE(pub->WaitAllAcked(20000));
  return pub;
}

std::vector<RecordedRow> Rows(const std::string& path) {
  std::string error;
  auto reader = RecordingReader::Open(path, &error);
  EXPECT_TRUE(reader) << error;
  std::vector<RecordedRow> rows;
  if (!reader) return rows;
  EXPECT_TRUE(reader->BeginRows(RowRange{}, true)) << reader->error();
  for (RecordedRow r; reader->NextRow(&r);) rows.push_back(r);
  EXPECT_EQ(reader->error(), "");
  return rows;
}

std::string WriteLines(const std::vector<std::string>& lines, const std::string& name) {
  const std::string path = TempPath(name);
  std::ofstream out(path, std::ios::binary);
  for (const std::string& l : lines) out << l << "\n";
  return path;
}

nlohmann::json EventsOf(const std::string& report_json) { return nlohmann::json::parse(report_json)["events"]; }

TEST(LiveSession, RecordsEveryLineAndJudgesItAsAReplayOfTheFeedWould) {
  LocalBroker broker(BrokerIn(TempPath("broker"), false));
  std::string error;
  ASSERT_TRUE(broker.Start(&error)) << error;
  LiveSessionOptions o;
  o.mqtt = ClientOf(broker, "live");
  o.record_path = TempPath("live.sqlite");
  o.quarantine_path = TempPath("quarantine.jsonl");
  o.idle_exit_s = 1.5;
  SessionThread session(GateWorld(), o);
  ASSERT_TRUE(session.Ready(10000));
  // the morning of the sample day: plate reads, loops, GPS, and the synthesizer's doubtful lines
  const std::vector<std::string> lines = FeedLines(testing::SampleFeedPath(), 8000);
  PublishAll(broker, lines);
  const LiveOutcome& out = session.Finish(false);
  ASSERT_TRUE(out.ok) << (out.errors.empty() ? "" : out.errors[0]);

  // the recording holds every line verbatim, in the order sent
  const std::vector<RecordedRow> rows = Rows(o.record_path);
  ASSERT_EQ(rows.size(), lines.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].raw, lines[i]) << "row " << i + 1;
    EXPECT_EQ(rows[i].topic, "gate/all");
  }
  // the live judgement of each line is the replay's: the same counts under every reason
  const std::string feed = WriteLines(lines, "feed.jsonl");
  ReplayOptions ro;
  ro.feeds = {feed};
  const ReplayOutcome file = RunReplay(GateWorld(), ro);
  ASSERT_TRUE(file.ok);
  const nlohmann::json live_events = EventsOf(out.report_json), file_events = EventsOf(ReportToJson(file.report));
  EXPECT_EQ(live_events, file_events);
  EXPECT_GT(file_events["duplicate"].get<int>() + file_events["malformed"].get<int>(), 0) << "no doubtful lines";
  EXPECT_EQ(out.report.vehicles_seen, file.report.vehicles_seen);
  // and a replay of the recording is the replay of the feed
  ro.feeds = {o.record_path};
  const ReplayOutcome recorded = RunReplay(GateWorld(), ro);
  ASSERT_TRUE(recorded.ok);
  nlohmann::json a = nlohmann::json::parse(ReportToJson(recorded.report)),
                 b = nlohmann::json::parse(ReportToJson(file.report));
  a.erase("feeds");
  b.erase("feeds");
  EXPECT_EQ(a, b);

  const nlohmann::json live = nlohmann::json::parse(out.report_json)["live"];
  EXPECT_EQ(live["messages"].get<size_t>(), lines.size());
  EXPECT_EQ(live["recording"]["committed"].get<size_t>(), lines.size());
  EXPECT_GT(live["latency_ms"]["receive_to_applied"]["count"].get<int>(), 0);
  EXPECT_LT(live["latency_ms"]["receive_to_applied"]["p99"].get<double>(), 1000);
}

TEST(LiveSession, QuarantinesAndCountsMalformedUnknownAndAFloodOfDuplicates) {
  LocalBroker broker(BrokerIn(TempPath("broker"), false));
  std::string error;
  ASSERT_TRUE(broker.Start(&error)) << error;
  LiveSessionOptions o;
  o.mqtt = ClientOf(broker, "live");
  o.record_path = TempPath("live.sqlite");
  o.quarantine_path = TempPath("quarantine.jsonl");
  o.idle_exit_s = 1.0;
  SessionThread session(GateWorld(), o);
  ASSERT_TRUE(session.Ready(10000));
  const std::string good =
      R"({"ts":"2026-01-15T08:00:00.000+07:00","sensor":"anpr.cn_to_vn.entry.L02","kind":"plate_read","plate":"29C-123.45"})";
  std::vector<std::string> lines;
  for (int i = 0; i < 40; ++i) lines.push_back("{\"ts\":\"2026-01-15T08:00:00+07:00\",\"sensor\":" + std::to_string(i));
  for (int i = 0; i < 30; ++i) {
    lines.push_back(R"({"ts":"2026-01-15T08:00:00.000+07:00","sensor":"anpr.ghost)" + std::to_string(i) +
                    R"(","kind":"plate_read","plate":"X"})");
  }
  lines.push_back(R"({"ts":"2026-01-15T08:00:00.000+07:00","sensor":"anpr.cn_to_vn.entry.L02","kind":"warp"})");
  for (int i = 0; i < 1000; ++i) lines.push_back(good);
  std::string garbage = "\xff\xfe not utf-8 \x01";
  garbage.push_back('\0');  // a NUL inside the payload, as binary garbage would have
  lines.push_back(garbage);
  PublishAll(broker, lines);
  const LiveOutcome& out = session.Finish(false);
  ASSERT_TRUE(out.ok);
  const nlohmann::json e = EventsOf(out.report_json);
  EXPECT_EQ(e["read"], lines.size());
  EXPECT_EQ(e["applied"], 1);
  EXPECT_EQ(e["malformed"], 41);
  EXPECT_EQ(e["unknown_sensor"], 30);
  EXPECT_EQ(e["unknown_kind"], 1);
  EXPECT_EQ(e["duplicate"], 999);
  // every doubtful message is in the quarantine file and marked in the recording
  std::ifstream q(o.quarantine_path);
  size_t quarantined = 0;
  for (std::string line; std::getline(q, line);) ++quarantined;
  EXPECT_EQ(quarantined, lines.size() - 1);
  std::map<std::string, int> reasons;
  for (const RecordedRow& r : Rows(o.record_path)) ++reasons[r.reason];
  EXPECT_EQ(reasons[""], 1);
  EXPECT_EQ(reasons["malformed"], 41);
  EXPECT_EQ(reasons["unknown_sensor"], 30);
  EXPECT_EQ(reasons["unknown_kind"], 1);
  EXPECT_EQ(reasons["duplicate"], 999);
}

TEST(LiveSession, ABrokerRestartMidStreamLosesNoAcceptedMessage) {
  LocalBroker broker(BrokerIn(TempPath("broker"), true));
  std::string error;
  ASSERT_TRUE(broker.Start(&error)) << error;
  LiveSessionOptions o;
  o.mqtt = ClientOf(broker, "live");
  o.record_path = TempPath("live.sqlite");
  o.idle_exit_s = 4;  // longer than the outage and the reconnect backoff
  SessionThread session(GateWorld(), o);
  ASSERT_TRUE(session.Ready(10000));
  const std::vector<std::string> lines = FeedLines(testing::SampleFeedPath(), 6000);
  auto pub = MqttPublisher::Create(ClientOf(broker, "pub"), &error);
  ASSERT_TRUE(pub && pub->Start(&error)) << error;
  ASSERT_TRUE(pub->WaitConnected(5000));
  std::thread publisher([&] {
    std::string e;
    for (size_t i = 0; i < lines.size(); ++i) {
      pub->Publish("gate/all", lines[i], &e);
      if (i % 20 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  broker.Stop();
  const uint64_t acked_at_stop = pub->acked();
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_TRUE(broker.Restart(&error)) << error;
  publisher.join();
  ASSERT_TRUE(pub->WaitAllAcked(20000)) << pub->acked() << " of " << pub->published();
  const LiveOutcome& out = session.Finish(false);
  ASSERT_TRUE(out.ok);
  EXPECT_GT(acked_at_stop, 0u);
  EXPECT_LT(acked_at_stop, lines.size()) << "the broker was not stopped mid-stream";

  // every line the broker acknowledged is in the recording, as often as it was sent at least
  std::map<std::string, int> recorded;
  for (const RecordedRow& r : Rows(o.record_path)) ++recorded[r.raw];
  std::map<std::string, int> sent;
  for (uint64_t seq : pub->AckedSequence()) ++sent[lines[seq - 1]];
  for (const auto& [line, n] : sent) ASSERT_GE(recorded[line], n) << "missing: " << line;
  const nlohmann::json live = nlohmann::json::parse(out.report_json)["live"];
  EXPECT_GE(live["connection"]["connects"].get<int>(), 2);
  EXPECT_TRUE(live["connection"]["session_resumed"].get<bool>());
}

TEST(LiveSession, AKilledRecorderLeavesAReadablePrefixOfWhatItReceived) {
  LocalBroker broker(BrokerIn(TempPath("broker"), false));
  std::string error;
  ASSERT_TRUE(broker.Start(&error)) << error;
  const std::string rec = TempPath("killed.sqlite"), log = TempPath("live.log");
  const std::string gatetwin = std::string(GATETWIN_BINARY_DIR) + "/engine/cli/gatetwin";
  const std::string world = std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase1_6lane.yaml";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::FILE* f = std::freopen(log.c_str(), "w", stderr);
    if (f != nullptr) dup2(fileno(stderr), STDOUT_FILENO);
    execl(gatetwin.c_str(), gatetwin.c_str(), "live", "--world", world.c_str(), "--mqtt", broker.url().c_str(),
          "--topic", "gate/#", "--record", rec.c_str(), "--batch-rows", "64", "--client-id", "killed-recorder",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // wait until it listens
  bool listening = false;
  for (int i = 0; i < 500 && !listening; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    listening = ss.str().find("listening") != std::string::npos;
  }
  ASSERT_TRUE(listening) << "gatetwin live did not start";
  const std::vector<std::string> lines = FeedLines(testing::SampleFeedPath(), 4000);
  auto pub = MqttPublisher::Create(ClientOf(broker, "pub"), &error);
  ASSERT_TRUE(pub && pub->Start(&error)) << error;
  ASSERT_TRUE(pub->WaitConnected(5000));
  for (size_t i = 0; i < lines.size(); ++i) {
    pub->Publish("gate/all", lines[i], &error);
    if (i % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (i == 2000) kill(child, SIGKILL);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  // the file opens and holds a prefix of what was sent, at least the batches committed in time
  const std::vector<RecordedRow> rows = Rows(rec);
  EXPECT_GT(rows.size(), 500u);
  EXPECT_LE(rows.size(), 2001u);
  for (size_t i = 0; i < rows.size(); ++i) ASSERT_EQ(rows[i].raw, lines[i]) << "row " << i + 1;
}

}  // namespace
}  // namespace gatetwin::replay::live
