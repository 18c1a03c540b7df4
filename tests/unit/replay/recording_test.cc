// Tests of recordings: recorder round trip, order_us and seeks, the recording as a feed, info, export, bad files.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "replay/feed_merger.h"
#include "replay/line_parser.h"
#include "replay/quarantine.h"
#include "replay/recorder.h"
#include "replay/recording_import.h"
#include "replay/recording_info.h"
#include "replay/recording_reader.h"
#include "tests/unit/replay/feed_test_world.h"

namespace gatetwin::replay {
namespace {

constexpr engine::TimeUs kBase = 1768438800000000;  // 2026-01-15T08:00:00+07:00

std::string Ts(int ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "2026-01-15T%02d:%02d:%02d.%03d+07:00", 8 + ms / 3600000, ms / 60000 % 60,
                ms / 1000 % 60, ms % 1000);
  return buf;
}
engine::TimeUs At(int ms) { return kBase + engine::TimeUs{ms} * 1000; }

std::string Plate(int ms, const std::string& plate, const std::string& sensor = "anpr.vn_to_cn.entry.L03") {
  return R"({"ts":")" + Ts(ms) + R"(","sensor":")" + sensor + R"(","kind":"plate_read","plate":")" + plate + "\"}";
}
std::string Status(int ms, const std::string& sensor, const std::string& state, const std::string& detail = "") {
  return R"({"ts":")" + Ts(ms) + R"(","sensor":")" + sensor + R"(","kind":"status","state":")" + state + "\"" +
         (detail.empty() ? "" : R"(,"detail":")" + detail + "\"") + "}";
}

std::string Temp(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "rec." + info->name() + "." + std::to_string(getpid()) + "." + name;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

std::vector<RecordedRow> ReadAll(const std::string& path) {
  std::string error;
  auto reader = RecordingReader::Open(path, &error);
  EXPECT_TRUE(reader) << error;
  std::vector<RecordedRow> rows;
  if (!reader) return rows;
  EXPECT_TRUE(reader->BeginRows(RowRange{}, true));
  RecordedRow row;
  while (reader->NextRow(&row)) rows.push_back(row);
  EXPECT_EQ(reader->error(), "");
  return rows;
}

class RecordingTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& p : paths_) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
    }
  }
  std::string Path(const std::string& name) {
    paths_.push_back(Temp(name));
    return paths_.back();
  }
  // records `lines` (a JSONL text) with ImportFeeds; returns the recording's path
  std::string Import(const std::string& name, const std::string& text) {
    const std::string feed = Path(name + ".jsonl");
    std::ofstream(feed, std::ios::binary) << text;
    const std::string rec = Path(name + ".sqlite");
    std::string error;
    EXPECT_TRUE(ImportFeeds(world_, {feed}, rec, {}, nullptr, &error)) << error;
    return rec;
  }

  world::World world_ = testing::MakeFeedTestWorld();
  std::vector<std::string> paths_;
};

// ---- recorder ----

