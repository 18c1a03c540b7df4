// The layout study: runs on a thread pool, figures with confidence intervals, capacity sweep.
#include "replay/sim/layout_study.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <streambuf>
#include <thread>

namespace gatetwin::replay::sim {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;

constexpr int kMaxSweepPoints = 200;
constexpr int kMaxReplications = 1000;

// the study reads only the ground truth: the sensors' feed goes nowhere
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char* /*s*/, std::streamsize n) override { return n; }
};

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// one run to do: which layout, which demand scale, which seed and step
struct Job {
  int layout = 0;
  int replication = 0;
  double trucks_per_day = 0;
  bool sweep = false;
};

double Minutes(double s) { return s / 60; }

}  // namespace

std::vector<double> SweepGrid::Points() const {
  std::vector<double> out;
  // a small tolerance so that 400:4000:200 includes 4000 despite rounding
  for (int i = 0;; ++i) {
    const double x = from_tpd + i * step_tpd;
    if (x > to_tpd + step_tpd * 1e-9) break;
    out.push_back(x);
  }
  return out;
}

std::optional<SweepGrid> ParseSweep(const std::string& text, std::string* error) {
  SweepGrid g;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%lf:%lf:%lf%c", &g.from_tpd, &g.to_tpd, &g.step_tpd, &tail) != 3) {
    *error = "--sweep `" + text + "`: expected FROM:TO:STEP in trucks/day, e.g. 400:4000:200";
    return std::nullopt;
  }
  if (!(g.from_tpd > 0) || !(g.to_tpd > g.from_tpd) || !(g.step_tpd > 0) || !std::isfinite(g.to_tpd)) {
    *error = "--sweep `" + text + "`: need FROM > 0, TO > FROM and STEP > 0 (trucks/day), e.g. 400:4000:200";
    return std::nullopt;
  }
  if ((g.to_tpd - g.from_tpd) / g.step_tpd + 1 > kMaxSweepPoints) {
    *error = "--sweep `" + text + "`: more than " + std::to_string(kMaxSweepPoints) + " points; take a larger STEP";
    return std::nullopt;
  }
  return g;
}

std::vector<std::string> CheckStudyOptions(const StudyOptions& o) {
  std::vector<std::string> errors;
  if (o.replications < 1 || o.replications > kMaxReplications)
    errors.push_back("--replications must be 1 to " + std::to_string(kMaxReplications) + ", got " +
                     std::to_string(o.replications));
  if (!(o.threshold_min > 0) || !std::isfinite(o.threshold_min))
    errors.push_back("--threshold-min must be a number of minutes above 0, got " + Num(o.threshold_min));
  if (o.jobs < 0) errors.push_back("--jobs must be 0 (all cores) or more, got " + std::to_string(o.jobs));
  if (o.sweep) {
    if (o.sweep_replications < 1 || o.sweep_replications > kMaxReplications)
      errors.push_back("--sweep-replications must be 1 to " + std::to_string(kMaxReplications) + ", got " +
                       std::to_string(o.sweep_replications));
    if (!(o.grid.from_tpd > 0) || !(o.grid.to_tpd > o.grid.from_tpd) || !(o.grid.step_tpd > 0))
      errors.push_back("--sweep needs FROM > 0, TO > FROM and STEP > 0 (trucks/day)");
    else if ((o.grid.to_tpd - o.grid.from_tpd) / o.grid.step_tpd + 1 > kMaxSweepPoints)
      errors.push_back("--sweep has more than " + std::to_string(kMaxSweepPoints) + " points; take a larger STEP");
    if (!(o.sweep_step_s >= 0.05 && o.sweep_step_s <= 5))
      errors.push_back("--sweep-step must be 0.05 to 5 s, got " + Num(o.sweep_step_s));
  }
  if (!(o.sim.step_s >= 0.05 && o.sim.step_s <= 5))
    errors.push_back("--step must be 0.05 to 5 s, got " + Num(o.sim.step_s));
  if (o.sim.duration_us <= 0) errors.push_back("--duration must be above 0");
  if (o.sim.drain_us < 0) errors.push_back("--drain must be 0 or more");
  if (o.queue_interval_s < 1) errors.push_back("the queue sample interval must be at least 1 s");
  return errors;
}

