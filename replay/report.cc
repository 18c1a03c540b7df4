// Builds the replay report from the engine's state and writes it as JSON and as a summary.
#include "replay/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "replay/report_json.h"

namespace gatetwin::replay {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;
using Json = nlohmann::ordered_json;

}  // namespace

Distribution Summarise(std::vector<double> values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  // nearest-rank percentiles: the smallest value with at least p% of values at or below it
  auto rank = [&](double p) {
    const auto n = static_cast<double>(values.size());
    const auto idx = static_cast<size_t>(std::max(1.0, std::ceil(p * n)) - 1);
    return values[std::min(idx, values.size() - 1)];
  };
  d.mean = sum / static_cast<double>(values.size());
  d.p50 = rank(0.50);
  d.p95 = rank(0.95);
  d.max = values.back();
  return d;
}

ReportBuilder::ReportBuilder(engine::Engine& engine) : engine_(engine) {
  const world::World& w = engine.world();
  report_.world_name = w.name;
  report_.world_phase = w.phase;
  report_.utc_offset_min = w.params.utc_offset_min;
  events_by_sensor_.assign(w.sensors.size(), 0);
  loop_reported_.assign(w.sensors.size(), 0);
  loop_twin_.assign(w.sensors.size(), 0);
  open_fault_.assign(w.sensors.size(), -1);
}

void ReportBuilder::OnApplied(const Event& e) {
  if (report_.first_event_us < 0) report_.first_event_us = e.ts_us;
  report_.last_event_us = std::max(report_.last_event_us, e.ts_us);
  ++report_.applied_by_kind[static_cast<size_t>(e.kind)];
  const auto s = static_cast<size_t>(e.sensor);
  ++events_by_sensor_[s];
  if (e.kind == EventKind::kLoop && e.count > 0) loop_reported_[s] += e.count;
  if (e.kind == EventKind::kPresence) ++loop_reported_[s];
  if (e.kind == EventKind::kStatus) {
    const int open = open_fault_[s];
    if (open >= 0 && (e.health == Health::kOk || report_.faults[static_cast<size_t>(open)].state !=
                                                     (e.health == Health::kFault ? "fault" : "offline"))) {
      report_.faults[static_cast<size_t>(open)].to_us = e.ts_us;
      open_fault_[s] = -1;
    }
    if (e.health != Health::kOk && open_fault_[s] < 0) {
      open_fault_[s] = static_cast<int>(report_.faults.size());
      report_.faults.push_back(SensorFault{engine_.world().sensors[s].id,
                                           e.health == Health::kFault ? "fault" : "offline", e.ts_us, -1, e.detail});
    }
  }
}

void ReportBuilder::SampleUpTo(TimeUs t) {
  const TimeUs step = report_.series_step_us;
  if (next_sample_us_ < 0) {
    // the series starts at the first 5-minute boundary at or after the first event
    next_sample_us_ = (t + step - 1) / step * step;
  }
  while (next_sample_us_ <= t) {
    // the engine's state at the boundary: advancing it here is what the next event would do anyway
    engine_.AdvanceTo(next_sample_us_);
    SeriesSample sample;
    sample.t_us = next_sample_us_;
    sample.present = engine_.active_count();
    sample.queue_by_lane.reserve(engine_.lane_stats().size());
    for (const engine::LaneStats& l : engine_.lane_stats()) sample.queue_by_lane.push_back(l.queued);
    report_.series.push_back(std::move(sample));
    next_sample_us_ += step;
  }
}

void ReportBuilder::TakeDerivedPresence() {
  for (const engine::DerivedPresence& d : engine_.derived_presence()) {
    if (d.entered) ++loop_twin_[static_cast<size_t>(d.sensor)];
  }
  engine_.ClearDerivedPresence();
}

