// The microsimulation's step loop: arrivals, lane choice, IDM car following, booths, yards, exits.
//
// [SECTION] arrivals      — Poisson per hour/direction/class, or given; each truck's draws
// [SECTION] lanes          — which lane a truck takes, and when it may enter it
// [SECTION] movement       — IDM along a lane, sensor crossings, the booth's stop line
// [SECTION] service, yards — booth service, release, yard dwell, the trip's end
// [SECTION] control        — the controller's view and commands (control.h)
// [SECTION] the run        — the fixed-step loop and the feed it writes
#include "replay/sim/microsim.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <iterator>
#include <limits>
#include <optional>
#include <queue>
#include <unordered_set>

#include "replay/synth_internal.h"
#include "world/geo_frame.h"

// fused multiply-adds would change the last bits between compilers and CPUs
#ifdef __clang__
#pragma clang fp contract(off)
#endif

namespace gatetwin::replay::sim {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;
using synth::Read;
using synth::Rng;
using synth::Seconds;
using synth::Us;
using world::Direction;

constexpr double kInfiniteGapM = std::numeric_limits<double>::infinity();
// a truck this close to its stop line and this slow has reached the booth
constexpr double kAtStopM = 0.5;
constexpr double kStoppedMps = 0.5;
// emergency braking bound of a laden truck: IDM's interaction term may ask for more
constexpr double kMaxDecelMps2 = 8;
// a truck is never closer than this to the one ahead, whatever the integration step does
constexpr double kHardGapM = 0.5;
// random streams of the sensors' noise that must not depend on the order of later events
constexpr uint64_t kBarrierStream = 16;
constexpr uint64_t kGpsStreams = 1'000'000;  // + the trip's index: one per truck

// yard dwell: log-uniform between 20 min and 3 h (assumed, as the feed synthesizer's)
constexpr double kYardMinS = 20 * 60, kYardMaxS = 3 * 3600;
// the few metres a truck needs in the yard gate before the next may follow
constexpr TimeUs kMinLegUs = kUsPerSecond;
// an outage not yet ended; "never" for the next command
constexpr TimeUs kOpenEnded = std::numeric_limits<TimeUs>::max();

enum class Phase : uint8_t { kToBooth, kInService, kToExit };

struct Vehicle {
  synth::Truck truck;
  size_t trip = 0;
  bool wants_yard = false;
  int lane = -1;
  double s_m = 0, v_mps = 0;  // front bumper's station along `lane`, speed
  Phase phase = Phase::kToBooth;
  int booth = -1;
  double stop_m = 0;  // the booth's stop line on the lane
  const synth::ExitRoute* route = nullptr;
  size_t route_pos = 0;  // index of `lane` in route->lanes
  std::optional<Read> entry;
  bool entry_read = false;
  TimeUs drawn_service_us = 0;  // the service the booth meant to give (holds and jams are delay)
  bool done = false;            // left the lanes this step (exit, yard, route's end)
  std::vector<synth::Leg> legs;
};

// IDM acceleration for speed v toward desired speed v0 with `gap_m` to an obstacle closing at dv.
double IdmAccel(const IdmParams& p, double v, double v0, double gap_m, double dv) {
  const double r = v / v0;
  double term = 1 - (r * r) * (r * r);
  if (gap_m < kInfiniteGapM) {
    const double dynamic = v * p.time_headway_s + v * dv / (2 * std::sqrt(p.max_accel_mps2 * p.comfort_decel_mps2));
    const double desired = p.min_gap_m + std::max(0.0, dynamic);
    const double ratio = desired / std::max(gap_m, 0.1);
    term -= ratio * ratio;
  }
  return std::max(-kMaxDecelMps2, p.max_accel_mps2 * term);
}

class Sim {
 public:
  Sim(const world::World& world, const Demand& demand, const SimOptions& options)
      : world_(world),
        demand_(demand),
        options_(options),
        synth_options_(FeedOptions(options)),
        routes_(world),
        feed_(world, synth_options_),
        rng_trucks_(options.seed, 11),
        rng_choice_(options.seed, 12),
        rng_service_(options.seed, 13),
        rng_events_(options.seed, 14),
        dt_us_(std::max<TimeUs>(1000, Us(options.step_s))),
        dt_s_(Seconds(dt_us_)) {
    lane_json_ = synth::LaneJson(world);
    lane_order_.resize(world.lanes.size());
    lane_unserved_.assign(world.lanes.size(), 0);
    booth_occupant_.assign(world.booths.size(), -1);
    yard_present_.assign(world.zones.size(), 0);
    lane_booth_.assign(world.lanes.size(), -1);
    for (size_t lane = 0; lane < world.lanes.size(); ++lane) {
      const auto& booths = routes_.lane_booths(static_cast<int>(lane));
      if (!booths.empty()) lane_booth_[lane] = booths.front();
      lane_counters_.emplace_back();
      for (const Read& r : routes_.counters(static_cast<int>(lane))) {
        lane_counters_.back().push_back(static_cast<int>(counters_.size()));
        counters_.push_back(r);
      }
    }
    for (size_t b = 0; b < world.booths.size(); ++b) {
      const auto it = demand.service.find(world.booths[b].id);
      service_.push_back(it != demand.service.end() ? it->second : world.booths[b].service);
    }
    if (routes_.gps_sensor() >= 0) geo_.emplace(world.anchor);
    lane_closed_.assign(world.lanes.size(), 0);
    tidal_pending_.assign(world.lanes.size(), 0);
    tidal_active_.assign(world.lanes.size(), 0);
    for (size_t lane = 0; lane < world.lanes.size(); ++lane) {
      lane_closed_[lane] = world.lanes[lane].standby;
      tidal_active_[lane] = world.lanes[lane].tidal_partner >= 0 && !world.lanes[lane].standby;
    }
    booth_closed_.assign(world.booths.size(), 0);
    booth_hold_us_.assign(world.booths.size(), 0);
    booth_jam_until_us_.assign(world.booths.size(), 0);
  }