TEST_F(RecordingTest, RoundTripKeepsEveryColumnAndByte) {
  const std::string path = Path("round.sqlite");
  LineParser parser(world_);
  Event plate, barrier;
  Doubt doubt;
  const std::string plate_line = Plate(1000, "12C-123.45");
  ASSERT_TRUE(parser.Parse(plate_line, &plate, &doubt));
  const std::string barrier_line =
      R"({"ts":")" + Ts(2000) + R"(","sensor":"barrier.L01","kind":"barrier","state":"open"})";
  ASSERT_TRUE(parser.Parse(barrier_line, &barrier, &doubt));
  const std::string odd("\x00\xff{\"a\":\n1}\r\x01", 13);
  {
    std::string error;
    RecorderOptions options;
    options.source = "mqtt://127.0.0.1:1883 gate/#";
    auto rec = Recorder::Create(world_, path, options, false, &error);
    ASSERT_TRUE(rec) << error;
    rec->Add(111, "gate/anpr", plate_line, &plate, std::nullopt, "");
    rec->Add(222, "gate/anpr", plate_line, &plate, Reason::kDuplicate, "same as line 1");
    rec->Add(333, "", odd, nullptr, Reason::kMalformed, "not JSON");
    rec->Add(444, "gate/barrier", barrier_line, &barrier, std::nullopt, "");
    rec->Add(555, "t", "", nullptr, Reason::kMalformed, "empty");
    EXPECT_EQ(rec->rows_added(), 5u);
    EXPECT_EQ(rec->rows_committed(), 0u);  // the batch is not due yet
    EXPECT_TRUE(rec->Commit());
    EXPECT_EQ(rec->rows_committed(), 5u);
  }
  const auto rows = ReadAll(path);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].id, 1);
  EXPECT_EQ(rows[0].recv_us, 111);
  EXPECT_EQ(rows[0].ts_us, At(1000));
  EXPECT_EQ(rows[0].order_us, At(1000));
  EXPECT_EQ(rows[0].sensor, "anpr.vn_to_cn.entry.L03");
  EXPECT_EQ(rows[0].kind, "plate_read");
  EXPECT_EQ(rows[0].lane, "L03");
  EXPECT_EQ(rows[0].plate, "12C12345");
  EXPECT_EQ(rows[0].reason, "");
  EXPECT_EQ(rows[0].topic, "gate/anpr");
  EXPECT_EQ(rows[0].raw, plate_line);
  EXPECT_EQ(rows[1].reason, "duplicate");
  EXPECT_EQ(rows[1].detail, "same as line 1");
  EXPECT_EQ(rows[1].kind, "plate_read");
  EXPECT_EQ(rows[2].raw, odd);  // NUL, 0xff, CR and LF kept verbatim
  EXPECT_FALSE(rows[2].ts_us.has_value());
  EXPECT_EQ(rows[2].sensor, "");
  EXPECT_EQ(rows[2].kind, "");
  EXPECT_EQ(rows[2].order_us, At(1000));  // no ts: the watermark stays
  EXPECT_EQ(rows[2].reason, "malformed");
  EXPECT_EQ(rows[2].topic, "");
  EXPECT_EQ(rows[3].state, "open");
  EXPECT_EQ(rows[3].lane, "L01");
  EXPECT_EQ(rows[3].order_us, At(2000));
  EXPECT_EQ(rows[4].raw, "");

  std::string error;
  auto reader = RecordingReader::Open(path, &error);
  ASSERT_TRUE(reader) << error;
  EXPECT_EQ(reader->meta().at("schema_version"), "1");
  EXPECT_EQ(reader->meta().at("source"), "mqtt://127.0.0.1:1883 gate/#");
  EXPECT_EQ(reader->meta().at("world_name"), "feed-test");
  EXPECT_EQ(reader->reorder_window_us(), 2 * engine::kUsPerSecond);
  EXPECT_EQ(reader->first_id(), 1);
  EXPECT_EQ(reader->last_id(), 5);
}

TEST_F(RecordingTest, CommitsInBatchesOfRows) {
  const std::string path = Path("batch.sqlite");
  RecorderOptions options;
  options.batch_rows = 10;
  options.batch_ms = 1'000'000;  // only the row count makes a batch due
  std::string error;
  auto rec = Recorder::Create(world_, path, options, false, &error);
  ASSERT_TRUE(rec) << error;
  for (int i = 0; i < 25; ++i) rec->Add(i, "", "x", nullptr, Reason::kMalformed, "");
  EXPECT_EQ(rec->rows_committed(), 20u);
  rec->Flush();  // 5 rows, not due
  EXPECT_EQ(rec->rows_committed(), 20u);
  // a reader sees the committed rows while recording goes on
  EXPECT_EQ(ReadAll(path).size(), 20u);
  EXPECT_TRUE(rec->Commit());
  EXPECT_EQ(rec->rows_committed(), 25u);
  EXPECT_EQ(ReadAll(path).size(), 25u);
}

TEST_F(RecordingTest, CommitsWhenTheOldestRowIsOld) {
  const std::string path = Path("age.sqlite");
  RecorderOptions options;
  options.batch_rows = 1'000'000;
  options.batch_ms = 20;
  std::string error;
  auto rec = Recorder::Create(world_, path, options, false, &error);
  ASSERT_TRUE(rec) << error;
  rec->Add(1, "", "x", nullptr, Reason::kMalformed, "");
  EXPECT_EQ(rec->rows_committed(), 0u);
  usleep(40'000);
  rec->Flush();
  EXPECT_EQ(rec->rows_committed(), 1u);
}

TEST_F(RecordingTest, ExistingFileNeedsOverwrite) {
  const std::string path = Path("exists.sqlite");
  std::ofstream(path) << "something";
  std::string error;
  EXPECT_FALSE(Recorder::Create(world_, path, {}, false, &error));
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("exists"), std::string::npos) << error;
  auto rec = Recorder::Create(world_, path, {}, true, &error);
  ASSERT_TRUE(rec) << error;
  rec->Add(1, "", "x", nullptr, Reason::kMalformed, "");
  rec.reset();
  EXPECT_EQ(ReadAll(path).size(), 1u);
}

