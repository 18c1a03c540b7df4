// Tests of CSV feed records: RFC 4180 quoting, empty cells, numbers from text, same events as JSON.
#include "replay/csv_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "replay/feed_merger.h"
#include "replay/line_parser.h"
#include "tests/unit/replay/feed_test_world.h"

namespace gatetwin::replay {
namespace {

std::vector<std::string> Split(std::string_view record, bool* ok = nullptr, std::string* error = nullptr) {
  std::vector<std::string_view> cells;
  std::string scratch, err;
  const bool good = CsvParser::SplitRecord(record, &cells, &scratch, &err);
  if (ok) *ok = good;
  if (error) *error = err;
  return {cells.begin(), cells.end()};
}

TEST(CsvSplit, Rfc4180Quoting) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Split("a,b,c"), (V{"a", "b", "c"}));
  EXPECT_EQ(Split("a,,c,"), (V{"a", "", "c", ""}));
  EXPECT_EQ(Split(""), (V{""}));
  EXPECT_EQ(Split(R"("a,b","say ""hi""",c)"), (V{"a,b", "say \"hi\"", "c"}));
  EXPECT_EQ(Split(R"("""",x)"), (V{"\"", "x"}));
  EXPECT_EQ(Split("\"line1\nline2\",z"), (V{"line1\nline2", "z"}));
  EXPECT_EQ(Split(R"( a , "b" ,c )"), (V{"a", "b", "c"}));  // blanks around cells are trimmed
  EXPECT_EQ(Split(R"("",x)"), (V{"", "x"}));
  bool ok = true;
  std::string error;
  Split(R"("abc,d)", &ok, &error);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "unterminated quoted cell");
  Split(R"("abc"d,e)", &ok, &error);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "text after a closing quote");
}

class CsvParserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(csv_.SetHeader("ts,sensor,kind,plate,conf,vehicle_class,lane,count,interval_s,operator,note", &error));
  }
  world::World world_ = testing::MakeFeedTestWorld();
  CsvParser csv_{world_};
  Event e_;
  Doubt d_;
};

TEST_F(CsvParserTest, PlateReadMatchesJson) {
  ASSERT_TRUE(csv_.Parse(
      R"(2026-01-15T08:00:01.250+07:00,anpr.vn_to_cn.entry.L03,plate_read,12C-123.45,0.94,truck,,,,,)", &e_, &d_))
      << d_.detail;
  LineParser json(world_);
  Event j;
  ASSERT_TRUE(json.Parse(R"({"ts":"2026-01-15T08:00:01.250+07:00","sensor":"anpr.vn_to_cn.entry.L03",)"
                         R"("kind":"plate_read","plate":"12C-123.45","conf":0.94,"vehicle_class":"truck"})",
                         &j, &d_));
  EXPECT_EQ(e_.plate, "12C12345");
  EXPECT_FLOAT_EQ(e_.conf, 0.94f);
  EXPECT_EQ(e_.lane, 2);
  EXPECT_EQ(HashEventPayload(e_), HashEventPayload(j));
}

TEST_F(CsvParserTest, NumbersFromTextAndUnknownColumnsToExtra) {
  ASSERT_TRUE(csv_.Parse(R"(2026-01-15T08:00:30Z,loop.km0_4.L05,loop,,,,,3,30,"Nguyễn, Văn A",7.5)", &e_, &d_))
      << d_.detail;
  EXPECT_EQ(e_.count, 3);
  EXPECT_FLOAT_EQ(e_.interval_s, 30);
  EXPECT_EQ(e_.extra, R"({"operator":"Nguyễn, Văn A","note":7.5})");
}

TEST_F(CsvParserTest, EmptyCellIsAbsent) {
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:01Z,anpr.multi,plate_read,,0.5,,,,,,", &e_, &d_));
  EXPECT_EQ(d_.reason, Reason::kMalformed);
  EXPECT_EQ(d_.detail, "missing plate (required for plate_read)");
  // fewer cells than columns: the missing ones are empty
  ASSERT_TRUE(csv_.Parse("2026-01-15T08:00:01Z,anpr.multi,plate_read,A1", &e_, &d_)) << d_.detail;
  EXPECT_EQ(e_.conf, -1);
}

