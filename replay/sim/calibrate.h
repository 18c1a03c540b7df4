// Fits a Demand (arrivals, service times, shares) to a recorded feed: `gatetwin calibrate`.
//
// The feed is read through FeedMerger, so doubtful lines are skipped exactly as a replay skips
// them. One pass over the events collects:
//  - trips: the first entry-role plate read of a plate starts a trip; a plate read at entry
//    again within `same_trip_us` of its previous entry read is the same trip;
//  - arrivals: trips counted per local hour of day (the world's utc_offset), direction and
//    class, divided by the days the feed covers in that hour (see CalibrateArrivals below);
//  - service: per booth, booth-role plate read → the booth's service barrier `open` on that
//    lane, or scan start → end at booths with a scanner and no barrier;
//  - shares: the booth kind a trip was served at, yard_in reads, GPS fixes, and `goods` in
//    the lines' unknown extra fields (perishable) where the feed carries it.
// Each booth's durations are fitted as lognormal, exponential and fixed, and the fit with the
// lowest Kolmogorov–Smirnov statistic D is chosen.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/time.h"
#include "replay/feed_reader.h"
#include "replay/sim/demand.h"
#include "world/world.h"

namespace gatetwin::replay::sim {

/// Settings of a calibration.
struct CalibrateOptions {
  /// Feed files (JSON Lines or CSV), merged by time as a replay merges them.
  std::vector<std::string> feeds;
  /// In-memory feeds as (name, text), after the files (tests).
  std::vector<std::pair<std::string, std::string>> feed_texts;
  /// Only events in [from_us, to_us) are used; the covered time is clipped to it too.
  std::optional<engine::TimeUs> from_us, to_us;
  /// The reorder window; nullopt takes the world's params.reorder_window_s.
  std::optional<engine::TimeUs> reorder_window_us;
  /// A plate read at entry again within this of its previous entry read is the same trip.
  engine::TimeUs same_trip_us = engine::TimeUs{10 * 60} * engine::kUsPerSecond;
  /// A plate's later reads (booth, yard, GPS) belong to its latest trip if it started at
  /// most this long before (a day-long queue plus a yard dwell is far less).
  engine::TimeUs trip_max_us = engine::TimeUs{12 * 3600} * engine::kUsPerSecond;
  /// Booths with fewer service observations keep the world's distribution.
  int min_service_samples = 20;
  /// Name of the written demand (`demand.name`).
  std::string name = "calibrated";
};

/// One candidate distribution fitted to a booth's durations, and how well it fits.
struct DistFit {
  world::ServiceTime service;  // the fitted distribution (mean_s/sd_s of the distribution itself)
  double ks_d = 1;             // Kolmogorov–Smirnov statistic: largest gap between the two CDFs
  double p_value = 0;          // asymptotic p-value of D (optimistic: parameters come from the data)
};

/// How a booth's service durations were observed.
enum class ServiceMethod : uint8_t {
  kBarrier,  // booth-role plate read → the booth's service barrier `open` on that lane
  kScan,     // scanner `start` → `end` of one plate (booths with a scanner and no barrier)
  kNone,     // the booth has neither: nothing to observe
};

/// The service figures of one booth.
struct BoothFit {
  int booth = -1;  // index into World::booths
  ServiceMethod method = ServiceMethod::kNone;
  int n = 0;  // durations observed (positive ones)
  double mean_s = 0, sd_s = 0, min_s = 0, max_s = 0;
  /// Candidates in the order lognormal, exponential, fixed (empty when n == 0).
  std::vector<DistFit> fits;
  int chosen = -1;           // index into fits of the lowest D; -1 when n == 0
  bool fitted = false;       // n >= min_service_samples: the chosen fit replaces the world's
  int unmatched_starts = 0;  // service starts that never saw their end (a later start came first)
  int unmatched_ends = 0;    // ends (barrier opens, scan ends) with no start waiting
  int non_positive = 0;      // durations of 0 s or less, not used
  world::ServiceTime world;  // the world's distribution (kept when !fitted)
};

/// The arrival figures, [direction][class][local hour].
struct ArrivalFit {
  std::array<std::array<std::array<int, 24>, world::kVehicleClassCount>, 2> trips{};
  /// Days the feed covers each local hour: hours (of the covered span) overlapping it / 1 h.
  std::array<double, 24> covered_days{};
  std::array<int, 2> trips_by_dir{};
  int entry_rereads = 0;  // entry reads within same_trip_us of the plate's previous one
  int without_class = 0;  // trips whose entry read had no vehicle_class (counted as truck)
  int without_dir = 0;    // entry reads with no direction from the event, lane or sensor (not counted)
};

/// What the shares were computed from.
struct ShareFit {
  int trips = 0;                                                      // trips (entered)
  int served = 0;                                                     // trips with a booth read
  std::array<int, 2> served_by_dir{};                                 // of which by direction (of the booth's lane)
  std::array<std::array<int, kInspectionCount>, 2> served_by_kind{};  // [direction][world::BoothKind]
  int yard = 0;                                                       // trips with a yard_in read
  int gps = 0;                                                        // trips with a GPS fix
  int goods_declared = 0;                                             // trips with a `goods` extra field
  int perishable = 0;                                                 // trips whose `goods` is "perishable"
  int plates_without_entry = 0;                                       // plates read (booth, yard, scan...) with no trip
};

/// Everything a calibration found; `demand` is what is written.
struct Calibration {
  bool ok = false;
  std::vector<std::string> errors;                        // why it could not run (bad feeds, no entry reads)
  std::vector<std::string> warnings;                      // feeds with no events, read errors part-way
  FeedCounts counts;                                      // events read, used and skipped by reason
  engine::TimeUs first_us = 0, last_us = 0;               // the used events' time range
  engine::TimeUs covered_from_us = 0, covered_to_us = 0;  // the covered span (see ArrivalFit)
  ArrivalFit arrivals;
  ShareFit shares;
  std::vector<BoothFit> booths;  // one per world booth, in world order
  int min_service_samples = 0;   // the threshold used (CalibrateOptions)
  Demand demand;
};

/// Reads the feeds and fits the demand. Never throws on bad feed content.
///
/// Covered time: the span from the start of the hour of the first used event to the end of the
/// hour of the last one (a recorder's first and last lines fall inside hours it was recording),
/// clipped to [from_us, to_us). Each local hour of day counts a day for every covered hour slot
/// at that hour, by the fraction of the slot covered; arrivals_per_hour = trips / covered days.
Calibration Calibrate(const world::World& world, const CalibrateOptions& options);

/// Fits lognormal (mean and sd of the log durations), exponential (the mean) and fixed (the
/// mean) to `durations_s` (positive; sorted or not) and scores each by KS D; in that order.
std::vector<DistFit> FitServiceDistributions(std::vector<double> durations_s);

/// Index of the fit with the lowest D; on a tie the simpler one (fixed, then exponential).
int ChooseFit(const std::vector<DistFit>& fits);

/// The CDF of `service` at `x_s` (fixed: a step at mean_s; lognormal with sd 0 likewise).
double ServiceCdf(const world::ServiceTime& service, double x_s);

/// KS statistic of sorted `x` against `service`. Fixed counts values within kFixedToleranceS
/// of its value as equal to it (timestamps carry ms, so a difference is off by up to 1 ms).
double KsStatistic(const std::vector<double>& sorted_x, const world::ServiceTime& service);
inline constexpr double kFixedToleranceS = 0.0015;

/// Asymptotic p-value of KS statistic `d` with `n` samples: Q_KS((√n + 0.12 + 0.11/√n)·d).
double KsPValue(double d, int n);

/// The readable fit table, as `gatetwin calibrate` prints it.
std::string CalibrationSummary(const world::World& world, const Calibration& c);
/// The same figures as JSON (pretty, ending in a newline).
std::string CalibrationToJson(const world::World& world, const Calibration& c);

std::string_view ToString(ServiceMethod m);
/// "lognormal", "exponential", "fixed", "uniform".
std::string_view DistName(world::ServiceTime::Dist d);

}  // namespace gatetwin::replay::sim
