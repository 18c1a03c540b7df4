// Calibration: KS figures by hand, a hand-made feed with exact figures, synthesized days with known demand.
#include "replay/sim/calibrate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "replay/synth.h"
#include "tests/unit/synth/test_world.h"

namespace gatetwin::replay::sim {
namespace {

using world::Direction;
using world::VehicleClass;
using Dist = world::ServiceTime::Dist;

constexpr size_t kVn = static_cast<size_t>(Direction::kVnToCn);
constexpr size_t kCn = static_cast<size_t>(Direction::kCnToVn);
constexpr size_t kTruck = static_cast<size_t>(VehicleClass::kTruck);
constexpr size_t kContainer = static_cast<size_t>(VehicleClass::kContainer);

const BoothFit& FitOf(const world::World& w, const Calibration& c, const char* booth) {
  return c.booths[static_cast<size_t>(w.FindBooth(booth))];
}

const DistFit& Chosen(const BoothFit& f) { return f.fits[static_cast<size_t>(f.chosen)]; }

// ---------------------------------------------------------------------------------------------
// the statistics, against figures worked out by hand
// ---------------------------------------------------------------------------------------------

TEST(KsStatistic, FixedCountsTheShareOffItsValue) {
  const std::vector<double> x = {30, 40, 50};
  EXPECT_DOUBLE_EQ(KsStatistic(x, {Dist::kFixed, 40, 0, 0, 0}), 1.0 / 3);
  EXPECT_DOUBLE_EQ(KsStatistic(x, {Dist::kFixed, 50, 0, 0, 0}), 2.0 / 3);
  // durations of ms timestamps around a fixed 20 s are all "at" it
  EXPECT_DOUBLE_EQ(KsStatistic({19.999, 20, 20.001}, {Dist::kFixed, 20, 0, 0, 0}), 0);
}

TEST(KsStatistic, ExponentialIsTheLargestCdfGap) {
  // F(30) = 1 - e^-0.75 = 0.5276 is the largest gap, above F_n = 0 just below 30
  const std::vector<double> x = {30, 40, 50};
  EXPECT_NEAR(KsStatistic(x, {Dist::kExponential, 40, 0, 0, 0}), 1 - std::exp(-0.75), 1e-12);
  // one value at the median: |F(median) - 0| = |1 - F(median)| = 0.5
  EXPECT_NEAR(KsStatistic({40 * std::log(2.0)}, {Dist::kExponential, 40, 0, 0, 0}), 0.5, 1e-12);
}

TEST(KsPValue, MatchesTheKolmogorovDistribution) {
  // n = 100: λ = (10 + 0.12 + 0.011)·D; Q_KS(0.5) = 0.963945, Q_KS(1) = 0.270000, Q_KS(1.5) = 0.022218
  const double k = 10 + 0.12 + 0.011;
  EXPECT_NEAR(KsPValue(0.5 / k, 100), 0.963945, 1e-5);
  EXPECT_NEAR(KsPValue(1.0 / k, 100), 0.270000, 1e-5);
  EXPECT_NEAR(KsPValue(1.5 / k, 100), 0.022218, 1e-5);
  EXPECT_DOUBLE_EQ(KsPValue(0, 50), 1);
}

TEST(FitServiceDistributions, LognormalFromTheLogMoments) {
  const std::vector<double> x = {30, 40, 50};
  const auto fits = FitServiceDistributions(x);
  ASSERT_EQ(fits.size(), 3u);
  const double mu = (std::log(30.0) + std::log(40.0) + std::log(50.0)) / 3;
  double ss = 0;
  for (double v : x) ss += (std::log(v) - mu) * (std::log(v) - mu);
  const double sigma2 = ss / 2;
  EXPECT_EQ(fits[0].service.dist, Dist::kLognormal);
  EXPECT_NEAR(fits[0].service.mean_s, std::exp(mu + sigma2 / 2), 1e-9);
  EXPECT_NEAR(fits[0].service.sd_s, fits[0].service.mean_s * std::sqrt(std::exp(sigma2) - 1), 1e-9);
  EXPECT_EQ(fits[1].service.dist, Dist::kExponential);
  EXPECT_DOUBLE_EQ(fits[1].service.mean_s, 40);
  EXPECT_EQ(fits[2].service.dist, Dist::kFixed);
  EXPECT_DOUBLE_EQ(fits[2].ks_d, 1.0 / 3);
  // equal durations: fixed fits exactly and wins the tie with the degenerate lognormal
  const auto same = FitServiceDistributions({12, 12, 12, 12});
  EXPECT_EQ(same[static_cast<size_t>(ChooseFit(same))].service.dist, Dist::kFixed);
  EXPECT_DOUBLE_EQ(same[static_cast<size_t>(ChooseFit(same))].ks_d, 0);
}

// ---------------------------------------------------------------------------------------------
// a hand-made feed on the four-lane test world: every figure known exactly
// ---------------------------------------------------------------------------------------------

// B3 keeps its scanner but loses its barrier, so it is timed by scan start → end
world::World ScanTimedWorld() {
  world::World w = testing::FourLaneWorld();
  std::erase_if(w.sensors, [](const world::Sensor& s) { return s.id == "barrier.B3"; });
  w.Reindex();
  return w;
}

std::string Line(const std::string& hms, const std::string& sensor, const std::string& kind,
                 const std::string& fields) {
  return R"({"ts":"2026-01-15T)" + hms + R"(+07:00","sensor":")" + sensor + R"(","kind":")" + kind + "\"" + fields +
         "}\n";
}

std::string HandFeed() {
  std::string f;
  // truck A (perishable): booth 08:00:40 → barrier 08:01:10 = 30 s; plate written two ways
  f += Line("08:00:00.000", "anpr.entry.L1", "plate_read",
            R"(,"plate":"12C-111.11","vehicle_class":"truck","goods":"perishable")");
  f += Line("08:00:40.000", "anpr.booth.B1", "plate_read", R"(,"plate":"12c 11111")");
  f += Line("08:01:10.000", "barrier.B1", "barrier", R"(,"state":"open")");
  f += Line("08:01:15.000", "barrier.B1", "barrier", R"(,"state":"closed")");
  // truck B (general goods, a container): 40 s; its entry line is sent twice
  const std::string b_entry = Line("08:02:00.000", "anpr.entry.L1", "plate_read",
                                   R"(,"plate":"29H-222.22","vehicle_class":"container",)"
                                   R"("goods":"general")");
  f += b_entry + b_entry;
  f += Line("08:03:00.000", "anpr.booth.B1", "plate_read", R"(,"plate":"29H-222.22")");
  f += Line("08:03:40.000", "barrier.B1", "barrier", R"(,"state":"open")");
  // A read at entry again 4 min after its first read: the same trip
  f += Line("08:04:00.000", "anpr.entry.L1", "plate_read", R"(,"plate":"12C-111.11","vehicle_class":"truck")");
  // truck C (no class: counted as truck): 50 s, then a GPS fix and the yard
  f += Line("08:05:00.000", "anpr.entry.L1", "plate_read", R"(,"plate":"15C-333.33")");
  f += Line("08:06:00.000", "anpr.booth.B1", "plate_read", R"(,"plate":"15C-333.33")");
  f += Line("08:06:50.000", "barrier.B1", "barrier", R"(,"state":"open")");
  f += Line("08:07:00.000", "gps", "gps", R"(,"vehicle":"15C 333.33","lat":21.9711,"lon":106.7108)");
  f += Line("08:07:30.000", "anpr.yard_in.Y_vn", "plate_read", R"(,"plate":"15C-333.33")");
  f += "{\"ts\":\"2026-01-15T08:08:00+07:00\",\"sensor\":\"anpr.entry.L1\",\"kind\":\"plate_read\"\n";  // malformed
  // truck D, an import: scan 08:10:33.000 → 08:11:48.500 = 75.5 s at B3 (no barrier)
  f += Line("08:10:00.000", "anpr.entry.L3", "plate_read", R"(,"plate":"桂A12345","vehicle_class":"container")");
  f += Line("08:10:30.000", "anpr.booth.B3", "plate_read", R"(,"plate":"桂A12345")");
  f += Line("08:10:33.000", "xray.B3", "scan", R"(,"plate":"桂A12345","phase":"start")");
  f += Line("08:11:48.500", "xray.B3", "scan", R"(,"plate":"桂A12345","phase":"end","result":"clear")");
  // B4's arm opens with nobody read at its booth; a plate never read at entry waits at B2
  f += Line("08:12:00.000", "barrier.B4", "barrier", R"(,"state":"open")");
  f += Line("08:15:00.000", "anpr.booth.B2", "plate_read", R"(,"plate":"99X-999.99")");
  // A comes back 90 min later: a new trip, in hour 9
  f += Line("09:30:00.000", "anpr.entry.L1", "plate_read", R"(,"plate":"12C-111.11","vehicle_class":"truck")");
  return f;
}

Calibration CalibrateHand(const world::World& w, CalibrateOptions options = {}) {
  options.feed_texts = {{"hand.jsonl", HandFeed()}};
  options.min_service_samples = 2;
  return Calibrate(w, options);
}

TEST(Calibrate, HandMadeFeedGivesExactFigures) {
  const world::World w = ScanTimedWorld();
  const Calibration c = CalibrateHand(w);
  ASSERT_TRUE(c.ok) << (c.errors.empty() ? "" : c.errors[0]);
  EXPECT_EQ(c.counts.read, 22u);
  EXPECT_EQ(c.counts.Of(Reason::kDuplicate), 1u);
  EXPECT_EQ(c.counts.Of(Reason::kMalformed), 1u);
  EXPECT_EQ(c.counts.accepted, 20u);

  // trips: A, B, C (exports at 08), D (import at 08), A again (export at 09)
  EXPECT_EQ(c.shares.trips, 5);
  EXPECT_EQ(c.arrivals.trips_by_dir[kVn], 4);
  EXPECT_EQ(c.arrivals.trips_by_dir[kCn], 1);
  EXPECT_EQ(c.arrivals.entry_rereads, 1);
  EXPECT_EQ(c.arrivals.without_class, 1);
  // covered: 08:00–10:00, one day for each of hours 8 and 9
  for (size_t h = 0; h < 24; ++h) EXPECT_DOUBLE_EQ(c.arrivals.covered_days[h], h == 8 || h == 9 ? 1 : 0) << h;
  EXPECT_DOUBLE_EQ(c.demand.arrivals_per_hour[kVn][kTruck][8], 2);
  EXPECT_DOUBLE_EQ(c.demand.arrivals_per_hour[kVn][kContainer][8], 1);
  EXPECT_DOUBLE_EQ(c.demand.arrivals_per_hour[kVn][kTruck][9], 1);
  EXPECT_DOUBLE_EQ(c.demand.arrivals_per_hour[kCn][kContainer][8], 1);
  EXPECT_DOUBLE_EQ(c.demand.arrivals_per_hour[kCn][kTruck][8], 0);

  // B1 by its barrier: 30, 40, 50 s; lognormal is closest of the three
  const BoothFit& b1 = FitOf(w, c, "B1");
  EXPECT_EQ(b1.method, ServiceMethod::kBarrier);
  EXPECT_EQ(b1.n, 3);
  EXPECT_DOUBLE_EQ(b1.mean_s, 40);
  EXPECT_DOUBLE_EQ(b1.sd_s, 10);
  EXPECT_DOUBLE_EQ(b1.min_s, 30);
  EXPECT_DOUBLE_EQ(b1.max_s, 50);
  EXPECT_TRUE(b1.fitted);
  EXPECT_EQ(Chosen(b1).service.dist, Dist::kLognormal);
  EXPECT_EQ(c.demand.service.at("B1").dist, Dist::kLognormal);
  // B3 by its scanner: one truck, 75.5 s; too few to replace the world's
  const BoothFit& b3 = FitOf(w, c, "B3");
  EXPECT_EQ(b3.method, ServiceMethod::kScan);
  EXPECT_EQ(b3.n, 1);
  EXPECT_DOUBLE_EQ(b3.mean_s, 75.5);
  EXPECT_FALSE(b3.fitted);
  EXPECT_EQ(c.demand.service.count("B3"), 0u);
  EXPECT_EQ(FitOf(w, c, "B4").unmatched_ends, 1);
  EXPECT_EQ(FitOf(w, c, "B2").unmatched_starts, 1);
  EXPECT_EQ(FitOf(w, c, "B2").n, 0);

  // shares: 4 of 5 trips served (3 documents at B1, 1 X-ray), C in the yard and on GPS,
  // A perishable and B general of the two declaring goods
  EXPECT_EQ(c.shares.served, 4);
  // per direction: the exports were all served at B1 (documents), the one import at B3 (X-ray)
  EXPECT_DOUBLE_EQ(c.demand.inspection_share[0][static_cast<size_t>(world::BoothKind::kDocuments)], 1);
  EXPECT_DOUBLE_EQ(c.demand.inspection_share[1][static_cast<size_t>(world::BoothKind::kXray)], 1);
  EXPECT_DOUBLE_EQ(c.demand.inspection_share[1][static_cast<size_t>(world::BoothKind::kDocuments)], 0);
  EXPECT_DOUBLE_EQ(c.demand.yard_share, 0.2);
  EXPECT_DOUBLE_EQ(c.demand.gps_share, 0.2);
  EXPECT_EQ(c.shares.goods_declared, 2);
  EXPECT_DOUBLE_EQ(c.demand.perishable_share, 0.5);
  EXPECT_EQ(c.shares.plates_without_entry, 1);
}

TEST(Calibrate, FromClipsEventsAndCoveredTime) {
  const world::World w = ScanTimedWorld();
  CalibrateOptions options;
  options.from_us = engine::ParseRfc3339("2026-01-15T08:05:00+07:00")->utc_us;
  const Calibration c = CalibrateHand(w, options);
  ASSERT_TRUE(c.ok);
  // C and D at 08, A at 09; hour 8 is covered from 08:05 only
  EXPECT_EQ(c.shares.trips, 3);
  EXPECT_DOUBLE_EQ(c.arrivals.covered_days[8], 55.0 / 60);
  EXPECT_DOUBLE_EQ(c.demand.arrivals_per_hour[kVn][kTruck][8], 60.0 / 55);
  EXPECT_GT(c.counts.Of(Reason::kOutsideRange), 0u);
  EXPECT_EQ(FitOf(w, c, "B1").n, 1);
}

TEST(Calibrate, NoEntryReadsIsAnError) {
  const world::World w = testing::FourLaneWorld();
  CalibrateOptions options;
  options.feed_texts = {{"no_entry.jsonl", Line("08:00:00.000", "barrier.B1", "barrier", R"(,"state":"open")")}};
  const Calibration c = Calibrate(w, options);
  EXPECT_FALSE(c.ok);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("no entry-role plate reads"), std::string::npos) << c.errors[0];
}

