// Calibration pass: reads the feeds once, builds trips and service durations, fits the Demand.
#include "replay/sim/calibrate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "replay/event.h"
#include "replay/feed_merger.h"

namespace gatetwin::replay::sim {
namespace {

using engine::TimeUs;
using world::SensorKind;
using world::SensorRole;
using world::VehicleClass;

constexpr TimeUs kHourUs = 3600 * engine::kUsPerSecond;

TimeUs FloorDiv(TimeUs a, TimeUs b) {
  TimeUs q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return q;
}

// One truck's passage, opened by its entry read.
struct Trip {
  TimeUs start_us = 0;
  TimeUs last_entry_us = 0;
  int booth = -1;  // the first booth it was seen at
  bool yard = false;
  bool gps = false;
  int8_t goods = -1;  // -1 not declared, 0 declared and not perishable, 1 perishable
};

// A booth-role read waiting for its barrier to open.
struct ServiceStart {
  std::string plate;
  int lane = -1;
  TimeUs ts_us = 0;
};

// Per booth: how its service is observed and what has been seen so far.
struct BoothWork {
  ServiceMethod method = ServiceMethod::kNone;
  std::vector<ServiceStart> waiting;              // kBarrier: reads in arrival order
  std::unordered_map<std::string, TimeUs> scans;  // kScan: plate → scan start
  std::vector<double> durations_s;
  int unmatched_starts = 0, unmatched_ends = 0, non_positive = 0;
};

class Pass {
 public:
  Pass(const world::World& world, const CalibrateOptions& options, Calibration* out)
      : world_(world), options_(options), out_(*out), booths_(world.booths.size()) {
    // a booth is timed at its barrier when it has both a booth camera and a service barrier;
    // otherwise by its scanner's start → end, if it has one
    std::vector<uint8_t> camera(world.booths.size()), barrier(world.booths.size()), scanner(world.booths.size());
    for (const world::Sensor& s : world.sensors) {
      if (s.booth < 0) continue;
      const auto b = static_cast<size_t>(s.booth);
      if (s.kind == SensorKind::kAnpr && s.role == SensorRole::kBooth) camera[b] = 1;
      if (s.kind == SensorKind::kBarrier && s.role == SensorRole::kService) barrier[b] = 1;
      if (s.kind == SensorKind::kScanner) scanner[b] = 1;
    }
    for (size_t b = 0; b < booths_.size(); ++b) {
      booths_[b].method = camera[b] && barrier[b] ? ServiceMethod::kBarrier
                          : scanner[b]            ? ServiceMethod::kScan
                                                  : ServiceMethod::kNone;
    }
  }

  void Add(const Event& e) {
    if (!any_) out_.first_us = e.ts_us;
    any_ = true;
    out_.last_us = e.ts_us;
    if (e.sensor < 0) return;
    const world::Sensor& sensor = world_.sensors[static_cast<size_t>(e.sensor)];
    if (e.kind == EventKind::kPlateRead && sensor.role == SensorRole::kEntry) {
      Entry(e);
      return;
    }
    Trip* trip = e.plate.empty() ? nullptr : TripOf(e.plate, e.ts_us);
    if (!e.plate.empty() && trip == nullptr) plates_without_entry_.insert(e.plate);
    if (trip != nullptr) {
      if (e.kind == EventKind::kGps) trip->gps = true;
      if (e.kind == EventKind::kPlateRead && sensor.role == SensorRole::kYardIn) trip->yard = true;
      if (sensor.booth >= 0 && trip->booth < 0) trip->booth = sensor.booth;
      if (!e.extra.empty()) Goods(e.extra, trip);
    }
    if (sensor.booth >= 0) Service(e, sensor);
  }

  void Finish() {
    Arrivals();
    Shares();
    Booths();
  }

 private:
  // the plate's latest trip, if it started recently enough for this read to belong to it
  Trip* TripOf(const std::string& plate, TimeUs t) {
    const auto it = latest_.find(plate);
    if (it == latest_.end()) return nullptr;
    Trip& trip = trips_[it->second];
    return t - trip.start_us <= options_.trip_max_us ? &trip : nullptr;
  }

