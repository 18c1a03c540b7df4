// A simulated run end to end: microsimulation → its sensors' feed → the replay pipeline → report.
//
// The simulated feed goes through exactly the replay a recorded feed goes through (readers,
// merge, track reconstruction, engine, plugins, report), so a simulated day and a replay of its
// recorded feed give the same report, and plugins work the same in both. The report gains a
// `simulation` section with the ground truth the sensors could only estimate (true times,
// waiting upstream out of the cameras' sight, delay against free flow).
#pragma once

#include <string>
#include <vector>

#include "engine/plugin_host.h"
#include "replay/report.h"
#include "replay/sim/demand.h"
#include "replay/sim/microsim.h"
#include "world/world.h"

namespace gatetwin::replay::sim {

/// What to simulate and where the outputs go.
struct SimulationOptions {
  SimOptions sim;
  std::string record_path;                // write the simulated feed here (JSONL); empty: kept in memory
  engine::PluginHost* plugins = nullptr;  // run with the replay of the simulated feed (not owned)
  engine::EngineOptions engine;           // of the replay's engine
};

/// The ground truth, summarised.
struct SimulationTruth {
  uint64_t arrivals = 0, completed = 0, still_inside = 0, unroutable = 0, yard_full = 0;
  std::array<uint64_t, 2> completed_by_direction{};
  Distribution time_in_system_s;  // entry read → exit read, as the report measures it
  std::array<Distribution, 2> time_in_system_by_direction_s;
  Distribution time_from_arrival_s;  // arrival in the area → exit read: what a driver lives
  std::array<Distribution, 2> time_from_arrival_by_direction_s;
  Distribution upstream_wait_s;  // arrival → entering a lane (queue beyond the cameras)
  Distribution delay_s;          // time in system − free-flow time (drive at the limit + own service)
  Distribution perishable_time_from_arrival_s;
  std::array<double, 2> throughput_per_hour{};  // completed trips per hour of the arrival window
};

/// Everything a simulated run produced.
struct SimulationRun {
  bool ok = false;
  std::vector<std::string> errors;
  SimResult sim;
  SimulationTruth truth;
  Report report;
  std::string report_json;  // the replay report with the `simulation` section
};

/// Runs `demand` on `world` and replays what its sensors reported.
SimulationRun RunSimulation(const world::World& world, const Demand& demand, const SimulationOptions& options);

/// Summarises the trips of a simulation.
SimulationTruth Summarise(const SimResult& sim, const SimOptions& options);

}  // namespace gatetwin::replay::sim