// ---------------------------------------------------------------------------------------------
// synthesized days: the calibration recovers the synthesizer's demand and service times
// ---------------------------------------------------------------------------------------------

struct Synthesized {
  std::string feed;
  SynthStats stats;
};

Synthesized Synthesize(const world::World& w, SynthOptions options) {
  std::ostringstream out;
  Synthesized s;
  s.stats = SynthesizeFeed(w, options, out);
  s.feed = out.str();
  return s;
}

TEST(Calibrate, RecoversSynthesizedServiceAndArrivals) {
  const world::World w = testing::FourLaneWorld(200);
  SynthOptions options;
  options.trucks_per_day = 2400;
  options.seed = 11;
  options.noise = false;
  options.faults = false;
  const Synthesized s = Synthesize(w, options);
  CalibrateOptions co;
  co.feed_texts = {{"synth.jsonl", s.feed}};
  const Calibration c = Calibrate(w, co);
  ASSERT_TRUE(c.ok);

  // every synthesized truck is one trip, in its direction
  EXPECT_EQ(c.shares.trips, s.stats.trucks);
  EXPECT_EQ(c.arrivals.trips_by_dir[kVn], s.stats.trucks_vn_to_cn);
  EXPECT_EQ(c.arrivals.trips_by_dir[kCn], s.stats.trucks_cn_to_vn);
  EXPECT_EQ(c.shares.plates_without_entry, 0);
  // the rates times the covered days give the trips back
  double trips = 0;
  for (size_t d = 0; d < 2; ++d) {
    for (const auto& by_hour : c.demand.arrivals_per_hour[d]) {
      for (size_t h = 0; h < 24; ++h) trips += by_hour[h] * c.arrivals.covered_days[h];
    }
  }
  EXPECT_NEAR(trips, s.stats.trucks, 1e-6);
  EXPECT_EQ(c.shares.yard, s.stats.yard_visits);
  EXPECT_EQ(c.shares.gps, s.stats.gps_trucks);
  EXPECT_EQ(c.shares.served, s.stats.trucks);

  // service: each booth's fitted mean within 10% of the world's (n >= 200 each), and the
  // world's own family chosen where it is one of the three
  for (const char* id : {"B1", "B2", "B3", "B4"}) {
    const BoothFit& f = FitOf(w, c, id);
    ASSERT_GE(f.n, 200) << id;
    EXPECT_EQ(f.method, ServiceMethod::kBarrier) << id;
    EXPECT_TRUE(f.fitted) << id;
    EXPECT_NEAR(Chosen(f).service.mean_s, f.world.mean_s, 0.1 * f.world.mean_s) << id;
    EXPECT_EQ(f.unmatched_starts + f.unmatched_ends + f.non_positive, 0) << id;
  }
  EXPECT_EQ(Chosen(FitOf(w, c, "B1")).service.dist, Dist::kLognormal);
  EXPECT_NEAR(Chosen(FitOf(w, c, "B1")).service.sd_s, 15, 0.15 * 15);
  EXPECT_EQ(Chosen(FitOf(w, c, "B3")).service.dist, Dist::kExponential);
  EXPECT_EQ(Chosen(FitOf(w, c, "B4")).service.dist, Dist::kFixed);
  EXPECT_DOUBLE_EQ(Chosen(FitOf(w, c, "B4")).ks_d, 0);
}

