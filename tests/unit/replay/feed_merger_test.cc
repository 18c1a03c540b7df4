// Tests of feed reading and merging: reorder, late, duplicates, merge order, counts, quarantine, files.
#include "replay/feed_merger.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "replay/feed_reader.h"
#include "replay/quarantine.h"
#include "tests/unit/replay/feed_test_world.h"

namespace gatetwin::replay {
namespace {

constexpr engine::TimeUs kBase = 1768438800000000;  // 2026-01-15T08:00:00+07:00

// the timestamp `ms` milliseconds after 08:00:00 local time
std::string Ts(int ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "2026-01-15T08:%02d:%02d.%03d+07:00", ms / 60000, ms / 1000 % 60, ms % 1000);
  return buf;
}
engine::TimeUs At(int ms) { return kBase + engine::TimeUs{ms} * 1000; }

std::string Plate(int ms, const std::string& plate, const std::string& sensor = "anpr.vn_to_cn.entry.L03") {
  return R"({"ts":")" + Ts(ms) + R"(","sensor":")" + sensor + R"(","kind":"plate_read","plate":")" + plate + "\"}\n";
}
std::string Barrier(int ms, const char* state = "open") {
  return R"({"ts":")" + Ts(ms) + R"(","sensor":"barrier.L01","kind":"barrier","state":")" + state + "\"}\n";
}

// every event a merger returns, as (ts, source, line)
struct Key {
  engine::TimeUs ts;
  uint32_t source;
  uint64_t line;
  bool operator==(const Key&) const = default;
};
std::vector<Key> Drain(FeedMerger* m, std::vector<Event>* events = nullptr) {
  std::vector<Key> keys;
  Event e;
  while (m->Next(&e)) {
    keys.push_back({e.ts_us, e.source, e.line});
    if (events) events->push_back(e);
  }
  return keys;
}

void ExpectIdentity(const FeedCounts& c) {
  EXPECT_EQ(c.read, c.accepted + c.RejectedTotal());
  EXPECT_EQ(c.pending, 0u);
}

class FeedMergerTest : public ::testing::Test {
 protected:
  world::World world_ = testing::MakeFeedTestWorld();
  QuarantineCollector quarantine_;
};

TEST_F(FeedMergerTest, ReordersWithinTheWindow) {
  FeedMerger m(world_, {}, &quarantine_);
  ASSERT_TRUE(m.AddStream(
      "a.jsonl", Plate(10000, "A") + Plate(9000, "B") + Plate(11000, "C") + Plate(10500, "D") + Plate(12000, "E")));
  std::vector<Event> events;
  const auto keys = Drain(&m, &events);
  ASSERT_EQ(keys.size(), 5u);
  const std::vector<std::string> plates = {events[0].plate, events[1].plate, events[2].plate, events[3].plate,
                                           events[4].plate};
  EXPECT_EQ(plates, (std::vector<std::string>{"B", "A", "D", "C", "E"}));
  const FeedCounts c = m.counts();
  EXPECT_EQ(c.read, 5u);
  EXPECT_EQ(c.accepted, 5u);
  ExpectIdentity(c);
  EXPECT_TRUE(quarantine_.records().empty());
}

TEST_F(FeedMergerTest, LateBeyondTheWindowIsQuarantined) {
  FeedMerger m(world_, {}, &quarantine_);
  const std::string late_line = Plate(12900, "LATE");
  ASSERT_TRUE(m.AddStream(
      "a.jsonl", Plate(10000, "A") + Plate(15000, "B") + late_line + Plate(13000, "EDGE") + Plate(14000, "C")));
  std::vector<Event> events;
  const auto keys = Drain(&m, &events);
  ASSERT_EQ(keys.size(), 4u);
  EXPECT_EQ(events[0].plate, "A");
  EXPECT_EQ(events[1].plate, "EDGE");  // exactly the window behind: not late
  EXPECT_EQ(events[2].plate, "C");
  EXPECT_EQ(events[3].plate, "B");
  const FeedCounts c = m.counts();
  EXPECT_EQ(c.read, 5u);
  EXPECT_EQ(c.accepted, 4u);
  EXPECT_EQ(c.Of(Reason::kLate), 1u);
  ExpectIdentity(c);
  ASSERT_EQ(quarantine_.records().size(), 1u);
  const auto& r = quarantine_.records()[0];
  EXPECT_EQ(r.reason, Reason::kLate);
  EXPECT_EQ(r.source, "a.jsonl");
  EXPECT_EQ(r.line, 3u);
  EXPECT_EQ(r.raw + "\n", late_line);
  EXPECT_EQ(r.detail, "2.100 s behind the newest event of this source (reorder window 2.000 s)");
}

