// Tests of JSON line decoding: every kind, field, reason and the order of the contract's checks.
#include "replay/line_parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "tests/unit/replay/feed_test_world.h"

namespace gatetwin::replay {
namespace {

using world::Direction;

class LineParserTest : public ::testing::Test {
 protected:
  // parses and expects success
  Event Ok(const std::string& line) {
    Event e;
    Doubt d;
    EXPECT_TRUE(parser_.Parse(line, &e, &d)) << line << "\n  -> " << ToString(d.reason) << ": " << d.detail;
    return e;
  }
  // parses and expects a doubt; returns it
  Doubt Bad(const std::string& line) {
    Event e;
    Doubt d;
    EXPECT_FALSE(parser_.Parse(line, &e, &d)) << line;
    return d;
  }

  world::World world_ = testing::MakeFeedTestWorld();
  LineParser parser_{world_};
};

constexpr engine::TimeUs kT0 = 1768438801250000;  // 2026-01-15T08:00:01.250+07:00

TEST_F(LineParserTest, PlateReadWithAllFields) {
  const Event e = Ok(R"({"ts":"2026-01-15T08:00:01.250+07:00","sensor":"anpr.vn_to_cn.entry.L03",)"
                     R"("kind":"plate_read","plate":"12c-123.45","conf":0.94,"vehicle_class":"container"})");
  EXPECT_EQ(e.ts_us, kT0);
  EXPECT_EQ(e.utc_offset_min, 420);
  EXPECT_EQ(e.kind, EventKind::kPlateRead);
  EXPECT_EQ(e.sensor, 0);
  EXPECT_EQ(e.plate, "12C12345");
  EXPECT_FLOAT_EQ(e.conf, 0.94f);
  EXPECT_TRUE(e.has_class);
  EXPECT_EQ(e.vehicle_class, world::VehicleClass::kContainer);
  // one-lane sensor: lane from the sensor, dir from the lane
  EXPECT_EQ(e.lane, 2);
  EXPECT_TRUE(e.has_dir);
  EXPECT_EQ(e.dir, Direction::kVnToCn);
  EXPECT_EQ(e.extra, "");
}

TEST_F(LineParserTest, PlateReadExplicitLaneAndDir) {
  const Event e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"anpr.multi","kind":"plate_read",)"
                     R"("plate":"29H 555.66","lane":"L02","dir":"vn_to_cn"})");
  EXPECT_EQ(e.lane, 1);
  EXPECT_TRUE(e.has_dir);
  EXPECT_EQ(e.dir, Direction::kVnToCn);  // given, even though the lane runs cn_to_vn
  EXPECT_EQ(e.plate, "29H55566");
  EXPECT_EQ(e.conf, -1);
  EXPECT_FALSE(e.has_class);
}

TEST_F(LineParserTest, MultiLaneSensorWithoutLaneLeavesLaneAndDirUnset) {
  const Event e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"anpr.multi","kind":"plate_read","plate":"A1"})");
  EXPECT_EQ(e.lane, -1);
  EXPECT_FALSE(e.has_dir);
}

TEST_F(LineParserTest, DirFromSensorWhenNoLane) {
  const Event e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"xray.1","kind":"scan","plate":"A1","phase":"end",)"
                     R"("result":"hold"})");
  EXPECT_EQ(e.lane, -1);
  EXPECT_TRUE(e.has_dir);
  EXPECT_EQ(e.dir, Direction::kCnToVn);
  EXPECT_EQ(e.scan_phase, ScanPhase::kEnd);
  EXPECT_EQ(e.scan_result, ScanResult::kHold);
}

TEST_F(LineParserTest, Presence) {
  const Event e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"radar.L01","kind":"presence","speed_kmh":12.5,)"
                     R"("length_m":16.5})");
  EXPECT_EQ(e.kind, EventKind::kPresence);
  EXPECT_FLOAT_EQ(e.speed_kmh, 12.5f);
  EXPECT_FLOAT_EQ(e.length_m, 16.5f);
  EXPECT_EQ(e.lane, 0);
  const Event bare = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"radar.L01","kind":"presence"})");
  EXPECT_EQ(bare.speed_kmh, -1);
  EXPECT_EQ(bare.length_m, -1);
}