  SimResult Run(std::ostream& out);

 private:
  static SynthOptions FeedOptions(const SimOptions& o) {
    SynthOptions s;
    s.seed = o.seed;
    s.noise = false;  // a simulated sensor says what happened; noise is the synthesizer's job
    s.faults = false;
    return s;
  }

  void MakeArrivals();
  void AddTruck(TimeUs t, Direction dir, world::VehicleClass cls, const std::string& plate, int inspection,
                int perishable);
  int ChooseLane(const Vehicle& v, bool* routable);
  bool HasRoom(int lane) const;
  void Admit(TimeUs t);
  void MoveLane(int lane, TimeUs t);
  void AddLeg(Vehicle& v, TimeUs t0, TimeUs t1, int lane, double s0, double s1);
  void StartService(Vehicle& v, int slot, TimeUs t);
  void ReleaseServices(TimeUs t);
  void LeaveBooth(int booth, TimeUs t, bool to_yard);
  bool YardHasRoom(Direction dir) const;
  // ---- the controller's commands (control.h)
  double Speed(int lane) const { return routes_.SpeedMps(lane) * speed_factor_; }
  bool LaneOpen(int lane) const {
    const int booth = lane_booth_[static_cast<size_t>(lane)];
    return lane_closed_[static_cast<size_t>(lane)] == 0 &&
           (booth < 0 || booth_closed_[static_cast<size_t>(booth)] == 0);
  }
  GateView View(TimeUs t) const;
  void Apply(const Command& c, TimeUs t);
  // the side of a tidal lane not in use (a closure of the side in use leaves it the side in use)
  bool TidalStandby(int lane) const {
    return world_.lanes[static_cast<size_t>(lane)].tidal_partner >= 0 && !tidal_active_[static_cast<size_t>(lane)];
  }
  void OpenClearedTidalLanes() {
    std::erase_if(tidal_waiting_, [&](int lane) {
      const auto i = static_cast<size_t>(lane);
      if (!tidal_pending_[i]) return true;  // closed or reversed back meanwhile
      if (!lane_order_[static_cast<size_t>(world_.lanes[i].tidal_partner)].empty()) return false;
      tidal_pending_[i] = 0;
      lane_closed_[i] = 0;
      signals_changed_ = true;
      return true;
    });
  }
  LaneSignal SignalOf(int lane) const {
    if (LaneOpen(lane)) return LaneSignal::kOpen;
    return tidal_pending_[static_cast<size_t>(lane)] ? LaneSignal::kOpening : LaneSignal::kClosed;
  }
  // appends the lanes whose signal differs from the one shown (all of them the first time)
  void RecordLaneSignals(TimeUs t) {
    signals_changed_ = false;
    signal_shown_.resize(world_.lanes.size(), static_cast<LaneSignal>(0xff));
    for (size_t lane = 0; lane < world_.lanes.size(); ++lane) {
      const LaneSignal now = SignalOf(static_cast<int>(lane));
      if (now == signal_shown_[lane]) continue;
      signal_shown_[lane] = now;
      result_.lane_signals.push_back({t, static_cast<int>(lane), now});
    }
  }
  void MergeAddedArrivals(size_t next);
  void Refuse(const Command& c, TimeUs t, std::string reason) {
    result_.refusals.push_back({c.tag, t, std::move(reason)});
  }
  void WriteOutages();
  bool SendToYard(Vehicle& v, TimeUs t);
  TimeUs DriveRestOfRoute(Vehicle& v, double beyond_m, TimeUs t);
  void Finish(Vehicle& v, TimeUs t_exit);
  void PlateRead(TimeUs t, const Read& read, const Vehicle& v) {
    synth::WritePlateRead(world_, lane_json_, t, read, v.truck, rng_events_, &feed_);
  }
  SimTrip& TripOf(const Vehicle& v) { return result_.trips[v.trip]; }
  bool Busy() const {
    return !waiting_[0].empty() || !waiting_[1].empty() || on_lanes_ > 0 || !yard_departures_.empty();
  }

  const world::World& world_;
  const Demand& demand_;
  const SimOptions& options_;
  SynthOptions synth_options_;
  synth::Routes routes_;
  synth::Feed feed_;
  Rng rng_trucks_, rng_choice_, rng_service_, rng_events_;
  TimeUs dt_us_;
  double dt_s_;
  TimeUs hard_end_us_ = 0;
  std::optional<world::GeoFrame> geo_;
  std::vector<std::string> lane_json_;
  std::vector<world::ServiceTime> service_;  // per booth: the demand's override or the world's

  struct Pending {
    TimeUs t_us;
    Direction dir;
    world::VehicleClass cls;
    std::string plate;
    int inspection;
    int perishable;
  };
  std::vector<Pending> arrivals_;
  std::vector<Pending> added_;  // arrivals commanded this step, merged in by MergeAddedArrivals
  std::unordered_set<std::string> plates_;

  std::vector<Vehicle> slots_;
  std::vector<int> free_slots_;
  std::deque<int> waiting_[2];                // per direction: slots waiting upstream, first come first
  std::vector<std::vector<int>> lane_order_;  // per lane: slots on it, front first
  std::vector<int> lane_unserved_;            // per lane: trucks on it not yet through its booth
  std::vector<int> lane_booth_;               // per lane: the booth it queues at, -1
  std::vector<int> booth_occupant_;           // per booth: slot in service, -1
  std::vector<int> yard_present_;             // per zone
  using Departure = std::pair<TimeUs, int>;   // (time, zone)
  std::priority_queue<Departure, std::vector<Departure>, std::greater<>> yard_departures_;
  int on_lanes_ = 0;

