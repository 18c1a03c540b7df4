// Benchmarks of the layout study: a 12-run study, and one 14-lane day at 2,500 trucks simulated alone.
//
// BM_Study12Runs: the 4, 6 and 14-lane phases × the pilot (800/day) and 2027 (2,500/day) demands
// × 2 replications = 12 runs, without the capacity sweep, on every core (the target: under a
// minute on 2 cores). BM_StudySweep: the capacity sweep alone of the 6 and 14-lane phases, 400 to
// 4,000 trucks/day in steps of 400, 2 runs a point, 1 s step (40 runs). BM_Simulate14Lane2500: one
// microsimulated day, its feed written to nowhere (the study's path), step 0.5 s.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "replay/sim/layout_study.h"
#include "world/load.h"

namespace gatetwin::replay::sim {
namespace {

const std::string kWorlds = std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/";

const world::World& Phase(const std::string& name) {
  // a map: its elements stay where they are as others are added
  static std::map<std::string, world::World> loaded;
  if (auto it = loaded.find(name); it != loaded.end()) return it->second;
  auto result = world::LoadWorld(kWorlds + name + ".yaml");
  if (!result.ok()) std::abort();
  return loaded.emplace(name, std::move(*result.world)).first->second;
}

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char* /*s*/, std::streamsize n) override { return n; }
};

void BM_Study12Runs(benchmark::State& state) {
  const std::vector<StudyLayout> layouts = {{&Phase("phase0_4lane"), "phase0_4lane.yaml"},
                                            {&Phase("phase1_6lane"), "phase1_6lane.yaml"},
                                            {&Phase("phase2_14lane"), "phase2_14lane.yaml"}};
  StudyOptions o;
  o.replications = 2;
  o.sweep = false;
  int threads = 0;
  for (auto _ : state) {
    for (double tpd : {800.0, 2500.0}) {
      const StudyResult r = RunStudy(layouts, DefaultDemand(tpd), o);
      if (!r.ok) state.SkipWithError("study failed");
      threads = r.jobs;
      benchmark::DoNotOptimize(r.figures.data());
    }
  }
  state.counters["runs"] = 12;
  state.counters["threads"] = threads;
}
BENCHMARK(BM_Study12Runs)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1)->Repetitions(3);

void BM_StudySweep(benchmark::State& state) {
  const std::vector<StudyLayout> layouts = {{&Phase("phase1_6lane"), "phase1_6lane.yaml"},
                                            {&Phase("phase2_14lane"), "phase2_14lane.yaml"}};
  StudyOptions o;
  o.replications = 1;
  o.grid = {400, 4000, 400};
  for (auto _ : state) {
    const StudyResult r = RunStudy(layouts, DefaultDemand(800), o);
    if (!r.ok) state.SkipWithError("study failed");
    benchmark::DoNotOptimize(r.capacity.data());
  }
  state.counters["sweep_runs"] = 2 * 10 * 2;
}
BENCHMARK(BM_StudySweep)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1)->Repetitions(3);

void BM_Simulate14Lane2500(benchmark::State& state) {
  const world::World& w = Phase("phase2_14lane");
  const Demand d = DefaultDemand(2500);
  SimOptions o;
  NullBuffer null_buffer;
  std::ostream out(&null_buffer);
  uint64_t updates = 0;
  for (auto _ : state) {
    const SimResult r = Simulate(w, d, o, out);
    updates = r.vehicle_updates;
    benchmark::DoNotOptimize(r.trips.data());
  }
  state.counters["vehicle_updates"] = static_cast<double>(updates);
}
BENCHMARK(BM_Simulate14Lane2500)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3)->Repetitions(3);

}  // namespace
}  // namespace gatetwin::replay::sim

BENCHMARK_MAIN();
