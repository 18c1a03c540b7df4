// One truck's trip: entry camera, FIFO booth queue, scanner/weighbridge/barrier, yard, exit.
#include <algorithm>
#include <cmath>
#include <limits>

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

// two reads of one entry lane are never closer than this (a truck length at walking pace)
constexpr TimeUs kEntryHeadwayUs = 2'500'000;
// consecutive stages of a trip are at least this far apart, so their order is never a tie
constexpr TimeUs kMinStepUs = kUsPerSecond;
// yard dwell: log-uniform between 20 min and 3 h (assumed); the drive in/out of the yard
constexpr double kYardMinS = 20 * 60, kYardMaxS = 3 * 3600;
constexpr double kYardTransitS = 120;

// gross weights by class, kg (assumed: laden trucks of the gate's goods, within legal limits)
double GrossKg(VehicleClass c, Rng& rng) {
  switch (c) {
    case VehicleClass::kContainer: return rng.Uniform(22'000, 45'000);
    case VehicleClass::kTanker: return rng.Uniform(18'000, 40'000);
    default: return rng.Uniform(15'000, 32'000);
  }
}

}  // namespace

// Drivers take the lane of their direction and class whose booth queue is shortest (lanes with
// a booth first); ties are broken at random. Tidal lanes stay as the world opens them.
std::optional<Read> DaySim::ChooseEntry(const Truck& truck, int* booth) {
  const auto& entries = routes_.entries(truck.dir);
  int best_score = std::numeric_limits<int>::max();
  std::vector<std::pair<size_t, int>> best;  // entry index, booth
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& lane = world_.lanes[static_cast<size_t>(entries[i].lane)];
    if (!lane.Allows(truck.cls) || lane.standby) continue;  // a tidal lane's standby side carries no one
    int score = std::numeric_limits<int>::max() - 1, chosen = -1;
    for (int b : routes_.lane_booths(entries[i].lane)) {
      const int q = booths_[static_cast<size_t>(b)].QueueAt(truck.demand_us);
      if (q < score) score = q, chosen = b;
    }
    if (score < best_score) best_score = score, best.clear();
    if (score == best_score) best.emplace_back(i, chosen);
  }
  if (best.empty()) return std::nullopt;
  const auto& pick = best[best.size() == 1 ? 0 : rng_.Below(best.size())];
  *booth = pick.second;
  return entries[pick.first];
}