Report ReportBuilder::Finish(const EventTally& tally, const TrackStats& tracks, std::vector<std::string> feeds) {
  const world::World& w = engine_.world();
  Report& r = report_;
  r.events = tally;
  r.tracks = tracks;
  r.feeds = std::move(feeds);

  std::vector<double> all_s;
  std::array<std::vector<double>, 2> by_dir_s;
  for (const engine::FinishedTrip& trip : engine_.finished()) {
    const auto dir = static_cast<size_t>(trip.direction);
    ++r.vehicles_seen;
    ++r.seen_by_direction[dir];
    if (trip.end == engine::TripEnd::kLost) ++r.vehicles_lost;
    if (trip.end == engine::TripEnd::kSuperseded) ++r.vehicles_superseded;
    // completed: read at entry and at exit; time in system spans the two reads
    if (trip.end == engine::TripEnd::kExitRead && trip.entry_us >= 0) {
      ++r.vehicles_completed;
      ++r.completed_by_direction[dir];
      const double s = static_cast<double>(trip.exit_us - trip.entry_us) / kUsPerSecond;
      all_s.push_back(s);
      by_dir_s[dir].push_back(s);
    }
  }
  r.time_in_system_s = Summarise(all_s);
  for (size_t d = 0; d < 2; ++d) r.time_in_system_by_direction_s[d] = Summarise(by_dir_s[d]);
  const double span_h =
      r.first_event_us >= 0 ? static_cast<double>(r.last_event_us - r.first_event_us) / (3600.0 * kUsPerSecond) : 0;
  for (size_t d = 0; d < 2; ++d) {
    r.throughput_per_hour[d] = span_h > 0 ? static_cast<double>(r.completed_by_direction[d]) / span_h : 0;
  }

  for (size_t l = 0; l < w.lanes.size(); ++l) {
    const engine::LaneStats& s = engine_.lane_stats()[l];
    r.lanes.push_back({w.lanes[l].id, s.vehicles, s.max_queued, s.max_queued_at_us});
  }
  for (size_t z = 0; z < w.zones.size(); ++z) {
    if (w.zones[z].kind != world::ZoneKind::kYard) continue;
    const engine::YardStats& y = engine_.yard_stats()[z];
    r.yards.push_back({w.zones[z].id, y.visits, y.max_present, w.zones[z].capacity_trucks});
  }
  for (size_t s = 0; s < w.sensors.size(); ++s) {
    if (events_by_sensor_[s] == 0) r.silent_sensors.push_back(w.sensors[s].id);
    const world::SensorKind kind = w.sensors[s].kind;
    if (kind == world::SensorKind::kLoop || kind == world::SensorKind::kRadar) {
      r.loops.push_back({w.sensors[s].id, loop_reported_[s], loop_twin_[s]});
    }
  }
  return r;
}