  // what the controller changed: closures, pending holds, jammed arms, weather, priority, outages
  std::vector<char> lane_closed_, booth_closed_;
  // tidal lanes: per lane, 1 while it waits to open until its partner's side of the strip is clear
  std::vector<char> tidal_pending_;
  std::vector<char> tidal_active_;          // per lane: 1 on the side of its tidal pair in use (open or about to be)
  std::vector<int> tidal_waiting_;          // the lanes with tidal_pending_ set
  std::vector<LaneSignal> signal_shown_;    // per lane: its signal as last recorded
  bool signals_changed_ = true;             // a command or a tidal opening may have changed a signal
  std::vector<TimeUs> booth_hold_us_;       // per booth: extra time the next service keeps it
  std::vector<TimeUs> booth_jam_until_us_;  // per booth: no truck leaves before this
  double speed_factor_ = 1;
  std::array<bool, 2> perishable_first_{};
  struct Outage {
    int sensor;
    TimeUs from_us, to_us;
    std::string state;
  };
  std::vector<Outage> outages_;
  std::vector<Command> commands_;

  std::vector<Read> counters_;
  std::vector<std::vector<int>> lane_counters_;
  std::vector<synth::Passage> passages_;
  std::vector<synth::BarrierOpen> barriers_;
  SimResult result_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] arrivals
// ---------------------------------------------------------------------------------------------

// Piecewise-constant Poisson arrivals: within each local hour, exponential gaps at that hour's
// rate. Each (direction, class) has its own random stream, so arrivals never depend on the
// layout or on the other classes' rates: every layout of a study sees the same trucks.
void Sim::MakeArrivals() {
  const TimeUs hour_us = 3600 * kUsPerSecond;
  const TimeUs offset_us = static_cast<TimeUs>(world_.params.utc_offset_min) * 60 * kUsPerSecond;
  const TimeUs end_us = options_.start_us + options_.duration_us;
  for (int dir = 0; dir < 2; ++dir) {
    for (int c = 0; c < world::kVehicleClassCount; ++c) {
      Rng rng(options_.seed, 100 + static_cast<uint64_t>(dir * world::kVehicleClassCount + c));
      for (TimeUs slot = options_.start_us; slot < end_us;) {
        const TimeUs local = slot + offset_us;
        const TimeUs slot_end = std::min(end_us, slot + (hour_us - ((local % hour_us) + hour_us) % hour_us));
        const auto hour = static_cast<size_t>((((local / hour_us) % 24) + 24) % 24);
        const double rate_per_s =
            demand_.arrivals_per_hour[static_cast<size_t>(dir)][static_cast<size_t>(c)][hour] / 3600;
        if (rate_per_s > 0) {
          for (TimeUs t = slot + Us(rng.Exponential() / rate_per_s); t < slot_end;
               t += Us(rng.Exponential() / rate_per_s)) {
            arrivals_.push_back({t, Direction(dir), world::VehicleClass(c), {}, -1, -1});
          }
        }
        slot = slot_end;
      }
    }
  }
  for (const Arrival& a : options_.arrivals) {
    arrivals_.push_back({a.t_us, a.dir, a.vehicle_class, a.plate, a.inspection, a.perishable});
  }
  std::stable_sort(arrivals_.begin(), arrivals_.end(),
                   [](const Pending& a, const Pending& b) { return a.t_us < b.t_us; });
}

void Sim::AddTruck(TimeUs t, Direction dir, world::VehicleClass cls, const std::string& given_plate, int inspection,
                   int perishable_given) {
  // every draw happens whatever the layout, in arrival order: the same trucks on every layout
  std::string plate = given_plate;
  const double cn_share = dir == Direction::kCnToVn ? options_.cn_plate_share_import : options_.cn_plate_share_export;
  const bool chinese = rng_trucks_.Chance(cn_share);
  if (plate.empty() || !plates_.insert(NormalisePlate(plate)).second) {
    std::string drawn;
    do {
      drawn = chinese ? synth::ChinesePlate(rng_trucks_) : synth::VietnamesePlate(rng_trucks_);
    } while (!plates_.insert(NormalisePlate(drawn)).second);
    plate = drawn;
  }
  double u = rng_trucks_.Uniform();
  const auto& mix = demand_.inspection_share[static_cast<size_t>(dir)];
  int drawn_inspection = 0;
  for (int k = 1; k < kInspectionCount; ++k) {
    if (u < mix[static_cast<size_t>(k)]) {
      drawn_inspection = k;
      break;
    }
    u -= mix[static_cast<size_t>(k)];
  }
  const bool perishable = rng_trucks_.Chance(demand_.perishable_share);
  const bool yard = rng_trucks_.Chance(demand_.yard_share);
  const bool gps = rng_trucks_.Chance(demand_.gps_share) && geo_.has_value();

  SimTrip trip;
  trip.dir = dir;
  trip.vehicle_class = cls;
  trip.inspection = inspection >= 0 ? inspection : drawn_inspection;
  trip.perishable = perishable_given >= 0 ? perishable_given == 1 : perishable;
  trip.arrival_us = t;
  result_.trips.push_back(trip);

  int slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<int>(slots_.size());
    slots_.emplace_back();
  }
  Vehicle& v = slots_[static_cast<size_t>(slot)];
  v = Vehicle{};
  v.truck.demand_us = t;
  v.truck.dir = dir;
  v.truck.cls = cls;
  AppendJsonString(&v.truck.plate_json, plate);
  v.truck.gps = gps;
  v.truck.length_m = synth::LengthM(cls);
  v.trip = result_.trips.size() - 1;
  v.wants_yard = yard;
  waiting_[static_cast<int>(dir)].push_back(slot);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] lanes
// ---------------------------------------------------------------------------------------------

bool Sim::HasRoom(int lane) const {
  const auto& order = lane_order_[static_cast<size_t>(lane)];
  if (order.empty()) return true;
  const Vehicle& back = slots_[static_cast<size_t>(order.back())];
  return back.s_m - back.truck.length_m >= options_.idm.min_gap_m + 1;
}