TEST_F(LineParserTest, Loop) {
  const Event e = Ok(R"({"ts":"2026-01-15T08:00:30.000+07:00","sensor":"loop.km0_4.L05","kind":"loop",)"
                     R"("interval_s":30,"count":3,"occupancy":0.41,"mean_speed_kmh":11.5})");
  EXPECT_EQ(e.kind, EventKind::kLoop);
  EXPECT_FLOAT_EQ(e.interval_s, 30);
  EXPECT_EQ(e.count, 3);
  EXPECT_FLOAT_EQ(e.occupancy, 0.41f);
  EXPECT_FLOAT_EQ(e.speed_kmh, 11.5f);
  EXPECT_EQ(e.lane, 3);
  EXPECT_EQ(e.dir, Direction::kCnToVn);
}

TEST_F(LineParserTest, Gps) {
  const Event e = Ok(R"({"ts":"2026-01-15T08:01:02.000+07:00","sensor":"gps","kind":"gps","vehicle":"12C-123.45",)"
                     R"("lat":21.9731,"lon":106.7062,"speed_kmh":9,"heading_deg":270})");
  EXPECT_EQ(e.kind, EventKind::kGps);
  EXPECT_EQ(e.plate, "12C12345");
  EXPECT_DOUBLE_EQ(e.lat_deg, 21.9731);
  EXPECT_DOUBLE_EQ(e.lon_deg, 106.7062);
  EXPECT_FLOAT_EQ(e.speed_kmh, 9);
  EXPECT_FLOAT_EQ(e.heading_deg, 270);
  EXPECT_EQ(e.lane, -1);
  EXPECT_FALSE(e.has_dir);
}

TEST_F(LineParserTest, BarrierWeighRfidStatus) {
  Event e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"barrier.L01","kind":"barrier","state":"open"})");
  EXPECT_EQ(e.barrier, BarrierState::kOpen);
  EXPECT_EQ(e.lane, 0);
  e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"wim.L02","kind":"weigh","plate":"A-1","gross_kg":38250.5})");
  EXPECT_EQ(e.kind, EventKind::kWeigh);
  EXPECT_DOUBLE_EQ(e.gross_kg, 38250.5);
  EXPECT_EQ(e.plate, "A1");
  EXPECT_EQ(e.lane, 1);
  EXPECT_EQ(e.dir, Direction::kCnToVn);
  e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"rfid.1","kind":"rfid","tag":"E-SEAL 0042","plate":"b.2"})");
  EXPECT_EQ(e.tag, "E-SEAL 0042");  // tags are kept as written
  EXPECT_EQ(e.plate, "B2");
  e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"rfid.1","kind":"status","state":"fault","detail":"antenna 2"})");
  EXPECT_EQ(e.kind, EventKind::kStatus);
  EXPECT_EQ(e.health, Health::kFault);
  EXPECT_EQ(e.detail, "antenna 2");
  e = Ok(R"({"ts":"2026-01-15T08:00:01Z","sensor":"gps","kind":"status","state":"offline"})");
  EXPECT_EQ(e.health, Health::kOffline);
}