// ---- order_us and seeking ----

TEST_F(RecordingTest, OrderUsIsTheNewestDecodedEvent) {
  const std::string rec = Import("order", Join({
                                              "garbage before any ts",             // 1
                                              Plate(5000, "A"),                    // 2
                                              Plate(4000, "B"),                    // 3: out of order
                                              R"({"ts":")" + Ts(9000) + R"("})",   // 4: malformed, has ts
                                              Plate(9500, "C", "no.such.sensor"),  // 5: unknown sensor
                                              "not json",                          // 6
                                              Plate(7000, "D"),                    // 7
                                              Plate(1000, "E"),                    // 8: late
                                          }));
  const auto rows = ReadAll(rec);
  ASSERT_EQ(rows.size(), 8u);
  const std::vector<engine::TimeUs> want = {INT64_MIN, At(5000), At(5000), At(5000),
                                            At(5000),  At(5000), At(7000), At(7000)};
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].order_us, want[i]) << "row " << i + 1;
  EXPECT_EQ(rows[3].ts_us, At(9000));  // kept, but a malformed line does not move the replay's newest
  EXPECT_EQ(rows[3].reason, "malformed");
  EXPECT_EQ(rows[4].reason, "unknown_sensor");
  EXPECT_EQ(rows[4].ts_us, At(9500));
  EXPECT_EQ(rows[7].reason, "late");
  // rows before the first timestamp are received when it is
  EXPECT_EQ(rows[0].recv_us, At(5000));
  EXPECT_EQ(rows[7].recv_us, At(9500));

  std::string error;
  auto reader = RecordingReader::Open(rec, &error);
  ASSERT_TRUE(reader) << error;
  EXPECT_EQ(reader->SeekOrder(At(0)), 2);
  EXPECT_EQ(reader->SeekOrder(At(5000)), 2);
  EXPECT_EQ(reader->SeekOrder(At(5001)), 7);
  EXPECT_EQ(reader->SeekOrder(At(7000)), 7);
  EXPECT_EQ(reader->SeekOrder(At(7001)), 9);  // past the end
  EXPECT_EQ(reader->SeekOrder(INT64_MIN), 1);
}

TEST_F(RecordingTest, SeekNeverSkipsAnEventAtOrAfterTheTime) {
  // a shuffled-ish feed: events jitter within and beyond the window, some lines broken
  std::mt19937 rng(7);
  std::vector<std::string> lines;
  int t = 0;
  for (int i = 0; i < 3000; ++i) {
    t += static_cast<int>(rng() % 700);
    const int jitter = static_cast<int>(rng() % 5000);
    const int kind = static_cast<int>(rng() % 20);
    if (kind == 0) {
      lines.push_back("{broken");
    } else {
      lines.push_back(Plate(std::max(0, t - jitter), "P" + std::to_string(i)));
    }
  }
  const std::string rec = Import("seek", Join(lines));
  const auto rows = ReadAll(rec);
  ASSERT_EQ(rows.size(), lines.size());
  for (size_t i = 1; i < rows.size(); ++i) ASSERT_LE(rows[i - 1].order_us, rows[i].order_us) << "row " << i + 1;
  std::string error;
  auto reader = RecordingReader::Open(rec, &error);
  ASSERT_TRUE(reader) << error;
  for (int probe = 0; probe < 200; ++probe) {
    const engine::TimeUs target = At(static_cast<int>(rng() % static_cast<unsigned>(t + 1000)));
    const auto first = reader->SeekOrder(target);
    ASSERT_TRUE(first);
    for (const RecordedRow& r : rows) {
      if (r.reason.empty() && r.ts_us && *r.ts_us >= target) {
        ASSERT_GE(r.id, *first) << "event at row " << r.id << " is before the seek to " << target;
      }
    }
    // and it is the first such row: the one before it is older than the target
    if (*first > 1 && *first <= static_cast<int64_t>(rows.size())) {
      EXPECT_LT(rows[static_cast<size_t>(*first - 2)].order_us, target);
    }
  }
}

