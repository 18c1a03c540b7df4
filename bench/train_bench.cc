// Training shifts: the bundled 6-hour morning shift scored (two runs + the trainee's replay), one
// policy run alone, and reading a scenario file (docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "replay/train/train.h"

namespace {

using namespace gatetwin::replay::train;

const std::string kScenario = std::string(GATETWIN_SOURCE_DIR) + "/assets/scenarios/morning_shift_phase1.yaml";
const std::string kActions = std::string(GATETWIN_SOURCE_DIR) + "/assets/scenarios/morning_shift_phase1.actions.yaml";

const ShiftSetup& Setup() {
  static const ShiftSetup setup = [] {
    std::vector<std::string> errors;
    auto s = LoadShift(kScenario, kActions, &errors);
    if (!s) {
      for (const auto& e : errors) std::cerr << e << "\n";
      std::abort();
    }
    return std::move(*s);
  }();
  return setup;
}

// what `gatetwin train` does after loading: baseline, trainee with its replay, score, report
void BM_MorningShiftScored(benchmark::State& state) {
  const ShiftSetup& s = Setup();
  for (auto _ : state) {
    TrainingRun run = RunTraining(s);
    benchmark::DoNotOptimize(run.report_json.data());
  }
  state.counters["trucks"] = static_cast<double>(RunTraining(s).trainee.kpis.trucks);
}
BENCHMARK(BM_MorningShiftScored)->Unit(benchmark::kMillisecond);

// one policy on the shift (what comparing policies costs per policy)
void BM_MorningShiftOnePolicy(benchmark::State& state) {
  const ShiftSetup& s = Setup();
  for (auto _ : state) {
    PolicyRun run = RunPolicy(s, s.actions, 0.5);
    benchmark::DoNotOptimize(run.kpis.total_delay_h);
  }
}
BENCHMARK(BM_MorningShiftOnePolicy)->Unit(benchmark::kMillisecond);

// a controller that looks at every step and never acts: what the control hook itself costs
class Watcher : public gatetwin::replay::sim::Controller {
 public:
  void Step(const gatetwin::replay::sim::GateView& view, std::vector<gatetwin::replay::sim::Command>*) override {
    peak_ = std::max(peak_, view.queue[0] + view.queue[1]);
  }
  int peak_ = 0;
};

// the shift's traffic without its incidents, with no controller (arg 0) or a watching one (arg 1)
void BM_MorningShiftUndisturbed(benchmark::State& state) {
  const ShiftSetup& s = Setup();
  gatetwin::replay::sim::SimOptions o;
  o.seed = s.scenario.seed;
  o.start_us = s.scenario.start_us;
  o.duration_us = s.scenario.duration_us;
  o.drain_us = s.scenario.drain_us;
  Watcher watcher;
  if (state.range(0) == 1) o.controller = &watcher;
  for (auto _ : state) {
    std::ostringstream out;
    auto r = gatetwin::replay::sim::Simulate(s.world, s.demand, o, out);
    benchmark::DoNotOptimize(r.trips.data());
  }
}
BENCHMARK(BM_MorningShiftUndisturbed)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_LoadScenarioAndActions(benchmark::State& state) {
  for (auto _ : state) {
    gatetwin::world::Diagnostics d;
    auto sc = LoadScenario(kScenario, &d);
    auto actions = LoadActions(kActions, sc->start_us, &d);
    benchmark::DoNotOptimize(actions->actions.data());
  }
}
BENCHMARK(BM_LoadScenarioAndActions)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
