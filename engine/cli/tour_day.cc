// Loading a tour with its world, and simulating a tour's demand into a feed (render --tour, view --tour).
#include "engine/cli/tour_day.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "engine/cli/cli_common.h"
#include "engine/cli/split_feeds.h"
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

namespace {

bool OpenPlayer(replay::ReplayPlayer& player, const char* who) {
  std::vector<std::string> errors;
  if (player.Open(&errors)) return true;
  for (const auto& e : errors) std::cerr << who << ": " << e << "\n";
  return false;
}

}  // namespace

std::unique_ptr<TourRun> OpenTourRun(const std::string& path, const char* who) {
  auto day = LoadTourDay(path);
  if (!day) return nullptr;
  auto run = std::make_unique<TourRun>();
  run->day = std::move(*day);
  const viewer::Tour& tour = run->day.tour;
  const world::World& world = run->day.world;
  // a compare world: both halves' trucks from the tour's one source (the same demand on both, or
  // the feed's trucks simulated on the compare world)
  std::optional<std::array<replay::ReplayOptions, 2>> split_feeds;
  if (!tour.compare_world_path.empty()) {
    run->compare_world = LoadWorldOrPrint(tour.compare_world_path);
    if (!run->compare_world) {
      world::Diagnostics diags;
      diags.Error(tour.compare_world_loc,
                  "compare_world " + tour.compare_world_path + " could not be loaded (see above)");
      for (const auto& d : diags.TakeSorted({path})) std::cerr << d.ToString() << "\n";
      return nullptr;
    }
    std::vector<std::string> errors;
    if (!viewer::CheckTourAgainstWorld(tour, *run->compare_world, &errors, tour.compare_world_path)) {
      for (const auto& e : errors) std::cerr << e << "\n";
      return nullptr;
    }
    split_feeds.emplace();
    if (!tour.feeds.empty() || !tour.demand_path.empty()) {
      SplitSourceArgs sources;
      sources.feeds = tour.feeds;
      sources.demand = tour.demand_path;
      sources.seed = tour.seed;
      const engine::TimeUs day_us =
          tour.date.empty() ? replay::kDefaultSynthDayStartUs : viewer::TourDayStartUs(tour, world, 0);
      split_feeds = PrepareSplitFeeds(sources, world, *run->compare_world, day_us, who);
      if (!split_feeds) return nullptr;
    }
  }
  replay::ReplayOptions options;
  options.feeds = tour.feeds;
  if (split_feeds) {
    options = (*split_feeds)[0];
  } else if (!tour.demand_path.empty()) {
    run->simulated.path = SimulateTourDemand(tour, world, who);
    if (!run->simulated.path) return nullptr;
    options.feeds = {*run->simulated.path};
  }
  run->player = std::make_unique<replay::ReplayPlayer>(world, options);
  if (!OpenPlayer(*run->player, who)) return nullptr;
  if (run->compare_world) {
    run->compare_player = std::make_unique<replay::ReplayPlayer>(*run->compare_world, (*split_feeds)[1]);
    if (!OpenPlayer(*run->compare_player, who)) return nullptr;
    run->compare.emplace(viewer::SplitHalf{*run->compare_world, *run->compare_player});
  }
  return run;
}

}  // namespace gatetwin::cli
