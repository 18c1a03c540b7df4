// A camera tour's day for the CLI: the tour, its world, and its demand simulated into a feed.
#pragma once

#include <optional>
#include <string>

#include "engine/viewer/tour.h"
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

}  // namespace gatetwin::cli
