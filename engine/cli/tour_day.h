// A camera tour's day for the CLI: the tour, its world, and its demand simulated into a feed.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/viewer/split_view.h"
#include "engine/viewer/tour.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::cli {

struct TourDay {
  viewer::Tour tour;
  world::World world;
};

/// Loads the tour file and its world and checks the tour's viewpoints in it. On errors prints
/// each (`file:line:col: ...`) and returns nullopt.
std::optional<TourDay> LoadTourDay(const std::string& path);

/// A file deleted when this goes (a simulated feed lives as long as the player reading it: a
/// seek back in time reopens it).
struct TempFile {
  std::optional<std::string> path;
  ~TempFile();
};

/// The tour's `demand:` simulated on `world` (its seed; its date, else the default day) into a
/// temporary feed file; nullopt with the errors printed, prefixed by `who`.
std::optional<std::string> SimulateTourDemand(const viewer::Tour& tour, const world::World& world, const char* who);

/// A tour ready to play: its day and the replay of its world, and for a tour with a
/// `compare_world` that world and its replay (the same trucks from the tour's one source).
struct TourRun {
  TourDay day;
  std::optional<world::World> compare_world;
  TempFile simulated;  // the tour's demand simulated on its own world (no compare world)
  std::unique_ptr<replay::ReplayPlayer> player, compare_player;
  std::optional<viewer::SplitHalf> compare;  // the compare world and its replay
};

/// Loads the tour at `path` with its world (and compare world) and opens the replays; nullptr
/// with the errors printed (`file:line:col: ...`, or prefixed by `who`).
std::unique_ptr<TourRun> OpenTourRun(const std::string& path, const char* who);

}  // namespace gatetwin::cli
