// RunSimulation: simulate, optionally record, replay the simulated feed, add the ground truth.
#include "replay/sim/simulate.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "replay/report_json.h"
#include "replay/session.h"

namespace gatetwin::replay::sim {
namespace {

using engine::TimeUs;
using Json = nlohmann::ordered_json;

Json ByDirection(const std::array<Distribution, 2>& d) {
  return Json{{"vn_to_cn", DistributionJson(d[0])}, {"cn_to_vn", DistributionJson(d[1])}};
}

Json TruthJson(const SimulationTruth& t, const SimResult& sim, const SimOptions& o, const Demand& demand) {
  Json j;
  j["model"] = "idm";
  j["seed"] = o.seed;
  j["step_s"] = o.step_s;
  j["demand"] = {{"name", demand.name},
                 {"expected_trucks_per_day", Round3(demand.TrucksPerDay())},
                 {"arrivals_given", o.arrivals.size()}};
  j["arrivals"] = t.arrivals;
  j["completed"] = t.completed;
  j["completed_by_direction"] = {{"vn_to_cn", t.completed_by_direction[0]}, {"cn_to_vn", t.completed_by_direction[1]}};
  j["still_inside"] = t.still_inside;
  j["unroutable"] = t.unroutable;
  j["yard_full"] = t.yard_full;
  j["vehicle_updates"] = sim.vehicle_updates;
  Json tis = DistributionJson(t.time_in_system_s);
  tis["by_direction"] = ByDirection(t.time_in_system_by_direction_s);
  j["time_in_system_s"] = tis;
  Json tfa = DistributionJson(t.time_from_arrival_s);
  tfa["by_direction"] = ByDirection(t.time_from_arrival_by_direction_s);
  j["time_from_arrival_s"] = tfa;
  j["upstream_wait_s"] = DistributionJson(t.upstream_wait_s);
  j["delay_s"] = DistributionJson(t.delay_s);
  j["perishable_time_from_arrival_s"] = DistributionJson(t.perishable_time_from_arrival_s);
  j["throughput_per_hour"] = {{"vn_to_cn", Round3(t.throughput_per_hour[0])},
                              {"cn_to_vn", Round3(t.throughput_per_hour[1])}};
  return j;
}

}  // namespace

SimulationTruth Summarise(const SimResult& sim, const SimOptions& options) {
  SimulationTruth t;
  std::vector<double> tis, tfa, wait, delay, perishable;
  std::array<std::vector<double>, 2> tis_dir, tfa_dir;
  t.arrivals = sim.trips.size();
  t.unroutable = static_cast<uint64_t>(sim.unroutable);
  t.yard_full = static_cast<uint64_t>(sim.yard_full);
  for (const SimTrip& trip : sim.trips) {
    if (trip.lane_us >= 0) wait.push_back(static_cast<double>(trip.lane_us - trip.arrival_us) / 1e6);
    if (trip.exit_us < 0) continue;
    const auto d = static_cast<size_t>(trip.dir);
    ++t.completed;
    ++t.completed_by_direction[d];
    const double from_arrival_s = static_cast<double>(trip.exit_us - trip.arrival_us) / 1e6;
    tfa.push_back(from_arrival_s);
    tfa_dir[d].push_back(from_arrival_s);
    if (trip.perishable) perishable.push_back(from_arrival_s);
    if (trip.entry_us >= 0) {
      const double in_system_s = static_cast<double>(trip.exit_us - trip.entry_us) / 1e6;
      tis.push_back(in_system_s);
      tis_dir[d].push_back(in_system_s);
      delay.push_back(std::max(0.0, in_system_s - trip.free_flow_s));
    }
  }
  for (const SimTrip& trip : sim.trips) t.still_inside += trip.exit_us < 0 && !trip.unroutable;
  t.time_in_system_s = replay::Summarise(tis);
  t.time_from_arrival_s = replay::Summarise(tfa);
  for (size_t d = 0; d < 2; ++d) {
    t.time_in_system_by_direction_s[d] = replay::Summarise(tis_dir[d]);
    t.time_from_arrival_by_direction_s[d] = replay::Summarise(tfa_dir[d]);
    const double hours = static_cast<double>(options.duration_us) / 3.6e9;
    t.throughput_per_hour[d] = hours > 0 ? static_cast<double>(t.completed_by_direction[d]) / hours : 0;
  }
  t.upstream_wait_s = replay::Summarise(wait);
  t.delay_s = replay::Summarise(delay);
  t.perishable_time_from_arrival_s = replay::Summarise(perishable);
  return t;
}

SimulationRun RunSimulation(const world::World& world, const Demand& demand, const SimulationOptions& options) {
  SimulationRun run;
  if (!CheckDemandAgainstWorld(demand, world, &run.errors)) return run;
  std::ostringstream feed;
  run.sim = Simulate(world, demand, options.sim, feed);
  auto text = std::make_shared<const std::string>(std::move(feed).str());
  if (!options.record_path.empty()) {
    std::ofstream out(options.record_path, std::ios::binary | std::ios::trunc);
    out << *text;
    out.close();
    if (!out) {
      run.errors.push_back(options.record_path + ": cannot write the simulated feed there");
      return run;
    }
  }
  run.truth = Summarise(run.sim, options.sim);

  ReplayOptions replay;
  // the recording's name when there is one, so the report reads as a replay of that file would
  replay.feed_texts.emplace_back(options.record_path.empty() ? "simulated:" + demand.name : options.record_path, text);
  replay.engine = options.engine;
  replay.plugins = options.plugins;
  ReplayOutcome out = RunReplay(world, replay);
  if (!out.ok) {
    // a simulation that emits nothing (no demand, or a world with no entry camera) is still a result
    if (run.sim.feed.events == 0) {
      run.errors.push_back("the simulation produced no sensor events: no demand reached a lane with an entry camera");
    } else {
      run.errors.insert(run.errors.end(), out.errors.begin(), out.errors.end());
    }
    return run;
  }
  run.report = std::move(out.report);
  Json j = Json::parse(ReportToJson(run.report));
  j["simulation"] = TruthJson(run.truth, run.sim, options.sim, demand);
  run.report_json = j.dump(2) + "\n";
  run.ok = true;
  return run;
}

}  // namespace gatetwin::replay::sim