// ---- the recording as a feed ----

std::vector<Event> DrainMerger(FeedMerger* m) {
  std::vector<Event> out;
  Event e;
  while (m->Next(&e)) out.push_back(e);
  return out;
}

TEST_F(RecordingTest, ReplaysLikeTheFeedItRecorded) {
  std::vector<std::string> lines;
  for (int i = 0; i < 400; ++i) lines.push_back(Plate(i * 250 + (i % 7) * 300, "T" + std::to_string(i % 50)));
  lines.insert(lines.begin() + 50, "not json");
  lines.insert(lines.begin() + 80, lines[79]);  // an exact duplicate
  lines.insert(lines.begin() + 120, Plate(100, "LATE"));
  lines.insert(lines.begin() + 130, Plate(30000, "X", "no.such.sensor"));
  const std::string text = Join(lines);
  const std::string rec = Import("replay", text);

  for (const auto& range : std::vector<std::pair<std::optional<int>, std::optional<int>>>{
           {std::nullopt, std::nullopt}, {20000, std::nullopt}, {std::nullopt, 60000}, {20000, 60000}}) {
    MergeOptions options;
    if (range.first) options.from_us = At(*range.first);
    if (range.second) options.to_us = At(*range.second);
    QuarantineCollector qa, qb;
    FeedMerger from_feed(world_, options, &qa), from_rec(world_, options, &qb);
    ASSERT_TRUE(from_feed.AddStream("a.jsonl", text));
    std::string error;
    ASSERT_TRUE(from_rec.AddFile(rec, &error)) << error;
    const auto a = DrainMerger(&from_feed);
    const auto b = DrainMerger(&from_rec);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].ts_us, b[i].ts_us);
      EXPECT_EQ(a[i].plate, b[i].plate);
      EXPECT_EQ(a[i].line, b[i].line);  // line numbers are row ids, the same here
      EXPECT_EQ(HashEventPayload(a[i]), HashEventPayload(b[i]));
    }
    EXPECT_EQ(from_feed.counts().accepted, from_rec.counts().accepted);
    if (!range.first && !range.second) {
      // the whole recording: the same counts and the same quarantine, lines = row ids
      EXPECT_EQ(from_feed.counts().rejected, from_rec.counts().rejected);
      ASSERT_EQ(qa.records().size(), qb.records().size());
      for (size_t i = 0; i < qa.records().size(); ++i) {
        EXPECT_EQ(qa.records()[i].reason, qb.records()[i].reason);
        EXPECT_EQ(qa.records()[i].line, qb.records()[i].line);
        EXPECT_EQ(qa.records()[i].raw, qb.records()[i].raw);
        EXPECT_EQ(qb.records()[i].source, rec);
      }
      EXPECT_EQ(from_rec.total_bytes() > 0, true);
    } else if (range.first) {
      // the rows before the seek point are not read at all
      EXPECT_LT(from_rec.counts().read, from_feed.counts().read);
    }
  }
}

TEST_F(RecordingTest, LineNumbersAfterASeekAreRowIds) {
  std::vector<std::string> lines;
  for (int i = 0; i < 100; ++i) lines.push_back(i == 60 ? std::string("broken") : Plate(i * 1000, "A"));
  const std::string rec = Import("lines", Join(lines));
  MergeOptions options;
  options.from_us = At(50000);
  QuarantineCollector q;
  FeedMerger m(world_, options, &q);
  std::string error;
  ASSERT_TRUE(m.AddFile(rec, &error)) << error;
  const auto events = DrainMerger(&m);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().ts_us, At(50000));
  EXPECT_EQ(events.front().line, 51u);
  ASSERT_EQ(q.records().size(), 1u);
  EXPECT_EQ(q.records()[0].line, 61u);
  // the seek is 2 s before 50 s: rows 49 and 50 (48 s, 49 s) are read and counted outside the
  // range; rows 1..48 are not read
  EXPECT_EQ(m.counts().Of(Reason::kOutsideRange), 2u);
  EXPECT_EQ(m.counts().read, 52u);  // rows 49..100
}