  void Entry(const Event& e) {
    ArrivalFit& a = out_.arrivals;
    const auto it = latest_.find(e.plate);
    if (it != latest_.end() && e.ts_us - trips_[it->second].last_entry_us <= options_.same_trip_us) {
      trips_[it->second].last_entry_us = e.ts_us;
      ++a.entry_rereads;
      return;
    }
    if (!e.has_dir) {
      ++a.without_dir;
      return;
    }
    Trip trip;
    trip.start_us = trip.last_entry_us = e.ts_us;
    if (!e.extra.empty()) Goods(e.extra, &trip);
    latest_[e.plate] = trips_.size();
    trips_.push_back(trip);
    const VehicleClass cls = e.has_class ? e.vehicle_class : VehicleClass::kTruck;
    a.without_class += !e.has_class;
    const TimeUs local_us = e.ts_us + TimeUs{world_.params.utc_offset_min} * 60 * engine::kUsPerSecond;
    const auto hour = static_cast<size_t>(((FloorDiv(local_us, kHourUs) % 24) + 24) % 24);
    ++a.trips[static_cast<size_t>(e.dir)][static_cast<size_t>(cls)][hour];
    ++a.trips_by_dir[static_cast<size_t>(e.dir)];
  }

  // `goods` among the unknown extra fields: declared trips count toward the perishable share
  static void Goods(const std::string& extra, Trip* trip) {
    if (extra.find("\"goods\"") == std::string::npos) return;
    const nlohmann::json j = nlohmann::json::parse(extra, nullptr, false);
    if (!j.is_object()) return;
    const auto it = j.find("goods");
    if (it == j.end() || !it->is_string()) return;
    const bool perishable = it->get<std::string>() == "perishable";
    trip->goods = std::max<int8_t>(trip->goods, perishable ? 1 : 0);
  }

  void Service(const Event& e, const world::Sensor& sensor) {
    BoothWork& w = booths_[static_cast<size_t>(sensor.booth)];
    if (w.method == ServiceMethod::kBarrier) {
      if (e.kind == EventKind::kPlateRead && sensor.role == SensorRole::kBooth) {
        StartAtBooth(e, &w);
      } else if (e.kind == EventKind::kBarrier && sensor.role == SensorRole::kService &&
                 e.barrier == BarrierState::kOpen) {
        OpenBarrier(e, &w);
      }
    } else if (w.method == ServiceMethod::kScan && e.kind == EventKind::kScan && !e.plate.empty()) {
      if (e.scan_phase == ScanPhase::kStart) {
        // a repeated start keeps the first: service began then
        w.scans.emplace(e.plate, e.ts_us);
      } else if (const auto it = w.scans.find(e.plate); it != w.scans.end()) {
        Record(e.ts_us - it->second, &w);
        w.scans.erase(it);
      } else {
        ++w.unmatched_ends;
      }
    }
  }

  static void StartAtBooth(const Event& e, BoothWork* w) {
    for (auto it = w->waiting.begin(); it != w->waiting.end(); ++it) {
      // the same truck read again: its service began at the first read
      if (it->plate == e.plate) return;
      // another truck at the same lane's booth: the one before never saw its barrier open
      if (it->lane == e.lane) {
        ++w->unmatched_starts;
        w->waiting.erase(it);
        break;
      }
    }
    w->waiting.push_back({e.plate, e.lane, e.ts_us});
  }

  void OpenBarrier(const Event& e, BoothWork* w) {
    // the arm of this lane lets out the truck read on it; an arm or read without a lane, the oldest
    auto it =
        std::find_if(w->waiting.begin(), w->waiting.end(), [&](const ServiceStart& s) { return s.lane == e.lane; });
    if (it == w->waiting.end()) {
      it = std::find_if(w->waiting.begin(), w->waiting.end(),
                        [&](const ServiceStart& s) { return s.lane < 0 || e.lane < 0; });
    }
    if (it == w->waiting.end()) {
      ++w->unmatched_ends;
      return;
    }
    Record(e.ts_us - it->ts_us, w);
    w->waiting.erase(it);
  }