TEST_F(LineParserTest, Timestamps) {
  EXPECT_EQ(Ok(R"({"ts":"2026-01-15T01:00:01.250Z","sensor":"gps","kind":"status","state":"ok"})").ts_us, kT0);
  EXPECT_EQ(Ok(R"({"ts":"2026-01-15T08:00:01.25+07:00","sensor":"gps","kind":"status","state":"ok"})").ts_us, kT0);
  EXPECT_EQ(Ok(R"({"ts":"2026-01-14T19:30:01.250-05:30","sensor":"gps","kind":"status","state":"ok"})").ts_us, kT0);
  const Event e6 = Ok(R"({"ts":"2026-01-15T01:00:01.250123Z","sensor":"gps","kind":"status","state":"ok"})");
  EXPECT_EQ(e6.ts_us, kT0 + 123);
  EXPECT_EQ(e6.utc_offset_min, 0);
  // nanoseconds are truncated to microseconds
  EXPECT_EQ(Ok(R"({"ts":"2026-01-15T01:00:01.250123999Z","sensor":"gps","kind":"status","state":"ok"})").ts_us,
            kT0 + 123);
  EXPECT_EQ(Ok(R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"status","state":"ok"})").ts_us, kT0 - 250000);

  Doubt d = Bad(R"({"ts":"2026-01-15T08:00:01.250","sensor":"gps","kind":"status","state":"ok"})");
  EXPECT_EQ(d.reason, Reason::kMalformed);
  EXPECT_NE(d.detail.find("bad ts"), std::string::npos) << d.detail;
  d = Bad(R"({"ts":"yesterday","sensor":"gps","kind":"status","state":"ok"})");
  EXPECT_EQ(d.reason, Reason::kMalformed);
  d = Bad(R"({"ts":"2026-02-30T08:00:01Z","sensor":"gps","kind":"status","state":"ok"})");
  EXPECT_EQ(d.reason, Reason::kMalformed);
  d = Bad(R"({"ts":1768438801,"sensor":"gps","kind":"status","state":"ok"})");
  EXPECT_EQ(d.reason, Reason::kMalformed);
  EXPECT_EQ(d.detail, "ts must be a string");
}

TEST_F(LineParserTest, MissingCommonFields) {
  EXPECT_EQ(Bad(R"({"sensor":"gps","kind":"status","state":"ok"})").detail, "missing ts");
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","kind":"status","state":"ok"})").detail, "missing sensor");
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","state":"ok"})").detail, "missing kind");
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":7,"kind":"status","state":"ok"})").detail,
            "sensor must be a string");
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":["status"],"state":"ok"})").detail,
            "kind must be a string");
  // null counts as absent
  EXPECT_EQ(Bad(R"({"ts":null,"sensor":"gps","kind":"status","state":"ok"})").detail, "missing ts");
}

TEST_F(LineParserTest, RequiredFieldsPerKind) {
  const std::string head = R"({"ts":"2026-01-15T01:00:01Z",)";
  struct Case {
    std::string rest;
    std::string field;
  };
  const Case cases[] = {
      {R"("sensor":"anpr.multi","kind":"plate_read"})", "plate"},
      {R"("sensor":"loop.km0_4.L05","kind":"loop","count":3})", "interval_s"},
      {R"("sensor":"loop.km0_4.L05","kind":"loop","interval_s":30})", "count"},
      {R"("sensor":"gps","kind":"gps","lat":1,"lon":2})", "vehicle"},
      {R"("sensor":"gps","kind":"gps","vehicle":"A","lon":2})", "lat"},
      {R"("sensor":"gps","kind":"gps","vehicle":"A","lat":1})", "lon"},
      {R"("sensor":"barrier.L01","kind":"barrier"})", "state"},
      {R"("sensor":"wim.L02","kind":"weigh","gross_kg":1})", "plate"},
      {R"("sensor":"wim.L02","kind":"weigh","plate":"A"})", "gross_kg"},
      {R"("sensor":"xray.1","kind":"scan","phase":"start"})", "plate"},
      {R"("sensor":"xray.1","kind":"scan","plate":"A"})", "phase"},
      {R"("sensor":"rfid.1","kind":"rfid","plate":"A"})", "tag"},
      {R"("sensor":"rfid.1","kind":"status","detail":"x"})", "state"},
  };
  for (const Case& c : cases) {
    const Doubt d = Bad(head + c.rest);
    EXPECT_EQ(d.reason, Reason::kMalformed) << c.rest;
    EXPECT_EQ(d.detail.rfind("missing " + c.field, 0), 0u) << c.rest << " -> " << d.detail;
  }
}

