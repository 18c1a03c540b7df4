// The layout study: one demand on several layouts over N seeds, and each layout's capacity.
//
// For each layout × replication the microsimulation runs the same demand (replication r uses
// seed base_seed + r; the microsim's arrivals and trucks do not depend on the layout, so the
// layouts see the same trucks: common random numbers). The ground truth of each run (Summarise)
// gives the time a driver lives, arrival in the area → exit read, including the wait upstream.
// Figures are the mean over replications with a 95 % Student t confidence interval. A demand
// sweep (the demand scaled over a grid of trucks/day, fewer replications) finds the trucks/day
// at which each layout's mean time from arrival passes a threshold: its capacity.
// Runs go to a pool of threads; each result is stored at its run's index, so the figures are
// the same whatever the number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/time.h"
#include "replay/sim/demand.h"
#include "replay/sim/microsim.h"
#include "replay/sim/simulate.h"
#include "world/world.h"

namespace gatetwin::replay::sim {

/// The demand sweep's grid of trucks/day: from, from + step, ..., up to and including `to`.
struct SweepGrid {
  double from_tpd = 400, to_tpd = 4000, step_tpd = 400;
  /// The grid's points, trucks/day.
  std::vector<double> Points() const;
};

/// Parses `FROM:TO:STEP` (trucks/day, FROM > 0, TO > FROM, STEP > 0, at most 200 points).
/// On a bad value returns nullopt and says what to write in `error`.
std::optional<SweepGrid> ParseSweep(const std::string& text, std::string* error);

/// How to run a study.
struct StudyOptions {
  int replications = 5;
  uint64_t base_seed = 1;
  int jobs = 0;               // threads; 0: std::thread::hardware_concurrency()
  double threshold_min = 60;  // capacity: mean time from arrival at which a layout is "full"
  bool sweep = true;
  SweepGrid grid;
  int sweep_replications = 2;
  double sweep_step_s = 1.0;   // integration step of the sweep's runs (coarser: faster)
  SimOptions sim;              // of the main runs: step, start, duration, drain (seed is set per run)
  int queue_interval_s = 300;  // queue-over-time sample spacing
};

/// Checks the options; each problem is one message naming the option and what to give.
std::vector<std::string> CheckStudyOptions(const StudyOptions& options);

/// A layout of the study: its world and the file it came from.
struct StudyLayout {
  const world::World* world = nullptr;  // not owned
  std::string file;
};

/// A mean over replications with its 95 % confidence half-width (0 with one replication).
struct Estimate {
  double mean = 0, half_width = 0;
  int n = 0;
};

/// Mean and 95 % Student t half-width of `values`.
Estimate MeanCi95(const std::vector<double>& values);

/// The two-sided 97.5 % quantile of Student's t with `dof` degrees of freedom (dof >= 1).
double StudentT975(int dof);

/// Trucks waiting (arrived, not yet in service) at start_us, start_us + interval_us, ... for
/// `samples` points. A truck is waiting from its arrival until its service starts; on a lane
/// without a booth, until it enters the lane; a truck never served waits to the series' end.
std::vector<int> QueueSeries(const SimResult& sim, engine::TimeUs start_us, engine::TimeUs interval_us, int samples);

/// One simulated run of the study.
struct StudyRun {
  int layout = 0;
  int replication = 0;
  uint64_t seed = 0;
  double trucks_per_day = 0;  // the demand's expected trucks/day for this run
  bool sweep = false;         // a run of the capacity sweep (else of the main study)
  double step_s = 0;
  SimulationTruth truth;
  std::vector<int> queue;  // main runs only: QueueSeries
  uint64_t vehicle_updates = 0;
  double wall_s = 0;
};

/// The main figures of one layout at the study's demand, over its replications.
struct LayoutFigures {
  Estimate mean_min, p50_min, p95_min;  // time from arrival (what a driver lives), minutes
  Estimate in_system_mean_min;          // entry read → exit read, minutes
  Estimate upstream_wait_mean_min;
  Estimate completed, still_inside;
  Estimate max_queue;              // most trucks waiting at one 5-minute point
  std::vector<double> queue_mean;  // mean over replications, per queue sample
};

/// One point of the capacity sweep for one layout.
struct SweepPoint {
  int layout = 0;
  double trucks_per_day = 0;
  Estimate mean_min;  // time from arrival
  Estimate still_inside;
};

/// Where a layout's sweep curve passes the threshold.
struct Capacity {
  enum class Kind { kFound, kBelowRange, kAboveRange, kNoSweep };
  Kind kind = Kind::kNoSweep;
  double trucks_per_day = 0;  // kFound: interpolated; kBelowRange/kAboveRange: the range's end
};

/// Finds where `mean_min` (by increasing trucks/day) first reaches `threshold_min`, by linear
/// interpolation between the grid points on either side.
Capacity FindCapacity(const std::vector<SweepPoint>& curve, double threshold_min);

/// Everything a study produced.
struct StudyResult {
  bool ok = false;
  std::vector<std::string> errors;
  std::vector<StudyLayout> layouts;
  Demand demand;
  StudyOptions options;
  std::vector<StudyRun> runs;                  // main runs (layout-major, then replication), then the sweep's
  std::vector<LayoutFigures> figures;          // per layout
  std::vector<std::vector<SweepPoint>> sweep;  // per layout, by trucks/day
  std::vector<Capacity> capacity;              // per layout
  int queue_samples = 0;
  int jobs = 1;
  double wall_s = 0;
};

/// Runs the study. Fails (ok false, errors) on bad options or a demand that names booths a
/// layout does not have.
StudyResult RunStudy(const std::vector<StudyLayout>& layouts, const Demand& demand, const StudyOptions& options);

}  // namespace gatetwin::replay::sim