TEST_F(FeedMergerTest, WindowFromWorldAndOverride) {
  const std::string feed = Plate(10000, "A") + Plate(15000, "B") + Plate(12900, "X");
  world_.params.reorder_window_s = 5;
  {
    FeedMerger m(world_);
    ASSERT_TRUE(m.AddStream("a", feed));
    EXPECT_EQ(m.reorder_window_us(), 5 * engine::kUsPerSecond);
    Drain(&m);
    EXPECT_EQ(m.counts().Of(Reason::kLate), 0u);
  }
  {
    MergeOptions o;
    o.reorder_window_us = 0;
    FeedMerger m(world_, o);
    ASSERT_TRUE(m.AddStream("a", feed + Plate(15000, "SAME_TS")));
    EXPECT_EQ(Drain(&m).size(), 3u);
    EXPECT_EQ(m.counts().Of(Reason::kLate), 1u);
  }
}

TEST_F(FeedMergerTest, DuplicatesAcrossAndWithinSources) {
  FeedMerger m(world_, {}, &quarantine_);
  const std::string shared = Plate(1000, "A") + Barrier(2000) + Plate(3000, "C");
  ASSERT_TRUE(m.AddStream("a.jsonl", shared));
  ASSERT_TRUE(m.AddStream("b.jsonl", Plate(500, "Z") + shared + Plate(3000, "C") +  // in-source repeat too
                                         Plate(3000, "D") +                         // same ts, other plate
                                         Barrier(2000, "closed")));                 // same ts, other state
  const auto keys = Drain(&m);
  const FeedCounts c = m.counts();
  EXPECT_EQ(c.read, 10u);
  EXPECT_EQ(c.Of(Reason::kDuplicate), 4u);
  EXPECT_EQ(c.accepted, 6u);
  ExpectIdentity(c);
  EXPECT_EQ(m.source_counts(0).accepted, 3u);  // the earlier source wins the tie
  EXPECT_EQ(m.source_counts(1).Of(Reason::kDuplicate), 4u);
  ASSERT_EQ(quarantine_.records().size(), 4u);
  EXPECT_EQ(quarantine_.records()[0].source, "b.jsonl");
  EXPECT_EQ(quarantine_.records()[0].line, 2u);
  EXPECT_EQ(quarantine_.records()[0].detail, "same sensor, ts, kind and payload as a.jsonl line 1");
  EXPECT_EQ(quarantine_.records()[0].raw + "\n", Plate(1000, "A"));
}

TEST_F(FeedMergerTest, ExtraFieldsArePartOfThePayload) {
  FeedMerger m(world_);
  const std::string base = R"({"ts":")" + Ts(1000) + R"(","sensor":"gps","kind":"status","state":"ok")";
  ASSERT_TRUE(m.AddStream("a", base + ",\"fw\":1}\n" + base + ",\"fw\":2}\n" + base + ",\"fw\":1}\n" + base + "}\n"));
  Drain(&m);
  EXPECT_EQ(m.counts().accepted, 3u);
  EXPECT_EQ(m.counts().Of(Reason::kDuplicate), 1u);
}

TEST_F(FeedMergerTest, MergeOrderOfThreeSources) {
  FeedMerger m(world_);
  ASSERT_TRUE(m.AddStream("s0", Plate(1000, "A") + Plate(4000, "B") + Plate(4000, "B2") + Plate(9000, "C")));
  ASSERT_TRUE(m.AddStream("s1", Plate(2000, "D") + Plate(4000, "E") + Plate(3000, "F") + Plate(8000, "G")));
  ASSERT_TRUE(m.AddStream("s2", Plate(4000, "H") + Plate(2500, "I") + Plate(7000, "J")));
  const auto keys = Drain(&m);
  const std::vector<Key> expected = {
      {At(1000), 0, 1}, {At(2000), 1, 1}, {At(2500), 2, 2}, {At(3000), 1, 3}, {At(4000), 0, 2}, {At(4000), 0, 3},
      {At(4000), 1, 2}, {At(4000), 2, 1}, {At(7000), 2, 3}, {At(8000), 1, 4}, {At(9000), 0, 4},
  };
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(m.counts().accepted, 11u);
  EXPECT_EQ(m.source_count(), 3u);
  EXPECT_EQ(m.source_name(2), "s2");
}

