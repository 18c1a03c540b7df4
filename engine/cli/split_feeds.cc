// Split-render feeds: check the sources fit together, then simulate or replay them for each half.
#include "engine/cli/split_feeds.h"

#include <iostream>
#include <memory>
#include <sstream>

#include "engine/cli/demand_arg.h"
#include "replay/sim/demand.h"
#include "replay/sim/feed_arrivals.h"
#include "replay/sim/microsim.h"

namespace gatetwin::cli {
namespace {

// `demand` simulated on `world` into an in-memory feed; nullopt with the reason printed
std::optional<replay::ReplayOptions> SimulatedFeed(const world::World& world, const replay::sim::Demand& demand,
                                                   const replay::sim::SimOptions& sim, std::string_view who) {
  std::vector<std::string> errors;
  if (!replay::sim::CheckDemandAgainstWorld(demand, world, &errors)) {
    for (const auto& e : errors) std::cerr << who << ": " << e << "\n";
    return std::nullopt;
  }
  std::ostringstream feed;
  const replay::sim::SimResult result = replay::sim::Simulate(world, demand, sim, feed);
  if (result.feed.events == 0) {
    std::cerr << who << ": simulating " << demand.name << " on " << world.name << " (" << world.phase
              << ") gave no sensor events: no truck reached a lane with an entry camera\n";
    return std::nullopt;
  }
  replay::ReplayOptions options;
  options.feed_texts.emplace_back("simulated:" + demand.name + "@" + world.phase,
                                  std::make_shared<const std::string>(std::move(feed).str()));
  return options;
}

}  // namespace

std::optional<std::array<replay::ReplayOptions, 2>> PrepareSplitFeeds(const SplitSourceArgs& a,
                                                                      const world::World& left,
                                                                      const world::World& right,
                                                                      engine::TimeUs day_start_us,
                                                                      std::string_view who) {
  const int sources = !a.feeds.empty() + !a.demand.empty() + (a.trucks_per_day >= 0);
  if (sources != 1) {
    std::cerr << who
              << ": a split view needs one source of trucks for both halves: give one of --feed FEED (a recorded "
                 "day), --demand FILE or --trucks-per-day N\n";
    return std::nullopt;
  }
  if (!a.compare_feeds.empty() && a.feeds.empty()) {
    std::cerr << who
              << ": --compare-feed goes with --feed (the left half's recorded day); with --demand or "
                 "--trucks-per-day both halves simulate the same demand\n";
    return std::nullopt;
  }
  std::array<replay::ReplayOptions, 2> out;
  replay::sim::SimOptions sim;
  sim.seed = a.seed;
  if (!a.feeds.empty()) {
    out[0].feeds = a.feeds;
    if (!a.compare_feeds.empty()) {
      out[1].feeds = a.compare_feeds;
      return out;
    }
    // the left day's own trucks, at their own times, arrive at the right layout
    auto from = replay::sim::ArrivalsFromFeed(left, a.feeds);
    for (const std::string& e : from.errors) std::cerr << who << ": " << e << "\n";
    if (!from.ok) return std::nullopt;
    replay::sim::Demand demand = replay::sim::DefaultDemand(0);
    demand.name = "arrivals from " + a.feeds.front();
    replay::sim::UseArrivals(std::move(from.arrivals), &sim);
    auto right_feed = SimulatedFeed(right, demand, sim, who);
    if (!right_feed) return std::nullopt;
    out[1] = std::move(*right_feed);
    return out;
  }
  const auto demand = DemandFromArgs(a.demand, a.trucks_per_day, who);
  if (!demand) return std::nullopt;
  sim.start_us = day_start_us;
  const world::World* worlds[2] = {&left, &right};
  for (int i = 0; i < 2; ++i) {
    auto feed = SimulatedFeed(*worlds[i], *demand, sim, who);
    if (!feed) return std::nullopt;
    out[i] = std::move(*feed);
  }
  return out;
}

}  // namespace gatetwin::cli
