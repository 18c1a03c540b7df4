// `gatetwin simulate`: a demand (or a recorded feed's trucks) on a layout → feed, report, pass/fail.
#include <iomanip>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "engine/cli/demand_arg.h"
#include "engine/cli/sim_window.h"
#include "replay/sim/feed_arrivals.h"
#include "replay/sim/simulate.h"
#include "world/load.h"

namespace gatetwin::cli {
namespace {

struct SimulateArgs {
  std::string world;
  std::string demand;
  double trucks_per_day = -1;
  std::vector<std::string> arrivals_from;
  SimWindowArgs window;
  uint64_t seed = 1;
  double step_s = 0.5;
  std::string report;
  std::string record;
  std::string expect;
  std::vector<std::string> plugins;
  std::string plugin_out;
  bool quiet = false;
};

// a few lines of ground truth under the replay's summary
void PrintTruth(const replay::sim::SimulationRun& run) {
  const auto& t = run.truth;
  auto minutes = [](double s) { return s / 60; };
  std::cout << std::fixed << std::setprecision(1);
  std::cout << "simulation (ground truth)\n"
            << "  trucks      " << t.arrivals << " arrived, " << t.completed << " through, " << t.still_inside
            << " still inside at the end";
  if (t.unroutable > 0) std::cout << ", " << t.unroutable << " with no lane for their class";
  std::cout << "\n  from arrival  mean " << minutes(t.time_from_arrival_s.mean) << " min, p95 "
            << minutes(t.time_from_arrival_s.p95) << " min (upstream wait mean " << minutes(t.upstream_wait_s.mean)
            << " min, p95 " << minutes(t.upstream_wait_s.p95) << " min)\n"
            << "  delay against free flow  mean " << minutes(t.delay_s.mean) << " min, p95 " << minutes(t.delay_s.p95)
            << " min\n"
            << "  model       IDM, " << run.sim.vehicle_updates << " vehicle updates\n";
  std::cout.unsetf(std::ios::floatfield);
}

int Run(const SimulateArgs& a) {
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  const int sources = !a.demand.empty() + (a.trucks_per_day >= 0) + !a.arrivals_from.empty();
  if (sources > 1 && !(sources == 2 && !a.demand.empty() && !a.arrivals_from.empty())) {
    std::cerr << "gatetwin simulate: give one of --demand FILE, --trucks-per-day N or --arrivals-from FEED "
                 "(--demand may go with --arrivals-from for its shares and service times)\n";
    return kExitUsage;
  }
  auto from_args = DemandFromArgs(a.demand, a.trucks_per_day, "gatetwin simulate");
  if (!from_args) return kExitUsage;
  replay::sim::Demand demand = std::move(*from_args);
  replay::sim::SimulationOptions options;
  options.sim.seed = a.seed;
  options.sim.step_s = a.step_s;
  if (!ApplySimWindow(a.window, "gatetwin simulate: ", &options.sim)) return kExitUsage;
  if (!a.arrivals_from.empty()) {
    auto from = replay::sim::ArrivalsFromFeed(*world, a.arrivals_from);
    for (const std::string& e : from.errors) std::cerr << "gatetwin simulate: " << e << "\n";
    if (!from.ok) return kExitUsage;
    if (a.demand.empty()) demand = demand.Scaled(0);  // only the feed's trucks arrive
    demand.name = "arrivals from " + a.arrivals_from.front();
    replay::sim::UseArrivals(std::move(from.arrivals), &options.sim);
  }
  options.record_path = a.record;
  engine::PluginHost plugins;
  if (!LoadPluginsOrPrint(a.plugins, a.plugin_out, &plugins)) return kExitUsage;
  options.plugins = &plugins;

  const replay::sim::SimulationRun run = replay::sim::RunSimulation(*world, demand, options);
  for (const std::string& e : run.errors) std::cerr << "gatetwin simulate: " << e << "\n";
  if (!run.ok) return kExitUsage;
  if (!a.report.empty() && !WriteTextFile(a.report, run.report_json)) return kExitUsage;
  if (!a.quiet) {
    std::cout << replay::ReportSummary(run.report, "gatetwin simulate (its sensors replayed)");
    PrintTruth(run);
  }
  if (a.expect.empty()) return kExitOk;
  return CheckExpectOrPrint(run.report_json, a.expect, a.quiet);
}

}  // namespace

void AddSimulateCommand(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Simulate a demand on a layout (IDM car following, booths, yards); its sensors' feed is replayed "
      "into the report");
  cmd->add_option("--world", a->world, "World YAML (any layout phase)")->required();
  cmd->add_option("--demand", a->demand, "Demand YAML: arrivals per hour, inspection mix (docs/layout-planning.md)");
  cmd->add_option("--trucks-per-day", a->trucks_per_day, "Instead of --demand: the default gate day at N trucks/day")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option(
      "--arrivals-from", a->arrivals_from,
      "Take the arrivals from a recorded feed's entry reads (repeatable): yesterday's trucks on this layout");
  AddSimWindowOptions(cmd, &a->window);
  cmd->add_option("--seed", a->seed, "Random seed: the same seed gives the same feed and report");
  cmd->add_option("--step", a->step_s, "Integration step of the car-following model, s (default 0.5)")
      ->check(CLI::Range(0.05, 5.0));
  cmd->add_option("--report", a->report, "Write the JSON report (with the `simulation` section) here (- for stdout)");
  cmd->add_option("--record", a->record, "Write the simulated sensors' feed here (JSON Lines): replay it any time");
  cmd->add_option("--expect", a->expect, "Bounds on report values (YAML); exit 1 when one fails");
  cmd->add_option("--plugin", a->plugins, "Run a plugin: NAME[:key=value,...] (see `gatetwin plugin list`)");
  cmd->add_option("--plugin-out", a->plugin_out, "Directory where plugins write their own files");
  cmd->add_flag("--quiet,-q", a->quiet, "No summary");
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
