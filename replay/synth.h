// Synthesizes a realistic recorded day of sensor events for any world (`gatetwin feed synth`).
//
// The generator runs a small queueing model of the gate — trucks arrive on a two-peak daily
// profile, read at the entry cameras, queue FIFO at their lane's booth, are scanned/weighed,
// pass the barrier, sometimes dwell in a yard, and read at the exit — and writes what the
// world's sensors would have reported, as JSON Lines of the feed contract
// (shared/spec/feed-events.md), sorted by timestamp. Optional faults and noise (malformed,
// duplicate, late, unknown sensor/kind lines) exercise the replay's quarantine; the stats say
// exactly how many of each were injected.
//
// Output is a pure function of (world, options): the generator uses its own PRNG, its own
// sampling code and its own log/exp, so a seed gives byte-identical output with any standard
// library. (GPS lat/lon go through GeoFrame and headings through atan2; both are rounded —
// 1e-7 deg, 0.1 deg — so a last-bit libm difference could only matter on an exact tie.)
#pragma once

#include <array>
#include <cstdint>
#include <ostream>

#include "engine/time.h"
#include "replay/event.h"
#include "world/world.h"

namespace gatetwin::replay {

/// Local midnight of 2026-01-15 at the gate (+07:00), the default synthesized day.
inline constexpr engine::TimeUs kDefaultSynthDayStartUs = 1'768'410'000'000'000;

/// What day to synthesize and how. Shares are probabilities per truck.
struct SynthOptions {
  int trucks_per_day = 800;  // demand arriving within the day (the pilot capacity)
  uint64_t seed = 1;
  engine::TimeUs day_start_us = kDefaultSynthDayStartUs;  // the day's first instant
  double export_share = 0.35;                             // vn_to_cn share of trucks; the rest are imports (cn_to_vn)
  double gps_share = 0.1;               // trucks carrying a GPS tracker (needs a gps sensor in the world)
  double yard_share = 0.08;             // trucks that visit a yard after service (plus every `hold`)
  double hold_share = 0.03;             // X-ray scans that end in `hold`
  double cn_plate_share_import = 0.6;   // cn_to_vn trucks with Chinese plates
  double cn_plate_share_export = 0.25;  // vn_to_cn trucks with Chinese plates (returning trucks)
  int loop_interval_s = 30;             // aggregation interval of count-role loop sensors
  bool faults = true;                   // one ANPR sensor faults for ~20 min (its reads go missing)
  bool noise = true;                    // malformed, duplicate, late and unknown lines
  double duplicate_share = 0.002;       // share of events written twice (exact duplicates)
  int malformed_lines = 6;              // bad JSON, missing plate, timestamp without offset (cycled)
  int late_lines = 5;                   // events written well behind newer ones (> reorder window)
};

/// What was generated, so tests and `feed synth` can check what a replay must count.
/// `lines = events + duplicate_lines + malformed_lines + unknown_sensor_lines + unknown_kind_lines`;
/// a replay should apply `events - late_lines` of them.
struct SynthStats {
  int trucks = 0;  // trucks generated (each has an entry read unless faulted)
  int trucks_vn_to_cn = 0;
  int trucks_cn_to_vn = 0;
  int trucks_skipped = 0;            // demand with no usable entry lane in the world
  int trucks_entered_after_day = 0;  // held upstream past midnight: demand beyond the gate's capacity
  int gps_trucks = 0;
  int yard_visits = 0;
  int yard_full = 0;                                      // yard visits skipped because the yard was full
  int holds = 0;                                          // scans that ended in `hold`
  int64_t lines = 0;                                      // every line written
  int64_t events = 0;                                     // genuine events written once (late ones included)
  std::array<int64_t, kEventKindCount> events_by_kind{};  // genuine events by kind
  int malformed_lines = 0;
  int duplicate_lines = 0;
  int late_lines = 0;
  int unknown_sensor_lines = 0;
  int unknown_kind_lines = 0;
  int fault_sensor = -1;  // the faulted sensor (index into World::sensors), or -1
  engine::TimeUs fault_start_us = 0, fault_end_us = 0;
  int fault_missed_reads = 0;                      // plate reads not written because their camera was faulted
  engine::TimeUs first_ts_us = 0, last_ts_us = 0;  // range of the genuine events
};

/// Writes one synthesized day for `world` to `out` as JSON Lines and returns what it wrote.
/// Deterministic for (world, options). Works with any valid world: parts it lacks (booths,
/// yards, loops, a GPS sensor, an entry camera for a direction) are simply not exercised.
/// Every truck of the day's demand completes its trip: when demand exceeds what the booths
/// can serve, trucks wait upstream and the feed runs on past midnight (see
/// SynthStats::trucks_entered_after_day and last_ts_us).
SynthStats SynthesizeFeed(const world::World& world, const SynthOptions& options, std::ostream& out);

}  // namespace gatetwin::replay