TEST_F(CsvParserTest, Doubts) {
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:01Z,anpr.multi,plate_read,A1,high,,,,,,", &e_, &d_));
  EXPECT_EQ(d_.detail, "conf must be a number, got \"high\"");
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:30Z,loop.km0_4.L05,loop,,,,,3x,30,,", &e_, &d_));
  EXPECT_EQ(d_.detail.rfind("count must be a number", 0), 0u);
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:01,anpr.multi,plate_read,A1,,,,,,,", &e_, &d_));
  EXPECT_EQ(d_.reason, Reason::kMalformed);
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:01Z,anpr.multi,fly,A1,,,,,,,", &e_, &d_));
  EXPECT_EQ(d_.reason, Reason::kUnknownKind);
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:01Z,anpr.x,plate_read,A1,,,,,,,", &e_, &d_));
  EXPECT_EQ(d_.reason, Reason::kUnknownSensor);
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:01Z,anpr.multi,plate_read,A1,,,L77,,,,", &e_, &d_));
  EXPECT_EQ(d_.detail, "unknown lane \"L77\"");
  EXPECT_FALSE(csv_.Parse("a,b,c,d,e,f,g,h,i,j,k,l", &e_, &d_));
  EXPECT_EQ(d_.detail, "row has 12 cells but the header has 11 columns");
  EXPECT_FALSE(csv_.Parse("\"2026-01-15T08:00:01Z,anpr.multi", &e_, &d_));
  EXPECT_EQ(d_.detail, "bad CSV row: unterminated quoted cell");
  EXPECT_FALSE(csv_.Parse("2026-01-15T08:00:01Z,anpr.multi,plate_read,\xff\xfe,,,,,,,", &e_, &d_));
  EXPECT_EQ(d_.detail, "not valid UTF-8");
}

TEST(CsvParserNoHeader, RowsWithoutHeaderAreMalformed) {
  const world::World w = testing::MakeFeedTestWorld();
  CsvParser csv(w);
  Event e;
  Doubt d;
  EXPECT_FALSE(csv.Parse("2026-01-15T08:00:01Z,gps,status,ok", &e, &d));
  EXPECT_EQ(d.detail, "no valid CSV header before this row");
  std::string error;
  EXPECT_FALSE(csv.SetHeader("ts,\"sensor", &error));
  EXPECT_EQ(error, "bad CSV header: unterminated quoted cell");
  EXPECT_FALSE(csv.has_header());
}

TEST(CsvFeed, QuotedNewlinesCrlfAndHeaderThroughTheMerger) {
  const world::World w = testing::MakeFeedTestWorld();
  QuarantineCollector q;
  FeedMerger merger(w, {}, &q);
  ASSERT_TRUE(
      merger.AddStream("gate.csv", std::string("ts,sensor,kind,state,detail\r\n"
                                               "2026-01-15T08:00:01Z,rfid.1,status,fault,\"antenna 2\r\nreplaced\"\r\n"
                                               "\r\n"
                                               "2026-01-15T08:00:02Z,rfid.1,status,ok,\r\n"
                                               "2026-01-15T08:00:03Z,rfid.1,status,broken,\r\n")));
  Event e;
  ASSERT_TRUE(merger.Next(&e));
  EXPECT_EQ(e.detail, "antenna 2\r\nreplaced");
  EXPECT_EQ(e.line, 2u);
  ASSERT_TRUE(merger.Next(&e));
  EXPECT_EQ(e.health, Health::kOk);
  EXPECT_EQ(e.line, 5u);  // the quoted newline and the blank line still count as lines
  EXPECT_FALSE(merger.Next(&e));
  const FeedCounts c = merger.counts();
  EXPECT_EQ(c.read, 3u);
  EXPECT_EQ(c.accepted, 2u);
  EXPECT_EQ(c.Of(Reason::kMalformed), 1u);
  ASSERT_EQ(q.records().size(), 1u);
  EXPECT_EQ(q.records()[0].line, 6u);
  EXPECT_EQ(q.records()[0].raw, "2026-01-15T08:00:03Z,rfid.1,status,broken,");
}

}  // namespace
}  // namespace gatetwin::replay