// The lane a truck takes: the best tier of booths for its inspection (its own kind, else
// documents, else any booth, else lanes without one), and within it the lane with room and the
// fewest trucks not yet through the booth. -1 while no lane of that tier has room.
int Sim::ChooseLane(const Vehicle& v, bool* routable) {
  const auto& entries = routes_.entries(v.truck.dir);
  const int inspection = TripOf(v).inspection;
  auto tier = [&](int lane) {
    const int booth = lane_booth_[static_cast<size_t>(lane)];
    if (booth < 0) return 3;
    const int kind = static_cast<int>(world_.booths[static_cast<size_t>(booth)].kind);
    if (kind == inspection) return 0;
    return kind == static_cast<int>(world::BoothKind::kDocuments) ? 1 : 2;
  };
  // the best tier among the lanes open now; closed ones make a truck wait, not turn away
  int best_tier = 4;
  *routable = false;
  for (const Read& e : entries) {
    if (!world_.lanes[static_cast<size_t>(e.lane)].Allows(v.truck.cls)) continue;
    *routable = true;
    if (LaneOpen(e.lane)) best_tier = std::min(best_tier, tier(e.lane));
  }
  int best_count = std::numeric_limits<int>::max();
  std::vector<int> best;
  for (const Read& e : entries) {
    if (!world_.lanes[static_cast<size_t>(e.lane)].Allows(v.truck.cls) || tier(e.lane) != best_tier) continue;
    if (!LaneOpen(e.lane) || !HasRoom(e.lane)) continue;
    const int count = lane_unserved_[static_cast<size_t>(e.lane)];
    if (count < best_count) best_count = count, best.clear();
    if (count == best_count) best.push_back(e.lane);
  }
  if (best.empty()) return -1;
  return best[best.size() == 1 ? 0 : rng_choice_.Below(best.size())];
}

