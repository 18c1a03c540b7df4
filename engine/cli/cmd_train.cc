// `gatetwin train`: a training shift with scripted trainee actions, scored against the baseline.
#include <iomanip>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "replay/train/train.h"

namespace gatetwin::cli {
namespace {

struct TrainArgs {
  std::string scenario;
  std::string actions;
  std::string report;
  std::string record;
  std::string expect;
  double step_s = 0.5;
  bool quiet = false;
};

std::string Clock(engine::TimeUs t) {
  // HH:MM:SS of the gate's local clock
  return t < 0 ? "--:--:--" : engine::FormatRfc3339(t).substr(11, 8);
}

void PrintSummary(const replay::train::ShiftSetup& s, const replay::train::TrainingRun& run) {
  using replay::train::TimelineEntry;
  const auto& b = run.baseline.kpis;
  const auto& t = run.trainee.kpis;
  std::cout << std::fixed << std::setprecision(1);
  std::cout << "gatetwin train: " << (s.scenario.name.empty() ? s.scenario.file : s.scenario.name) << " on "
            << s.world.name << " (" << s.world.phase << ")\n";
  std::cout << "  score            " << run.score.total << " / 100\n";
  std::cout << "                   trainee   baseline\n";
  std::cout << "  trucks           " << std::setw(7) << t.trucks << "   " << std::setw(8) << b.trucks << "\n";
  std::cout << "  total delay h    " << std::setw(7) << t.total_delay_h << "   " << std::setw(8) << b.total_delay_h
            << "\n";
  std::cout << "  perishable h     " << std::setw(7) << t.perishable_delay_h << "   " << std::setw(8)
            << b.perishable_delay_h << "\n";
  std::cout << "  peak queue       " << std::setw(7) << t.peak_queue << "   " << std::setw(8) << b.peak_queue << "\n";
  for (const auto& r : run.score.responses) {
    const auto& inc = s.scenario.incidents[static_cast<size_t>(r.incident)];
    std::cout << "  incident " << std::left << std::setw(20) << inc.id << std::right << " fired " << Clock(r.fired_us);
    if (r.response_s >= 0) {
      std::cout << ", acknowledged after " << r.response_s << " s";
    } else if (r.scored) {
      std::cout << ", never acknowledged";
    }
    std::cout << "\n";
  }
  for (const TimelineEntry& e : run.trainee.log.timeline) {
    if (e.type == TimelineEntry::Type::kRefused)
      std::cout << "  refused " << Clock(e.t_us) << " " << e.what << ": " << e.detail << "\n";
  }
  std::cout.unsetf(std::ios::floatfield);
}

int Run(const TrainArgs& a) {
  std::vector<std::string> errors;
  auto setup = replay::train::LoadShift(a.scenario, a.actions, &errors);
  for (const std::string& e : errors) std::cerr << e << "\n";
  if (!setup) {
    std::cerr << "gatetwin train: the scenario or actions have errors (the formats: docs/training.md)\n";
    return kExitUsage;
  }
  replay::train::TrainingOptions options;
  options.record_path = a.record;
  options.step_s = a.step_s;
  const replay::train::TrainingRun run = replay::train::RunTraining(*setup, options);
  for (const std::string& e : run.errors) std::cerr << "gatetwin train: " << e << "\n";
  if (!run.ok) return kExitUsage;
  if (!a.report.empty() && !WriteTextFile(a.report, run.report_json)) return kExitUsage;
  if (!a.quiet) PrintSummary(*setup, run);
  if (a.expect.empty()) return kExitOk;
  return CheckExpectOrPrint(run.report_json, a.expect, a.quiet);
}

}  // namespace

void AddTrainCommand(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train",
      "Run a training shift: the scenario's incidents, the trainee's scripted actions, a score against "
      "the scenario's baseline policy");
  cmd->add_option("--scenario", a->scenario, "Scenario YAML: world, traffic, incidents (docs/training.md)")->required();
  cmd->add_option("--actions", a->actions, "The trainee's actions (YAML); none: the trainee does nothing");
  cmd->add_option("--report", a->report, "Write the JSON training report here (- for stdout)");
  cmd->add_option("--record", a->record,
                  "Write the trainee run's sensor feed here (JSON Lines): the session recording");
  cmd->add_option("--expect", a->expect,
                  "Bounds on report values (YAML), e.g. score.total: {min: 60}; exit 1 when one fails");
  cmd->add_option("--step", a->step_s, "Integration step of the car-following model, s (default 0.5)")
      ->check(CLI::Range(0.05, 5.0));
  cmd->add_flag("--quiet,-q", a->quiet, "No summary");
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
