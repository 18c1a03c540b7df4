// The synthesized day's events: barrier arms, counts, GPS fixes, then sorting, noise and writing.
#include <algorithm>
#include <cmath>
#include <ostream>

#include "replay/synth_internal.h"

#ifdef __clang__
#pragma clang fp contract(off)
#endif

namespace gatetwin::replay::synth {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;

// the barrier arm closes about this long after opening (assumed)
constexpr double kBarrierOpenS = 5;
// a loop sees a vehicle over its length plus the loop's own ~2 m
constexpr double kLoopLengthM = 2;
// below this a vehicle is standing on the loop rather than passing (occupancy only)
constexpr double kCrawlMps = 0.5;

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] collecting events
// ---------------------------------------------------------------------------------------------

Feed::Feed(const world::World& world, const SynthOptions& options) : world_(world), options_(options) {
  sensor_json_.reserve(world.sensors.size());
  for (const auto& s : world.sensors) {
    std::string text = ",\"sensor\":";
    AppendJsonString(&text, s.id);
    sensor_json_.push_back(std::move(text));
  }
}

std::string* Feed::Begin(TimeUs t, int sensor, EventKind kind) {
  Ev& ev = events_.emplace_back();
  // the feed carries milliseconds: keep the sort key equal to what is written
  ev.ts_us = t - ((t % 1000) + 1000) % 1000;
  ev.seq = events_.size();
  ev.kind = kind;
  ev.sensor = sensor;
  ev.body.reserve(160);
  ev.body = sensor_json_[static_cast<size_t>(sensor)];
  ev.body += ",\"kind\":\"";
  ev.body += ToString(kind);
  ev.body += '"';
  return &ev.body;
}

void WriteBarriers(const world::World& world, std::vector<BarrierOpen> opens, Rng& rng, Feed* feed) {
  std::sort(opens.begin(), opens.end(), [](const BarrierOpen& a, const BarrierOpen& b) {
    return a.sensor != b.sensor ? a.sensor < b.sensor : a.t_us != b.t_us ? a.t_us < b.t_us : a.lane < b.lane;
  });
  // one arm never opens twice in the same millisecond (that would read as a duplicate)
  for (size_t i = 1; i < opens.size(); ++i) {
    if (opens[i].sensor == opens[i - 1].sensor && opens[i].t_us / 1000 <= opens[i - 1].t_us / 1000) {
      opens[i].t_us = (opens[i - 1].t_us / 1000 + 1) * 1000;
    }
  }
  // each opening draws from a stream of its own (arm and time): its closing does not depend on
  // how many openings came before it on other arms, or after it
  const uint64_t base = rng.Next();
  for (size_t i = 0; i < opens.size(); ++i) {
    const auto& o = opens[i];
    const bool several = world.sensors[static_cast<size_t>(o.sensor)].lanes.size() > 1;
    Rng noise(base, (static_cast<uint64_t>(o.sensor) << 44) ^ static_cast<uint64_t>(o.t_us));
    TimeUs close = o.t_us + Us(noise.Uniform(kBarrierOpenS - 0.5, kBarrierOpenS + 0.5));
    if (i + 1 < opens.size() && opens[i + 1].sensor == o.sensor && close > opens[i + 1].t_us - 200'000) {
      // the next truck is already through: the arm closes between the two (halfway if tight)
      const TimeUs next = opens[i + 1].t_us;
      close = next - o.t_us > 400'000 ? next - 200'000 : o.t_us + (next - o.t_us) / 2;
    }
    for (const bool open : {true, false}) {
      std::string* body = feed->Begin(open ? o.t_us : close, o.sensor, EventKind::kBarrier);
      *body += open ? ",\"state\":\"open\"" : ",\"state\":\"closed\"";
      if (several && o.lane >= 0) {
        *body += ",\"lane\":";
        AppendJsonString(body, world.lanes[static_cast<size_t>(o.lane)].id);
      }
      *body += '}';
    }
  }
}

