// Loading a tour with its world, and simulating a tour's demand into a feed (render --tour, view --tour).
#include "engine/cli/tour_day.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "engine/cli/cli_common.h"
#include "engine/viewer/tour_player.h"
#include "replay/sim/simulate.h"
#include "world/diagnostics.h"

namespace gatetwin::cli {

std::optional<TourDay> LoadTourDay(const std::string& path) {
  world::Diagnostics diags;
  auto tour = viewer::LoadTour(path, &diags);
  if (!tour) {
    for (const auto& d : diags.TakeSorted({path})) std::cerr << d.ToString() << "\n";
    return std::nullopt;
  }
  auto world = LoadWorldOrPrint(tour->world_path);
  if (!world) return std::nullopt;
  std::vector<std::string> errors;
  if (!viewer::CheckTourAgainstWorld(*tour, *world, &errors)) {
    for (const auto& e : errors) std::cerr << e << "\n";
    return std::nullopt;
  }
  return TourDay{std::move(*tour), std::move(*world)};
}

TempFile::~TempFile() {
  if (path) std::filesystem::remove(*path);
}

std::optional<std::string> SimulateTourDemand(const viewer::Tour& tour, const world::World& world, const char* who) {
  world::Diagnostics diags;
  const auto demand = replay::sim::LoadDemand(tour.demand_path, &diags);
  if (!demand) {
    for (const auto& d : diags.TakeSorted({tour.demand_path})) std::cerr << d.ToString() << "\n";
    return std::nullopt;
  }
  std::vector<std::string> errors;
  if (!replay::sim::CheckDemandAgainstWorld(*demand, world, &errors)) {
    for (const auto& e : errors) std::cerr << e << "\n";
    return std::nullopt;
  }
  replay::sim::SimulationOptions so;
  so.sim.seed = tour.seed;
  if (!tour.date.empty()) so.sim.start_us = viewer::TourDayStartUs(tour, world, 0);
  so.record_path = (std::filesystem::temp_directory_path() /
                    ("gatetwin-tour-" + std::to_string(static_cast<long long>(getpid())) + ".jsonl"))
                       .string();
  std::cerr << who << ": simulating " << tour.demand_path << " (seed " << tour.seed << ") for the tour\n";
  const auto run = replay::sim::RunSimulation(world, *demand, so);
  if (!run.ok) {
    for (const auto& e : run.errors) std::cerr << who << ": " << e << "\n";
    return std::nullopt;
  }
  return so.record_path;
}

}  // namespace gatetwin::cli
