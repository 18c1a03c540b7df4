// Private pieces of the feed synthesizer: PRNG and sampling, line writing, the world's routes.
//
// Not part of the replay API: included only by the synthesizer (replay/synth*.cc) and the
// microsimulation (replay/sim/), which writes its sensors' events with the same code.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/time.h"
#include "replay/line_parser.h"
#include "replay/synth.h"
#include "world/geo_frame.h"
#include "world/world.h"

namespace gatetwin::replay::synth {

// ---------------------------------------------------------------------------------------------
// [SECTION] random numbers (synth_random.cc)
// ---------------------------------------------------------------------------------------------

/// xoshiro256** seeded through splitmix64: the same stream on every platform, unlike the
/// standard library's distributions.
class Rng {
 public:
  /// `stream` separates independent purposes (arrivals, trucks, noise) under one seed, so
  /// switching noise off does not change the trucks.
  Rng(uint64_t seed, uint64_t stream);

  uint64_t Next();
  /// Uniform in [0, 1), 53 bits.
  double Uniform();
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  /// Uniform integer in [0, n); n > 0.
  uint64_t Below(uint64_t n);
  bool Chance(double p) { return Uniform() < p; }
  /// Standard normal (Marsaglia's polar method: only log and sqrt, both ours or IEEE-exact).
  double Normal();
  /// Exponential with mean 1.
  double Exponential();

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

/// Natural log and exp from +, *, / and exact scaling only: bit-identical everywhere.
double Log(double x);
double Exp(double x);
/// sqrt(dx² + dy²) with IEEE-exact operations only (std::hypot may differ in the last bit).
inline double Planar(double dx, double dy) { return std::sqrt(dx * dx + dy * dy); }

/// One service duration in seconds from a booth's distribution (at least 1 s).
double SampleServiceS(const world::ServiceTime& service, Rng& rng);

/// A Vietnamese (`12C-123.45`) or Chinese (`桂F12345`, UTF-8) truck plate.
std::string VietnamesePlate(Rng& rng);
std::string ChinesePlate(Rng& rng);

/// Relative arrival rate at `hour` of the local day (0–24); see the profile in synth_random.cc.
double ArrivalRate(double hour);

// ---------------------------------------------------------------------------------------------
// [SECTION] line writing (synth_write.cc)
// ---------------------------------------------------------------------------------------------

/// Appends RFC 3339 local time with ms (`2026-01-15T08:00:01.250+07:00`), caching the date.
class TimeWriter {
 public:
  explicit TimeWriter(int utc_offset_min);
  void Append(engine::TimeUs t, std::string* out);

 private:
  int offset_min_;
  char offset_text_[7];
  int64_t cached_day_ = INT64_MIN;
  char date_text_[11];
};

/// Appends `scaled / 10^decimals` in fixed notation (e.g. 94, 2 → `0.94`).
void AppendFixed(int64_t scaled, int decimals, std::string* out);
/// Rounds `value` to `decimals` places and appends it.
void AppendRounded(double value, int decimals, std::string* out);
void AppendInt(int64_t value, std::string* out);
// quoted JSON strings: AppendJsonString (replay/line_parser.h), the parser's own writer

// ---------------------------------------------------------------------------------------------
// [SECTION] routes through the world (synth_route.cc)
// ---------------------------------------------------------------------------------------------

/// A position along a lane polyline.
struct LanePoint {
  world::Vec3 position;
  double heading_rad = 0;  // ENU, counter-clockwise from east
};

/// Where a sensor reads a lane: sensor index, lane index and station.
struct Read {
  int sensor = -1;
  int lane = -1;
  double station_m = 0;
};

/// A way out from a lane: the lanes driven (the first is the lane itself) and the exit read.
struct ExitRoute {
  std::vector<int> lanes;
  Read exit;
};

/// A yard and the reads in and out of it for one direction.
struct YardAccess {
  int zone = -1;
  Read in, out;
  world::Vec3 in_point, out_point, centre;
};

/// The world digested for the synthesizer: per lane and booth, what a truck meets.
class Routes {
 public:
  explicit Routes(const world::World& world);

  const world::World& world() const { return world_; }
  /// Entry reads on lanes of `dir`.
  const std::vector<Read>& entries(world::Direction dir) const { return entries_[static_cast<int>(dir)]; }
  const std::vector<int>& lane_booths(int lane) const { return lane_booths_[static_cast<size_t>(lane)]; }
  /// The booth-role camera of `booth` covering `lane` (or any of the booth), or -1.
  int BoothCamera(int booth, int lane) const;
  int booth_scanner(int booth) const { return booth_scanner_[static_cast<size_t>(booth)]; }
  int booth_weighbridge(int booth) const { return booth_weigh_[static_cast<size_t>(booth)]; }
  int booth_barrier(int booth) const { return booth_barrier_[static_cast<size_t>(booth)]; }
  /// The way out from `lane` (its own exit camera, or one a few connections on), or null.
  const ExitRoute* Exit(int lane) const;
  const std::vector<YardAccess>& yards(world::Direction dir) const { return yards_[static_cast<int>(dir)]; }
  /// Count-role loop/radar reads on `lane`.
  const std::vector<Read>& counters(int lane) const { return counters_[static_cast<size_t>(lane)]; }
  int gps_sensor() const { return gps_sensor_; }