// a feed with every kind of trouble, and the exact count of each
std::string MessyFeed() {
  std::string f;
  f += Plate(1000, "A");  // 1 ok
  f += "\n";              // 2 blank
  f += R"({"ts":"2026-01-15T08:00:01","sensor":"gps","kind":"status","state":"ok"})"
       "\n";  // 3 malformed (no offset)
  f += R"({"ts":")" + Ts(1100) +
       R"(","sensor":"ghost","kind":"status","state":"ok"})"
       "\n";  // 4 unknown_sensor
  f += R"({"ts":")" + Ts(1200) +
       R"(","sensor":"gps","kind":"warp","state":"ok"})"
       "\n";                                                    // 5 unknown_kind
  f += Plate(1000, "A");                                        // 6 duplicate
  f += std::string("\x01\x02\xff{garbage\x00\x7f", 13) + "\n";  // 7 malformed (binary)
  f += Plate(5000, "B");                                        // 8 ok
  f += Plate(2000, "OLD");                                      // 9 late
  f += "   \t\r\n";                                             // 10 blank
  f += R"({"ts":")" + Ts(4000) +
       R"(","sensor":"loop.km0_4.L05","kind":"loop","count":3})"
       "\n";  // 11 malformed
  f += "{\"ts\":\"" + Ts(4500) + "\",\"sensor\":\"gps\",\"kind\":\"status\",\"state\":\"ok\",\"pad\":\"" +
       std::string(70000, 'x') + "\"}\n";  // 12 malformed (too long)
  f += Barrier(4600) + "\r\n";             // 13 ok, 14 blank
  f += R"({"ts":")" + Ts(6000) +
       R"(","sensor":"gps","kind":"gps","vehicle":"V1","lat":21.97,"lon":106.7})";  // 15 ok, no final newline
  return f;
}

TEST_F(FeedMergerTest, MessyFeedCountsAddUp) {
  FeedMerger m(world_, {}, &quarantine_);
  ASSERT_TRUE(m.AddStream("messy.jsonl", MessyFeed()));
  std::vector<Event> events;
  const auto keys = Drain(&m, &events);
  const std::vector<Key> expected = {{At(1000), 0, 1}, {At(4600), 0, 13}, {At(5000), 0, 8}, {At(6000), 0, 15}};
  EXPECT_EQ(keys, expected);
  const FeedCounts c = m.counts();
  EXPECT_EQ(c.read, 12u);
  EXPECT_EQ(c.accepted, 4u);
  EXPECT_EQ(c.Of(Reason::kMalformed), 4u);
  EXPECT_EQ(c.Of(Reason::kUnknownSensor), 1u);
  EXPECT_EQ(c.Of(Reason::kUnknownKind), 1u);
  EXPECT_EQ(c.Of(Reason::kDuplicate), 1u);
  EXPECT_EQ(c.Of(Reason::kLate), 1u);
  EXPECT_EQ(c.Of(Reason::kOutsideRange), 0u);
  ExpectIdentity(c);
  EXPECT_EQ(quarantine_.records().size(), c.RejectedTotal());
  // quarantined in the order found: at read time, except the duplicate (found when merged)
  std::vector<uint64_t> lines;
  for (const auto& r : quarantine_.records()) lines.push_back(r.line);
  EXPECT_EQ(lines, (std::vector<uint64_t>{3, 4, 5, 7, 9, 11, 12, 6}));
  const auto& too_long = quarantine_.records()[6];
  EXPECT_TRUE(too_long.raw_truncated);
  EXPECT_EQ(too_long.raw.size(), kQuarantineRawBytes);
  EXPECT_EQ(too_long.detail.rfind("line too long: 70091 bytes (limit 65536)", 0), 0u) << too_long.detail;
  // per-sensor counts: the anpr sensor read 4 (2 ok, a duplicate, a late one)
  const FeedCounts& anpr = m.sensor_counts()[0];
  EXPECT_EQ(anpr.read, 4u);
  EXPECT_EQ(anpr.accepted, 2u);
  EXPECT_EQ(anpr.Of(Reason::kDuplicate), 1u);
  EXPECT_EQ(anpr.Of(Reason::kLate), 1u);
  EXPECT_EQ(m.bytes_read(), m.total_bytes());
  EXPECT_EQ(m.total_bytes(), MessyFeed().size());
}

