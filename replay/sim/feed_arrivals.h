// Arrivals taken from a recorded feed: "yesterday's trucks on tomorrow's layout".
#pragma once

#include <string>
#include <vector>

#include "replay/sim/microsim.h"
#include "world/world.h"

namespace gatetwin::replay::sim {

/// What reading the arrivals found.
struct FeedArrivals {
  bool ok = false;
  std::vector<std::string> errors;
  std::vector<Arrival> arrivals;  // in time order
  uint64_t events_read = 0, doubtful = 0;
  uint64_t with_inspection = 0;  // arrivals whose booth read told which inspection they had
};

/// Reads `feeds` (recorded on `world`, any layout) through the replay's readers and merge, so
/// doubtful lines are skipped as a replay skips them, and takes each trip's first entry-camera
/// read as an arrival: its time, direction, class and plate. When the same plate was later
/// read at a booth, that booth's kind becomes the truck's inspection. A plate read at entry
/// again within `same_trip_s` is the same trip.
FeedArrivals ArrivalsFromFeed(const world::World& world, const std::vector<std::string>& feeds,
                              double same_trip_s = 600);

/// Makes `arrivals` (not empty, in time order) the simulation's: they replace the demand's
/// arrival rates, and the arrival window runs from the first to just past the last.
void UseArrivals(std::vector<Arrival> arrivals, SimOptions* options);

}  // namespace gatetwin::replay::sim