// Trucks leave the upstream area in order of arrival, each direction on its own link road: the
// first waits until a lane it may use has room, and those behind wait for it.
void Sim::Admit(TimeUs t) {
  for (int dir = 0; dir < 2; ++dir) {
    auto& queue = waiting_[dir];
    if (perishable_first_[static_cast<size_t>(dir)]) {
      // a green lane for perishable goods: they leave the upstream area before the others
      std::stable_partition(queue.begin(), queue.end(),
                            [&](int slot) { return TripOf(slots_[static_cast<size_t>(slot)]).perishable; });
    }
    while (!queue.empty()) {
      const int slot = queue.front();
      Vehicle& v = slots_[static_cast<size_t>(slot)];
      bool routable = true;
      const int lane = ChooseLane(v, &routable);
      if (!routable) {
        // no lane of its direction allows its class: it never comes through this layout
        ++result_.unroutable;
        TripOf(v).unroutable = true;
        queue.pop_front();
        free_slots_.push_back(slot);
        continue;
      }
      if (lane < 0) break;
      queue.pop_front();
      auto& order = lane_order_[static_cast<size_t>(lane)];
      const double v0 = Speed(lane);
      v.lane = lane;
      v.s_m = 0;
      v.v_mps = v0;
      if (!order.empty()) {
        // enter no faster than the truck just ahead when it is close
        const Vehicle& back = slots_[static_cast<size_t>(order.back())];
        if (back.s_m - back.truck.length_m < 50) v.v_mps = std::min(v0, back.v_mps);
      }
      v.booth = lane_booth_[static_cast<size_t>(lane)];
      v.phase = v.booth >= 0 ? Phase::kToBooth : Phase::kToExit;
      if (v.booth >= 0) {
        v.stop_m = world_.booths[static_cast<size_t>(v.booth)].station_m;
        ++lane_unserved_[static_cast<size_t>(lane)];
      }
      v.route = routes_.Exit(lane);
      v.route_pos = 0;
      for (const Read& e : routes_.entries(v.truck.dir)) {
        if (e.lane == lane) v.entry = e;
      }
      order.push_back(slot);
      ++on_lanes_;
      SimTrip& trip = TripOf(v);
      trip.lane = lane;
      trip.lane_us = t;
      trip.booth = v.booth;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] movement
// ---------------------------------------------------------------------------------------------

void Sim::AddLeg(Vehicle& v, TimeUs t0, TimeUs t1, int lane, double s0, double s1) {
  // a leg at the same speed as the last one extends it: standing in a queue or cruising at
  // the limit costs one leg, not one per step (the counters and trackers read legs linearly)
  if (!v.legs.empty()) {
    synth::Leg& last = v.legs.back();
    if (last.lane == lane && last.s1_m == s0 && last.t1_us == t0 && last.observed == v.entry_read &&
        (s1 - s0) * static_cast<double>(last.t1_us - last.t0_us) ==
            (last.s1_m - last.s0_m) * static_cast<double>(t1 - t0)) {
      last.t1_us = t1;
      last.s1_m = s1;
      return;
    }
  }
  v.legs.push_back({t0, t1, lane, s0, s1, {}, {}, v.entry_read});
}

void Sim::MoveLane(int lane, TimeUs t) {
  auto& order = lane_order_[static_cast<size_t>(lane)];
  const double v0 = Speed(lane);
  const double length_m = world_.lanes[static_cast<size_t>(lane)].length_m;
  const IdmParams& idm = options_.idm;
  // the truck ahead as it was at the start of the step (what a driver reacts to: all trucks
  // decide at once, as SUMO's step does), and where it is now (so no truck runs into it)
  struct Ahead {
    double old_s_m, old_v_mps, length_m, new_s_m;
  };
  std::optional<Ahead> ahead;
  bool any_left = false;
  for (const int slot : order) {
    Vehicle& v = slots_[static_cast<size_t>(slot)];
    if (v.phase == Phase::kInService) {
      AddLeg(v, t, t + dt_us_, lane, v.s_m, v.s_m);
      ahead = Ahead{v.s_m, 0, v.truck.length_m, v.s_m};
      continue;
    }
    ++result_.vehicle_updates;
    double gap_m = kInfiniteGapM, closing_mps = 0;
    if (ahead) {
      gap_m = ahead->old_s_m - ahead->length_m - v.s_m;
      closing_mps = v.v_mps - ahead->old_v_mps;
    }
    const bool to_stop = v.phase == Phase::kToBooth;
    if (to_stop) {
      // the stop line is a standing obstacle whose jam gap ends exactly at the line
      const double stop_gap_m = v.stop_m - v.s_m + idm.min_gap_m;
      if (stop_gap_m < gap_m) gap_m = stop_gap_m, closing_mps = v.v_mps;
    }
    const double a = IdmAccel(idm, v.v_mps, v0, gap_m, closing_mps);
    double v_new = v.v_mps + a * dt_s_;
    double ds = (v.v_mps + v_new) / 2 * dt_s_;
    if (v_new < 0) {
      // ballistic stop within the step
      ds = a < 0 ? -v.v_mps * v.v_mps / (2 * a) : 0;
      v_new = 0;
    }
    double s_new = v.s_m + ds;
    if (ahead && s_new > ahead->new_s_m - ahead->length_m - kHardGapM) {
      s_new = std::max(v.s_m, ahead->new_s_m - ahead->length_m - kHardGapM);
      v_new = std::min(v_new, ahead->old_v_mps);
    }
    if (to_stop && s_new >= v.stop_m) s_new = v.stop_m, v_new = 0;
    const double s_old = v.s_m;
    const double v_old = v.v_mps;
    AddLeg(v, t, t + dt_us_, lane, s_old, s_new);
    v.s_m = s_new;
    v.v_mps = v_new;
    auto crossing_us = [&](double station_m) {
      const double f = s_new > s_old ? (station_m - s_old) / (s_new - s_old) : 1.0;
      return t + Us(std::clamp(f, 0.0, 1.0) * dt_s_);
    };
    if (!v.entry_read && v.entry && v.entry->lane == lane && s_new >= v.entry->station_m &&
        (s_old < v.entry->station_m || s_old == 0)) {
      const TimeUs at = crossing_us(v.entry->station_m);
      v.entry_read = true;
      TripOf(v).entry_us = at;
      PlateRead(at, *v.entry, v);
    }
    ahead = Ahead{s_old, v_old, v.truck.length_m, s_new};
    if (to_stop && v.stop_m - s_new <= kAtStopM && v_new < kStoppedMps &&
        booth_occupant_[static_cast<size_t>(v.booth)] < 0 && booth_closed_[static_cast<size_t>(v.booth)] == 0) {
      v.s_m = v.stop_m;
      v.v_mps = 0;
      StartService(v, slot, t + dt_us_);
      continue;
    }
    if (v.phase != Phase::kToExit) continue;
    if (v.route != nullptr && v.route_pos + 1 == v.route->lanes.size() && s_new >= v.route->exit.station_m) {
      Finish(v, crossing_us(v.route->exit.station_m));
      any_left = true;
    } else if (s_new >= length_m) {
      if (v.route != nullptr) {
        Finish(v, DriveRestOfRoute(v, s_new - length_m, t + dt_us_));
      } else {
        // a lane with no exit camera ahead: the truck leaves unseen (its trip stays open)
        v.done = true;
        free_slots_.push_back(slot);
      }
      any_left = true;
    }
  }
  if (any_left) {
    const auto removed = std::erase_if(order, [&](int slot) { return slots_[static_cast<size_t>(slot)].done; });
    on_lanes_ -= static_cast<int>(removed);
  }
}

// The rest of the route after the booth lane's end: link roads driven at their speed limit
// without interaction (merging onto them is not modelled) up to the exit camera.
TimeUs Sim::DriveRestOfRoute(Vehicle& v, double beyond_m, TimeUs t) {
  const auto& lanes = v.route->lanes;
  for (size_t i = v.route_pos + 1; i < lanes.size(); ++i) {
    const int next = lanes[i];
    const double s0 = i == v.route_pos + 1 ? beyond_m : 0;
    const double s1 =
        i + 1 == lanes.size() ? v.route->exit.station_m : world_.lanes[static_cast<size_t>(next)].length_m;
    const TimeUs t1 = t + Us(std::max(0.0, s1 - s0) / Speed(next));
    AddLeg(v, t, t1, next, s0, std::max(s0, s1));
    t = t1;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] service, yards
// ---------------------------------------------------------------------------------------------

void Sim::StartService(Vehicle& v, int slot, TimeUs t) {
  const int booth = v.booth;
  v.drawn_service_us = Us(synth::SampleServiceS(service_[static_cast<size_t>(booth)], rng_service_));
  const TimeUs end = t + v.drawn_service_us + booth_hold_us_[static_cast<size_t>(booth)];
  booth_hold_us_[static_cast<size_t>(booth)] = 0;
  booth_occupant_[static_cast<size_t>(booth)] = slot;
  v.phase = Phase::kInService;
  v.v_mps = 0;
  SimTrip& trip = TripOf(v);
  trip.service_start_us = t;
  trip.service_end_us = end;
  if (const int camera = routes_.BoothCamera(booth, v.lane); camera >= 0) {
    PlateRead(t, Read{camera, v.lane, v.stop_m}, v);
  }
  if (const int scanner = routes_.booth_scanner(booth); scanner >= 0) {
    // a held truck is taken aside to a yard for a closer look
    v.wants_yard |= synth::WriteScan(scanner, v.truck, t, end, options_.hold_share, rng_events_, &feed_);
  }
  if (const int scale = routes_.booth_weighbridge(booth); scale >= 0) {
    synth::WriteWeigh(world_, lane_json_, scale, v.lane, v.truck, t, end, rng_events_, &feed_);
  }
}

// Booths whose service has ended release their truck: it drives on at the next step, or turns
// off to a yard.
void Sim::ReleaseServices(TimeUs t) {
  for (size_t b = 0; b < booth_occupant_.size(); ++b) {
    const int slot = booth_occupant_[b];
    if (slot < 0) continue;
    SimTrip& trip = TripOf(slots_[static_cast<size_t>(slot)]);
    if (trip.service_end_us > t || booth_jam_until_us_[b] > t) continue;
    // a stuck arm lets the truck go only when it is freed
    trip.service_end_us = std::max(trip.service_end_us, booth_jam_until_us_[b]);
    LeaveBooth(static_cast<int>(b), trip.service_end_us, false);
  }
}

// The truck at `booth` leaves it at `t`: through the arm toward its exit (or its yard visit),
// or, diverted, straight to a yard.
void Sim::LeaveBooth(int booth, TimeUs t, bool to_yard) {
  const int slot = booth_occupant_[static_cast<size_t>(booth)];
  Vehicle& v = slots_[static_cast<size_t>(slot)];
  booth_occupant_[static_cast<size_t>(booth)] = -1;
  v.phase = Phase::kToExit;
  --lane_unserved_[static_cast<size_t>(v.lane)];
  if (const int arm = routes_.booth_barrier(booth); arm >= 0) barriers_.push_back({arm, v.lane, t});
  if ((v.wants_yard || to_yard) && SendToYard(v, t)) {
    auto& order = lane_order_[static_cast<size_t>(v.lane)];
    std::erase(order, slot);
    --on_lanes_;
  }
}

bool Sim::YardHasRoom(Direction dir) const {
  return std::any_of(routes_.yards(dir).begin(), routes_.yards(dir).end(), [&](const synth::YardAccess& y) {
    return yard_present_[static_cast<size_t>(y.zone)] < world_.zones[static_cast<size_t>(y.zone)].capacity_trucks;
  });
}

// A yard visit after service: to a yard of the truck's side with room (one on its own lane's
// road if there is one), dwell, then across to its lane's exit camera. False when all are full.
bool Sim::SendToYard(Vehicle& v, TimeUs t) {
  std::vector<const synth::YardAccess*> open, near;
  for (const auto& y : routes_.yards(v.truck.dir)) {
    const int capacity = world_.zones[static_cast<size_t>(y.zone)].capacity_trucks;
    if (yard_present_[static_cast<size_t>(y.zone)] >= capacity) continue;
    open.push_back(&y);
    if (y.in.lane == v.lane) near.push_back(&y);
  }
  if (open.empty()) {
    if (!routes_.yards(v.truck.dir).empty()) ++result_.yard_full;
    return false;
  }
  const auto& pool = near.empty() ? open : near;
  const synth::YardAccess& yard = *pool[pool.size() == 1 ? 0 : rng_choice_.Below(pool.size())];
  const double v0 = Speed(v.lane);
  const world::Vec3 at = routes_.At(v.lane, v.s_m).position;
  auto drive_us = [&](const world::Vec3& a, const world::Vec3& b) {
    return std::max(kMinLegUs, Us(synth::Planar(b.x - a.x, b.y - a.y) / v0));
  };
  const TimeUs t_in = t + drive_us(at, yard.in_point);
  const TimeUs t_out = t_in + Us(synth::Exp(rng_choice_.Uniform(synth::Log(kYardMinS), synth::Log(kYardMaxS))));
  v.legs.push_back({t, t_in, -1, 0, 0, at, yard.in_point, true});
  v.legs.push_back({t_in, t_out, -1, 0, 0, yard.centre, yard.centre, true});
  ++yard_present_[static_cast<size_t>(yard.zone)];
  yard_departures_.push({t_out, yard.zone});
  TripOf(v).yard = yard.zone;
  if (t_in <= hard_end_us_) PlateRead(t_in, yard.in, v);
  if (t_out <= hard_end_us_) PlateRead(t_out, yard.out, v);
  if (v.route == nullptr) {
    v.done = true;
    free_slots_.push_back(static_cast<int>(&v - slots_.data()));
    return true;
  }
  const world::Vec3 exit_at = routes_.At(v.route->exit.lane, v.route->exit.station_m).position;
  const TimeUs t_exit = t_out + drive_us(yard.out_point, exit_at);
  v.legs.push_back({t_out, t_exit, -1, 0, 0, yard.out_point, exit_at, true});
  Finish(v, t_exit);
  return true;
}

void Sim::Finish(Vehicle& v, TimeUs t_exit) {
  v.done = true;
  free_slots_.push_back(static_cast<int>(&v - slots_.data()));
  SimTrip& trip = TripOf(v);
  if (t_exit > hard_end_us_) return;  // the run stopped before it got there
  trip.exit_us = t_exit;
  PlateRead(t_exit, v.route->exit, v);
  // the free-flow trip: entry camera to exit camera at the speed limit, plus its own service
  double free_s = 0;
  if (v.entry) {
    const double on_lane_m =
        (v.route->lanes.size() == 1 ? v.route->exit.station_m : world_.lanes[static_cast<size_t>(v.lane)].length_m) -
        v.entry->station_m;
    free_s += std::max(0.0, on_lane_m) / routes_.SpeedMps(v.lane);
    for (size_t i = 1; i < v.route->lanes.size(); ++i) {
      const int next = v.route->lanes[i];
      const double m =
          i + 1 == v.route->lanes.size() ? v.route->exit.station_m : world_.lanes[static_cast<size_t>(next)].length_m;
      free_s += m / routes_.SpeedMps(next);
    }
  }
  if (trip.service_start_us >= 0) free_s += Seconds(v.drawn_service_us);
  trip.free_flow_s = free_s;
  synth::CollectPassages(v.legs, counters_, lane_counters_, v.truck.length_m, &passages_);
  if (v.truck.gps && v.entry_read) {
    // a stream per truck: its fixes do not depend on which trucks left before it, so a decision
    // at t leaves every fix of the trucks before t as it was
    synth::Rng gps(options_.seed, kGpsStreams + v.trip);
    synth::WriteGps(routes_, *geo_, v.truck.plate_json, v.legs, trip.entry_us, t_exit, gps, &feed_);
  }
  std::vector<synth::Leg>().swap(v.legs);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] control
// ---------------------------------------------------------------------------------------------

GateView Sim::View(TimeUs t) const {
  GateView view;
  view.t_us = t;
  view.lane_queue = &lane_unserved_;
  for (int dir = 0; dir < 2; ++dir) {
    view.queue[static_cast<size_t>(dir)] = static_cast<int>(waiting_[dir].size());
  }
  for (size_t lane = 0; lane < lane_order_.size(); ++lane) {
    view.queue[static_cast<size_t>(world_.lanes[lane].direction)] += lane_unserved_[lane];
  }
  return view;
}

void Sim::Apply(const Command& c, TimeUs t) {
  using Kind = Command::Kind;
  signals_changed_ = true;
  const auto index = static_cast<size_t>(std::max(0, c.target));
  const bool lane_ok = c.target >= 0 && index < world_.lanes.size();
  const bool booth_ok = c.target >= 0 && index < world_.booths.size();
  const bool sensor_ok = c.target >= 0 && index < world_.sensors.size();
  switch (c.kind) {
    case Kind::kCloseLane:
    case Kind::kOpenLane: {
      if (!lane_ok) return Refuse(c, t, "no such lane");
      const world::Lane& lane = world_.lanes[index];
      if (TidalStandby(c.target)) {
        return Refuse(c, t, "lane " + lane.id + " is the standby side of a tidal lane: reverse the lane to use it");
      }
      if (tidal_pending_[index]) {
        // opening: it opens anyway once the strip is clear; closing: it stays closed
        if (c.kind == Kind::kCloseLane) tidal_pending_[index] = 0;
        return;
      }
      lane_closed_[index] = c.kind == Kind::kCloseLane;
      return;
    }
    case Kind::kReverseLane: {
      if (!lane_ok) return Refuse(c, t, "no such lane");
      const world::Lane& lane = world_.lanes[index];
      if (lane.tidal_partner < 0) return Refuse(c, t, "lane " + lane.id + " is not a tidal lane");
      // the side in use closes to new trucks; the other opens when the last truck has left the strip
      const int from = TidalStandby(c.target) ? lane.tidal_partner : c.target;
      const int to = world_.lanes[static_cast<size_t>(from)].tidal_partner;
      tidal_active_[static_cast<size_t>(from)] = 0;
      tidal_active_[static_cast<size_t>(to)] = 1;
      lane_closed_[static_cast<size_t>(from)] = 1;
      tidal_pending_[static_cast<size_t>(from)] = 0;
      tidal_pending_[static_cast<size_t>(to)] = 1;
      tidal_waiting_.push_back(to);
      return;
    }
    case Kind::kCloseBooth:
    case Kind::kOpenBooth:
      if (!booth_ok) return Refuse(c, t, "no such booth");
      booth_closed_[index] = c.kind == Kind::kCloseBooth;
      return;
    case Kind::kHoldBooth:
      if (!booth_ok) return Refuse(c, t, "no such booth");
      if (const int slot = booth_occupant_[index]; slot >= 0) {
        TripOf(slots_[static_cast<size_t>(slot)]).service_end_us += c.duration_us;
      } else {
        booth_hold_us_[index] += c.duration_us;  // the next truck to arrive is the one missing papers
      }
      return;
    case Kind::kJamBarrier:
      if (!booth_ok) return Refuse(c, t, "no such booth");
      booth_jam_until_us_[index] = std::max(booth_jam_until_us_[index], t + c.duration_us);
      return;
    case Kind::kSpeedFactor:
      if (!(c.value > 0.01 && c.value <= 2)) return Refuse(c, t, "speed factor outside (0.01, 2]");
      speed_factor_ = c.value;
      return;
    case Kind::kArrivals:
      for (const Arrival& a : c.arrivals) {
        added_.push_back({std::max(a.t_us, t), a.dir, a.vehicle_class, a.plate, a.inspection, a.perishable});
      }
      return;
    case Kind::kSensorDown:
      if (!sensor_ok) return Refuse(c, t, "no such sensor");
      for (const Outage& o : outages_) {
        if (o.sensor == c.target && o.to_us == kOpenEnded) return Refuse(c, t, "the sensor is already down");
      }
      outages_.push_back({c.target, t, kOpenEnded, c.detail.empty() ? "offline" : c.detail});
      return;
    case Kind::kSensorUp:
      if (!sensor_ok) return Refuse(c, t, "no such sensor");
      for (Outage& o : outages_) {
        if (o.sensor == c.target && o.to_us == kOpenEnded) {
          o.to_us = t;
          return;
        }
      }
      return Refuse(c, t, "the sensor was not down");
    case Kind::kDivertToYard: {
      if (!booth_ok) return Refuse(c, t, "no such booth");
      const int slot = booth_occupant_[index];
      if (slot < 0) return Refuse(c, t, "no truck in service at the booth");
      if (booth_jam_until_us_[index] > t) return Refuse(c, t, "the booth's barrier is stuck");
      if (!YardHasRoom(slots_[static_cast<size_t>(slot)].truck.dir)) {
        return Refuse(c, t, "every yard of its side is full");
      }
      TripOf(slots_[static_cast<size_t>(slot)]).service_end_us = t;
      LeaveBooth(static_cast<int>(index), t, true);
      return;
    }
    case Kind::kPrioritisePerishable:
      if (c.target < 0 || c.target > 1) return Refuse(c, t, "no such direction");
      perishable_first_[static_cast<size_t>(c.target)] = c.value != 0;
      return;
  }
}

// Commanded arrivals join the day's, in time order after those already come.
void Sim::MergeAddedArrivals(size_t next) {
  if (added_.empty()) return;
  const auto by_time = [](const Pending& a, const Pending& b) { return a.t_us < b.t_us; };
  std::stable_sort(added_.begin(), added_.end(), by_time);
  std::vector<Pending> merged;
  merged.reserve(arrivals_.size() - next + added_.size());
  std::merge(std::make_move_iterator(arrivals_.begin() + static_cast<ptrdiff_t>(next)),
             std::make_move_iterator(arrivals_.end()), std::make_move_iterator(added_.begin()),
             std::make_move_iterator(added_.end()), std::back_inserter(merged), by_time);
  arrivals_.resize(next);
  std::move(merged.begin(), merged.end(), std::back_inserter(arrivals_));
  added_.clear();
}

// A sensor that was down lost every event it would have sent, and says so with `status` events.
void Sim::WriteOutages() {
  if (outages_.empty()) return;
  auto& events = feed_.events();
  std::erase_if(events, [&](const synth::Ev& e) {
    return std::any_of(outages_.begin(), outages_.end(), [&](const Outage& o) {
      return o.sensor == e.sensor && e.ts_us >= o.from_us && e.ts_us < o.to_us;
    });
  });
  for (const Outage& o : outages_) {
    *feed_.Begin(o.from_us / 1000 * 1000, o.sensor, EventKind::kStatus) += ",\"state\":\"" + o.state + "\"}";
    if (o.to_us <= hard_end_us_) {
      *feed_.Begin(o.to_us / 1000 * 1000, o.sensor, EventKind::kStatus) += ",\"state\":\"ok\"}";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] the run
// ---------------------------------------------------------------------------------------------

SimResult Sim::Run(std::ostream& out) {
  MakeArrivals();
  const TimeUs start_us = arrivals_.empty() ? options_.start_us : std::min(options_.start_us, arrivals_.front().t_us);
  const TimeUs arrivals_end_us =
      std::max(options_.start_us + options_.duration_us, arrivals_.empty() ? start_us : arrivals_.back().t_us + 1);
  hard_end_us_ = arrivals_end_us + options_.drain_us;
  size_t next = 0;
  TimeUs t = start_us;
  RecordLaneSignals(start_us);
  Controller* const controller = options_.controller;
  while (t < hard_end_us_) {
    if (!Busy()) {
      // nobody at the gate: jump to the step of the next arrival or command
      const TimeUs due = controller != nullptr ? controller->NextDueUs() : kOpenEnded;
      const TimeUs at = std::min(next < arrivals_.size() ? arrivals_[next].t_us : kOpenEnded, due);
      if (at == kOpenEnded) break;
      if (at > t) t += (at - t + dt_us_ - 1) / dt_us_ * dt_us_;
      if (t >= hard_end_us_) break;
    }
    if (controller != nullptr) {
      commands_.clear();
      controller->Step(View(t), &commands_);
      for (const Command& c : commands_) Apply(c, t);
      MergeAddedArrivals(next);
    }
    if (!tidal_waiting_.empty()) OpenClearedTidalLanes();
    if (signals_changed_) RecordLaneSignals(t);
    for (; next < arrivals_.size() && arrivals_[next].t_us <= t; ++next) {
      const Pending& a = arrivals_[next];
      AddTruck(a.t_us, a.dir, a.cls, a.plate, a.inspection, a.perishable);
    }
    while (!yard_departures_.empty() && yard_departures_.top().first <= t) {
      --yard_present_[static_cast<size_t>(yard_departures_.top().second)];
      yard_departures_.pop();
    }
    ReleaseServices(t);
    Admit(t);
    for (size_t lane = 0; lane < lane_order_.size(); ++lane) {
      if (!lane_order_[lane].empty()) MoveLane(static_cast<int>(lane), t);
    }
    t += dt_us_;
  }
  result_.end_us = std::min(t, hard_end_us_);
  // trucks still inside keep their legs until now, so counters see them standing
  for (Vehicle& v : slots_) {
    if (!v.done && v.lane >= 0) synth::CollectPassages(v.legs, counters_, lane_counters_, v.truck.length_m, &passages_);
  }
  // a stream of its own: rng_events_ has drawn for the whole run by now (WriteBarriers then draws per arm opening)
  synth::Rng barrier_noise(options_.seed, kBarrierStream);
  synth::WriteBarriers(world_, std::move(barriers_), barrier_noise, &feed_);
  WriteOutages();
  const TimeUs interval_us = static_cast<TimeUs>(std::max(1, options_.loop_interval_s)) * kUsPerSecond;
  const TimeUs counters_end_us = start_us + (result_.end_us - start_us + interval_us - 1) / interval_us * interval_us;
  synth::WriteCounters(world_, counters_, std::move(passages_), std::max(1, options_.loop_interval_s), start_us,
                       counters_end_us, &feed_);
  feed_.Write(out, &result_.feed);
  return std::move(result_);
}

}  // namespace

std::vector<LaneSignal> LaneSignalsAt(const std::vector<LaneSignalChange>& changes, size_t lane_count, TimeUs t_us) {
  std::vector<LaneSignal> signals(lane_count, LaneSignal::kOpen);
  std::vector<char> seen(lane_count, 0);
  for (const LaneSignalChange& c : changes) {
    if (c.lane < 0 || static_cast<size_t>(c.lane) >= lane_count) continue;
    const auto lane = static_cast<size_t>(c.lane);
    if (c.t_us > t_us && seen[lane]) continue;
    signals[lane] = c.signal;
    seen[lane] = 1;
  }
  return signals;
}

SimResult Simulate(const world::World& world, const Demand& demand, const SimOptions& options, std::ostream& out) {
  Sim sim(world, demand, options);
  return sim.Run(out);
}

}  // namespace gatetwin::replay::sim