TEST_F(FeedMergerTest, ChunkSizeDoesNotChangeTheResult) {
  MergeOptions big;
  big.max_line_bytes = 300;
  FeedMerger reference(world_, big);
  ASSERT_TRUE(reference.AddStream("messy", MessyFeed()));
  ASSERT_TRUE(reference.AddStream("b", Plate(1500, "Q") + Plate(1000, "A")));
  const auto expected = Drain(&reference);
  for (size_t chunk : {601, 777, 1024, 4096}) {
    MergeOptions small = big;
    small.chunk_bytes = chunk;
    FeedMerger m(world_, small);
    ASSERT_TRUE(m.AddStream("messy", MessyFeed()));
    ASSERT_TRUE(m.AddStream("b", Plate(1500, "Q") + Plate(1000, "A")));
    EXPECT_EQ(Drain(&m), expected) << chunk;
    EXPECT_EQ(m.counts().rejected, reference.counts().rejected) << chunk;
  }
}

TEST_F(FeedMergerTest, HugeLinesAcrossManyChunks) {
  MergeOptions o;
  o.max_line_bytes = 1024;
  o.chunk_bytes = 4096;
  FeedMerger m(world_, o, &quarantine_);
  const std::string huge(100000, 'z');
  ASSERT_TRUE(m.AddStream("h.jsonl", Plate(1000, "A") + huge + "\n" + Plate(1100, "B") + huge));
  std::vector<Event> events;
  const auto keys = Drain(&m, &events);
  EXPECT_EQ(keys, (std::vector<Key>{{At(1000), 0, 1}, {At(1100), 0, 3}}));
  EXPECT_EQ(m.counts().Of(Reason::kMalformed), 2u);
  ASSERT_EQ(quarantine_.records().size(), 2u);
  EXPECT_EQ(quarantine_.records()[0].line, 2u);
  EXPECT_EQ(quarantine_.records()[0].raw, std::string(kQuarantineRawBytes, 'z'));
  EXPECT_EQ(quarantine_.records()[0].detail.rfind("line too long: 100000 bytes (limit 1024)", 0), 0u)
      << quarantine_.records()[0].detail;
  EXPECT_EQ(quarantine_.records()[1].line, 4u);  // the last line, without a newline
  EXPECT_EQ(quarantine_.records()[1].detail.rfind("line too long: 100000 bytes", 0), 0u);
}

TEST_F(FeedMergerTest, BinaryGarbageNeverCrashes) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::string junk(20000, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    if (round % 2) junk += MessyFeed();  // garbage in front of real lines
    MergeOptions o;
    o.max_line_bytes = 512;
    o.chunk_bytes = 1500;
    FeedMerger json(world_, o, &quarantine_);
    FeedMerger csv(world_, o, &quarantine_);
    ASSERT_TRUE(json.AddStream("junk.jsonl", junk));
    ASSERT_TRUE(csv.AddStream("junk.csv", junk));
    Drain(&json);
    Drain(&csv);
    ExpectIdentity(json.counts());
    ExpectIdentity(csv.counts());
    EXPECT_GT(json.counts().Of(Reason::kMalformed), 0u);
  }
}

TEST_F(FeedMergerTest, EmptyFeeds) {
  FeedMerger none(world_);
  Event e;
  EXPECT_FALSE(none.Next(&e));
  FeedMerger m(world_);
  ASSERT_TRUE(m.AddStream("empty.jsonl", std::string()));
  ASSERT_TRUE(m.AddStream("blank.jsonl", std::string("\n\n  \r\n\t\n")));
  ASSERT_TRUE(m.AddStream("header_only.csv", std::string("ts,sensor,kind\n")));
  EXPECT_FALSE(m.Next(&e));
  EXPECT_FALSE(m.Next(&e));
  EXPECT_EQ(m.counts().read, 0u);
  ExpectIdentity(m.counts());
}

TEST_F(FeedMergerTest, TimeRange) {
  MergeOptions o;
  o.from_us = At(2000);
  o.to_us = At(4000);
  FeedMerger m(world_, o, &quarantine_);
  ASSERT_TRUE(
      m.AddStream("a", Plate(1000, "A") + Plate(2000, "B") + Plate(3999, "C") + Plate(4000, "D") + Plate(1500, "E")));
  EXPECT_EQ(Drain(&m), (std::vector<Key>{{At(2000), 0, 2}, {At(3999), 0, 3}}));
  EXPECT_EQ(m.counts().Of(Reason::kOutsideRange), 3u);
  ExpectIdentity(m.counts());
  EXPECT_TRUE(quarantine_.records().empty());  // not asked for is not doubtful
}