  static void Record(TimeUs duration_us, BoothWork* w) {
    if (duration_us <= 0) {
      ++w->non_positive;
      return;
    }
    w->durations_s.push_back(static_cast<double>(duration_us) / engine::kUsPerSecond);
  }

  void Arrivals() {
    Calibration& c = out_;
    const TimeUs offset_us = TimeUs{world_.params.utc_offset_min} * 60 * engine::kUsPerSecond;
    // whole local hours from the first used event's to the last one's, clipped to --from/--to
    TimeUs from = FloorDiv(c.first_us + offset_us, kHourUs) * kHourUs - offset_us;
    TimeUs to = (FloorDiv(c.last_us + offset_us, kHourUs) + 1) * kHourUs - offset_us;
    if (options_.from_us) from = std::max(from, *options_.from_us);
    if (options_.to_us) to = std::min(to, *options_.to_us);
    c.covered_from_us = from;
    c.covered_to_us = std::max(from, to);
    for (TimeUs slot = FloorDiv(from + offset_us, kHourUs); slot * kHourUs < to + offset_us; ++slot) {
      const TimeUs lo = std::max(slot * kHourUs, from + offset_us);
      const TimeUs hi = std::min((slot + 1) * kHourUs, to + offset_us);
      if (hi <= lo) continue;
      c.arrivals.covered_days[static_cast<size_t>(((slot % 24) + 24) % 24)] +=
          static_cast<double>(hi - lo) / static_cast<double>(kHourUs);
    }
    for (size_t d = 0; d < 2; ++d) {
      for (size_t k = 0; k < world::kVehicleClassCount; ++k) {
        for (size_t h = 0; h < 24; ++h) {
          const double days = c.arrivals.covered_days[h];
          c.demand.arrivals_per_hour[d][k][h] = days > 0 ? c.arrivals.trips[d][k][h] / days : 0;
        }
      }
    }
  }

  void Shares() {
    ShareFit& s = out_.shares;
    s.trips = static_cast<int>(trips_.size());
    for (const Trip& t : trips_) {
      if (t.booth >= 0) {
        const auto& booth = world_.booths[static_cast<size_t>(t.booth)];
        const auto dir = static_cast<size_t>(world_.lanes[static_cast<size_t>(booth.lanes.front())].direction);
        ++s.served;
        ++s.served_by_dir[dir];
        ++s.served_by_kind[dir][static_cast<size_t>(booth.kind)];
      }
      s.yard += t.yard;
      s.gps += t.gps;
      s.goods_declared += t.goods >= 0;
      s.perishable += t.goods == 1;
    }
    s.plates_without_entry = static_cast<int>(plates_without_entry_.size());
    Demand& d = out_.demand;
    // per direction, as each side's control has its own booths; documents is the rest of the
    // served trucks, so all four shares sum to 1
    for (size_t dir = 0; dir < 2; ++dir) {
      for (size_t k = 0; k < kInspectionCount; ++k) {
        const int n = s.served_by_dir[dir];
        d.inspection_share[dir][k] = n > 0 ? static_cast<double>(s.served_by_kind[dir][k]) / n : 0;
      }
    }
    d.yard_share = s.trips > 0 ? static_cast<double>(s.yard) / s.trips : 0;
    d.gps_share = s.trips > 0 ? static_cast<double>(s.gps) / s.trips : 0;
    d.perishable_share = s.goods_declared > 0 ? static_cast<double>(s.perishable) / s.goods_declared : 0;
  }