TEST(AppendFeedLine, NewlinesBecomeOneLineKeepingValidity) {
  const world::World world = testing::MakeFeedTestWorld();
  LineParser parser(world);
  const std::string valid = "{\"ts\":\"" + Ts(1000) + "\",\r\n\"sensor\":\"anpr.vn_to_cn.entry.L03\",\n\"kind\":" +
                            "\"plate_read\",\"plate\":\"A\"}\n";
  std::string line;
  AppendFeedLine(valid, &line);
  ASSERT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.find('\r'), std::string::npos);
  Event e;
  Doubt d;
  EXPECT_TRUE(parser.Parse(line.substr(0, line.size() - 1), &e, &d)) << d.detail;
  EXPECT_EQ(e.plate, "A");

  // a newline inside a string: invalid before, invalid after (and still one line)
  const std::string broken =
      "{\"ts\":\"" + Ts(1000) +
      "\",\"sensor\":\"anpr.vn_to_cn.entry.L03\",\"kind\":\"plate_read\",\"plate\":\"A\nB\\\"\r\"}";
  EXPECT_FALSE(parser.Parse(broken, &e, &d));
  line.clear();
  AppendFeedLine(broken, &line);
  ASSERT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_NE(line.find("A\x1f"
                      "B"),
            std::string::npos)
      << line;
  EXPECT_FALSE(parser.Parse(line.substr(0, line.size() - 1), &e, &d));
  EXPECT_EQ(d.reason, Reason::kMalformed);

  line.clear();
  AppendFeedLine("plain", &line);
  EXPECT_EQ(line, "plain\n");
}

// ---- info and export ----

TEST_F(RecordingTest, InfoCountsGapsAndFaults) {
  const std::string rec = Import("info", Join({
                                             Plate(0, "A"),
                                             Status(1000, "anpr.vn_to_cn.entry.L03", "fault", "lens"),
                                             Plate(2000, "B"),
                                             Plate(2000, "B"),                                // duplicate
                                             "oops",                                          // malformed, no ts
                                             Status(90000, "anpr.vn_to_cn.entry.L03", "ok"),  // after a 88 s gap
                                             Status(100000, "barrier.L01", "offline"),
                                             Plate(100500, "C", "no.such.sensor"),
                                             R"({"ts":")" + Ts(101000) + R"(","sensor":"gps","kind":"teleport"})",
                                         }));
  RecordingInfo info;
  std::string error;
  ASSERT_TRUE(ReadRecordingInfo(rec, {}, &info, &error)) << error;
  EXPECT_EQ(info.rows, 9u);
  EXPECT_EQ(info.accepted, 5u);
  EXPECT_EQ(info.by_reason, (std::map<std::string, uint64_t>{
                                {"duplicate", 1}, {"malformed", 1}, {"unknown_kind", 1}, {"unknown_sensor", 1}}));
  EXPECT_EQ(info.by_kind, (std::map<std::string, uint64_t>{{"", 2}, {"plate_read", 4}, {"status", 3}}));
  EXPECT_EQ(info.rows_without_sensor, 2u);  // "oops" and the unknown sensor
  ASSERT_EQ(info.sensors.size(), 3u);
  EXPECT_EQ(info.sensors[0].sensor, "anpr.vn_to_cn.entry.L03");
  EXPECT_EQ(info.sensors[0].rows, 5u);
  EXPECT_EQ(info.sensors[0].quarantined, 1u);
  EXPECT_EQ(info.sensors[2].sensor, "gps");
  EXPECT_EQ(info.sensors[2].by_kind.at(""), 1u);  // unknown kind: no kind recorded
  EXPECT_EQ(info.min_ts_us, At(0));
  EXPECT_EQ(info.max_ts_us, At(101000));
  ASSERT_EQ(info.gaps.size(), 1u);
  EXPECT_EQ(info.gaps[0].from_us, At(2000));
  EXPECT_EQ(info.gaps[0].to_us, At(90000));
  EXPECT_EQ(info.gaps[0].next_id, 6);
  ASSERT_EQ(info.faults.size(), 2u);
  EXPECT_EQ(info.faults[0].sensor, "anpr.vn_to_cn.entry.L03");
  EXPECT_EQ(info.faults[0].state, "fault");
  EXPECT_EQ(info.faults[0].from_us, At(1000));
  EXPECT_EQ(info.faults[0].to_us, At(90000));
  EXPECT_EQ(info.faults[0].detail, "lens");
  EXPECT_EQ(info.faults[1].state, "offline");
  EXPECT_EQ(info.faults[1].to_us, -1);

  const std::string json = RecordingInfoToJson(info);
  EXPECT_NE(json.find("\"unknown_kind\": 1"), std::string::npos) << json;
  const std::string summary = RecordingInfoSummary(info);
  EXPECT_NE(summary.find("1 min 28 s without a line"), std::string::npos) << summary;

  InfoOptions coarse;
  coarse.min_gap_us = 100 * engine::kUsPerSecond;
  ASSERT_TRUE(ReadRecordingInfo(rec, coarse, &info, &error));
  EXPECT_TRUE(info.gaps.empty());
}

