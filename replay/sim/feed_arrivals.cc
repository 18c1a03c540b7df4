// ArrivalsFromFeed: a recorded feed's entry reads (and the booths they met) as simulation arrivals.
#include "replay/sim/feed_arrivals.h"

#include <algorithm>
#include <unordered_map>

#include "replay/feed_merger.h"

namespace gatetwin::replay::sim {

FeedArrivals ArrivalsFromFeed(const world::World& world, const std::vector<std::string>& feeds, double same_trip_s) {
  FeedArrivals out;
  MergeOptions merge;
  merge.reorder_window_us = static_cast<engine::TimeUs>(world.params.reorder_window_s * engine::kUsPerSecond);
  FeedMerger merger(world, merge);
  for (const std::string& feed : feeds) {
    std::string error;
    if (!merger.AddFile(feed, &error)) out.errors.push_back(error);
  }
  if (!out.errors.empty()) return out;
  const auto same_trip_us = static_cast<engine::TimeUs>(same_trip_s * engine::kUsPerSecond);
  struct Open {
    size_t arrival;
    engine::TimeUs last_us;
  };
  std::unordered_map<std::string, Open> open;  // plate → its latest trip
  while (const Event* e = merger.Next()) {
    if (e->kind != EventKind::kPlateRead || e->plate.empty()) continue;
    const world::Sensor& sensor = world.sensors[static_cast<size_t>(e->sensor)];
    auto it = open.find(e->plate);
    if (sensor.role == world::SensorRole::kEntry) {
      if (it != open.end() && e->ts_us - it->second.last_us <= same_trip_us) {
        it->second.last_us = e->ts_us;
        continue;
      }
      Arrival a;
      a.t_us = e->ts_us;
      // the lane's direction is the truck's; a read without one keeps the event's own
      if (e->lane >= 0) {
        a.dir = world.lanes[static_cast<size_t>(e->lane)].direction;
      } else if (sensor.direction) {
        a.dir = *sensor.direction;
      } else if (e->has_dir) {
        a.dir = e->dir;
      }
      if (e->has_class) a.vehicle_class = e->vehicle_class;
      a.plate = e->plate;
      open[e->plate] = {out.arrivals.size(), e->ts_us};
      out.arrivals.push_back(std::move(a));
    } else if (sensor.role == world::SensorRole::kBooth && sensor.booth >= 0 && it != open.end()) {
      Arrival& a = out.arrivals[it->second.arrival];
      if (a.inspection < 0) {
        a.inspection = static_cast<int>(world.booths[static_cast<size_t>(sensor.booth)].kind);
        ++out.with_inspection;
      }
      it->second.last_us = e->ts_us;
    } else if (it != open.end()) {
      it->second.last_us = e->ts_us;
    }
  }
  const FeedCounts counts = merger.counts();
  out.events_read = counts.read;
  for (uint64_t n : counts.rejected) out.doubtful += n;
  if (out.arrivals.empty()) {
    out.errors.push_back("no entry-camera plate reads in the feed(s): nothing to take arrivals from");
    return out;
  }
  out.ok = true;
  return out;
}

void UseArrivals(std::vector<Arrival> arrivals, SimOptions* options) {
  options->arrivals = std::move(arrivals);
  options->start_us = options->arrivals.front().t_us;
  options->duration_us = options->arrivals.back().t_us - options->start_us + 1;
}

}  // namespace gatetwin::replay::sim