  void Booths() {
    for (size_t b = 0; b < booths_.size(); ++b) {
      BoothWork& w = booths_[b];
      BoothFit f;
      f.booth = static_cast<int>(b);
      f.method = w.method;
      f.world = world_.booths[b].service;
      // starts still waiting when the feed ends never saw their end either
      f.unmatched_starts = w.unmatched_starts + static_cast<int>(w.waiting.size() + w.scans.size());
      f.unmatched_ends = w.unmatched_ends;
      f.non_positive = w.non_positive;
      f.n = static_cast<int>(w.durations_s.size());
      if (f.n > 0) {
        double sum = 0, ss = 0;
        for (double x : w.durations_s) sum += x;
        f.mean_s = sum / f.n;
        for (double x : w.durations_s) ss += (x - f.mean_s) * (x - f.mean_s);
        f.sd_s = f.n > 1 ? std::sqrt(ss / (f.n - 1)) : 0;
        const auto [lo, hi] = std::minmax_element(w.durations_s.begin(), w.durations_s.end());
        f.min_s = *lo;
        f.max_s = *hi;
        f.fits = FitServiceDistributions(std::move(w.durations_s));
        f.chosen = ChooseFit(f.fits);
        f.fitted = f.n >= options_.min_service_samples;
        if (f.fitted) out_.demand.service[world_.booths[b].id] = f.fits[static_cast<size_t>(f.chosen)].service;
      }
      out_.booths.push_back(std::move(f));
    }
  }

  const world::World& world_;
  const CalibrateOptions& options_;
  Calibration& out_;
  bool any_ = false;
  std::vector<Trip> trips_;
  std::unordered_map<std::string, size_t> latest_;  // plate → index of its latest trip
  std::unordered_set<std::string> plates_without_entry_;
  std::vector<BoothWork> booths_;
};

}  // namespace

std::string_view ToString(ServiceMethod m) {
  switch (m) {
    case ServiceMethod::kBarrier: return "booth read → barrier open";
    case ServiceMethod::kScan: return "scan start → end";
    case ServiceMethod::kNone: return "no service sensors";
  }
  return "?";
}

Calibration Calibrate(const world::World& world, const CalibrateOptions& options) {
  Calibration c;
  c.min_service_samples = options.min_service_samples;
  MergeOptions merge;
  merge.reorder_window_us = options.reorder_window_us;
  merge.from_us = options.from_us;
  merge.to_us = options.to_us;
  FeedMerger merger(world, merge);
  for (const std::string& path : options.feeds) {
    std::string error;
    if (!merger.AddFile(path, &error)) c.errors.push_back(error);
  }
  for (const auto& [name, text] : options.feed_texts) {
    std::string error;
    if (!merger.AddStream(name, text, FeedFormat::kAuto, &error)) c.errors.push_back(error);
  }
  if (!c.errors.empty()) return c;

  Pass pass(world, options, &c);
  while (const Event* e = merger.Next()) pass.Add(*e);
  c.counts = merger.counts();
  for (size_t i = 0; i < merger.source_count(); ++i) {
    if (merger.source_counts(i).read == 0) c.warnings.push_back(merger.source_name(i) + ": the feed holds no events");
  }
  std::string io = merger.io_errors();
  while (!io.empty() && io.back() == '\n') io.pop_back();
  if (!io.empty()) c.warnings.push_back(io);
  if (c.counts.accepted == 0) {
    c.errors.push_back(c.counts.read == 0 ? "nothing to calibrate: no feed holds an event (check the --feed files)"
                                          : "nothing to calibrate: no event was usable (all skipped, see the counts; "
                                            "check --from/--to and the world)");
    return c;
  }
  pass.Finish();
  if (c.shares.trips == 0) {
    c.errors.push_back(
        "no trips: the feed has no entry-role plate reads, so arrivals cannot be fitted (does the world declare "
        "the feed's entry cameras with role: entry?)");
    return c;
  }
  c.demand.name = options.name;
  std::string sources;
  for (const std::string& path : options.feeds) sources += (sources.empty() ? "" : ", ") + path;
  for (const auto& feed : options.feed_texts) sources += (sources.empty() ? "" : ", ") + feed.first;
  c.demand.names.en = "Calibrated on " + world.name + " (" + world.phase + ") from " + sources;
  c.ok = true;
  return c;
}

}  // namespace gatetwin::replay::sim