TEST_F(LineParserTest, WrongTypesAndValuesNameTheField) {
  const std::string head = R"({"ts":"2026-01-15T01:00:01Z",)";
  struct Case {
    std::string rest;
    std::string detail_start;
  };
  const Case cases[] = {
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":1234})", "plate must be a string"},
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":" -. "})", "plate is empty"},
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":"A","conf":"high"})", "conf must be a number"},
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":"A","conf":1.5})", "conf out of range"},
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":"A","vehicle_class":"tractor"})",
       "vehicle_class must be one of"},
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":"A","dir":"north"})", "dir must be one of"},
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":"A","lane":"L99"})", "unknown lane \"L99\""},
      {R"("sensor":"anpr.multi","kind":"plate_read","plate":"A","lane":3})", "lane must be a string"},
      {R"("sensor":"radar.L01","kind":"presence","speed_kmh":true})", "speed_kmh must be a number"},
      {R"("sensor":"radar.L01","kind":"presence","length_m":-2})", "length_m out of range"},
      {R"("sensor":"loop.km0_4.L05","kind":"loop","interval_s":30,"count":2.5})", "count must be a whole number"},
      {R"("sensor":"loop.km0_4.L05","kind":"loop","interval_s":30,"count":-1})", "count out of range"},
      {R"("sensor":"loop.km0_4.L05","kind":"loop","interval_s":"30","count":1})", "interval_s must be a number"},
      {R"("sensor":"loop.km0_4.L05","kind":"loop","interval_s":30,"count":1,"occupancy":2})", "occupancy out of range"},
      {R"("sensor":"gps","kind":"gps","vehicle":"A","lat":91,"lon":2})", "lat out of range"},
      {R"("sensor":"gps","kind":"gps","vehicle":"A","lat":1,"lon":{"deg":2}})", "lon must be a number"},
      {R"("sensor":"gps","kind":"gps","vehicle":"A","lat":1,"lon":2,"heading_deg":400})", "heading_deg out of range"},
      {R"("sensor":"barrier.L01","kind":"barrier","state":"ok"})", "state must be one of open, closed"},
      {R"("sensor":"wim.L02","kind":"weigh","plate":"A","gross_kg":"heavy"})", "gross_kg must be a number"},
      {R"("sensor":"xray.1","kind":"scan","plate":"A","phase":"middle"})", "phase must be one of"},
      {R"("sensor":"xray.1","kind":"scan","plate":"A","phase":"end","result":"maybe"})", "result must be one of"},
      {R"("sensor":"rfid.1","kind":"rfid","tag":""})", "tag is empty"},
      {R"("sensor":"rfid.1","kind":"status","state":"open"})", "state must be one of ok, fault, offline"},
      {R"("sensor":"rfid.1","kind":"status","state":"ok","detail":5})", "detail must be a string"},
  };
  for (const Case& c : cases) {
    const Doubt d = Bad(head + c.rest);
    EXPECT_EQ(d.reason, Reason::kMalformed) << c.rest;
    EXPECT_EQ(d.detail.rfind(c.detail_start, 0), 0u) << c.rest << " -> " << d.detail;
  }
}

TEST_F(LineParserTest, UnknownKindAndSensor) {
  Doubt d = Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"teleport"})");
  EXPECT_EQ(d.reason, Reason::kUnknownKind);
  EXPECT_EQ(d.detail, "unknown kind \"teleport\"");
  d = Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"anpr.nowhere","kind":"plate_read","plate":"A"})");
  EXPECT_EQ(d.reason, Reason::kUnknownSensor);
  EXPECT_EQ(d.detail, "unknown sensor \"anpr.nowhere\"");
}

TEST_F(LineParserTest, OrderOfChecks) {
  // bad ts beats an unknown kind and an unknown sensor
  EXPECT_EQ(Bad(R"({"ts":"bad","sensor":"nope","kind":"nope"})").reason, Reason::kMalformed);
  // unknown kind beats an unknown sensor
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"nope","kind":"nope"})").reason, Reason::kUnknownKind);
  // a bad kind field beats an unknown sensor
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"nope","kind":"plate_read"})").reason, Reason::kMalformed);
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"nope","kind":"plate_read","plate":"A","lane":"X"})").reason,
            Reason::kMalformed);
  // and the sensor comes last
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"nope","kind":"plate_read","plate":"A"})").reason,
            Reason::kUnknownSensor);
}