std::string ReportToJson(const Report& r) {
  const int off = r.utc_offset_min;
  auto ts = [off](TimeUs t) { return t < 0 ? Json(nullptr) : Json(engine::FormatRfc3339(t, off)); };
  Json j;
  j["gatetwin_report"] = 1;
  j["world"] = {{"name", r.world_name}, {"phase", r.world_phase}};
  j["feeds"] = r.feeds;
  j["span"] = {{"from", ts(r.first_event_us)}, {"to", ts(r.last_event_us)}};

  Json events{{"read", r.events.read}, {"applied", r.events.applied}};
  for (int i = 0; i < kReasonCount; ++i)
    events[std::string(ToString(static_cast<Reason>(i)))] = r.events.by_reason[static_cast<size_t>(i)];
  Json by_kind;
  for (int i = 0; i < kEventKindCount; ++i)
    by_kind[std::string(ToString(static_cast<EventKind>(i)))] = r.applied_by_kind[static_cast<size_t>(i)];
  events["applied_by_kind"] = by_kind;
  j["events"] = events;

  const auto dir_name = [](size_t d) { return std::string(world::ToString(static_cast<world::Direction>(d))); };
  Json vehicles{{"seen", r.vehicles_seen},
                {"completed", r.vehicles_completed},
                {"lost", r.vehicles_lost},
                {"superseded", r.vehicles_superseded}};
  for (size_t d = 0; d < 2; ++d) {
    vehicles["by_direction"][dir_name(d)] = {{"seen", r.seen_by_direction[d]},
                                             {"completed", r.completed_by_direction[d]}};
  }
  j["vehicles"] = vehicles;
  Json tis = DistributionJson(r.time_in_system_s);
  for (size_t d = 0; d < 2; ++d)
    tis["by_direction"][dir_name(d)] = DistributionJson(r.time_in_system_by_direction_s[d]);
  j["time_in_system_s"] = tis;
  Json tput;
  for (size_t d = 0; d < 2; ++d) tput[dir_name(d)] = Round3(r.throughput_per_hour[d]);
  tput["total"] = Round3(r.throughput_per_hour[0] + r.throughput_per_hour[1]);
  j["throughput_per_hour"] = tput;

  Json lanes = Json::object();
  for (const Report::LaneRow& l : r.lanes) {
    lanes[l.id] = {{"vehicles", l.vehicles}, {"max_queue", l.max_queue}, {"max_queue_at", ts(l.max_queue_at_us)}};
  }
  j["lanes"] = lanes;
  Json yards = Json::object();
  for (const Report::YardRow& y : r.yards) {
    yards[y.id] = {{"visits", y.visits}, {"max_present", y.max_present}, {"capacity", y.capacity}};
  }
  j["yards"] = yards;

  const TrackStats& t = r.tracks;
  j["tracks"] = {{"rereads", t.rereads},
                 {"trips_without_entry", t.trips_without_entry},
                 {"superseded", t.superseded},
                 {"unmatched_plate", t.unmatched_plate},
                 {"barrier_without_vehicle", t.barrier_without_vehicle},
                 {"gps_snapped", t.gps_snapped},
                 {"gps_in_yard", t.gps_in_yard},
                 {"gps_unmatched", t.gps_unmatched},
                 {"gps_off_lane", t.gps_off_lane},
                 {"low_confidence_reads", t.low_confidence_reads}};
  Json faults = Json::array();
  for (const SensorFault& f : r.faults) {
    faults.push_back(
        {{"sensor", f.sensor}, {"state", f.state}, {"from", ts(f.from_us)}, {"to", ts(f.to_us)}, {"detail", f.detail}});
  }
  Json loops = Json::object();
  for (const LoopCheck& l : r.loops) loops[l.sensor] = {{"reported", l.reported}, {"twin", l.twin}};
  j["sensors"] = {{"faults", faults}, {"silent", r.silent_sensors}, {"loops", loops}};

  Json series = Json::array();
  for (const SeriesSample& s : r.series) {
    Json queue = Json::object();
    for (size_t l = 0; l < s.queue_by_lane.size() && l < r.lanes.size(); ++l) queue[r.lanes[l].id] = s.queue_by_lane[l];
    series.push_back({{"t", ts(s.t_us)}, {"present", s.present}, {"queue", queue}});
  }
  j["series_5min"] = series;
  if (!r.plugins.empty()) {
    Json plugins = Json::object();
    for (const engine::PluginStatus& p : r.plugins) {
      Json kpis = Json::object();
      for (const auto& k : p.published.kpis) kpis[k.name] = {{"value", Round3(k.value)}, {"unit", k.unit}};
      Json plugin_series = Json::object();
      for (const auto& ser : p.published.series) {
        Json times = Json::array(), values = Json::array();
        for (const auto& [t_us, value] : ser.points) {
          times.push_back(ts(t_us));
          values.push_back(Round3(value));
        }
        plugin_series[ser.name] = {{"unit", ser.unit}, {"t", times}, {"v", values}};
      }
      plugins[p.name] = {{"version", p.version},
                         {"enabled", p.enabled},
                         {"error", p.error},
                         {"kpis", kpis},
                         {"series", plugin_series}};
    }
    j["plugins"] = plugins;
  }
  return j.dump(2) + "\n";
}