TEST_F(RecordingTest, ExportGivesBackTheLines) {
  std::vector<std::string> lines;
  for (int i = 0; i < 300; ++i) lines.push_back(Plate(i * 1000, "A" + std::to_string(i)));
  lines[10] = "{\"broken\": true";
  lines[20] = std::string("bytes \xff\x01 here");
  const std::string text = Join(lines);
  const std::string rec = Import("export", text);
  std::ostringstream out;
  ExportStats stats;
  std::string error;
  ASSERT_TRUE(ExportRecording(rec, {}, out, &stats, &error)) << error;
  EXPECT_EQ(out.str(), text);
  EXPECT_EQ(stats.rows, 300u);
  EXPECT_EQ(stats.first_id, 1);
  EXPECT_EQ(stats.last_id, 300);

  // a range: the rows the replay of it reads (window 2 s on either side)
  ExportOptions range;
  range.from_us = At(100000);
  range.to_us = At(200000);
  std::ostringstream part;
  ASSERT_TRUE(ExportRecording(rec, range, part, &stats, &error)) << error;
  EXPECT_EQ(stats.first_id, 99);  // ts 98 s, the first at or after 100 s − 2 s
  EXPECT_EQ(stats.last_id, 202);  // ts 201 s; 202 s is the first at or after 200 s + 2 s
  std::string want;
  for (int i = 98; i <= 201; ++i) want += lines[static_cast<size_t>(i)] + "\n";
  EXPECT_EQ(part.str(), want);
}

TEST(ReceiveJudge, LateAndDuplicateByTheReplaysRules) {
  const world::World world = testing::MakeFeedTestWorld();
  LineParser parser(world);
  ReceiveJudge judge(2 * engine::kUsPerSecond, {"a.jsonl"});
  const auto judge_line = [&](const std::string& line, uint64_t n, std::string* detail) {
    Event e;
    Doubt d;
    EXPECT_TRUE(parser.Parse(line, &e, &d));
    e.line = n;
    return judge.Judge(e, detail);
  };
  std::string detail;
  EXPECT_EQ(judge_line(Plate(10000, "A"), 1, &detail), std::nullopt);
  EXPECT_EQ(judge_line(Plate(15000, "B"), 2, &detail), std::nullopt);
  EXPECT_EQ(judge_line(Plate(12900, "X"), 3, &detail), Reason::kLate);
  EXPECT_EQ(detail, "2.100 s behind the newest event of this source (reorder window 2.000 s)");
  EXPECT_EQ(judge_line(Plate(13000, "E"), 4, &detail), std::nullopt);  // exactly the window: not late
  EXPECT_EQ(judge_line(Plate(13000, "E"), 5, &detail), Reason::kDuplicate);
  EXPECT_EQ(detail, "same sensor, ts, kind and payload as a.jsonl line 4");
  EXPECT_EQ(judge_line(Plate(13000, "F"), 6, &detail), std::nullopt);   // same ts, other payload
  EXPECT_EQ(judge_line(Plate(12900, "X"), 7, &detail), Reason::kLate);  // late wins over duplicate
}

// ---- bad files ----