void CollectPassages(const std::vector<Leg>& legs, const std::vector<Read>& counters,
                     const std::vector<std::vector<int>>& lane_counters, double length_m,
                     std::vector<Passage>* passages) {
  for (const Leg& leg : legs) {
    if (leg.lane < 0) continue;
    for (int key : lane_counters[static_cast<size_t>(leg.lane)]) {
      const double s = counters[static_cast<size_t>(key)].station_m;
      const double dt_s = static_cast<double>(leg.t1_us - leg.t0_us) / 1e6;
      if (leg.s1_m > leg.s0_m) {
        // half-open, so a station where two legs meet is passed once
        if (s < leg.s0_m || s >= leg.s1_m) continue;
        const double speed = dt_s > 0 ? (leg.s1_m - leg.s0_m) / dt_s : 10;
        const TimeUs t = leg.t0_us + Us((s - leg.s0_m) / (leg.s1_m - leg.s0_m) * dt_s);
        const double occupied_s = std::min(600.0, (length_m + kLoopLengthM) / std::max(speed, kCrawlMps));
        passages->push_back({key, t, speed, length_m, occupied_s, true});
      } else if (dt_s > 0 && s > leg.s0_m - length_m && s <= leg.s0_m + kLoopLengthM) {
        // standing over the loop (at a booth, in a queue)
        passages->push_back({key, leg.t0_us, 0, length_m, dt_s, false});
      }
    }
  }
}

void WriteCounters(const world::World& world, const std::vector<Read>& counters, std::vector<Passage> passages,
                   int interval_s, TimeUs start_us, TimeUs end_us, Feed* feed) {
  std::stable_sort(passages.begin(), passages.end(), [](const Passage& a, const Passage& b) {
    return a.counter != b.counter ? a.counter < b.counter : a.t_us < b.t_us;
  });
  const TimeUs interval_us = static_cast<TimeUs>(interval_s) * kUsPerSecond;
  const size_t buckets = static_cast<size_t>((end_us - start_us + interval_us - 1) / interval_us);
  std::vector<int> count(buckets);
  std::vector<double> occupied_s(buckets), speed_sum(buckets);
  auto from = passages.begin();
  for (size_t key = 0; key < counters.size(); ++key) {
    const Read& read = counters[key];
    const auto& sensor = world.sensors[static_cast<size_t>(read.sensor)];
    auto to = from;
    while (to != passages.end() && to->counter == static_cast<int>(key)) ++to;
    std::string lane_json = ",\"lane\":";
    AppendJsonString(&lane_json, world.lanes[static_cast<size_t>(read.lane)].id);
    if (sensor.kind == world::SensorKind::kRadar) {
      // radar reports each vehicle passing
      for (auto p = from; p != to; ++p) {
        if (!p->moving || p->t_us < start_us || p->t_us >= end_us) continue;
        std::string* body = feed->Begin(p->t_us, read.sensor, EventKind::kPresence);
        *body += lane_json;
        *body += ",\"speed_kmh\":";
        AppendRounded(p->speed_mps * 3.6, 1, body);
        *body += ",\"length_m\":";
        AppendRounded(p->length_m, 1, body);
        *body += '}';
      }
    } else {
      std::fill(count.begin(), count.end(), 0);
      std::fill(occupied_s.begin(), occupied_s.end(), 0.0);
      std::fill(speed_sum.begin(), speed_sum.end(), 0.0);
      for (auto p = from; p != to; ++p) {
        if (p->moving && p->t_us >= start_us && p->t_us < end_us) {
          const auto k = static_cast<size_t>((p->t_us - start_us) / interval_us);
          ++count[k];
          speed_sum[k] += p->speed_mps;
        }
        // spread the time over the loop across the intervals it spans
        TimeUs a = std::max(p->t_us, start_us);
        const TimeUs b = std::min(p->t_us + Us(p->occupied_s), end_us);
        while (a < b) {
          const auto k = static_cast<size_t>((a - start_us) / interval_us);
          const TimeUs bucket_end = start_us + static_cast<TimeUs>(k + 1) * interval_us;
          const TimeUs stop = std::min(b, bucket_end);
          occupied_s[k] += static_cast<double>(stop - a) / 1e6;
          a = stop;
        }
      }
      const bool several = sensor.lanes.size() > 1;
      for (size_t k = 0; k < buckets; ++k) {
        std::string* body =
            feed->Begin(start_us + static_cast<TimeUs>(k + 1) * interval_us, read.sensor, EventKind::kLoop);
        *body += ",\"interval_s\":";
        AppendInt(interval_s, body);
        *body += ",\"count\":";
        AppendInt(count[k], body);
        *body += ",\"occupancy\":";
        AppendRounded(std::min(1.0, occupied_s[k] / interval_s), 3, body);
        if (count[k] > 0) {
          *body += ",\"mean_speed_kmh\":";
          AppendRounded(speed_sum[k] / count[k] * 3.6, 1, body);
        }
        if (several) *body += lane_json;
        *body += '}';
      }
    }
    from = to;
  }
}

