// Simulation speed: a 14-lane day at 2,500 trucks, and vehicle updates per second beside SUMO's.
//
//   build/bench/sim_bench                       # all; SUMO is skipped with a message when missing
//   build/bench/sim_bench --benchmark_filter=StraightRoad
//
// The straight-road comparison builds the same scenario for both: one 5 km lane at 30 km/h,
// 800 trucks per hour for an hour (12 m long, IDM with a = 0.8 m/s², b = 1.5 m/s², T = 1.5 s,
// s0 = 2 m), a 0.5 s step, run until the road is empty. SUMO (Debian's `sumo`, its own IDM)
// reports its own updates per second over its simulation loop (`UPS`, start-up excluded); ours
// counts car-following updates over the whole Simulate() call, sensor events included.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "replay/sim/microsim.h"
#include "replay/sim/simulate.h"
#include "world/load.h"

namespace gatetwin::replay::sim {
namespace {

using engine::kUsPerSecond;

constexpr double kRoadM = 5000;
constexpr double kFlowPerHour = 800;

world::World HuuNghi14() {
  auto r = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase2_14lane.yaml");
  if (!r.ok()) std::abort();
  return std::move(*r.world);
}

void BM_SimulateDay14Lane(benchmark::State& state) {
  const world::World w = HuuNghi14();
  const Demand d = DefaultDemand(static_cast<double>(state.range(0)));
  uint64_t updates = 0;
  for (auto _ : state) {
    std::ostringstream feed;
    const SimResult r = Simulate(w, d, SimOptions{}, feed);
    updates += r.vehicle_updates;
    benchmark::DoNotOptimize(r.trips.size());
  }
  state.counters["updates_per_s"] = benchmark::Counter(static_cast<double>(updates), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateDay14Lane)->Arg(2500)->Unit(benchmark::kMillisecond)->UseRealTime();

// the whole `gatetwin simulate`: microsimulation, its feed through the replay, the report
void BM_SimulateAndReplayDay14Lane(benchmark::State& state) {
  const world::World w = HuuNghi14();
  const Demand d = DefaultDemand(static_cast<double>(state.range(0)));
  for (auto _ : state) {
    const SimulationRun run = RunSimulation(w, d, SimulationOptions{});
    if (!run.ok) state.SkipWithError("simulation failed");
    benchmark::DoNotOptimize(run.report_json.size());
  }
}
BENCHMARK(BM_SimulateAndReplayDay14Lane)->Arg(2500)->Unit(benchmark::kMillisecond)->UseRealTime();

world::World StraightRoad() {
  world::World w;
  w.name = "straight";
  w.anchor = {21.97, 106.71, 0};
  world::Lane lane;
  lane.id = "road";
  lane.speed_limit_kmh = 30;
  lane.polyline = {{0, 0, 0}, {0, kRoadM, 0}};
  lane.length_m = kRoadM;
  w.lanes.push_back(lane);
  for (const auto& [id, role, at] :
       {std::tuple{"in", world::SensorRole::kEntry, 1.0}, std::tuple{"out", world::SensorRole::kExit, kRoadM - 1}}) {
    world::Sensor s;
    s.id = id;
    s.kind = world::SensorKind::kAnpr;
    s.role = role;
    s.lanes = {0};
    s.station_m = {at};
    s.direction = world::Direction::kVnToCn;
    w.sensors.push_back(s);
  }
  w.Reindex();
  return w;
}

void BM_StraightRoadGatetwin(benchmark::State& state) {
  const world::World w = StraightRoad();
  Demand d = DefaultDemand(0);
  d.inspection_share = {};  // documents only
  d.yard_share = 0;
  d.gps_share = 0;
  SimOptions o;
  o.duration_us = 3600 * kUsPerSecond;
  o.start_us = kDefaultSynthDayStartUs + 10 * 3600 * kUsPerSecond;
  d.arrivals_per_hour[0][0][10] = kFlowPerHour;
  uint64_t updates = 0;
  for (auto _ : state) {
    std::ostringstream feed;
    const SimResult r = Simulate(w, d, o, feed);
    updates += r.vehicle_updates;
  }
  state.counters["updates_per_s"] = benchmark::Counter(static_cast<double>(updates), benchmark::Counter::kIsRate);
  state.counters["updates"] = static_cast<double>(updates) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StraightRoadGatetwin)->Unit(benchmark::kMillisecond)->UseRealTime();

// Writes the SUMO scenario into `dir` and builds its network; false when SUMO is not installed.
bool MakeSumoScenario(const std::string& dir, std::string* why) {
  if (std::system("command -v sumo >/dev/null 2>&1 && command -v netconvert >/dev/null 2>&1") != 0) {
    *why = "SUMO is not installed (apt-get install sumo): its side of the comparison is skipped";
    return false;
  }
  std::ofstream(dir + "/road.nod.xml") << "<nodes><node id=\"a\" x=\"0\" y=\"0\"/><node id=\"b\" x=\"0\" y=\"" << kRoadM
                                       << "\"/></nodes>\n";
  std::ofstream(dir + "/road.edg.xml") << "<edges><edge id=\"road\" from=\"a\" to=\"b\" numLanes=\"1\" speed=\""
                                       << 30 / 3.6 << "\"/></edges>\n";
  std::ofstream(dir + "/road.rou.xml")
      << "<routes><vType id=\"truck\" carFollowModel=\"IDM\" accel=\"0.8\" decel=\"1.5\" tau=\"1.5\" minGap=\"2\" "
         "length=\"12\" maxSpeed=\""
      << 30 / 3.6 << "\" speedFactor=\"1\" speedDev=\"0\"/>"
      << "<flow id=\"f\" type=\"truck\" begin=\"0\" end=\"3600\" vehsPerHour=\"" << kFlowPerHour
      << "\" from=\"road\" to=\"road\" departSpeed=\"max\"/></routes>\n";
  const std::string build = "cd " + dir +
                            " && netconvert --node-files road.nod.xml --edge-files road.edg.xml -o road.net.xml "
                            ">netconvert.log 2>&1";
  if (std::system(build.c_str()) != 0) {
    *why = "netconvert failed (see " + dir + "/netconvert.log)";
    return false;
  }
  return true;
}

void BM_StraightRoadSumo(benchmark::State& state) {
  char tmpl[] = "/tmp/gatetwin_sumo_XXXXXX";
  const char* dir = mkdtemp(tmpl);
  std::string why;
  if (dir == nullptr || !MakeSumoScenario(dir, &why)) {
    state.SkipWithError(why.empty() ? "cannot make a temporary directory" : why.c_str());
    return;
  }
  // SUMO_HOME set so that SUMO validates its XML locally instead of looking schemas up online
  const std::string run = std::string("cd ") + dir +
                          " && SUMO_HOME=/usr/share/sumo sumo --xml-validation never -n road.net.xml -r road.rou.xml "
                          "--step-length 0.5 --no-step-log true "
                          "--duration-log.statistics true --no-warnings true 2>&1";
  double ups_sum = 0;
  int runs = 0;
  for (auto _ : state) {
    FILE* p = popen(run.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    size_t n;
    while (p != nullptr && (n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    if (p == nullptr || pclose(p) != 0) {
      state.SkipWithError("sumo failed");
      break;
    }
    // "UPS: 181137.274718": SUMO's own vehicle updates per second of its simulation loop
    const size_t ups = out.find("UPS: ");
    if (ups == std::string::npos) {
      state.SkipWithError(("no UPS in SUMO's output: " + out.substr(0, 300)).c_str());
      break;
    }
    ups_sum += std::atof(out.c_str() + ups + 5);
    ++runs;
  }
  if (runs > 0) state.counters["sumo_updates_per_s"] = ups_sum / runs;
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_StraightRoadSumo)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace gatetwin::replay::sim

BENCHMARK_MAIN();