TEST_F(LineParserTest, ExtraFieldsAreKeptAsJson) {
  const Event e = Ok(R"({"ts":"2026-01-15T01:00:01Z","firmware":"2.1","sensor":"anpr.multi","kind":"plate_read",)"
                     R"("plate":"A1","bbox":[1, 2,3],"meta":{"a":{"b":null}} ,"ok":true,"n":null,)"
                     R"("q\"uote":-1.5e3,"speed_kmh":40})");
  EXPECT_EQ(e.extra, R"({"firmware":"2.1","bbox":[1, 2,3],"meta":{"a":{"b":null}},"ok":true,"n":null,"q\"uote":-1.5e3,)"
                     R"("speed_kmh":40})");
  EXPECT_EQ(e.speed_kmh, -1);  // speed_kmh is not a plate_read field: kept in extra, not decoded
}

TEST_F(LineParserTest, InvalidJson) {
  const char* lines[] = {
      R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps")",    // unterminated object
      R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps",})",  // trailing comma
      R"({"ts":"2026-01-15T01:00:01Z" "sensor":"gps"})",   // missing comma
      R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"status","state":"ok","x":tru})",
      R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"status","state":"ok","x":"\q"})",
      R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"status","state":"ok","x":01})",
      R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps,"kind":"status","state":"ok"})",
  };
  for (const char* line : lines) {
    const Doubt d = Bad(line);
    EXPECT_EQ(d.reason, Reason::kMalformed) << line;
    EXPECT_EQ(d.detail.rfind("invalid JSON", 0), 0u) << line << " -> " << d.detail;
  }
  EXPECT_EQ(Bad("[1,2]").detail, "not a JSON object");
  EXPECT_EQ(Bad("not json at all").reason, Reason::kMalformed);
  EXPECT_EQ(Bad("\"plate_read\"").detail, "not a JSON object");
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"status","state":"ok"} {"a":1})").detail,
            "trailing content after the JSON object");
  EXPECT_EQ(Bad(R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"status","state":"ok"}})").detail,
            "trailing content after the JSON object");
}

TEST_F(LineParserTest, BinaryAndInvalidUtf8AreMalformed) {
  Doubt d = Bad(std::string("\x00\x01\xff\xfe garbage\x80", 13));
  EXPECT_EQ(d.reason, Reason::kMalformed);
  d = Bad(
      "{\"ts\":\"2026-01-15T01:00:01Z\",\"sensor\":\"gps\",\"kind\":\"status\",\"state\":\"ok\",\"x\":\"\xc3\x28\"}");
  EXPECT_EQ(d.reason, Reason::kMalformed);
  EXPECT_NE(d.detail.find("UTF-8"), std::string::npos) << d.detail;
}

TEST_F(LineParserTest, ParsePaddedReadsInPlace) {
  // two lines in one padded buffer: the first is parsed without a copy, the second's bytes follow it
  std::string buf = R"({"ts":"2026-01-15T01:00:01Z","sensor":"barrier.L01","kind":"barrier","state":"closed"})";
  const size_t first_len = buf.size();
  buf += "\n{\"ts\":1}";
  buf.append(kLinePadding, '\0');
  Event e;
  Doubt d;
  ASSERT_TRUE(parser_.ParsePadded(buf.data(), first_len, buf.size(), &e, &d)) << d.detail;
  EXPECT_EQ(e.barrier, BarrierState::kClosed);
}

TEST_F(LineParserTest, ReusedEventIsCleared) {
  Event e;
  Doubt d;
  ASSERT_TRUE(parser_.Parse(R"({"ts":"2026-01-15T01:00:01Z","sensor":"anpr.multi","kind":"plate_read",)"
                            R"("plate":"A1","conf":0.5,"lane":"L01","x":1})",
                            &e, &d));
  ASSERT_TRUE(parser_.Parse(R"({"ts":"2026-01-15T01:00:01Z","sensor":"gps","kind":"status","state":"ok"})", &e, &d));
  EXPECT_EQ(e.plate, "");
  EXPECT_EQ(e.conf, -1);
  EXPECT_EQ(e.lane, -1);
  EXPECT_EQ(e.extra, "");
}

TEST(FieldTable, LookupRoundTrips) {
  for (int i = 0; i < kFieldCount; ++i) {
    const auto f = static_cast<Field>(i);
    EXPECT_EQ(LookupField(ToString(f)), f) << ToString(f);
  }
  EXPECT_EQ(LookupField("Plate"), Field::kUnknown);
  EXPECT_EQ(LookupField(""), Field::kUnknown);
  EXPECT_EQ(LookupField("plates"), Field::kUnknown);
}