TEST(Calibrate, SkipsWhatAReplaySkipsOnANoisyDay) {
  const world::World w = testing::FourLaneWorld(200);
  SynthOptions options;
  options.trucks_per_day = 600;
  options.seed = 5;
  const Synthesized s = Synthesize(w, options);
  CalibrateOptions co;
  co.feed_texts = {{"noisy.jsonl", s.feed}};
  const Calibration c = Calibrate(w, co);
  ASSERT_TRUE(c.ok);
  EXPECT_EQ(c.counts.read, static_cast<uint64_t>(s.stats.lines));
  EXPECT_EQ(c.counts.Of(Reason::kMalformed), static_cast<uint64_t>(s.stats.malformed_lines));
  EXPECT_EQ(c.counts.Of(Reason::kDuplicate), static_cast<uint64_t>(s.stats.duplicate_lines));
  EXPECT_EQ(c.counts.Of(Reason::kLate), static_cast<uint64_t>(s.stats.late_lines));
  EXPECT_EQ(c.counts.Of(Reason::kUnknownSensor), static_cast<uint64_t>(s.stats.unknown_sensor_lines));
  EXPECT_EQ(c.counts.Of(Reason::kUnknownKind), static_cast<uint64_t>(s.stats.unknown_kind_lines));
  // the faulted entry camera's missed reads are missing trips; a late entry read would be one more
  const int expected = s.stats.trucks - s.stats.fault_missed_reads;
  EXPECT_LE(c.shares.trips, expected);
  EXPECT_GE(c.shares.trips, expected - s.stats.late_lines);
  EXPECT_GT(s.stats.fault_missed_reads, 0);
}

}  // namespace
}  // namespace gatetwin::replay::sim