class BadRecordingTest : public RecordingTest {
 protected:
  // every way of reading must fail with a message naming the file
  void ExpectRejected(const std::string& path, const std::string& words) {
    std::string error;
    auto reader = RecordingReader::Open(path, &error);
    RecordingInfo info;
    std::string info_error;
    const bool info_ok = ReadRecordingInfo(path, {}, &info, &info_error);
    EXPECT_FALSE(info_ok) << path;
    EXPECT_NE(info_error.find(path), std::string::npos) << info_error;
    EXPECT_NE(info_error.find(words), std::string::npos) << info_error;
    FeedMerger m(world_);
    std::string merge_error;
    if (m.AddFile(path, &merge_error)) {
      // opened: then reading it must stop with a read error naming the file
      Event e;
      while (m.Next(&e)) {
      }
      EXPECT_NE(m.io_errors().find(path), std::string::npos) << m.io_errors();
    } else {
      EXPECT_NE(merge_error.find(path), std::string::npos) << merge_error;
    }
  }

  std::string MakeRecording(int rows) {
    const std::string path = Path("good.sqlite");
    std::string error;
    auto rec = Recorder::Create(world_, path, {}, false, &error);
    EXPECT_TRUE(rec) << error;
    for (int i = 0; i < rows; ++i) {
      rec->Add(i, "topic", Plate(i * 100, "PLATE" + std::to_string(i)) + std::string(200, ' '), nullptr,
               Reason::kMalformed, "");
    }
    rec.reset();
    return path;
  }
};

TEST_F(BadRecordingTest, NotSqlite) {
  const std::string path = Path("feed.sqlite");
  std::ofstream(path) << Plate(0, "A") << "\n";
  ExpectRejected(path, "not an SQLite database");
  const std::string empty = Path("empty.sqlite");
  std::ofstream(empty).flush();
  ExpectRejected(empty, "is empty");
  ExpectRejected(Path("missing.sqlite"), "no such file");
}

TEST_F(BadRecordingTest, SqliteWithAnotherSchema) {
  const std::string path = Path("other.sqlite");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  ExpectRejected(path, "not a gatetwin recording");

  const std::string no_lines = Path("nolines.sqlite");
  ASSERT_EQ(sqlite3_open(no_lines.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE meta(key, value); INSERT INTO meta VALUES('schema_version','1');", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ExpectRejected(no_lines, "tables");
}

TEST_F(BadRecordingTest, WrongSchemaVersion) {
  const std::string path = MakeRecording(10);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE meta SET value='7' WHERE key='schema_version'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ExpectRejected(path, "schema version 7; this gatetwin reads version 1");
}

TEST_F(BadRecordingTest, TruncatedFile) {
  const std::string path = MakeRecording(3000);
  const auto size = std::filesystem::file_size(path);
  ASSERT_GT(size, 100'000u);
  for (const auto keep : {size / 2, size_t{4096 * 3}, size_t{100}}) {
    const std::string cut = Path("cut" + std::to_string(keep) + ".sqlite");
    std::filesystem::copy_file(path, cut, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, keep);
    ExpectRejected(cut, cut);
  }
}

TEST_F(BadRecordingTest, CorruptPagesNeverCrash) {
  const std::string path = MakeRecording(3000);
  const auto size = std::filesystem::file_size(path);
  std::mt19937 rng(3);
  for (int round = 0; round < 12; ++round) {
    const std::string bad = Path("bad" + std::to_string(round) + ".sqlite");
    std::filesystem::copy_file(path, bad, std::filesystem::copy_options::overwrite_existing);
    {
      std::fstream f(bad, std::ios::in | std::ios::out | std::ios::binary);
      // garbage over a few pages past the header page (page 1 holds the schema)
      for (int k = 0; k < 4; ++k) {
        f.seekp(static_cast<std::streamoff>(4096 + rng() % (size - 8192)));
        std::string junk(512, '\0');
        for (char& c : junk) c = static_cast<char>(rng());
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
      }
    }
    // it may still read (garbage over a blob's bytes is just other bytes); it must not crash,
    // and a failure must name the file
    RecordingInfo info;
    std::string error;
    if (!ReadRecordingInfo(bad, {}, &info, &error)) {
      EXPECT_NE(error.find(bad), std::string::npos) << error;
    }
    FeedMerger m(world_);
    if (m.AddFile(bad, &error)) {
      Event e;
      while (m.Next(&e)) {
      }
      if (!m.io_errors().empty()) {
        EXPECT_NE(m.io_errors().find(bad), std::string::npos);
      }
    } else {
      EXPECT_NE(error.find(bad), std::string::npos) << error;
    }
  }
}

}  // namespace
}  // namespace gatetwin::replay