TEST(JsonString, EscapesAndReplacesInvalidUtf8) {
  std::string out;
  AppendJsonString(&out, std::string("a\"b\\c\n\x01 ph\xe1\xbb\x9f \xff!", 16));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001 ph\xe1\xbb\x9f \xEF\xBF\xBD!\"");
}

}  // namespace
}  // namespace gatetwin::replay

namespace gatetwin::replay {
namespace {

// one line through both paths: the same verdict, doubt and event
void ExpectSameAsSimdjson(LineParser* fast, LineParser* slow, const std::string& line) {
  Event a, b;
  Doubt da, db;
  const bool ra = fast->Parse(line, &a, &da);
  const bool rb = slow->Parse(line, &b, &db);
  ASSERT_EQ(ra, rb) << line << "\n  fast: " << da.detail << "\n  slow: " << db.detail;
  if (!ra) {
    EXPECT_EQ(da.reason, db.reason) << line;
    EXPECT_EQ(da.detail, db.detail) << line;
    return;
  }
  EXPECT_EQ(a.ts_us, b.ts_us) << line;
  EXPECT_EQ(a.utc_offset_min, b.utc_offset_min) << line;
  EXPECT_EQ(a.extra, b.extra) << line;
  EXPECT_EQ(a.plate, b.plate) << line;
  EXPECT_EQ(std::memcmp(&a.conf, &b.conf, sizeof a.conf), 0) << line;
}

// the fast scanner and simdjson must agree on every line: same verdict, doubt and event
TEST(LineParserFastPath, AgreesWithSimdjson) {
  const world::World w = testing::MakeFeedTestWorld();
  LineParser fast(w), slow(w);
  slow.set_fast_path(false);
  const std::string ok_head = R"({"ts":"2026-01-15T08:00:01.250+07:00","sensor":"anpr.multi","kind":"plate_read",)";
  const std::string lines[] = {
      ok_head + R"("plate":"A1"})",
      ok_head + R"("plate":"A1","conf":0.5,"x":null,"y":true,"z":false,"n":-0,"e":1.5E-3,"big":123456789012345678901})",
      ok_head + R"("plate":"A1","conf":1e-400})",
      ok_head + R"("plate":"A1","conf":1e400})",
      ok_head + R"("plate":"A1","n":0.1234567890123456789})",
      ok_head + R"("plate":"A1","n":01})",
      ok_head + R"("plate":"A1","n":1.})",
      ok_head + R"("plate":"A1","n":-})",
      ok_head + R"("plate":"A1","n":.5})",
      ok_head + R"("plate":"A1","n":+5})",
      ok_head + R"("plate":"A1","n":1e})",
      ok_head + R"("plate":"A1","n":truex})",
      ok_head + R"("plate":"A1","n":nul})",
      ok_head + R"("plate":"A\"1"})",
      ok_head + R"("plate":"A\u00311"})",
      ok_head + "\"plate\":\"Ph\xe1\xbb\x9f\"}",
      ok_head + "\"plate\":\"A\x01\"}",
      ok_head + "\"plate\":\"A\tB\"}",
      ok_head + R"("plate":"A1"} )",
      ok_head + R"("plate":"A1"}x)",
      ok_head + R"("plate":"A1"}})",
      ok_head + R"("plate":"A1",})",
      ok_head + R"("plate":"A1")",
      ok_head + R"("plate" "A1"})",
      ok_head + R"("plate":"A1","plate":"B2"})",
      ok_head + R"("plate":"A1","meta":{"a":[1,2]}})",
      "  \t" + ok_head + R"( "plate" : "A1" , "conf" : 0.25 }  )",
      R"({})",
      R"({ })",
      R"([])",
      R"({"ts":"2026-01-15T08:00:01.250+07:00"})",
      R"({"ts":"2026-01-15T08:00:01.250+07:00","sensor":"nope","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:59.999999999Z","sensor":"gps","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:60Z","sensor":"gps","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:61Z","sensor":"gps","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:01.Z","sensor":"gps","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:01.1234567890Z","sensor":"gps","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:1Z","sensor":"gps","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:01+0700","sensor":"gps","kind":"status","state":"ok"})",
      R"({"ts":"2026-01-15T08:00:01z","sensor":"gps","kind":"status","state":"ok"})",
  };
  // twice, so the second round runs with warm timestamp and sensor caches
  for (int round = 0; round < 2; ++round) {
    for (const std::string& line : lines) ExpectSameAsSimdjson(&fast, &slow, line);
  }
}