void DaySim::Trip(const Truck& input) {
  Truck truck = input;
  int booth = -1;
  std::optional<Read> entry = ChooseEntry(truck, &booth);
  // a class no lane allows goes as a general truck; a direction with no entry camera, the other way
  if (!entry && truck.cls != VehicleClass::kTruck) {
    truck.cls = VehicleClass::kTruck;
    truck.length_m = LengthM(truck.cls);
    entry = ChooseEntry(truck, &booth);
  }
  if (!entry) {
    truck.dir = truck.dir == Direction::kVnToCn ? Direction::kCnToVn : Direction::kVnToCn;
    entry = ChooseEntry(truck, &booth);
  }
  if (!entry) {
    ++stats_.trucks_skipped;
    return;
  }
  ++stats_.trucks;
  ++(truck.dir == Direction::kVnToCn ? stats_.trucks_vn_to_cn : stats_.trucks_cn_to_vn);
  stats_.gps_trucks += truck.gps;

  const int lane = entry->lane;
  const double v = routes_.SpeedMps(lane);
  std::vector<Leg> legs;

  // the entry: trucks wait upstream (in the logistics parks) while the lane's queue space
  // before the booth is full, and one lane reads one truck at a time
  TimeUs t_entry = std::max(truck.demand_us, lane_last_entry_[static_cast<size_t>(lane)] + kEntryHeadwayUs);
  double booth_m = 0;
  if (booth >= 0) {
    const auto& b = world_.booths[static_cast<size_t>(booth)];
    booth_m = b.station_m;
    const auto& state = booths_[static_cast<size_t>(booth)];
    const double room_m = std::max(0.0, booth_m - entry->station_m);
    const size_t space =
        static_cast<size_t>(std::max(1.0, std::floor(room_m / spacing_m_))) * std::max<size_t>(1, b.lanes.size());
    if (state.starts.size() >= space) t_entry = std::max(t_entry, state.starts[state.starts.size() - space]);
  }
  lane_last_entry_[static_cast<size_t>(lane)] = t_entry;
  stats_.trucks_entered_after_day += t_entry >= options_.day_start_us + kDayUs;
  if (entry->station_m > 0) {
    legs.push_back({t_entry - Us(entry->station_m / v), t_entry, lane, 0, entry->station_m, {}, {}, false});
  }
  PlateRead(t_entry, *entry, truck);

  const int at_lane = lane;
  double at_m = entry->station_m;
  TimeUs t = t_entry;
  bool hold = false;
  if (booth >= 0) {
    auto& state = booths_[static_cast<size_t>(booth)];
    const double room_m = std::max(0.0, booth_m - entry->station_m);
    const TimeUs reach_us = t_entry + std::max(kMinStepUs, Us(room_m / v));
    const TimeUs t_arrive = std::max(reach_us, state.last_arrival_us + 1000);
    state.last_arrival_us = t_arrive;
    // the next truck pulls forward from the queue head: a truck pitch at lane speed
    const TimeUs pull_up_us = Us(std::clamp(spacing_m_ / v, 1.0, 6.0));
    const TimeUs t_start = std::max(t_arrive, state.free_us + pull_up_us);
    const int ahead = state.WaitingAt(t_arrive);
    const double service_s = SampleServiceS(world_.booths[static_cast<size_t>(booth)].service, rng_);
    const TimeUs t_end = t_start + Us(service_s);
    state.starts.push_back(t_start);
    state.ends.push_back(t_end);
    state.free_us = t_end;

    // drive to the tail of the queue, then creep forward with it to the booth
    const double tail_m = std::max(entry->station_m, booth_m - ahead * spacing_m_);
    const TimeUs t_tail = std::min(t_start, t_entry + Us(std::max(0.0, tail_m - entry->station_m) / v));
    legs.push_back({t_entry, t_tail, lane, entry->station_m, tail_m, {}, {}, true});
    legs.push_back({t_tail, t_start, lane, tail_m, std::max(tail_m, booth_m), {}, {}, true});
    legs.push_back({t_start, t_end, lane, std::max(tail_m, booth_m), std::max(tail_m, booth_m), {}, {}, true});

    const int camera = routes_.BoothCamera(booth, lane);
    if (camera >= 0) PlateRead(t_start, Read{camera, lane, booth_m}, truck);
    if (const int scanner = routes_.booth_scanner(booth); scanner >= 0) {
      hold = WriteScan(scanner, truck, t_start, t_end, options_.hold_share, rng_, &feed_);
      stats_.holds += hold;
    }
    if (const int scale = routes_.booth_weighbridge(booth); scale >= 0) {
      WriteWeigh(world_, lane_json_, scale, lane, truck, t_start, t_end, rng_, &feed_);
    }
    if (const int arm = routes_.booth_barrier(booth); arm >= 0) barriers_.push_back({arm, lane, t_end});
    at_m = std::max(tail_m, booth_m);
    t = t_end;
  }

  // the yard: ~8% of trucks and every held one, if their side has a yard with room
  const YardAccess* yard = nullptr;
  const bool wants_yard = rng_.Chance(options_.yard_share) || hold;
  const auto& yards = routes_.yards(truck.dir);
  if (wants_yard && !yards.empty()) {
    std::vector<const YardAccess*> near;
    for (const auto& y : yards) {
      if (y.in.lane == lane) near.push_back(&y);
    }
    if (near.empty()) {
      for (const auto& y : yards) near.push_back(&y);
    }
    const auto* chosen = near[near.size() == 1 ? 0 : rng_.Below(near.size())];
    const double dwell_s = Exp(rng_.Uniform(Log(kYardMinS), Log(kYardMaxS)));
    // get there along the lane when the camera is downstream on it, else straight across
    Leg to_yard{t, t, -1, 0, 0, routes_.At(at_lane, at_m).position, chosen->in_point, true};
    if (chosen->in.lane == at_lane && chosen->in.station_m >= at_m) {
      to_yard.lane = at_lane;
      to_yard.s0_m = at_m;
      to_yard.s1_m = chosen->in.station_m;
      to_yard.t1_us = t + std::max(kMinStepUs, Us((chosen->in.station_m - at_m) / v));
    } else {
      const double d = Planar(to_yard.p1.x - to_yard.p0.x, to_yard.p1.y - to_yard.p0.y);
      to_yard.t1_us = t + std::max(kMinStepUs, Us(d / v));
    }
    const TimeUs t_in = to_yard.t1_us;
    const TimeUs t_out = t_in + Us(dwell_s);
    if (TryYard(*chosen, t_in, t_out)) {
      yard = chosen;
      ++stats_.yard_visits;
      legs.push_back(to_yard);
      PlateRead(t_in, chosen->in, truck);
      const TimeUs transit = Us(std::min(kYardTransitS, dwell_s / 4));
      legs.push_back({t_in, t_in + transit, -1, 0, 0, chosen->in_point, chosen->centre, true});
      legs.push_back({t_in + transit, t_out - transit, -1, 0, 0, chosen->centre, chosen->centre, true});
      legs.push_back({t_out - transit, t_out, -1, 0, 0, chosen->centre, chosen->out_point, true});
      PlateRead(t_out, chosen->out, truck);
      t = t_out;
    } else {
      ++stats_.yard_full;
    }
  }

  // the exit: along the lanes from where the truck is; after a yard whose gate is not on a
  // lane with a way out, straight across to the truck's own lane's exit
  TimeUs t_exit = t;
  const ExitRoute* route = nullptr;
  if (yard != nullptr && yard->out.lane >= 0 && routes_.Exit(yard->out.lane) != nullptr) {
    route = routes_.Exit(yard->out.lane);
    t_exit = DriveToExit(*route, yard->out.station_m, t, &legs);
  } else if ((route = routes_.Exit(lane)) != nullptr) {
    if (yard != nullptr) {
      const auto exit_point = routes_.At(route->exit.lane, route->exit.station_m).position;
      const double d = Planar(exit_point.x - yard->out_point.x, exit_point.y - yard->out_point.y);
      t_exit = t + std::max(kMinStepUs, Us(d / v));
      legs.push_back({t, t_exit, -1, 0, 0, yard->out_point, exit_point, true});
    } else {
      t_exit = DriveToExit(*route, at_m, t, &legs);
    }
  }
  if (route != nullptr) {
    PlateRead(t_exit, route->exit, truck);
    const int last = route->exit.lane;
    const double tail_m = routes_.LaneLength(last) - route->exit.station_m;
    if (tail_m > 0) {
      legs.push_back({t_exit,
                      t_exit + Us(tail_m / routes_.SpeedMps(last)),
                      last,
                      route->exit.station_m,
                      routes_.LaneLength(last),
                      {},
                      {},
                      false});
    }
  }
  last_us_ = std::max(last_us_, legs.empty() ? t_exit : std::max(t_exit, legs.back().t1_us));
  CollectPassages(legs, counters_, lane_counters_, truck.length_m, &passages_);
  if (truck.gps) {
    WriteGps(routes_, *geo_, truck.plate_json, legs, t_entry, t_exit, rng_, &feed_);
  }
}

