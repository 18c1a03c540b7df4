// `gatetwin study layout`: one demand on several layouts over N seeds, capacities, an HTML report.
#include <cstdio>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "engine/cli/sim_window.h"
#include "replay/sim/layout_study.h"
#include "replay/sim/study_report.h"
#include "world/load.h"

namespace gatetwin::cli {
namespace {

struct StudyArgs {
  std::vector<std::string> worlds;
  std::string demand;
  double trucks_per_day = -1;
  int replications = 5;
  std::string report;
  double threshold_min = 60;
  std::string sweep = "400:4000:400";
  bool no_sweep = false;
  int sweep_replications = 2;
  double sweep_step_s = 1.0;
  int jobs = 0;
  uint64_t seed = 1;
  double step_s = 0.5;
  SimWindowArgs window;
  bool quiet = false;
};

constexpr const char* kWho = "gatetwin study layout: ";

std::string Cell(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void PrintTable(const replay::sim::StudyResult& r) {
  using replay::sim::Capacity;
  std::printf("layout study — %s, %.0f trucks/day expected, %d runs per layout\n",
              r.demand.name.empty() ? "demand" : r.demand.name.c_str(), r.demand.TrucksPerDay(),
              r.options.replications);
  std::printf("  %-38s %16s %16s %12s %10s  %s\n", "layout", "mean min (95%)", "p95 min (95%)", "upstream min",
              "inside", "capacity trucks/day");
  for (size_t l = 0; l < r.figures.size(); ++l) {
    const auto& f = r.figures[l];
    std::string cap = "-";
    if (r.options.sweep) {
      const Capacity& c = r.capacity[l];
      if (c.kind == Capacity::Kind::kFound) cap = Cell(c.trucks_per_day, 0);
      if (c.kind == Capacity::Kind::kBelowRange) cap = "< " + Cell(c.trucks_per_day, 0);
      if (c.kind == Capacity::Kind::kAboveRange) cap = "> " + Cell(c.trucks_per_day, 0);
    }
    std::printf("  %-38s %16s %16s %12s %10s  %s\n", replay::sim::LayoutName(r.layouts[l]).c_str(),
                (Cell(f.mean_min.mean, 1) + " ± " + Cell(f.mean_min.half_width, 1)).c_str(),
                (Cell(f.p95_min.mean, 1) + " ± " + Cell(f.p95_min.half_width, 1)).c_str(),
                Cell(f.upstream_wait_mean_min.mean, 1).c_str(), Cell(f.still_inside.mean, 0).c_str(), cap.c_str());
  }
  std::printf("  %zu runs on %d threads in %.1f s\n", r.runs.size(), r.jobs, r.wall_s);
}

int Run(const StudyArgs& a) {
  if (a.report.empty()) {
    std::cerr << kWho << "--report DIR is required: the directory for index.html and the CSV files\n";
    return kExitUsage;
  }
  if (a.demand.empty() == (a.trucks_per_day < 0)) {
    std::cerr << kWho << "give one of --demand FILE or --trucks-per-day N (the default gate day)\n";
    return kExitUsage;
  }
  replay::sim::StudyOptions o;
  o.replications = a.replications;
  o.base_seed = a.seed;
  o.jobs = a.jobs;
  o.threshold_min = a.threshold_min;
  o.sweep = !a.no_sweep;
  o.sweep_replications = a.sweep_replications;
  o.sweep_step_s = a.sweep_step_s;
  o.sim.step_s = a.step_s;
  if (o.sweep) {
    std::string error;
    auto grid = replay::sim::ParseSweep(a.sweep, &error);
    if (!grid) {
      std::cerr << kWho << error << "\n";
      return kExitUsage;
    }
    o.grid = *grid;
  }
  if (!ApplySimWindow(a.window, kWho, &o.sim)) return kExitUsage;
  // the cheap checks first: a typo in an option should not wait for every world to load
  const auto option_errors = replay::sim::CheckStudyOptions(o);
  for (const std::string& e : option_errors) std::cerr << kWho << e << "\n";
  if (!option_errors.empty()) return kExitUsage;

  replay::sim::Demand demand = replay::sim::DefaultDemand(a.trucks_per_day >= 0 ? a.trucks_per_day : 0);
  if (a.trucks_per_day >= 0) demand.name = "default gate day";
  if (!a.demand.empty()) {
    world::Diagnostics diags;
    auto loaded = replay::sim::LoadDemand(a.demand, &diags);
    if (!loaded) {
      for (const auto& d : diags.TakeSorted({a.demand})) std::cerr << d.ToString() << "\n";
      std::cerr << kWho << a.demand << ": the demand file has errors (see docs/layout-study.md)\n";
      return kExitUsage;
    }
    demand = std::move(*loaded);
  }
  std::vector<world::World> worlds;
  worlds.reserve(a.worlds.size());
  for (const std::string& path : a.worlds) {
    auto w = LoadWorldOrPrint(path);
    if (!w) {
      std::cerr << kWho << path << ": cannot use this world (see the errors above)\n";
      return kExitUsage;
    }
    worlds.push_back(std::move(*w));
  }
  std::vector<replay::sim::StudyLayout> layouts;
  for (size_t i = 0; i < worlds.size(); ++i) layouts.push_back({&worlds[i], a.worlds[i]});

  const replay::sim::StudyResult result = replay::sim::RunStudy(layouts, demand, o);
  for (const std::string& e : result.errors) std::cerr << kWho << e << "\n";
  if (!result.ok) return kExitUsage;
  std::vector<std::string> errors;
  if (!replay::sim::WriteStudyReport(result, a.report, &errors)) {
    for (const std::string& e : errors) std::cerr << kWho << e << "\n";
    return kExitUsage;
  }
  if (!a.quiet) {
    PrintTable(result);
    std::cout << replay::sim::StudyConclusion(result) << "\n";
    std::cout << "report: " << a.report << "/index.html (figures: summary.csv, sweep.csv, queue.csv, runs.csv, "
              << "study.json)\n";
  }
  return kExitOk;
}

}  // namespace

void AddStudyCommands(CLI::App& app, RunFn* run) {
  CLI::App* study = app.add_subcommand("study", "Studies over many simulated runs (layout)");
  study->require_subcommand(1);
  auto a = std::make_shared<StudyArgs>();
  CLI::App* cmd = study->add_subcommand(
      "layout",
      "The same demand on each layout over N seeds, in parallel, plus a demand sweep for each layout's capacity; "
      "writes an HTML report with charts and the figures as CSV");
  cmd->add_option("--worlds", a->worlds, "World YAML files, one per layout (e.g. the 4, 6 and 14-lane phases)")
      ->required();
  cmd->add_option("--demand", a->demand, "Demand YAML (assets/demand/*.yaml)");
  cmd->add_option("--trucks-per-day", a->trucks_per_day, "Instead of --demand: the default gate day at N trucks/day")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--replications", a->replications, "Runs per layout at the demand, seeds SEED..SEED+N-1 (default 5)");
  cmd->add_option("--report", a->report,
                  "Directory for index.html, summary.csv, sweep.csv, queue.csv, runs.csv, "
                  "study.json (created)");
  cmd->add_option("--threshold-min", a->threshold_min,
                  "Capacity: the mean time from arrival, min, at which a layout counts as full (default 60)");
  cmd->add_option("--sweep", a->sweep, "Capacity sweep grid FROM:TO:STEP in trucks/day (default 400:4000:400)");
  cmd->add_flag("--no-sweep", a->no_sweep, "No capacity sweep (faster)");
  cmd->add_option("--sweep-replications", a->sweep_replications, "Runs per sweep point and layout (default 2)");
  cmd->add_option("--sweep-step", a->sweep_step_s, "Integration step of the sweep's runs, s (default 1)");
  cmd->add_option("--jobs,-j", a->jobs, "Threads (default 0: every core)");
  cmd->add_option("--seed", a->seed, "Base seed: replication r uses SEED + r on every layout (default 1)");
  cmd->add_option("--step", a->step_s, "Integration step of the main runs, s (default 0.5)");
  AddSimWindowOptions(cmd, &a->window);
  cmd->add_flag("--quiet,-q", a->quiet, "No table on stdout");
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