// string bodies of every length, with the byte that ends or breaks them at every offset: the
// scanner reads 16 bytes at a time, so the special byte falls in every lane of the first,
// second and third block and right at each block's edge
TEST(LineParserFastPath, StringsOfEveryLengthAgreeWithSimdjson) {
  const world::World w = testing::MakeFeedTestWorld();
  LineParser fast(w), slow(w);
  slow.set_fast_path(false);
  const std::string head = R"({"ts":"2026-01-15T08:00:01.250+07:00","sensor":"anpr.multi","kind":"plate_read",)";
  const std::string specials[] = {"",     "\\\"",         "\\n",          "\x01", "\x1f",
                                  "\x7f", "\xe1\xbb\x9f", "\xe4\xba\xac", "\xff", "\xc3"};
  for (int before = 0; before <= 40; ++before) {
    for (const std::string& special : specials) {
      const std::string body = std::string(static_cast<size_t>(before), 'A') + special + "9";
      ExpectSameAsSimdjson(&fast, &slow, head + "\"plate\":\"" + body + "\"}");
      // the same as an unknown key's name, which goes to `extra`
      ExpectSameAsSimdjson(&fast, &slow, head + "\"plate\":\"A1\",\"" + body + "\":1}");
    }
  }
}

// the scanner guesses each key from the line before (the same bytes `"name":` as last time in
// that place); lines that differ from the guess by one byte anywhere in it, or end inside it,
// must read as if nothing had been guessed
TEST(LineParserFastPath, GuessedKeysNeverChangeTheResult) {
  const world::World w = testing::MakeFeedTestWorld();
  LineParser fast(w), slow(w);
  slow.set_fast_path(false);
  const std::string teach =
      R"({"ts":"2026-01-15T08:00:01.250+07:00","sensor":"anpr.multi","kind":"plate_read","plate":"A1","conf":0.9})";
  const std::string keys[] = {R"("ts":)", R"("sensor":)", R"("kind":)", R"("plate":)", R"("conf":)"};
  const std::string values[] = {R"("2026-01-15T08:00:01.250+07:00")", R"("anpr.multi")", R"("plate_read")", R"("B2")",
                                "0.8"};
  const char swaps[] = {'x', '"', ' ', ':', '\\', '\x01', '\xc3'};
  for (size_t k = 0; k < std::size(keys); ++k) {
    for (size_t at = 0; at < keys[k].size(); ++at) {
      for (const char swap : swaps) {
        std::string line = "{";
        for (size_t i = 0; i < std::size(keys); ++i) {
          std::string key = keys[i];
          if (i == k) key[at] = swap;
          line += (i ? "," : "") + key + values[i];
        }
        line += "}";
        ExpectSameAsSimdjson(&fast, &slow, teach);
        ExpectSameAsSimdjson(&fast, &slow, line);
        // and the line cut inside the guessed key
        ExpectSameAsSimdjson(&fast, &slow, teach);
        ExpectSameAsSimdjson(&fast, &slow, line.substr(0, line.find(keys[k]) + at));
      }
    }
  }
  // a guess must not outlive a key order change: the same keys, shuffled, then back
  const std::string shuffled =
      R"({"plate":"C3","kind":"plate_read","conf":0.7,"sensor":"anpr.multi","ts":"2026-01-15T08:00:02+07:00"})";
  for (int i = 0; i < 3; ++i) {
    ExpectSameAsSimdjson(&fast, &slow, teach);
    ExpectSameAsSimdjson(&fast, &slow, shuffled);
  }
}

}  // namespace
}  // namespace gatetwin::replay