TimeUs DaySim::DriveToExit(const ExitRoute& route, double from_m, TimeUs t, std::vector<Leg>* legs) {
  // the route starts on the lane the truck is on; it may then follow connections
  const TimeUs start = t;
  for (size_t i = 0; i < route.lanes.size(); ++i) {
    const int lane = route.lanes[i];
    const double s0 = i == 0 ? from_m : 0;
    const double s1 = i + 1 == route.lanes.size() ? route.exit.station_m : routes_.LaneLength(lane);
    const double d = std::max(0.0, s1 - s0);
    const TimeUs t1 = t + Us(d / routes_.SpeedMps(lane));
    legs->push_back({t, t1, lane, s0, std::max(s0, s1), {}, {}, true});
    t = t1;
  }
  return std::max(t, start + kMinStepUs);
}

// Whether one more truck fits in the yard over [in, out): the most trucks present at once
// in that span (counted at its start and at every later arrival within it) stays below capacity.
bool DaySim::TryYard(const YardAccess& yard, TimeUs in_us, TimeUs out_us) {
  const int capacity = world_.zones[static_cast<size_t>(yard.zone)].capacity_trucks;
  if (capacity <= 0) return false;
  auto& stays = yards_[static_cast<size_t>(yard.zone)].stays;
  // a later truck never reaches the yard before this one's arrival at the gate: older stays are done
  std::erase_if(stays, [&](const auto& s) { return s.second <= in_us - kDayUs; });
  std::vector<TimeUs> points = {in_us};
  for (const auto& s : stays) {
    if (s.first > in_us && s.first < out_us) points.push_back(s.first);
  }
  for (TimeUs p : points) {
    int present = 0;
    for (const auto& s : stays) present += s.first <= p && p < s.second;
    if (present >= capacity) return false;
  }
  stays.emplace_back(in_us, out_us);
  return true;
}

