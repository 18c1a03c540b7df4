// Tests of the feed synthesizer: determinism, the contract, trip order, queues, profile, noise.
#include "replay/synth.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "replay/synth_internal.h"
#include "tests/unit/sim/sim_test_world.h"
#include "tests/unit/synth/test_world.h"
#include "world/load.h"

namespace gatetwin::replay {
namespace {

using engine::TimeUs;
using nlohmann::json;

std::string Synth(const world::World& w, const SynthOptions& o, SynthStats* stats = nullptr) {
  std::ostringstream out;
  const SynthStats s = SynthesizeFeed(w, o, out);
  if (stats != nullptr) *stats = s;
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

enum class Verdict { kOk, kMalformed, kUnknownSensor, kUnknownKind };

// The contract's rules (shared/spec/feed-events.md), checked independently of the synthesizer.
Verdict Check(const world::World& w, const std::string& line, json* out, std::string* why) {
  json j = json::parse(line, nullptr, false);
  auto bad = [&](const std::string& what) {
    *why = what;
    return Verdict::kMalformed;
  };
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  if (!j.contains("ts") || !j["ts"].is_string() || !engine::ParseRfc3339(j["ts"].get<std::string>())) return bad("ts");
  if (!j.contains("sensor") || !j["sensor"].is_string()) return bad("sensor");
  if (!j.contains("kind") || !j["kind"].is_string()) return bad("kind");
  if (w.FindSensor(j["sensor"].get<std::string>()) < 0) return Verdict::kUnknownSensor;
  const std::string kind = j["kind"];
  auto str = [&](const char* f, bool required) { return j.contains(f) ? j[f].is_string() : !required; };
  auto num = [&](const char* f, bool required, double lo = -1e18, double hi = 1e18) {
    if (!j.contains(f)) return !required;
    return j[f].is_number() && j[f].get<double>() >= lo && j[f].get<double>() <= hi;
  };
  auto one_of = [&](const char* f, bool required, std::set<std::string> allowed) {
    if (!j.contains(f)) return !required;
    return j[f].is_string() && allowed.count(j[f].get<std::string>()) > 0;
  };
  bool ok = true;
  if (kind == "plate_read") {
    ok = str("plate", true) && str("lane", false) && one_of("dir", false, {"vn_to_cn", "cn_to_vn"}) &&
         num("conf", false, 0, 1) &&
         one_of("vehicle_class", false, {"truck", "container", "tanker", "car", "bus", "other"});
  } else if (kind == "presence") {
    ok = str("lane", false) && num("speed_kmh", false, 0) && num("length_m", false, 0);
  } else if (kind == "loop") {
    ok = num("interval_s", true, 0) && j.contains("count") && j["count"].is_number_integer() &&
         num("occupancy", false, 0, 1) && num("mean_speed_kmh", false, 0) && str("lane", false);
  } else if (kind == "gps") {
    ok = str("vehicle", true) && num("lat", true, -90, 90) && num("lon", true, -180, 180) &&
         num("heading_deg", false, 0, 360) && num("speed_kmh", false, 0);
  } else if (kind == "barrier") {
    ok = one_of("state", true, {"open", "closed"}) && str("lane", false);
  } else if (kind == "weigh") {
    ok = str("plate", true) && num("gross_kg", true, 0);
  } else if (kind == "scan") {
    ok = str("plate", true) && one_of("phase", true, {"start", "end"}) && one_of("result", false, {"clear", "hold"});
  } else if (kind == "rfid") {
    ok = str("tag", true);
  } else if (kind == "status") {
    ok = one_of("state", true, {"ok", "fault", "offline"});
  } else {
    return Verdict::kUnknownKind;
  }
  if (!ok) return bad("fields of " + kind);
  *out = std::move(j);
  return Verdict::kOk;
}

// A decoded valid line.
struct Row {
  TimeUs ts;
  std::string sensor, kind;
  json j;
};

// Decodes the valid, non-duplicate, in-order lines (what a replay would apply).
std::vector<Row> Applied(const world::World& w, const std::string& text) {
  std::vector<Row> rows;
  std::set<std::string> seen;
  TimeUs newest = std::numeric_limits<TimeUs>::min() / 2;  // room to subtract the window
  for (const auto& line : Lines(text)) {
    json j;
    std::string why;
    if (Check(w, line, &j, &why) != Verdict::kOk || !seen.insert(line).second) continue;
    const TimeUs ts = engine::ParseRfc3339(j["ts"].get<std::string>())->utc_us;
    if (ts < newest - 2 * engine::kUsPerSecond) continue;
    newest = std::max(newest, ts);
    rows.push_back({ts, j["sensor"], j["kind"], std::move(j)});
  }
  return rows;
}

SynthOptions Clean(int trucks, uint64_t seed = 7) {
  SynthOptions o;
  o.trucks_per_day = trucks;
  o.seed = seed;
  o.faults = false;
  o.noise = false;
  return o;
}

// a synthesized day uses a tidal strip in the direction the world opens it: its standby side
// (TR, cn_to_vn) carries no truck, the side in use (T) does
TEST(SynthTest, AStandbyTidalLaneCarriesNoTraffic) {
  const world::World w = sim::testing::TidalBankWorld();
  std::map<std::string, int> reads;
  for (const std::string& line : Lines(Synth(w, Clean(400)))) {
    const json j = json::parse(line);
    if (j["kind"] == "plate_read") ++reads[j["sensor"].get<std::string>()];
  }
  EXPECT_EQ(reads.count("anpr.entry.TR"), 0u);
  EXPECT_GT(reads["anpr.entry.L2"], 0) << "T (named L2 in the bank's sensor ids) carries exports";
  EXPECT_GT(reads["anpr.entry.L3"], 0) << "L3 carries the imports";
}

TEST(SynthTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const auto w = testing::FourLaneWorld();
  SynthOptions o;
  o.gps_share = 0.2;
  const std::string a = Synth(w, o), b = Synth(w, o);
  EXPECT_GT(a.size(), 100'000u);
  EXPECT_EQ(a, b);
  o.seed = 2;
  EXPECT_NE(a, Synth(w, o));
}

TEST(SynthTest, NoiseAndFaultsDoNotChangeTheTrucks) {
  const auto w = testing::FourLaneWorld();
  SynthOptions o = Clean(300);
  SynthStats clean, noisy;
  Synth(w, o, &clean);
  o.noise = o.faults = true;
  Synth(w, o, &noisy);
  EXPECT_EQ(clean.trucks, noisy.trucks);
  EXPECT_EQ(clean.yard_visits, noisy.yard_visits);
  EXPECT_EQ(clean.holds, noisy.holds);
  EXPECT_EQ(clean.events_by_kind[static_cast<size_t>(EventKind::kGps)],
            noisy.events_by_kind[static_cast<size_t>(EventKind::kGps)]);
}

TEST(SynthTest, EveryLineFollowsTheContractExceptTheInjectedOnes) {
  const auto w = testing::FourLaneWorld();
  SynthOptions o;
  o.trucks_per_day = 2500;
  o.duplicate_share = 0.01;
  SynthStats stats;
  const auto lines = Lines(Synth(w, o, &stats));
  int malformed = 0, unknown_sensor = 0, unknown_kind = 0, duplicates = 0, late = 0;
  std::set<std::string> seen;
  TimeUs newest = std::numeric_limits<TimeUs>::min() / 2;  // room to subtract the window
  std::map<std::string, int64_t> by_kind;
  for (const auto& line : lines) {
    json j;
    std::string why;
    switch (Check(w, line, &j, &why)) {
      case Verdict::kMalformed: ++malformed; continue;
      case Verdict::kUnknownSensor: ++unknown_sensor; continue;
      case Verdict::kUnknownKind: ++unknown_kind; continue;
      case Verdict::kOk: break;
    }
    if (!seen.insert(line).second) {
      ++duplicates;
      continue;
    }
    ++by_kind[j["kind"].get<std::string>()];
    const TimeUs ts = engine::ParseRfc3339(j["ts"].get<std::string>())->utc_us;
    // the contract's default reorder window is 2 s
    if (ts < newest - 2 * engine::kUsPerSecond) {
      ++late;
    } else {
      EXPECT_GE(ts, newest) << "out of order but not late: " << line;
      newest = std::max(newest, ts);
    }
  }
  EXPECT_EQ(static_cast<int64_t>(lines.size()), stats.lines);
  EXPECT_EQ(malformed, stats.malformed_lines);
  EXPECT_EQ(malformed, o.malformed_lines);
  EXPECT_EQ(unknown_sensor, 1);
  EXPECT_EQ(unknown_kind, 1);
  EXPECT_EQ(unknown_sensor, stats.unknown_sensor_lines);
  EXPECT_EQ(unknown_kind, stats.unknown_kind_lines);
  EXPECT_EQ(duplicates, stats.duplicate_lines);
  EXPECT_GT(duplicates, 0);
  EXPECT_EQ(late, stats.late_lines);
  EXPECT_EQ(late, o.late_lines);
  EXPECT_EQ(stats.lines, stats.events + stats.duplicate_lines + stats.malformed_lines + stats.unknown_sensor_lines +
                             stats.unknown_kind_lines);
  for (int k = 0; k < kEventKindCount; ++k) {
    EXPECT_EQ(by_kind[std::string(ToString(static_cast<EventKind>(k)))], stats.events_by_kind[static_cast<size_t>(k)])
        << ToString(static_cast<EventKind>(k));
  }
  // every kind this world can produce is there
  for (const char* kind : {"plate_read", "presence", "loop", "gps", "barrier", "weigh", "scan", "status"}) {
    EXPECT_GT(by_kind[kind], 0) << kind;
  }
}

TEST(SynthTest, TripsGoEntryBoothBarrierExit) {
  const auto w = testing::FourLaneWorld();
  SynthStats stats;
  const auto rows = Applied(w, Synth(w, Clean(2500), &stats));
  struct Trip {
    TimeUs entry = -1, booth = -1, exit = -1;
    std::string booth_id, entry_lane;
    int entries = 0;
    std::string cls;
  };
  std::map<std::string, Trip> trips;
  std::map<std::string, std::vector<TimeUs>> opens;  // barrier sensor → open times
  for (const auto& r : rows) {
    if (r.kind == "barrier" && r.j["state"] == "open") opens[r.sensor].push_back(r.ts);
    if (r.kind != "plate_read") continue;
    auto& t = trips[r.j["plate"].get<std::string>()];
    const auto& s = w.sensors[static_cast<size_t>(w.FindSensor(r.sensor))];
    if (s.role == world::SensorRole::kEntry) {
      t.entry = r.ts, ++t.entries, t.entry_lane = w.lanes[static_cast<size_t>(s.lanes[0])].id;
      t.cls = r.j["vehicle_class"];
    }
    if (s.role == world::SensorRole::kBooth) t.booth = r.ts, t.booth_id = w.booths[static_cast<size_t>(s.booth)].id;
    if (s.role == world::SensorRole::kExit) t.exit = r.ts;
  }
  EXPECT_EQ(static_cast<int>(trips.size()), stats.trucks);
  std::map<std::string, int> classes;
  for (const auto& [plate, t] : trips) {
    ASSERT_EQ(t.entries, 1) << plate;
    ASSERT_GE(t.booth, 0) << plate;
    ASSERT_GE(t.exit, 0) << plate;
    EXPECT_LT(t.entry, t.booth) << plate;
    EXPECT_LT(t.booth, t.exit) << plate;
    ++classes[t.cls];
    // the arm of its booth opens after its service starts and before it leaves
    const auto& o = opens["barrier." + t.booth_id];
    const auto next = std::upper_bound(o.begin(), o.end(), t.booth);
    ASSERT_NE(next, o.end()) << plate;
    EXPECT_LT(*next, t.exit) << plate;
  }
  EXPECT_GT(classes["truck"], classes["tanker"]);
  EXPECT_GT(classes["container"], classes["tanker"]);
  EXPECT_GT(classes["tanker"], 0);
}

TEST(SynthTest, BoothsServeOneTruckAtATime) {
  const auto w = testing::FourLaneWorld();
  // 5,000 a day overloads the import booths at the peaks: queues form
  const auto rows = Applied(w, Synth(w, Clean(5000)));
  std::map<std::string, std::vector<std::pair<TimeUs, int>>> marks;  // booth → (time, +1 read / -1 open)
  for (const auto& r : rows) {
    const auto& s = w.sensors[static_cast<size_t>(w.FindSensor(r.sensor))];
    if (s.booth < 0) continue;
    const std::string booth = w.booths[static_cast<size_t>(s.booth)].id;
    if (r.kind == "plate_read") marks[booth].push_back({r.ts, +1});
    if (r.kind == "barrier" && r.j["state"] == "open") marks[booth].push_back({r.ts, -1});
  }
  ASSERT_EQ(marks.size(), 4u);
  for (auto& [booth, m] : marks) {
    std::stable_sort(m.begin(), m.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    int in_service = 0;
    for (const auto& [t, d] : m) {
      in_service += d;
      ASSERT_GE(in_service, 0) << booth;
      ASSERT_LE(in_service, 1) << booth;
    }
  }
  // barrier arms alternate open/closed per arm
  std::map<std::string, std::string> last;
  for (const auto& r : rows) {
    if (r.kind != "barrier") continue;
    ASSERT_NE(last[r.sensor], r.j["state"].get<std::string>()) << r.sensor;
    last[r.sensor] = r.j["state"];
  }
}

TEST(SynthTest, ArrivalsPeakMorningAndAfternoon) {
  const auto w = testing::FourLaneWorld();
  SynthOptions o = Clean(2500);
  SynthStats stats;
  const auto rows = Applied(w, Synth(w, o, &stats));
  std::array<int, 24> hourly{};
  int entries = 0;
  for (const auto& r : rows) {
    const auto& s = w.sensors[static_cast<size_t>(w.FindSensor(r.sensor))];
    if (r.kind != "plate_read" || s.role != world::SensorRole::kEntry) continue;
    const auto hour = (r.ts - o.day_start_us) / (3600 * engine::kUsPerSecond);
    if (hour >= 0 && hour < 24) ++hourly[static_cast<size_t>(hour)];
    ++entries;
  }
  EXPECT_EQ(entries, stats.trucks);
  const auto peak_am = *std::max_element(hourly.begin() + 8, hourly.begin() + 11);
  const auto peak_pm = *std::max_element(hourly.begin() + 14, hourly.begin() + 16);
  EXPECT_GT(hourly[9], 1.8 * hourly[12]);
  EXPECT_GT(hourly[15], 1.8 * hourly[12]);
  EXPECT_GT(hourly[12], hourly[3]);
  EXPECT_GT(peak_am, 3 * hourly[2]);
  EXPECT_GT(peak_pm, 3 * hourly[22]);
  EXPECT_GT(hourly[3], 0);  // low at night, not closed
}

TEST(SynthTest, TrucksPerDayHonoured) {
  const auto w = testing::FourLaneWorld();
  for (const int n : {800, 2000}) {
    for (const uint64_t seed : {1u, 2u, 3u}) {
      SynthOptions o = Clean(n, seed);
      SynthStats stats;
      const auto rows = Applied(w, Synth(w, o, &stats));
      std::set<std::string> plates;
      int exports = 0;
      for (const auto& r : rows) {
        const auto& s = w.sensors[static_cast<size_t>(w.FindSensor(r.sensor))];
        if (r.kind == "plate_read" && s.role == world::SensorRole::kEntry) {
          plates.insert(r.j["plate"]);
          exports += *s.direction == world::Direction::kVnToCn;
        }
      }
      EXPECT_NEAR(static_cast<double>(plates.size()), n, 0.05 * n);
      EXPECT_EQ(static_cast<int>(plates.size()), stats.trucks);
      EXPECT_EQ(exports, stats.trucks_vn_to_cn);
      EXPECT_NEAR(static_cast<double>(exports) / n, o.export_share, 0.05);
    }
  }
}

TEST(SynthTest, PlatesLookVietnameseOrChinese) {
  const auto w = testing::FourLaneWorld();
  const auto rows = Applied(w, Synth(w, Clean(1000)));
  int cn = 0, vn = 0, cn_import = 0, imports = 0;
  std::set<std::string> counted;
  for (const auto& r : rows) {
    if (r.kind != "plate_read" || r.sensor.rfind("anpr.entry.", 0) != 0) continue;
    const std::string plate = r.j["plate"];
    const bool chinese = static_cast<unsigned char>(plate[0]) >= 0x80;  // a UTF-8 province character
    if (chinese) {
      ++cn;
    } else {
      ++vn;
      EXPECT_NE(plate.find('-'), std::string::npos) << plate;
      EXPECT_EQ(plate[plate.size() - 3], '.') << plate;
    }
    const bool import = r.sensor == "anpr.entry.L3" || r.sensor == "anpr.entry.L4";
    imports += import;
    cn_import += import && chinese;
  }
  EXPECT_GT(cn, 0);
  EXPECT_GT(vn, 0);
  EXPECT_NEAR(static_cast<double>(cn_import) / imports, 0.6, 0.06);
}

TEST(SynthTest, YardsRespectCapacity) {
  const auto w = testing::FourLaneWorld(3);
  SynthOptions o = Clean(2500);
  o.yard_share = 0.5;
  SynthStats stats;
  const auto rows = Applied(w, Synth(w, o, &stats));
  EXPECT_GT(stats.yard_full, 0);
  std::map<std::string, int> inside;
  int visits = 0;
  for (const auto& r : rows) {
    if (r.kind != "plate_read") continue;
    if (r.sensor.rfind("anpr.yard_in.", 0) == 0) {
      ++visits;
      ASSERT_LE(++inside[r.sensor.substr(13)], 3);
    } else if (r.sensor.rfind("anpr.yard_out.", 0) == 0) {
      ASSERT_GE(--inside[r.sensor.substr(14)], 0);
    }
  }
  EXPECT_EQ(visits, stats.yard_visits);
}

TEST(SynthTest, HeldTrucksGoToTheYard) {
  const auto w = testing::FourLaneWorld(1000);
  SynthOptions o = Clean(3000);
  o.yard_share = 0;
  SynthStats stats;
  const auto rows = Applied(w, Synth(w, o, &stats));
  std::set<std::string> held, yarded;
  int scans = 0;
  for (const auto& r : rows) {
    if (r.kind == "scan" && r.j["phase"] == "end") {
      ++scans;
      if (r.j["result"] == "hold") held.insert(r.j["plate"]);
    }
    if (r.kind == "plate_read" && r.sensor == "anpr.yard_in.Y_cn") yarded.insert(r.j["plate"]);
  }
  EXPECT_EQ(static_cast<int>(held.size()), stats.holds);
  EXPECT_NEAR(static_cast<double>(held.size()) / scans, 0.03, 0.015);
  EXPECT_EQ(held, yarded);
}

TEST(SynthTest, FaultSilencesOneCamera) {
  const auto w = testing::FourLaneWorld();
  SynthOptions o = Clean(2500);
  o.faults = true;
  SynthStats stats;
  const auto rows = Applied(w, Synth(w, o, &stats));
  ASSERT_GE(stats.fault_sensor, 0);
  const std::string id = w.sensors[static_cast<size_t>(stats.fault_sensor)].id;
  EXPECT_GT(stats.fault_missed_reads, 0);
  const double minutes = static_cast<double>(stats.fault_end_us - stats.fault_start_us) / 60e6;
  EXPECT_GE(minutes, 15);
  EXPECT_LE(minutes, 25);
  std::vector<std::string> states;
  for (const auto& r : rows) {
    if (r.sensor != id) continue;
    if (r.kind == "status") states.push_back(r.j["state"]);
    if (r.kind == "plate_read") {
      EXPECT_TRUE(r.ts < stats.fault_start_us || r.ts >= stats.fault_end_us);
    }
  }
  EXPECT_EQ(states, (std::vector<std::string>{"fault", "ok"}));
}

TEST(SynthTest, LoopsAggregateEveryIntervalAndCountTheTrucks) {
  const auto w = testing::FourLaneWorld();
  SynthOptions o = Clean(1500);
  SynthStats stats;
  const auto rows = Applied(w, Synth(w, o, &stats));
  int loop_l1 = 0, count_l1 = 0, entries_l1 = 0, presence = 0;
  std::set<std::string> import_lanes;
  TimeUs previous = 0;
  for (const auto& r : rows) {
    if (r.kind == "loop" && r.sensor == "loop.L1.300") {
      if (loop_l1 > 0) {
        EXPECT_EQ(r.ts - previous, 30 * engine::kUsPerSecond);
      }
      previous = r.ts;
      ++loop_l1;
      count_l1 += r.j["count"].get<int>();
      EXPECT_EQ(r.j["interval_s"], 30);
    }
    if (r.kind == "loop" && r.sensor == "loop.import.300") import_lanes.insert(r.j["lane"]);
    if (r.kind == "plate_read" && r.sensor == "anpr.entry.L1") ++entries_l1;
    if (r.kind == "presence") ++presence;
  }
  EXPECT_GE(loop_l1, 2880);  // the whole day
  EXPECT_EQ(count_l1, entries_l1);
  EXPECT_EQ(import_lanes, (std::set<std::string>{"L3", "L4"}));
  EXPECT_GT(presence, 0);
}

TEST(SynthTest, GpsFixesFollowTheTrucks) {
  const auto w = testing::FourLaneWorld();
  SynthOptions o = Clean(800);
  o.gps_share = 0.5;
  SynthStats stats;
  const auto rows = Applied(w, Synth(w, o, &stats));
  EXPECT_GT(stats.gps_trucks, 300);
  std::map<std::string, std::vector<TimeUs>> fixes;
  for (const auto& r : rows) {
    if (r.kind != "gps") continue;
    fixes[r.j["vehicle"]].push_back(r.ts);
    // within ~1.5 km of the anchor
    EXPECT_NEAR(r.j["lat"].get<double>(), 21.9711, 0.015);
    EXPECT_NEAR(r.j["lon"].get<double>(), 106.7108, 0.015);
  }
  EXPECT_EQ(static_cast<int>(fixes.size()), stats.gps_trucks);
  for (const auto& [plate, ts] : fixes) {
    for (size_t i = 1; i < ts.size(); ++i) {
      EXPECT_GE(ts[i] - ts[i - 1], 10 * engine::kUsPerSecond - 1000) << plate;
      EXPECT_LE(ts[i] - ts[i - 1], 30 * engine::kUsPerSecond + 1000) << plate;
    }
  }
}

TEST(SynthTest, WorksOnSparseWorlds) {
  SynthStats stats;
  const auto bare = testing::BareWorld();
  const std::string text = Synth(bare, SynthOptions{}, &stats);
  EXPECT_EQ(stats.trucks, 800);  // exports turn round: the world has only an import lane
  EXPECT_EQ(stats.trucks_cn_to_vn, 800);
  const auto rows = Applied(bare, text);
  EXPECT_GT(rows.size(), 1500u);

  world::World empty;
  empty.Reindex();
  const std::string nothing = Synth(empty, SynthOptions{}, &stats);
  EXPECT_EQ(nothing, "");
  EXPECT_EQ(stats.trucks_skipped, 800);
}

TEST(SynthTest, OwnMathAndTimeFormatAgreeWithTheLibrary) {
  for (double x : {1e-300, 1e-9, 0.001, 0.5, 0.7071, 1.0, 1.5, 2.0, 10.0, 1234.5, 1e15, 1e300}) {
    EXPECT_NEAR(synth::Log(x), std::log(x), 1e-15 * std::max(1.0, std::fabs(std::log(x)))) << x;
  }
  for (double x : {-700.0, -20.0, -1.0, -1e-9, 0.0, 0.3, 1.0, 5.0, 88.0, 700.0}) {
    EXPECT_NEAR(synth::Exp(x) / std::exp(x), 1.0, 1e-14) << x;
  }
  synth::TimeWriter tw(7 * 60);
  for (TimeUs t : {kDefaultSynthDayStartUs, kDefaultSynthDayStartUs + 29'001'250'999, TimeUs{0},
                   TimeUs{951'782'400'000'000} /* 2000-02-29 */, TimeUs{-1'500}}) {
    std::string s;
    tw.Append(t, &s);
    EXPECT_EQ(s, engine::FormatRfc3339(t, 7 * 60));
  }
  EXPECT_EQ(engine::ParseRfc3339("2026-01-15T00:00:00+07:00")->utc_us, kDefaultSynthDayStartUs);
  std::string n;
  synth::AppendFixed(-5, 2, &n);
  EXPECT_EQ(n, "-0.05");
}

TEST(SynthTest, ServiceTimesFollowTheirDistributions) {
  using Dist = world::ServiceTime::Dist;
  struct Case {
    world::ServiceTime st;
    double mean, sd;
  };
  const Case cases[] = {{{Dist::kFixed, 30, 0, 0, 0}, 30, 0},
                        {{Dist::kExponential, 60, 0, 0, 0}, 60, 60},
                        {{Dist::kLognormal, 60, 20, 0, 0}, 60, 20},
                        {{Dist::kUniform, 0, 0, 20, 40}, 30, 20 / std::sqrt(12.0)}};
  synth::Rng rng(5, 9);
  for (const auto& c : cases) {
    double sum = 0, sum2 = 0;
    const int n = 200'000;
    for (int i = 0; i < n; ++i) {
      const double s = synth::SampleServiceS(c.st, rng);
      sum += s;
      sum2 += s * s;
    }
    const double mean = sum / n, sd = std::sqrt(std::max(0.0, sum2 / n - mean * mean));
    EXPECT_NEAR(mean, c.mean, 0.01 * c.mean) << static_cast<int>(c.st.dist);
    EXPECT_NEAR(sd, c.sd, 0.03 * c.sd + 1e-6) << static_cast<int>(c.st.dist);
  }
}

TEST(SynthTest, LoadedWorlds) {
  int tried = 0;
  for (const char* rel : {"tests/data/worlds/tiny.yaml", "assets/worlds/huu_nghi/phase1_6lane.yaml"}) {
    const std::string path = std::string(GATETWIN_SOURCE_DIR) + "/" + rel;
    if (!std::filesystem::exists(path)) continue;
    const auto loaded = world::LoadWorld(path);
    if (!loaded.ok()) {
      ADD_FAILURE() << rel << ": " << (loaded.errors.empty() ? "" : loaded.errors.front().ToString());
      continue;
    }
    ++tried;
    SynthStats stats;
    SynthOptions o;
    o.gps_share = 0.2;
    const std::string text = Synth(*loaded.world, o, &stats);
    EXPECT_EQ(text, Synth(*loaded.world, o)) << rel;
    EXPECT_NEAR(stats.trucks, 800, 40) << rel;
    int malformed = 0;
    for (const auto& line : Lines(text)) {
      json j;
      std::string why;
      malformed += Check(*loaded.world, line, &j, &why) == Verdict::kMalformed;
    }
    EXPECT_EQ(malformed, stats.malformed_lines) << rel;
    std::cout << rel << ": " << stats.trucks << " trucks, " << stats.lines << " lines, " << stats.yard_visits
              << " yard visits, " << stats.gps_trucks << " with GPS\n";
  }
  if (tried == 0) GTEST_SKIP() << "no world YAML files yet";
}

}  // namespace
}  // namespace gatetwin::replay
