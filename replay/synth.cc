// Synthesizes a day at the gate: the demand (arrivals, trucks), the fault, then every trip.
#include "replay/synth.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "replay/synth_internal.h"

// fused multiply-adds would change the last bits between compilers and CPUs
#ifdef __clang__
#pragma clang fp contract(off)
#endif

namespace gatetwin::replay::synth {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;
using world::Direction;
using world::VehicleClass;

// upper bound of ArrivalRate: the sum of its three terms' maxima
constexpr double kRateBound = 1.95;

// The demand of the day: an inhomogeneous Poisson process of rate proportional to
// ArrivalRate, conditioned on its total being exactly trucks_per_day — given the total, the
// arrival instants of such a process are independent draws from the rate's shape, which
// thinning (accept a uniform instant with probability rate/bound) samples.
std::vector<TimeUs> Arrivals(const SynthOptions& options) {
  Rng rng(options.seed, 1);
  std::vector<TimeUs> times;
  const int n = std::max(0, options.trucks_per_day);
  times.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    double hour;
    do {
      hour = rng.Uniform() * 24;
    } while (rng.Uniform() * kRateBound >= ArrivalRate(hour));
    times.push_back(options.day_start_us + Us(hour * 3600));
  }
  std::sort(times.begin(), times.end());
  return times;
}

}  // namespace

double LengthM(VehicleClass c) {
  switch (c) {
    case VehicleClass::kContainer: return 16.5;
    case VehicleClass::kTanker: return 13;
    default: return 12;
  }
}

DaySim::DaySim(const world::World& world, const SynthOptions& options, Feed* feed, SynthStats* stats)
    : world_(world), options_(options), routes_(world), feed_(*feed), stats_(*stats), rng_(options.seed, 2) {
  booths_.resize(world.booths.size());
  yards_.resize(world.zones.size());
  lane_last_entry_.assign(world.lanes.size(), kNever);
  spacing_m_ = world.params.vehicle_spacing_m > 0 ? world.params.vehicle_spacing_m : 18;
  lane_json_ = LaneJson(world);
  for (size_t lane = 0; lane < world.lanes.size(); ++lane) {
    lane_counters_.emplace_back();
    for (const Read& r : routes_.counters(static_cast<int>(lane))) {
      lane_counters_.back().push_back(static_cast<int>(counters_.size()));
      counters_.push_back(r);
    }
  }
  if (routes_.gps_sensor() >= 0 && options.gps_share > 0) geo_.emplace(world.anchor);
}

std::vector<Truck> DaySim::MakeTrucks() {
  const std::vector<TimeUs> arrivals = Arrivals(options_);
  std::vector<Truck> trucks;
  trucks.reserve(arrivals.size());
  std::unordered_set<std::string> plates;
  // classes of the gate's freight: mostly general trucks and containers, some tankers (assumed)
  static constexpr VehicleClass kClasses[] = {VehicleClass::kTruck, VehicleClass::kContainer, VehicleClass::kTanker};
  static constexpr double kClassShare[] = {0.50, 0.42, 0.08};
  for (TimeUs t : arrivals) {
    Truck truck;
    truck.demand_us = t;
    truck.dir = rng_.Chance(options_.export_share) ? Direction::kVnToCn : Direction::kCnToVn;
    double u = rng_.Uniform();
    truck.cls = kClasses[2];
    for (int c = 0; c < 2; ++c) {
      if (u < kClassShare[c]) {
        truck.cls = kClasses[c];
        break;
      }
      u -= kClassShare[c];
    }
    const double cn_share =
        truck.dir == Direction::kCnToVn ? options_.cn_plate_share_import : options_.cn_plate_share_export;
    const bool chinese = rng_.Chance(cn_share);
    std::string plate;
    do {
      plate = chinese ? ChinesePlate(rng_) : VietnamesePlate(rng_);
    } while (!plates.insert(plate).second);
    AppendJsonString(&truck.plate_json, plate);
    truck.gps = rng_.Chance(options_.gps_share) && geo_.has_value();
    truck.length_m = LengthM(truck.cls);
    trucks.push_back(std::move(truck));
  }
  return trucks;
}

// One entry camera faults for about 20 minutes: by preference one on the busier direction.
void DaySim::ChooseFault(const std::vector<Truck>& trucks) {
  if (!options_.faults) return;
  Rng rng(options_.seed, 4);
  int imports = 0;
  for (const auto& t : trucks) imports += t.dir == Direction::kCnToVn;
  const Direction busy = 2 * imports >= static_cast<int>(trucks.size()) ? Direction::kCnToVn : Direction::kVnToCn;
  std::vector<int> candidates;
  for (int d : {static_cast<int>(busy), 1 - static_cast<int>(busy)}) {
    for (const Read& r : routes_.entries(static_cast<Direction>(d))) {
      if (std::find(candidates.begin(), candidates.end(), r.sensor) == candidates.end()) candidates.push_back(r.sensor);
    }
    if (!candidates.empty()) break;
  }
  if (candidates.empty()) {
    for (size_t s = 0; s < world_.sensors.size(); ++s) {
      if (world_.sensors[s].kind == world::SensorKind::kAnpr) candidates.push_back(static_cast<int>(s));
    }
  }
  if (candidates.empty()) return;
  stats_.fault_sensor = candidates[rng.Below(candidates.size())];
  // in one of the peaks (09:00–10:00 or 14:30–15:30), when a lost camera really loses reads
  const double start_h = rng.Chance(0.5) ? rng.Uniform(9, 10) : rng.Uniform(14.5, 15.5);
  stats_.fault_start_us = (options_.day_start_us + Us(start_h * 3600)) / 1000 * 1000;
  stats_.fault_end_us = stats_.fault_start_us + Us(rng.Uniform(18, 22) * 60) / 1000 * 1000;
  *feed_.Begin(stats_.fault_start_us, stats_.fault_sensor, EventKind::kStatus) +=
      ",\"state\":\"fault\",\"detail\":\"video signal lost\"}";
  *feed_.Begin(stats_.fault_end_us, stats_.fault_sensor, EventKind::kStatus) +=
      ",\"state\":\"ok\",\"detail\":\"video signal restored\"}";
}

void DaySim::Run() {
  const std::vector<Truck> trucks = MakeTrucks();
  ChooseFault(trucks);
  for (const Truck& truck : trucks) Trip(truck);
  WriteBarriers(world_, std::move(barriers_), rng_, &feed_);
  // counts cover the whole day, and on to the last truck's exit if the queues ran past midnight
  const TimeUs interval_us = std::max(1, options_.loop_interval_s) * kUsPerSecond;
  TimeUs end_us = std::max(options_.day_start_us + kDayUs, last_us_);
  end_us = options_.day_start_us + (end_us - options_.day_start_us + interval_us - 1) / interval_us * interval_us;
  WriteCounters(world_, counters_, std::move(passages_), std::max(1, options_.loop_interval_s), options_.day_start_us,
                end_us, &feed_);
}

}  // namespace gatetwin::replay::synth

namespace gatetwin::replay {

SynthStats SynthesizeFeed(const world::World& world, const SynthOptions& options, std::ostream& out) {
  SynthStats stats;
  synth::Feed feed(world, options);
  synth::DaySim sim(world, options, &feed, &stats);
  sim.Run();
  feed.Write(out, &stats);
  return stats;
}

}  // namespace gatetwin::replay
