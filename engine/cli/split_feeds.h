// The trucks of a split render: one demand simulated on both layouts, or a recorded day and its trucks on the other.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::cli {

/// Where the trucks come from, as typed: exactly one of `feeds`, `demand`, `trucks_per_day`.
struct SplitSourceArgs {
  std::vector<std::string> feeds;          // recorded feeds, replayed on the left world
  std::vector<std::string> compare_feeds;  // with `feeds`: replayed on the right world instead of
                                           // simulating the left feeds' trucks there
  std::string demand;                      // a demand file, simulated on both worlds
  double trucks_per_day = -1;              // the default gate day at this many trucks, on both
  uint64_t seed = 1;                       // of the simulations: the same trucks arrive at both
};

/// The replay options of the left and the right half. A demand is simulated on each world with
/// the same seed from `day_start_us`, so the same trucks arrive at both layouts; recorded feeds
/// without `compare_feeds` are replayed on the left, and their trucks (each trip's first entry
/// read) simulated on the right: yesterday's trucks on tomorrow's layout. nullopt when the
/// arguments do not fit together or an input is bad, with messages on stderr after `who`.
std::optional<std::array<replay::ReplayOptions, 2>> PrepareSplitFeeds(const SplitSourceArgs& args,
                                                                      const world::World& left,
                                                                      const world::World& right,
                                                                      engine::TimeUs day_start_us,
                                                                      std::string_view who);

}  // namespace gatetwin::cli