void DaySim::PlateRead(TimeUs t, const Read& read, const Truck& truck) {
  WritePlateRead(world_, lane_json_, t, read, truck, rng_, &feed_);
  // the draws happen anyway, so a fault changes nothing but the missing reads
  if (Faulted(read.sensor, t)) {
    feed_.DropLast();
    ++stats_.fault_missed_reads;
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] the events of one truck (shared with the microsimulation, replay/sim/)
// ---------------------------------------------------------------------------------------------

std::vector<std::string> LaneJson(const world::World& world) {
  std::vector<std::string> out;
  out.reserve(world.lanes.size());
  for (const auto& lane : world.lanes) {
    std::string text = ",\"lane\":";
    AppendJsonString(&text, lane.id);
    out.push_back(std::move(text));
  }
  return out;
}

void WritePlateRead(const world::World& world, const std::vector<std::string>& lane_json, TimeUs t, const Read& read,
                    const Truck& truck, Rng& rng, Feed* feed) {
  const auto& sensor = world.sensors[static_cast<size_t>(read.sensor)];
  std::string* body = feed->Begin(t, read.sensor, EventKind::kPlateRead);
  *body += ",\"plate\":";
  *body += truck.plate_json;
  // lane and dir are needed where the camera covers several lanes; elsewhere sometimes sent
  const bool several = sensor.lanes.size() > 1;
  const bool send_lane = rng.Chance(0.3);
  const bool send_dir = rng.Chance(0.3);
  if (read.lane >= 0 && (several || send_lane)) *body += lane_json[static_cast<size_t>(read.lane)];
  if (!sensor.direction || send_dir) {
    *body += truck.dir == Direction::kVnToCn ? ",\"dir\":\"vn_to_cn\"" : ",\"dir\":\"cn_to_vn\"";
  }
  *body += ",\"conf\":";
  AppendFixed(static_cast<int64_t>(85 + rng.Below(15)), 2, body);
  *body += ",\"vehicle_class\":\"";
  *body += world::ToString(truck.cls);
  *body += "\"}";
}

bool WriteScan(int scanner, const Truck& truck, TimeUs t_start, TimeUs t_end, double hold_share, Rng& rng, Feed* feed) {
  const double span_s = Seconds(t_end - t_start);
  const TimeUs scan_start = t_start + Us(std::min(rng.Uniform(2, 5), 0.25 * span_s));
  const TimeUs scan_end = t_end - Us(std::min(rng.Uniform(1, 3), 0.25 * span_s));
  const bool hold = rng.Chance(hold_share);
  std::string* body = feed->Begin(scan_start, scanner, EventKind::kScan);
  *body += ",\"plate\":";
  *body += truck.plate_json;
  *body += ",\"phase\":\"start\"}";
  body = feed->Begin(scan_end, scanner, EventKind::kScan);
  *body += ",\"plate\":";
  *body += truck.plate_json;
  *body += hold ? ",\"phase\":\"end\",\"result\":\"hold\"}" : ",\"phase\":\"end\",\"result\":\"clear\"}";
  return hold;
}

void WriteWeigh(const world::World& world, const std::vector<std::string>& lane_json, int scale, int lane,
                const Truck& truck, TimeUs t_start, TimeUs t_end, Rng& rng, Feed* feed) {
  const TimeUs weigh_at = t_start + Us(std::min(rng.Uniform(2, 5), 0.5 * Seconds(t_end - t_start)));
  std::string* body = feed->Begin(weigh_at, scale, EventKind::kWeigh);
  *body += ",\"plate\":";
  *body += truck.plate_json;
  *body += ",\"gross_kg\":";
  AppendInt(std::llround(GrossKg(truck.cls, rng) / 10) * 10, body);
  if (world.sensors[static_cast<size_t>(scale)].lanes.size() > 1) *body += lane_json[static_cast<size_t>(lane)];
  *body += '}';
}

}  // namespace gatetwin::replay::synth