TEST_F(FeedMergerTest, Files) {
  const auto dir = std::filesystem::temp_directory_path() / ("gatetwin_feed_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string jsonl = (dir / "a.jsonl").string();
  const std::string csv = (dir / "b.CSV").string();
  std::ofstream(jsonl) << Plate(1000, "A") << Plate(3000, "C");
  std::ofstream(csv) << "ts,sensor,kind,plate\n" << Ts(2000) << ",anpr.multi,plate_read,B\n";

  FeedMerger m(world_);
  std::string error;
  EXPECT_TRUE(m.AddFile(jsonl, &error)) << error;
  EXPECT_TRUE(m.AddFile(csv, &error)) << error;
  EXPECT_FALSE(m.AddFile((dir / "missing.jsonl").string(), &error));
  EXPECT_NE(error.find("missing.jsonl"), std::string::npos) << error;
  EXPECT_NE(error.find("cannot open feed"), std::string::npos) << error;
  EXPECT_FALSE(m.AddFile((dir / "notes.txt").string(), &error));
  EXPECT_NE(error.find("notes.txt': unknown format"), std::string::npos) << error;
  std::filesystem::create_directories(dir / "folder.jsonl");
  EXPECT_FALSE(m.AddFile((dir / "folder.jsonl").string(), &error));
  EXPECT_NE(error.find("it is a directory"), std::string::npos) << error;
  EXPECT_EQ(m.total_bytes(), std::filesystem::file_size(jsonl) + std::filesystem::file_size(csv));
  std::vector<Event> events;
  EXPECT_EQ(Drain(&m, &events), (std::vector<Key>{{At(1000), 0, 1}, {At(2000), 1, 2}, {At(3000), 0, 2}}));
  EXPECT_EQ(m.bytes_read(), m.total_bytes());
  EXPECT_EQ(m.source_name(1), csv);
  EXPECT_FALSE(m.AddFile(jsonl, &error));  // too late: the merge has started
  EXPECT_NE(error.find("merge has started"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_F(FeedMergerTest, StreamSourceAndStandaloneReader) {
  std::istringstream in(Plate(2000, "B") + Plate(1000, "A"));
  FeedMerger m(world_);
  ASSERT_TRUE(m.AddStream("live", in));
  EXPECT_EQ(m.total_bytes(), in.str().size());
  EXPECT_EQ(Drain(&m).size(), 2u);

  auto reader = FeedReader::FromString(world_, "r", Plate(2000, "B") + "oops\n" + Plate(1000, "A"), FeedFormat::kAuto,
                                       ReaderOptions{}, nullptr);
  Event e;
  ASSERT_TRUE(reader->Next(&e));
  EXPECT_EQ(e.plate, "A");
  ASSERT_TRUE(reader->Next(&e));
  EXPECT_EQ(e.plate, "B");
  EXPECT_FALSE(reader->Next(&e));
  EXPECT_EQ(reader->counts().read, 3u);
  EXPECT_EQ(reader->counts().Of(Reason::kMalformed), 1u);
}

TEST_F(FeedMergerTest, QuarantineWriterWritesValidJsonLines) {
  std::ostringstream out;
  {
    QuarantineWriter writer(out);
    FeedMerger m(world_, {}, &writer);
    ASSERT_TRUE(m.AddStream("m\"essy.jsonl", MessyFeed()));
    Drain(&m);
    EXPECT_EQ(writer.written(), 8u);
  }
  std::istringstream lines(out.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);  // throws on invalid JSON or UTF-8
    EXPECT_TRUE(j.contains("reason") && j.contains("source") && j.contains("line") && j.contains("detail") &&
                j.contains("raw"));
    EXPECT_EQ(j["source"], "m\"essy.jsonl");
    if (n == 0) {
      EXPECT_EQ(j["reason"], "malformed");
      EXPECT_EQ(j["line"], 3);
      EXPECT_EQ(j["raw"], R"({"ts":"2026-01-15T08:00:01","sensor":"gps","kind":"status","state":"ok"})");
    }
    if (j["line"] == 7) {
      EXPECT_EQ(j["raw"].get<std::string>(), std::string("\x01\x02\xEF\xBF\xBD{garbage\x00\x7f", 15));
    }
    ++n;
  }
  EXPECT_EQ(n, 8);
  EXPECT_NE(out.str().find(R"("line":12,)"), std::string::npos);
  EXPECT_NE(out.str().find(R"("raw_truncated":true)"), std::string::npos);
}

TEST(HashEventPayload, SourceAndLineDoNotMatter) {
  Event a, b;
  a.plate = b.plate = "A1";
  a.ts_us = b.ts_us = 5;
  a.source = 1;
  a.line = 10;
  EXPECT_EQ(HashEventPayload(a), HashEventPayload(b));
  b.conf = 0.5f;
  EXPECT_NE(HashEventPayload(a), HashEventPayload(b));
}

}  // namespace
}  // namespace gatetwin::replay