void WriteGps(const Routes& routes, const world::GeoFrame& geo, const std::string& plate_json,
              const std::vector<Leg>& legs, TimeUs from_us, TimeUs to_us, Rng& rng, Feed* feed) {
  // trackers report every 10–30 s; fixes scatter by ~1.5 m (assumed consumer-grade GNSS)
  size_t i = 0;
  double heading_rad = 0;
  for (TimeUs t = from_us + Us(rng.Uniform(0, 10)); t <= to_us; t += Us(rng.Uniform(10, 30))) {
    while (i < legs.size() && (!legs[i].observed || legs[i].t1_us < t)) ++i;
    if (i == legs.size()) break;
    const Leg& leg = legs[i];
    const double dt_s = static_cast<double>(leg.t1_us - leg.t0_us) / 1e6;
    const double f = dt_s > 0 ? std::clamp(static_cast<double>(t - leg.t0_us) / 1e6 / dt_s, 0.0, 1.0) : 1.0;
    world::Vec3 p;
    double speed_mps = 0;
    if (leg.lane >= 0) {
      const LanePoint lp = routes.At(leg.lane, leg.s0_m + (leg.s1_m - leg.s0_m) * f);
      p = lp.position;
      heading_rad = lp.heading_rad;
      if (dt_s > 0) speed_mps = (leg.s1_m - leg.s0_m) / dt_s;
    } else {
      const double dx = leg.p1.x - leg.p0.x, dy = leg.p1.y - leg.p0.y;
      p = {leg.p0.x + dx * f, leg.p0.y + dy * f, leg.p0.z + (leg.p1.z - leg.p0.z) * f};
      if (dx != 0 || dy != 0) {
        heading_rad = std::atan2(dy, dx);
        if (dt_s > 0) speed_mps = Planar(dx, dy) / dt_s;
      }
    }
    p.x += 1.5 * rng.Normal();
    p.y += 1.5 * rng.Normal();
    const double speed_kmh = speed_mps > 0 ? std::max(0.0, speed_mps * 3.6 + 0.5 * rng.Normal()) : 0.0;
    // ENU heading (counter-clockwise from east) to a compass bearing (clockwise from north)
    double bearing = 90 - heading_rad * 57.295779513082320876;
    bearing = std::fmod(bearing + 720, 360);
    const world::Vec3 g = geo.ToGeo(p);
    std::string* body = feed->Begin(t, routes.gps_sensor(), EventKind::kGps);
    *body += ",\"vehicle\":";
    *body += plate_json;
    *body += ",\"lat\":";
    AppendRounded(g.x, 7, body);
    *body += ",\"lon\":";
    AppendRounded(g.y, 7, body);
    *body += ",\"heading_deg\":";
    AppendFixed(std::llround(bearing * 10) % 3600, 1, body);
    *body += ",\"speed_kmh\":";
    AppendRounded(speed_kmh, 1, body);
    *body += '}';
  }
}

}  // namespace gatetwin::replay::synth
