// Congestion plugin: queues per lane and approach, spillback, delay against free flow, throughput, booth use, LOS.
//
// Built only on the plugin API (plugins/api/), so it measures a replay and a simulation alike.
// Every figure is defined in docs/plugins.md ("congestion"). Sections:
//   [SECTION] parameters      Configure: interval, named points, episode gap, LOS thresholds
//   [SECTION] measuring       PostUpdate: queues, spillback and booths each step; trips as they end
//   [SECTION] publishing      Publish: KPIs, series, overlays, panel, and the two files
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "plugins/api/plugin.h"
#include "plugins/congestion/congestion_files.h"

namespace gatetwin::congestion {
namespace {

using plugin::Direction;
using plugin::GateState;

constexpr int64_t kUsPerS = 1'000'000;
constexpr const char* kDirectionNames[2] = {"vn_to_cn", "cn_to_vn"};
constexpr const char* kLosLetters = "ABCDEF";

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const size_t semi = text.find(';');
    const std::string_view item = text.substr(0, semi);
    // a trailing or doubled ';' is a slip of the pen, not a point
    if (!item.empty()) items.emplace_back(item);
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
  }
  return items;
}

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (const double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

// nearest rank, as the replay report computes its percentiles
double Percentile(std::vector<double> v, double share) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::ceil(share * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// one lane with a booth: where its queue can be, its free-flow times and what it saw
struct LaneTrack {
  size_t lane = 0;
  std::string id;
  size_t direction = 0;
  size_t booth = 0;
  double stop_line_m = 0;
  double entry_m = 0;  // where its trips start: its entry camera, else the lane's start
  double exit_m = 0;   // its exit camera, else the lane's end
  double room_m = 0;   // entry to stop line: how long its queue can grow on the lane
  double free_to_booth_s = 0, free_through_s = 0;
  // now
  int queue_veh = 0;
  double queue_m = 0, tail_m = -1;
  // so far
  int max_veh = 0;
  double max_m = 0;
  int64_t max_at_us = -1;
  double veh_s = 0, m_s = 0;  // integrals over time (vehicle-seconds, metre-seconds)
};

// one approach: the lanes with a booth of one direction
struct ApproachTrack {
  std::vector<size_t> lanes;  // LaneTrack indices
  int queue_veh = 0;
  double queue_m = 0;
  int max_veh = 0;
  double max_m = 0;
  int64_t max_at_us = -1;
  double veh_s = 0, m_s = 0;
  std::vector<double> queue_delay_s, system_delay_s;
  int64_t exits = 0;
};

// a point a queue can spill back past: a lane's entry camera or a named point of the world
struct SpillPoint {
  std::string id;
  std::string kind;                                 // "entry" or "point"
  std::vector<std::pair<size_t, double>> stations;  // (LaneTrack index, station along it)
  bool spilled = false;
  double spill_s = 0, interval_spill_s = 0;
  int episodes = 0;
  int64_t first_us = -1;
  int64_t clear_since_us = -1;  // first clear step after a spill
};

struct DelayBin {
  double queue_sum_s = 0, system_sum_s = 0;
  int queue_n = 0, system_n = 0;
};

class Congestion final : public plugin::Plugin {
 public:
  // ==========================================================================================
  // [SECTION] parameters
  // ==========================================================================================
  void Configure(const GateState& state, const plugin::ConfigureContext& context) override {
    const double step_s = static_cast<double>(context.step_us()) / kUsPerS;
    interval_s_ = context.NumberParam("interval_s", 300);
    if (!(interval_s_ >= step_s && interval_s_ <= 86400)) {
      throw std::invalid_argument("interval_s=" + Text(interval_s_) +
                                  ": give the sampling period of the series in seconds, from the step (" +
                                  Text(step_s) + " s) to 86400");
    }
    interval_us_ = static_cast<int64_t>(std::llround(interval_s_ * kUsPerS));
    const double gap_s = context.NumberParam("spillback_gap_s", 60);
    if (!(gap_s >= 0 && gap_s <= 86400)) {
      throw std::invalid_argument("spillback_gap_s=" + Text(gap_s) +
                                  ": give how long a point must stay clear to end a spillback episode, "
                                  "0 to 86400 seconds");
    }
    gap_us_ = static_cast<int64_t>(std::llround(gap_s * kUsPerS));
    queue_gap_m_ = context.NumberParam("queue_gap_m", 15);
    if (!(queue_gap_m_ > 0 && queue_gap_m_ <= 100)) {
      throw std::invalid_argument("queue_gap_m=" + Text(queue_gap_m_) +
                                  ": give the largest gap in metres between a vehicle and the one ahead that "
                                  "still counts as one queue, more than 0 and at most 100");
    }
    ReadLosThresholds(context.Param("los_min", ""));
    output_dir_ = std::string(context.output_dir());
    utc_offset_min_ = state.utc_offset_min();
    world_name_ = std::string(state.world_name());
    world_phase_ = std::string(state.world_phase());

    FindLanes(state);
    FindBooths(state);
    FindEntryPoints();
    FindNamedPoints(state, context.Param("points", ""));
    MakeSeries();
    start_us_ = last_us_ = state.now_us();
  }

  // ==========================================================================================
  // [SECTION] measuring
  // ==========================================================================================
  void PostUpdate(const GateState& state) override {
    const int64_t now_us = state.now_us();
    const double dt_s = static_cast<double>(now_us - last_us_) / kUsPerS;
    last_us_ = now_us;
    observed_s_ += dt_s;
    // state after the step stands for the whole step it ends: a step's time goes to now's interval
    const int64_t bin = Bin(now_us);
    if (bin != open_bin_) CloseBin(bin);
    interval_observed_s_ += dt_s;

    MeasureQueues(state, now_us, dt_s);
    MeasureSpillback(now_us, dt_s);
    MeasureBooths(state, dt_s);
    ConsumeTrips(state);

    if (bin != snapshot_bin_) {
      snapshot_bin_ = bin;
      TakeSnapshot(now_us);
    }
  }

  // ==========================================================================================
  // [SECTION] publishing
  // ==========================================================================================
  void Publish(const GateState& state, plugin::Outputs& out) override {
    // the run's end finishes the trips still inside: take them in too
    ConsumeTrips(state);
    const Figures f = Gather();
    for (const Kpi& k : f.kpis) out.Kpi(k.name, k.value, k.unit);
    for (const Series& s : f.series) {
      const std::string name = s.series + "." + s.key;
      for (const auto& [t_us, v] : s.points) out.SeriesPoint(name, t_us, v, s.unit);
    }
    for (const LaneTrack& l : lanes_) {
      if (l.tail_m < 0) continue;
      out.LaneOverlay(l.lane, std::min(l.tail_m, l.stop_line_m), l.stop_line_m,
                      l.room_m > 0 ? std::min(1.0, l.queue_m / l.room_m) : 1);
    }
    PublishPanel(out);
    // write only when the figures can have changed: a paused viewer publishes the same picture
    const std::pair<int64_t, size_t> written{last_us_, seen_finished_};
    if (!output_dir_.empty() && written != last_written_) {
      WriteFiles(output_dir_, f);
      last_written_ = written;
    }
  }

 private:
  static std::string Text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }

  void ReadLosThresholds(std::string_view text) {
    los_min_ = {2, 5, 10, 20, 30};
    if (text.empty()) return;
    const std::vector<std::string> items = SplitList(text);
    std::vector<double> values;
    for (const std::string& item : items) {
      size_t used = 0;
      double v = 0;
      try {
        v = std::stod(item, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != item.size() || !std::isfinite(v)) {
        throw std::invalid_argument("los_min=" + std::string(text) + ": '" + item + "' is not a number of minutes");
      }
      values.push_back(v);
    }
    bool ascending = values.size() == 5 && values[0] > 0;
    for (size_t i = 1; ascending && i < values.size(); ++i) ascending = values[i] > values[i - 1];
    if (!ascending) {
      throw std::invalid_argument("los_min=" + std::string(text) +
                                  ": give five ascending minutes, the upper bounds of A to E (e.g. 2;5;10;20;30)");
    }
    for (size_t i = 0; i < 5; ++i) los_min_[i] = values[i];
  }

  void FindLanes(const GateState& state) {
    // entry and exit cameras per lane: the most upstream entry, the most downstream exit
    std::vector<double> entry_m(state.lane_count(), -1), exit_m(state.lane_count(), -1);
    std::vector<std::string> entry_id(state.lane_count());
    for (size_t s = 0; s < state.sensor_count(); ++s) {
      const plugin::SensorInfo info = state.sensor_info(s);
      if (info.lane < 0 || static_cast<size_t>(info.lane) >= state.lane_count() || info.station_m < 0) continue;
      const auto lane = static_cast<size_t>(info.lane);
      if (info.role == "entry" && (entry_m[lane] < 0 || info.station_m < entry_m[lane])) {
        entry_m[lane] = info.station_m;
        entry_id[lane] = std::string(info.id);
      }
      if (info.role == "exit") exit_m[lane] = std::max(exit_m[lane], info.station_m);
    }
    for (size_t lane = 0; lane < state.lane_count(); ++lane) {
      const plugin::LaneInfo info = state.lane_info(lane);
      // queues form only in front of a booth: lanes without one have no queue to measure
      if (info.booth < 0 || info.stop_line_m < 0) continue;
      LaneTrack t;
      t.lane = lane;
      t.id = std::string(info.id);
      t.direction = static_cast<size_t>(info.direction);
      t.booth = static_cast<size_t>(info.booth);
      t.stop_line_m = info.stop_line_m;
      t.entry_m = entry_m[lane] >= 0 && entry_m[lane] < info.stop_line_m ? entry_m[lane] : 0;
      t.exit_m = exit_m[lane] >= 0 ? exit_m[lane] : info.length_m;
      t.room_m = info.stop_line_m - t.entry_m;
      if (info.speed_limit_mps <= 0) {
        throw std::invalid_argument("lane " + t.id + " has no speed limit: free-flow delay cannot be measured");
      }
      t.free_to_booth_s = t.room_m / info.speed_limit_mps;
      t.free_through_s = std::max(0.0, t.exit_m - t.entry_m) / info.speed_limit_mps;
      if (entry_m[lane] >= 0 && entry_m[lane] < info.stop_line_m)
        entry_sensor_.emplace_back(lanes_.size(), entry_id[lane]);
      approaches_[t.direction].lanes.push_back(lanes_.size());
      lanes_.push_back(std::move(t));
    }
    track_of_lane_.assign(state.lane_count(), -1);
    for (size_t t = 0; t < lanes_.size(); ++t) track_of_lane_[lanes_[t].lane] = static_cast<int>(t);
    lines_.resize(lanes_.size());
    if (lanes_.empty()) {
      throw std::invalid_argument("world " + world_name_ + " (" + world_phase_ +
                                  ") has no lane with a booth: there is no queue to measure");
    }
  }

  void FindBooths(const GateState& state) {
    booths_.resize(state.booth_count());
    for (size_t b = 0; b < state.booth_count(); ++b) booths_[b].id = std::string(state.booth_info(b).id);
    for (size_t i = 0; i < lanes_.size(); ++i) booths_[lanes_[i].booth].lanes.push_back(i);
  }

  void FindEntryPoints() {
    for (const auto& [track, sensor_id] : entry_sensor_) {
      SpillPoint p;
      p.id = sensor_id;
      p.kind = "entry";
      p.stations.emplace_back(track, lanes_[track].entry_m);
      points_.push_back(std::move(p));
    }
  }

  void FindNamedPoints(const GateState& state, std::string_view text) {
    const std::vector<std::string> ids = SplitList(text);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) != ids.begin() + i) {
        throw std::invalid_argument("points=" + std::string(text) + ": point " + ids[i] + " is given twice");
      }
      size_t found = state.point_count();
      std::string known;
      for (size_t p = 0; p < state.point_count(); ++p) {
        const plugin::PointInfo info = state.point_info(p);
        if (info.id == ids[i]) found = p;
        known += (known.empty() ? "" : ", ") + std::string(info.id);
      }
      if (found == state.point_count()) {
        throw std::invalid_argument("points=" + std::string(text) + ": no named point " + ids[i] + " in world " +
                                    world_name_ + " (" + world_phase_ + "); its named points are " +
                                    (known.empty() ? "none" : known));
      }
      const plugin::PointInfo info = state.point_info(found);
      SpillPoint p;
      p.id = ids[i];
      p.kind = "point";
      // a point counts for a lane when it lies alongside the lane's queue room: it projects
      // strictly between the lane's start and its stop line (the API gives no lateral distance,
      // and border markers stand hundreds of metres aside the road)
      for (size_t t = 0; t < lanes_.size(); ++t) {
        const double station_m = state.StationOnLane(lanes_[t].lane, info.x_m, info.y_m);
        if (station_m > 0 && station_m < lanes_[t].stop_line_m) p.stations.emplace_back(t, station_m);
      }
      if (p.stations.empty()) {
        throw std::invalid_argument("points=" + std::string(text) + ": point " + ids[i] +
                                    " lies alongside no lane's queue (between a lane's start and its booth), "
                                    "so no queue can spill back past it");
      }
      points_.push_back(std::move(p));
    }
  }

  int64_t Bin(int64_t t_us) const { return FloorDiv(t_us + int64_t{utc_offset_min_} * 60 * kUsPerS, interval_us_); }
  int64_t BinStartUs(int64_t bin) const { return bin * interval_us_ - int64_t{utc_offset_min_} * 60 * kUsPerS; }

  // the aggregated series of the interval that just ended, stamped at its start
  void CloseBin(int64_t next_bin) {
    if (open_bin_ != kNoBin && interval_observed_s_ > 0) AppendBin(open_bin_, interval_observed_s_, &closed_);
    for (BoothTrack& b : booths_) b.interval_busy_s = 0;
    for (SpillPoint& p : points_) p.interval_spill_s = 0;
    interval_observed_s_ = 0;
    open_bin_ = next_bin;
  }

  void AppendBin(int64_t bin, double observed_s, std::vector<Series>* out) const {
    const int64_t t_us = BinStartUs(bin);
    double busy_s = 0;
    for (size_t b = 0; b < booths_.size(); ++b) {
      (*out)[booth_series_ + b].points.emplace_back(t_us, booths_[b].interval_busy_s / observed_s);
      busy_s += booths_[b].interval_busy_s;
    }
    (*out)[booth_series_ + booths_.size()].points.emplace_back(
        t_us, booths_.empty() ? 0 : busy_s / (observed_s * static_cast<double>(booths_.size())));
    for (size_t p = 0; p < points_.size(); ++p) {
      (*out)[spill_series_ + p].points.emplace_back(t_us, points_[p].interval_spill_s / 60);
    }
  }

  // the standing line in front of each booth: the engine's `queued` stage stays set until
  // service (a vehicle held once stays "queued" while it drives on freely), so the line is
  // measured here from the vehicles themselves
  void MeasureQueues(const GateState& state, int64_t now_us, double dt_s) {
    for (auto& line : lines_) line.clear();
    // no vehicle held anywhere (the engine's count): no queue, and no need to look at vehicles
    bool any_held = false;
    for (const LaneTrack& l : lanes_) any_held = any_held || state.lane_now(l.lane).queued > 0;
    for (size_t i = 0; any_held && i < state.vehicle_count(); ++i) {
      const plugin::VehicleNow v = state.vehicle(i);
      // only vehicles the engine has held count: one driving up freely is not queueing yet
      if (v.lane < 0 || v.stage != plugin::Stage::kQueued) continue;
      const int track = track_of_lane_[static_cast<size_t>(v.lane)];
      if (track < 0 || v.station_m > lanes_[static_cast<size_t>(track)].stop_line_m) continue;
      lines_[static_cast<size_t>(track)].emplace_back(v.station_m, v.length_m);
    }
    for (ApproachTrack& a : approaches_) {
      a.queue_veh = 0;
      a.queue_m = 0;
    }
    for (size_t t = 0; t < lanes_.size(); ++t) {
      LaneTrack& l = lanes_[t];
      auto& line = lines_[t];
      std::sort(line.begin(), line.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      // from the stop line back: a vehicle is in the queue while its front is within
      // queue_gap_m of the rear of the one ahead (of the stop line for the first)
      double limit_m = l.stop_line_m;
      l.queue_veh = 0;
      l.tail_m = -1;
      for (const auto& [station_m, length_m] : line) {
        if (station_m + length_m / 2 < limit_m - queue_gap_m_) break;
        ++l.queue_veh;
        limit_m = std::min(limit_m, station_m - length_m / 2);
        l.tail_m = std::max(0.0, limit_m);
      }
      l.queue_m = l.tail_m >= 0 ? l.stop_line_m - l.tail_m : 0;
      l.veh_s += l.queue_veh * dt_s;
      l.m_s += l.queue_m * dt_s;
      if (l.queue_veh > l.max_veh) {
        l.max_veh = l.queue_veh;
        l.max_at_us = now_us;
      }
      l.max_m = std::max(l.max_m, l.queue_m);
      approaches_[l.direction].queue_veh += l.queue_veh;
      approaches_[l.direction].queue_m += l.queue_m;
      if (l.queue_veh > peak_veh_) {
        peak_veh_ = l.queue_veh;
        peak_m_ = l.queue_m;
        peak_lane_ = l.id;
        peak_at_us_ = now_us;
      }
    }
    for (ApproachTrack& a : approaches_) {
      a.veh_s += a.queue_veh * dt_s;
      a.m_s += a.queue_m * dt_s;
      if (a.queue_veh > a.max_veh) {
        a.max_veh = a.queue_veh;
        a.max_at_us = now_us;
      }
      a.max_m = std::max(a.max_m, a.queue_m);
    }
  }

  void MeasureSpillback(int64_t now_us, double dt_s) {
    for (SpillPoint& p : points_) {
      // the queue reaches the point when its tail stands at or behind it
      bool spilled = false;
      for (const auto& [track, station_m] : p.stations) {
        const LaneTrack& l = lanes_[track];
        if (l.tail_m >= 0 && l.tail_m <= station_m) spilled = true;
      }
      if (spilled) {
        p.spill_s += dt_s;
        p.interval_spill_s += dt_s;
        if (p.first_us < 0) p.first_us = now_us;
        // a short clearing (a queue inching forward) does not end the episode
        if (!p.spilled && (p.episodes == 0 || now_us - p.clear_since_us >= gap_us_)) ++p.episodes;
      } else if (p.spilled) {
        p.clear_since_us = now_us;
      }
      p.spilled = spilled;
    }
  }

  void MeasureBooths(const GateState& state, double dt_s) {
    for (size_t b = 0; b < booths_.size(); ++b) {
      BoothTrack& booth = booths_[b];
      const plugin::BoothNow now = state.booth_now(b);
      if (!now.busy) {
        booth.occupant = 0;
        booth.has_occupant = false;
        continue;
      }
      booth.busy_s += dt_s;
      booth.interval_busy_s += dt_s;
      if (booth.has_occupant && booth.occupant == now.occupant) continue;
      booth.has_occupant = true;
      booth.occupant = now.occupant;
      if (booth.lanes.empty()) continue;
      // which lane the trip queued on, for its free-flow time: the booth's lane, or the
      // occupant's own lane when the booth serves several
      size_t track = booth.lanes.front();
      if (booth.lanes.size() > 1) {
        for (size_t i = 0; i < state.vehicle_count(); ++i) {
          const plugin::VehicleNow v = state.vehicle(i);
          if (v.id != now.occupant) continue;
          for (const size_t t : booth.lanes) {
            if (v.lane >= 0 && lanes_[t].lane == static_cast<size_t>(v.lane)) track = t;
          }
          break;
        }
      }
      trip_lane_[now.occupant] = track;
    }
  }

  void ConsumeTrips(const GateState& state) {
    for (; seen_finished_ < state.finished_count(); ++seen_finished_) {
      const plugin::TripDone trip = state.finished(seen_finished_);
      const auto dir = static_cast<size_t>(trip.direction);
      if (trip.end == plugin::TripEnd::kExitRead && trip.exit_us >= 0) {
        ++approaches_[dir].exits;
        ++exits_by_hour_[dir][FloorDiv(trip.exit_us + int64_t{utc_offset_min_} * 60 * kUsPerS, 3600 * kUsPerS)];
      }
      const auto it = trip_lane_.find(trip.id);
      if (it == trip_lane_.end()) {
        if (trip.service_start_us >= 0) ++unattributed_;
        continue;
      }
      const LaneTrack& l = lanes_[it->second];
      trip_lane_.erase(it);
      if (trip.entry_us < 0) continue;
      DelayBin& bin = delay_bins_[l.direction][Bin(trip.entry_us)];
      if (trip.service_start_us >= trip.entry_us) {
        // a trip read sooner than free flow allows waited not at all
        const double s =
            std::max(0.0, static_cast<double>(trip.service_start_us - trip.entry_us) / kUsPerS - l.free_to_booth_s);
        approaches_[l.direction].queue_delay_s.push_back(s);
        bin.queue_sum_s += s;
        ++bin.queue_n;
      }
      if (trip.end == plugin::TripEnd::kExitRead && trip.exit_us >= trip.entry_us) {
        const double s = std::max(0.0, static_cast<double>(trip.exit_us - trip.entry_us) / kUsPerS - l.free_through_s);
        approaches_[l.direction].system_delay_s.push_back(s);
        bin.system_sum_s += s;
        ++bin.system_n;
      }
    }
  }

  void TakeSnapshot(int64_t now_us) {
    for (size_t i = 0; i < lanes_.size(); ++i) {
      closed_[2 * i].points.emplace_back(now_us, lanes_[i].queue_veh);
      closed_[2 * i + 1].points.emplace_back(now_us, lanes_[i].queue_m);
    }
    size_t s = 2 * lanes_.size();
    for (const ApproachTrack& a : approaches_) {
      if (a.lanes.empty()) continue;
      closed_[s++].points.emplace_back(now_us, a.queue_veh);
      closed_[s++].points.emplace_back(now_us, a.queue_m);
    }
  }

  // the series whose points are appended as the run goes, in a fixed order
  void MakeSeries() {
    for (const LaneTrack& l : lanes_) {
      closed_.push_back({"lane_queue_veh", l.id, "vehicles", {}});
      closed_.push_back({"lane_queue_m", l.id, "m", {}});
    }
    for (size_t d = 0; d < 2; ++d) {
      if (approaches_[d].lanes.empty()) continue;
      closed_.push_back({"approach_queue_veh", kDirectionNames[d], "vehicles", {}});
      closed_.push_back({"approach_queue_m", kDirectionNames[d], "m", {}});
    }
    booth_series_ = closed_.size();
    for (const BoothTrack& b : booths_) closed_.push_back({"booth_utilisation", b.id, "share", {}});
    closed_.push_back({"booth_utilisation", "all", "share", {}});
    spill_series_ = closed_.size();
    for (const SpillPoint& p : points_) closed_.push_back({"spillback_min", p.id, "min", {}});
  }

  int Los(double mean_delay_s) const {
    for (int g = 0; g < 5; ++g) {
      if (mean_delay_s <= los_min_[static_cast<size_t>(g)] * 60) return g;
    }
    return 5;
  }

  static double LocalHour(int64_t t_us, int utc_offset_min) {
    if (t_us < 0) return -1;
    const int64_t local_s = FloorDiv(t_us, kUsPerS) + int64_t{utc_offset_min} * 60;
    return static_cast<double>(((local_s % 86400) + 86400) % 86400) / 3600.0;
  }

  Figures Gather() const {
    Figures f;
    f.world_name = world_name_;
    f.world_phase = world_phase_;
    f.utc_offset_min = utc_offset_min_;
    f.interval_s = interval_s_;
    f.los_thresholds_min.assign(los_min_.begin(), los_min_.end());
    f.from_us = start_us_;
    f.to_us = last_us_;
    const double observed_s = std::max(observed_s_, 1e-9);
    auto kpi = [&](std::string name, double v, std::string unit) {
      f.kpis.push_back({std::move(name), v, std::move(unit)});
    };

    // the headlines first: a summary shows a plugin's first few figures
    kpi("peak_queue_veh", peak_veh_, "vehicles");
    kpi("peak_queue_m", peak_m_, "m");
    double busy_s = 0;
    for (const BoothTrack& b : booths_) busy_s += b.busy_s;
    kpi("booth_utilisation", booths_.empty() ? 0 : busy_s / (observed_s * static_cast<double>(booths_.size())),
        "share");
    for (size_t d = 0; d < 2; ++d) {
      const ApproachTrack& a = approaches_[d];
      if (a.lanes.empty() || a.queue_delay_s.empty()) continue;
      kpi("los." + std::string(kDirectionNames[d]), Los(Mean(a.queue_delay_s)) + 1, "grade 1=A..6=F");
      kpi("queue_delay_mean_s." + std::string(kDirectionNames[d]), Mean(a.queue_delay_s), "s");
    }
    const double span_h = observed_s_ / 3600;
    double worst_delay_s = -1;
    for (size_t d = 0; d < 2; ++d) {
      const ApproachTrack& a = approaches_[d];
      const std::string key = kDirectionNames[d];
      if (!a.lanes.empty()) {
        kpi("approach_queue_max_veh." + key, a.max_veh, "vehicles");
        kpi("approach_queue_mean_veh." + key, a.veh_s / observed_s, "vehicles");
        kpi("approach_queue_max_m." + key, a.max_m, "m");
        kpi("approach_queue_mean_m." + key, a.m_s / observed_s, "m");
        if (a.max_at_us >= 0) {
          f.facts.emplace_back("approach_queue_max_at." + key, FormatLocal(a.max_at_us, utc_offset_min_));
        }
        kpi("queue_delay_p95_s." + key, Percentile(a.queue_delay_s, 0.95), "s");
        kpi("queue_delay_trips." + key, static_cast<double>(a.queue_delay_s.size()), "trips");
        kpi("system_delay_mean_s." + key, Mean(a.system_delay_s), "s");
        kpi("system_delay_p95_s." + key, Percentile(a.system_delay_s, 0.95), "s");
        kpi("system_delay_trips." + key, static_cast<double>(a.system_delay_s.size()), "trips");
        if (!a.queue_delay_s.empty()) {
          const double mean_s = Mean(a.queue_delay_s);
          f.facts.emplace_back("los." + key, std::string(1, kLosLetters[Los(mean_s)]));
          worst_delay_s = std::max(worst_delay_s, mean_s);
        }
      }
      kpi("throughput_per_h." + key, span_h > 0 ? static_cast<double>(a.exits) / span_h : 0, "trips/h");
      int64_t peak = 0;
      for (const auto& [hour, n] : exits_by_hour_[d]) peak = std::max(peak, n);
      kpi("throughput_peak_per_h." + key, static_cast<double>(peak), "trips/h");
    }
    for (const LaneTrack& l : lanes_) {
      kpi("lane_queue_max_veh." + l.id, l.max_veh, "vehicles");
      kpi("lane_queue_mean_veh." + l.id, l.veh_s / observed_s, "vehicles");
      kpi("lane_queue_max_m." + l.id, l.max_m, "m");
      kpi("lane_queue_mean_m." + l.id, l.m_s / observed_s, "m");
      if (l.max_at_us >= 0)
        f.facts.emplace_back("lane_queue_max_at." + l.id, FormatLocal(l.max_at_us, utc_offset_min_));
    }
    kpi("trips_unattributed", static_cast<double>(unattributed_), "trips");
    for (const BoothTrack& b : booths_) kpi("booth_utilisation." + b.id, b.busy_s / observed_s, "share");
    for (const SpillPoint& p : points_) {
      kpi("spillback_min." + p.id, p.spill_s / 60, "min");
      kpi("spillback_episodes." + p.id, p.episodes, "episodes");
      kpi("spillback_first_local_h." + p.id, LocalHour(p.first_us, utc_offset_min_), "h");
      if (p.first_us >= 0) f.facts.emplace_back("spillback_first." + p.id, FormatLocal(p.first_us, utc_offset_min_));
    }
    if (peak_at_us_ >= 0) {
      f.facts.emplace_back("peak_queue.lane", peak_lane_);
      f.facts.emplace_back("peak_queue.at", FormatLocal(peak_at_us_, utc_offset_min_));
    }
    if (worst_delay_s >= 0) f.facts.emplace_back("los.worst", std::string(1, kLosLetters[Los(worst_delay_s)]));

    // series: the snapshots and closed intervals so far, the open interval as it stands
    f.series = closed_;
    if (open_bin_ != kNoBin && interval_observed_s_ > 0) AppendBin(open_bin_, interval_observed_s_, &f.series);
    for (size_t d = 0; d < 2; ++d) {
      const std::string key = kDirectionNames[d];
      if (!approaches_[d].lanes.empty()) {
        Series queue{"queue_delay_mean_s", key, "s", {}}, system{"system_delay_mean_s", key, "s", {}};
        for (const auto& [bin, b] : delay_bins_[d]) {
          if (b.queue_n > 0) queue.points.emplace_back(BinStartUs(bin), b.queue_sum_s / b.queue_n);
          if (b.system_n > 0) system.points.emplace_back(BinStartUs(bin), b.system_sum_s / b.system_n);
        }
        f.series.push_back(std::move(queue));
        f.series.push_back(std::move(system));
      }
      // every clock hour of the run, with or without exits
      Series tput{"throughput_per_h", key, "trips/h", {}};
      const int64_t offset_us = int64_t{utc_offset_min_} * 60 * kUsPerS;
      const int64_t first_h = FloorDiv(start_us_ + offset_us, 3600 * kUsPerS);
      const int64_t last_h = FloorDiv(last_us_ + offset_us, 3600 * kUsPerS);
      for (int64_t h = first_h; h <= last_h; ++h) {
        const auto it = exits_by_hour_[d].find(h);
        tput.points.emplace_back(h * 3600 * kUsPerS - offset_us,
                                 it == exits_by_hour_[d].end() ? 0 : static_cast<double>(it->second));
      }
      f.series.push_back(std::move(tput));
    }
    return f;
  }

  void PublishPanel(plugin::Outputs& out) const {
    char text[160];
    std::string los, worst;
    double worst_s = -1;
    for (size_t d = 0; d < 2; ++d) {
      const ApproachTrack& a = approaches_[d];
      if (a.lanes.empty()) continue;
      if (a.queue_delay_s.empty()) {
        los += std::string(los.empty() ? "" : " · ") + kDirectionNames[d] + " –";
        continue;
      }
      const double mean_s = Mean(a.queue_delay_s);
      los += std::string(los.empty() ? "" : " · ") + kDirectionNames[d] + " " + kLosLetters[Los(mean_s)];
      if (mean_s > worst_s) {
        worst_s = mean_s;
        std::snprintf(text, sizeof text, "%c on %s (mean queueing delay %.1f min)", kLosLetters[Los(mean_s)],
                      kDirectionNames[d], mean_s / 60);
        worst = text;
      }
    }
    out.PanelRow("Worst level of service", worst.empty() ? "– (no trip served yet)" : worst);
    out.PanelRow("Level of service", los);
    if (peak_at_us_ >= 0) {
      const std::string at = FormatLocal(peak_at_us_, utc_offset_min_);
      std::snprintf(text, sizeof text, "%d veh, %.0f m on %s at %s", peak_veh_, peak_m_, peak_lane_.c_str(),
                    at.substr(11, 5).c_str());
      out.PanelRow("Peak queue", text);
    } else {
      out.PanelRow("Peak queue", "none");
    }
    std::string now;
    for (size_t d = 0; d < 2; ++d) {
      if (approaches_[d].lanes.empty()) continue;
      std::snprintf(text, sizeof text, "%s%s %d veh, %.0f m", now.empty() ? "" : " · ", kDirectionNames[d],
                    approaches_[d].queue_veh, approaches_[d].queue_m);
      now += text;
    }
    out.PanelRow("Queue now", now);
    std::string spilled;
    for (const SpillPoint& p : points_) {
      if (p.spilled) spilled += (spilled.empty() ? "" : ", ") + p.id;
    }
    out.PanelRow("Spillback now", spilled.empty() ? "none" : spilled);
    double busy_s = 0;
    for (const BoothTrack& b : booths_) busy_s += b.busy_s;
    std::snprintf(
        text, sizeof text, "%.0f %%",
        observed_s_ > 0 && !booths_.empty() ? 100 * busy_s / (observed_s_ * static_cast<double>(booths_.size())) : 0.0);
    out.PanelRow("Booths busy", text);
  }

  struct BoothTrack {
    std::string id;
    std::vector<size_t> lanes;  // LaneTrack indices queueing at it
    double busy_s = 0, interval_busy_s = 0;
    bool has_occupant = false;
    uint32_t occupant = 0;
  };

  static constexpr int64_t kNoBin = INT64_MIN;

  // parameters and the world
  double interval_s_ = 300;
  int64_t interval_us_ = 300 * kUsPerS;
  int64_t gap_us_ = 60 * kUsPerS;
  double queue_gap_m_ = 15;
  std::array<double, 5> los_min_{};
  std::string output_dir_;
  int utc_offset_min_ = 0;
  std::string world_name_, world_phase_;
  std::vector<LaneTrack> lanes_;
  std::vector<int> track_of_lane_;                             // lane → LaneTrack index, -1 without a booth
  std::vector<std::vector<std::pair<double, double>>> lines_;  // per LaneTrack: (station, length), reused
  std::array<ApproachTrack, 2> approaches_;
  std::vector<BoothTrack> booths_;
  std::vector<std::pair<size_t, std::string>> entry_sensor_;  // (LaneTrack index, camera id)
  std::vector<SpillPoint> points_;

  // time
  int64_t start_us_ = 0, last_us_ = 0;
  double observed_s_ = 0, interval_observed_s_ = 0;
  int64_t open_bin_ = kNoBin, snapshot_bin_ = kNoBin;

  // what was seen
  std::vector<Series> closed_;
  size_t booth_series_ = 0, spill_series_ = 0;
  int peak_veh_ = 0;
  double peak_m_ = 0;
  std::string peak_lane_;
  int64_t peak_at_us_ = -1;
  size_t seen_finished_ = 0;
  size_t unattributed_ = 0;
  std::unordered_map<uint32_t, size_t> trip_lane_;  // vehicle id → LaneTrack it was served from
  std::array<std::map<int64_t, DelayBin>, 2> delay_bins_;
  std::array<std::map<int64_t, int64_t>, 2> exits_by_hour_;
  std::pair<int64_t, size_t> last_written_{-1, 0};
};

}  // namespace
}  // namespace gatetwin::congestion

GATETWIN_PLUGIN(gatetwin::congestion::Congestion, "congestion", "1.0",
                "Queues per lane and approach, spillback, delay against free flow, throughput, booth use, LOS")