  double SpeedMps(int lane) const;
  double LaneLength(int lane) const { return lane_length_[static_cast<size_t>(lane)]; }
  /// Position and heading `station_m` along `lane` (clamped to the lane).
  LanePoint At(int lane, double station_m) const;
  /// The station of a sensor on its k-th lane (falls back to sensible defaults if missing).
  double SensorStation(int sensor, size_t k) const;

 private:
  const world::World& world_;
  std::vector<std::vector<double>> cumulative_m_;  // per lane: arc length at each vertex
  std::vector<double> lane_length_;
  std::vector<Read> entries_[2];
  std::vector<std::vector<int>> lane_booths_;
  std::vector<std::vector<int>> booth_cameras_;
  std::vector<int> booth_scanner_, booth_weigh_, booth_barrier_;
  std::vector<ExitRoute> exits_;  // per lane; exit.sensor -1 when none
  std::vector<YardAccess> yards_[2];
  std::vector<std::vector<Read>> counters_;
  int gps_sensor_ = -1;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] the events of a day (synth_feed.cc)
// ---------------------------------------------------------------------------------------------

/// One genuine event: its time (whole ms) and the line's text after the `ts` field.
struct Ev {
  engine::TimeUs ts_us = 0;
  uint64_t seq = 0;  // creation order: ties in time keep it, so the sort is deterministic
  EventKind kind = EventKind::kStatus;
  int sensor = -1;
  std::string body;  // `,"sensor":"…","kind":"…",…}`
};

/// A stretch of a truck's movement: along a lane (lane >= 0, stations s0 → s1) or in the
/// open (lane -1, points p0 → p1), linear in time. `observed` legs lie between entry and exit.
struct Leg {
  engine::TimeUs t0_us = 0, t1_us = 0;
  int lane = -1;
  double s0_m = 0, s1_m = 0;
  world::Vec3 p0, p1;
  bool observed = true;
};

/// A vehicle over a count-role loop/radar: when, how fast, and how long it covered it.
struct Passage {
  int counter = -1;  // index into the synthesizer's counter list
  engine::TimeUs t_us = 0;
  double speed_mps = 0;
  double length_m = 0;
  double occupied_s = 0;
  bool moving = true;  // false: a standing vehicle (adds occupancy, not a count)
};

/// Collects events and writes them as the day's sorted feed with the requested noise.
class Feed {
 public:
  Feed(const world::World& world, const SynthOptions& options);

  /// Starts an event's body: `,"sensor":"id","kind":"kind"`; finish with the fields and `}`.
  std::string* Begin(engine::TimeUs t, int sensor, EventKind kind);
  /// Drops the event begun last (a read of a faulted camera).
  void DropLast() { events_.pop_back(); }
  std::vector<Ev>& events() { return events_; }

  /// Sorts, injects noise (if asked) and writes everything to `out`; fills the line counts.
  void Write(std::ostream& out, SynthStats* stats);

 private:
  const world::World& world_;
  const SynthOptions& options_;
  std::vector<std::string> sensor_json_;  // `,"sensor":"id"` per sensor, escaped once
  std::vector<Ev> events_;
};

/// A barrier arm opening at the end of a service.
struct BarrierOpen {
  int sensor = -1;
  int lane = -1;
  engine::TimeUs t_us = 0;
};

/// Writes each arm's `open` and its `closed` ~5 s later (earlier if the arm opens again).
void WriteBarriers(const world::World& world, std::vector<BarrierOpen> opens, Rng& rng, Feed* feed);

/// Adds the passages over count sensors (`counters`, indexed per lane by `lane_counters`) of a
/// truck of `length_m` that drove `legs`.
void CollectPassages(const std::vector<Leg>& legs, const std::vector<Read>& counters,
                     const std::vector<std::vector<int>>& lane_counters, double length_m,
                     std::vector<Passage>* passages);

/// Writes loop aggregates over [start_us, end_us) and radar presence events.
void WriteCounters(const world::World& world, const std::vector<Read>& counters, std::vector<Passage> passages,
                   int interval_s, engine::TimeUs start_us, engine::TimeUs end_us, Feed* feed);

/// Writes a tracker's fixes every 10–30 s over [from_us, to_us] along the truck's observed legs.
void WriteGps(const Routes& routes, const world::GeoFrame& geo, const std::string& plate_json,
              const std::vector<Leg>& legs, engine::TimeUs from_us, engine::TimeUs to_us, Rng& rng, Feed* feed);

// ---------------------------------------------------------------------------------------------
// [SECTION] the day's trips (synth.cc: arrivals, trucks, fault; synth_trip.cc: one trip)
// ---------------------------------------------------------------------------------------------

inline constexpr engine::TimeUs kDayUs = 86'400 * engine::kUsPerSecond;
inline constexpr engine::TimeUs kNever = std::numeric_limits<engine::TimeUs>::min() / 4;
inline engine::TimeUs Us(double seconds) { return std::llround(seconds * 1e6); }
inline double Seconds(engine::TimeUs us) { return static_cast<double>(us) / 1e6; }

/// One truck of the day's demand.
struct Truck {
  engine::TimeUs demand_us = 0;
  world::Direction dir = world::Direction::kCnToVn;
  world::VehicleClass cls = world::VehicleClass::kTruck;
  std::string plate_json;  // quoted, ready to write
  bool gps = false;
  double length_m = 12;
};

/// Length of a vehicle of class `c`, m (assumed typical lengths).
double LengthM(world::VehicleClass c);

/// A booth's FIFO queue: service intervals in queue order.
struct BoothState {
  engine::TimeUs free_us = kNever;           // when the current service ends
  engine::TimeUs last_arrival_us = kNever;   // arrivals at a booth keep their order (one queue)
  std::vector<engine::TimeUs> starts, ends;  // service intervals in FIFO order: both sorted