std::string ReportSummary(const Report& r, std::string_view title) {
  std::ostringstream out;
  char line[256];
  const auto t = [&](TimeUs x) { return x < 0 ? std::string("-") : engine::FormatRfc3339(x, r.utc_offset_min); };
  out << title << " — " << r.world_name << " (" << r.world_phase << ")\n";
  out << "  span        " << t(r.first_event_us) << " → " << t(r.last_event_us) << "\n";
  std::snprintf(line, sizeof line, "  events      %llu read, %llu applied, %llu doubtful\n",
                static_cast<unsigned long long>(r.events.read), static_cast<unsigned long long>(r.events.applied),
                static_cast<unsigned long long>(r.events.read - r.events.applied));
  out << line;
  std::snprintf(line, sizeof line, "  vehicles    %llu seen, %llu completed (%llu vn_to_cn, %llu cn_to_vn)\n",
                static_cast<unsigned long long>(r.vehicles_seen), static_cast<unsigned long long>(r.vehicles_completed),
                static_cast<unsigned long long>(r.completed_by_direction[0]),
                static_cast<unsigned long long>(r.completed_by_direction[1]));
  out << line;
  std::snprintf(line, sizeof line, "  time in system  mean %.1f min, p50 %.1f min, p95 %.1f min, max %.1f min\n",
                r.time_in_system_s.mean / 60, r.time_in_system_s.p50 / 60, r.time_in_system_s.p95 / 60,
                r.time_in_system_s.max / 60);
  out << line;
  std::snprintf(line, sizeof line, "  throughput  %.1f/h vn_to_cn, %.1f/h cn_to_vn\n", r.throughput_per_hour[0],
                r.throughput_per_hour[1]);
  out << line;
  const Report::LaneRow* worst = nullptr;
  for (const Report::LaneRow& l : r.lanes) {
    if (worst == nullptr || l.max_queue > worst->max_queue) worst = &l;
  }
  if (worst != nullptr && worst->max_queue > 0) {
    out << "  longest queue  " << worst->max_queue << " on " << worst->id << " at " << t(worst->max_queue_at_us)
        << "\n";
  }
  std::string doubtful;
  for (int i = 0; i < kReasonCount; ++i) {
    const uint64_t n = r.events.by_reason[static_cast<size_t>(i)];
    if (n > 0) doubtful += " " + std::string(ToString(static_cast<Reason>(i))) + "=" + std::to_string(n);
  }
  if (!doubtful.empty()) out << "  doubtful   " << doubtful << "\n";
  for (const SensorFault& f : r.faults) {
    out << "  sensor " << f.state << "  " << f.sensor << " from " << t(f.from_us) << " to " << t(f.to_us) << "\n";
  }
  for (const engine::PluginStatus& p : r.plugins) {
    if (!p.enabled) {
      out << "  plugin " << p.name << "  disabled: " << p.error << "\n";
      continue;
    }
    // a plugin's headline figures come first; the rest would drown the summary (a study
    // plugin on 14 lanes publishes over a hundred), so they stay in the report
    constexpr size_t kKpisShown = 8;
    const auto& kpis = p.published.kpis;
    for (size_t i = 0; i < kpis.size() && i < kKpisShown; ++i) {
      const auto& k = kpis[i];
      std::snprintf(line, sizeof line, "  %s.%s  %.3g %s\n", p.name.c_str(), k.name.c_str(), k.value, k.unit.c_str());
      out << line;
    }
    if (kpis.size() > kKpisShown) {
      out << "  " << p.name << "  … " << kpis.size() - kKpisShown << " more figures in the report (plugins." << p.name
          << ".kpis)\n";
    }
  }
  const TrackStats& k = r.tracks;
  if (k.trips_without_entry + k.superseded + r.vehicles_lost + k.gps_off_lane + k.barrier_without_vehicle > 0) {
    std::snprintf(line, sizeof line,
                  "  tracks      %llu without entry read, %llu lost (no exit read), %llu superseded, "
                  "%llu barrier opens with nobody at the booth\n",
                  static_cast<unsigned long long>(k.trips_without_entry),
                  static_cast<unsigned long long>(r.vehicles_lost), static_cast<unsigned long long>(k.superseded),
                  static_cast<unsigned long long>(k.barrier_without_vehicle));
    out << line;
  }
  return out.str();
}

}  // namespace gatetwin::replay
