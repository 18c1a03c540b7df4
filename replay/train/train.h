// A training shift end to end: load the scenario, run the baseline and the trainee, score, report.
//
// `gatetwin train` and the viewer's training mode call this. Both runs simulate the same
// traffic with the same seed (replay/sim/microsim.h), under the same incidents; only the
// policy differs. The trainee's run also replays its sensors' feed, so the report says what
// the control room saw (a sensor offline loses reads there, not in the ground truth).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "replay/sim/demand.h"
#include "replay/sim/simulate.h"
#include "replay/train/score.h"
#include "world/world.h"

namespace gatetwin::replay::train {

/// Everything a shift needs, loaded and resolved.
struct ShiftSetup {
  world::World world;
  Scenario scenario;
  sim::Demand demand;
  std::vector<sim::Arrival> arrivals;  // from a recorded feed, when the scenario says so
  std::vector<Action> actions;         // the trainee's
  std::string actions_file;
};

/// Loads the scenario, its world and traffic, and the trainee's actions (no file: none). On
/// errors returns nullopt with every message (`file:line:col: ...`) in `errors`.
std::optional<ShiftSetup> LoadShift(const std::string& scenario_path, const std::string& actions_path,
                                    std::vector<std::string>* errors);

/// One run of the shift under one policy.
struct PolicyRun {
  sim::SimResult sim;
  ShiftLog log;
  ShiftKpis kpis;
};

struct TrainingRun {
  bool ok = false;
  std::vector<std::string> errors;
  PolicyRun baseline, trainee;
  Score score;
  std::string replay_report_json;  // the replay of the trainee run's feed
  std::string report_json;         // the training report (docs/training.md)
};

struct TrainingOptions {
  std::string record_path;  // write the trainee run's simulated feed here (the session recording)
  double step_s = 0.5;
};

/// Runs the baseline policy and the trainee's actions on the shift and scores the trainee.
TrainingRun RunTraining(const ShiftSetup& setup, const TrainingOptions& options = {});

/// Runs the shift once under `actions` (for comparing policies without a score); the sensors'
/// feed goes to `feed` when given.
PolicyRun RunPolicy(const ShiftSetup& setup, const std::vector<Action>& actions, double step_s,
                    std::ostream* feed = nullptr);

}  // namespace gatetwin::replay::train