  // trucks in service or waiting at `t`
  int QueueAt(engine::TimeUs t) const {
    return static_cast<int>(ends.end() - std::upper_bound(ends.begin(), ends.end(), t));
  }
  // trucks waiting (not yet in service) at `t`
  int WaitingAt(engine::TimeUs t) const {
    return static_cast<int>(starts.end() - std::upper_bound(starts.begin(), starts.end(), t));
  }
};

/// `,"lane":"id"` for every lane of the world, escaped once.
std::vector<std::string> LaneJson(const world::World& world);
/// Writes a plate read of `truck` by `read`'s camera at `t` (lane and dir where the camera needs
/// them, and now and then where it does not, as real cameras do).
void WritePlateRead(const world::World& world, const std::vector<std::string>& lane_json, engine::TimeUs t,
                    const Read& read, const Truck& truck, Rng& rng, Feed* feed);
/// Writes a scanner's start and end within the service [t_start, t_end]; true when it ends in `hold`.
bool WriteScan(int scanner, const Truck& truck, engine::TimeUs t_start, engine::TimeUs t_end, double hold_share,
               Rng& rng, Feed* feed);
/// Writes a weighbridge reading early in the service [t_start, t_end].
void WriteWeigh(const world::World& world, const std::vector<std::string>& lane_json, int scale, int lane,
                const Truck& truck, engine::TimeUs t_start, engine::TimeUs t_end, Rng& rng, Feed* feed);

/// Who is in a yard, and until when.
struct YardState {
  std::vector<std::pair<engine::TimeUs, engine::TimeUs>> stays;
};

/// One day at the gate: the trucks' trips, in order of arrival, written into a Feed.
class DaySim {
 public:
  DaySim(const world::World& world, const SynthOptions& options, Feed* feed, SynthStats* stats);

  /// Simulates every truck and writes all events (not yet sorted) into the feed.
  void Run();

 private:
  std::vector<Truck> MakeTrucks();
  void ChooseFault(const std::vector<Truck>& trucks);
  void Trip(const Truck& truck);
  std::optional<Read> ChooseEntry(const Truck& truck, int* booth);
  engine::TimeUs DriveToExit(const ExitRoute& route, double from_m, engine::TimeUs t, std::vector<Leg>* legs);
  bool TryYard(const YardAccess& yard, engine::TimeUs in_us, engine::TimeUs out_us);
  void PlateRead(engine::TimeUs t, const Read& read, const Truck& truck);
  bool Faulted(int sensor, engine::TimeUs t) const {
    return sensor == stats_.fault_sensor && t >= stats_.fault_start_us && t < stats_.fault_end_us;
  }

  const world::World& world_;
  const SynthOptions& options_;
  Routes routes_;
  Feed& feed_;
  SynthStats& stats_;
  Rng rng_;
  std::optional<world::GeoFrame> geo_;
  double spacing_m_ = 18;
  std::vector<BoothState> booths_;
  std::vector<YardState> yards_;
  std::vector<engine::TimeUs> lane_last_entry_;
  std::vector<std::string> lane_json_;
  std::vector<Read> counters_;                   // every (count sensor, lane) pair
  std::vector<std::vector<int>> lane_counters_;  // per lane: indices into counters_
  std::vector<Passage> passages_;
  std::vector<BarrierOpen> barriers_;
  engine::TimeUs last_us_ = 0;  // latest instant of any trip
};

}  // namespace gatetwin::replay::synth