double StudentT975(int dof) {
  // exact to 3 decimals up to 30 degrees of freedom (the usual table)
  static constexpr double kTable[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                        2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                        2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof < 1) return 0;
  if (dof <= 30) return kTable[dof - 1];
  // beyond: the Cornish–Fisher expansion around the normal quantile (error < 1e-4 here)
  const double z = 1.959964, n = dof;
  return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

Estimate MeanCi95(const std::vector<double>& values) {
  Estimate e;
  e.n = static_cast<int>(values.size());
  if (values.empty()) return e;
  double sum = 0;
  for (double v : values) sum += v;
  e.mean = sum / e.n;
  if (e.n < 2) return e;
  double ss = 0;
  for (double v : values) ss += (v - e.mean) * (v - e.mean);
  const double sd = std::sqrt(ss / (e.n - 1));
  e.half_width = StudentT975(e.n - 1) * sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

std::vector<int> QueueSeries(const SimResult& sim, TimeUs start_us, TimeUs interval_us, int samples) {
  std::vector<int> diff(static_cast<size_t>(samples) + 1, 0);
  // index of the first sample at or after t (samples at start + k·interval)
  auto first_at_or_after = [&](TimeUs t) -> int {
    if (t <= start_us) return 0;
    const TimeUs k = (t - start_us + interval_us - 1) / interval_us;
    return static_cast<int>(std::min<TimeUs>(k, samples));
  };
  for (const SimTrip& trip : sim.trips) {
    if (trip.unroutable) continue;  // never came through this layout at all
    TimeUs until = -1;              // -1: never left the wait
    if (trip.service_start_us >= 0) {
      until = trip.service_start_us;
    } else if (trip.booth < 0 && trip.lane_us >= 0) {
      until = trip.lane_us;
    }
    // waiting at sample t when arrival <= t < until
    const int from = first_at_or_after(trip.arrival_us);
    const int to = until < 0 ? samples : first_at_or_after(until);
    if (to <= from) continue;
    ++diff[static_cast<size_t>(from)];
    --diff[static_cast<size_t>(to)];
  }
  std::vector<int> out(static_cast<size_t>(samples));
  int level = 0;
  for (int k = 0; k < samples; ++k) out[static_cast<size_t>(k)] = level += diff[static_cast<size_t>(k)];
  return out;
}

Capacity FindCapacity(const std::vector<SweepPoint>& curve, double threshold_min) {
  Capacity c;
  if (curve.empty()) return c;
  if (curve.front().mean_min.mean >= threshold_min) {
    c.kind = Capacity::Kind::kBelowRange;
    c.trucks_per_day = curve.front().trucks_per_day;
    return c;
  }
  for (size_t i = 1; i < curve.size(); ++i) {
    const SweepPoint& a = curve[i - 1];
    const SweepPoint& b = curve[i];
    if (b.mean_min.mean < threshold_min) continue;
    const double f = (threshold_min - a.mean_min.mean) / (b.mean_min.mean - a.mean_min.mean);
    c.kind = Capacity::Kind::kFound;
    c.trucks_per_day = a.trucks_per_day + f * (b.trucks_per_day - a.trucks_per_day);
    return c;
  }
  c.kind = Capacity::Kind::kAboveRange;
  c.trucks_per_day = curve.back().trucks_per_day;
  return c;
}

StudyResult RunStudy(const std::vector<StudyLayout>& layouts, const Demand& demand, const StudyOptions& options) {
  StudyResult r;
  r.layouts = layouts;
  r.demand = demand;
  r.options = options;
  r.errors = CheckStudyOptions(options);
  if (layouts.empty()) r.errors.push_back("give at least one layout (--worlds A.yaml [B.yaml ...])");
  for (const StudyLayout& l : layouts) {
    if (l.world == nullptr) {
      r.errors.push_back(l.file + ": no world loaded");
      continue;
    }
    std::vector<std::string> problems;
    if (!CheckDemandAgainstWorld(demand, *l.world, &problems)) {
      for (const std::string& p : problems) r.errors.push_back(p + " (in layout " + l.file + ")");
    }
  }
  const double base_tpd = demand.TrucksPerDay();
  if (options.sweep && !(base_tpd > 0))
    r.errors.push_back("the demand has no trucks, so it cannot be scaled for the capacity sweep (give --no-sweep)");
  if (!r.errors.empty()) return r;

  const auto start = std::chrono::steady_clock::now();
  const int n_layouts = static_cast<int>(layouts.size());
  std::vector<Job> jobs;
  for (int l = 0; l < n_layouts; ++l) {
    for (int rep = 0; rep < options.replications; ++rep) jobs.push_back({l, rep, base_tpd, false});
  }
  const std::vector<double> points = options.sweep ? options.grid.Points() : std::vector<double>{};
  for (int l = 0; l < n_layouts; ++l) {
    for (double tpd : points) {
      for (int rep = 0; rep < options.sweep_replications; ++rep) jobs.push_back({l, rep, tpd, true});
    }
  }
  const TimeUs interval_us = static_cast<TimeUs>(options.queue_interval_s) * kUsPerSecond;
  r.queue_samples = static_cast<int>((options.sim.duration_us + options.sim.drain_us) / interval_us) + 1;

  r.runs.resize(jobs.size());
  unsigned threads = options.jobs > 0 ? static_cast<unsigned>(options.jobs) : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(jobs.size()));
  r.jobs = static_cast<int>(threads);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    NullBuffer null_buffer;
    std::ostream null_out(&null_buffer);
    for (size_t i = next++; i < jobs.size(); i = next++) {
      const Job& job = jobs[i];
      const auto t0 = std::chrono::steady_clock::now();
      SimOptions o = options.sim;
      o.seed = options.base_seed + static_cast<uint64_t>(job.replication);
      if (job.sweep) o.step_s = options.sweep_step_s;
      const Demand scaled = job.sweep ? demand.Scaled(job.trucks_per_day / base_tpd) : Demand{};
      const SimResult sim =
          Simulate(*layouts[static_cast<size_t>(job.layout)].world, job.sweep ? scaled : demand, o, null_out);
      StudyRun& run = r.runs[i];  // by index: the same figures whatever the threads' timing
      run.layout = job.layout;
      run.replication = job.replication;
      run.seed = o.seed;
      run.trucks_per_day = job.trucks_per_day;
      run.sweep = job.sweep;
      run.step_s = o.step_s;
      run.truth = Summarise(sim, o);
      if (!job.sweep) run.queue = QueueSeries(sim, o.start_us, interval_us, r.queue_samples);
      run.vehicle_updates = sim.vehicle_updates;
      run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();

  // the main figures per layout
  r.figures.resize(static_cast<size_t>(n_layouts));
  for (int l = 0; l < n_layouts; ++l) {
    std::vector<double> mean, p50, p95, tis, wait, completed, inside, max_queue;
    LayoutFigures& f = r.figures[static_cast<size_t>(l)];
    f.queue_mean.assign(static_cast<size_t>(r.queue_samples), 0);
    for (const StudyRun& run : r.runs) {
      if (run.sweep || run.layout != l) continue;
      mean.push_back(Minutes(run.truth.time_from_arrival_s.mean));
      p50.push_back(Minutes(run.truth.time_from_arrival_s.p50));
      p95.push_back(Minutes(run.truth.time_from_arrival_s.p95));
      tis.push_back(Minutes(run.truth.time_in_system_s.mean));
      wait.push_back(Minutes(run.truth.upstream_wait_s.mean));
      completed.push_back(static_cast<double>(run.truth.completed));
      inside.push_back(static_cast<double>(run.truth.still_inside));
      max_queue.push_back(run.queue.empty() ? 0 : *std::max_element(run.queue.begin(), run.queue.end()));
      for (size_t k = 0; k < run.queue.size(); ++k) f.queue_mean[k] += run.queue[k];
    }
    for (double& q : f.queue_mean) q /= options.replications;
    f.mean_min = MeanCi95(mean);
    f.p50_min = MeanCi95(p50);
    f.p95_min = MeanCi95(p95);
    f.in_system_mean_min = MeanCi95(tis);
    f.upstream_wait_mean_min = MeanCi95(wait);
    f.completed = MeanCi95(completed);
    f.still_inside = MeanCi95(inside);
    f.max_queue = MeanCi95(max_queue);
  }

  // the sweep's curves and capacities
  r.sweep.resize(static_cast<size_t>(n_layouts));
  r.capacity.resize(static_cast<size_t>(n_layouts));
  for (int l = 0; l < n_layouts; ++l) {
    for (double tpd : points) {
      std::vector<double> mean, inside;
      for (const StudyRun& run : r.runs) {
        if (!run.sweep || run.layout != l || run.trucks_per_day != tpd) continue;
        mean.push_back(Minutes(run.truth.time_from_arrival_s.mean));
        inside.push_back(static_cast<double>(run.truth.still_inside));
      }
      r.sweep[static_cast<size_t>(l)].push_back({l, tpd, MeanCi95(mean), MeanCi95(inside)});
    }
    if (options.sweep)
      r.capacity[static_cast<size_t>(l)] = FindCapacity(r.sweep[static_cast<size_t>(l)], options.threshold_min);
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.ok = true;
  return r;
}

}  // namespace gatetwin::replay::sim
