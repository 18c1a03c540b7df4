// Example plugin: counts vehicles by stage over time and the wait from entry to service.
//
// Start here to write a plugin. It shows every phase:
//   Configure   reads a parameter (`--plugin stage_census:period_s=600`);
//   PostUpdate  reads the gate after each engine step and accumulates;
//   Publish     reports KPIs, a time series per stage, a lane overlay and a panel.
// It includes only the plugin API (plugins/api/) and links no gatetwin library.
#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "plugins/api/plugin.h"

namespace {

using gatetwin::plugin::GateState;
using gatetwin::plugin::Stage;

class StageCensus final : public gatetwin::plugin::Plugin {
 public:
  void Configure(const GateState& state, const gatetwin::plugin::ConfigureContext& context) override {
    const double period_s = context.NumberParam("period_s", 300);
    if (period_s < 1) throw std::invalid_argument("period_s must be at least 1 second");
    period_us_ = static_cast<int64_t>(period_s * 1e6);
    next_sample_us_ = state.now_us();
  }

  void PostUpdate(const GateState& state) override {
    // how many vehicles are in each stage now
    std::array<int, gatetwin::plugin::kStageCount> by_stage{};
    for (size_t i = 0; i < state.vehicle_count(); ++i) ++by_stage[static_cast<size_t>(state.vehicle(i).stage)];
    const int queued = by_stage[static_cast<size_t>(Stage::kQueued)];
    if (queued > peak_queued_) {
      peak_queued_ = queued;
      peak_queued_at_us_ = state.now_us();
    }
    if (state.now_us() >= next_sample_us_) {
      samples_.push_back({state.now_us(), by_stage});
      next_sample_us_ += period_us_;
    }
    // trips that ended since the last step: the list only grows, so keep a cursor
    for (; seen_finished_ < state.finished_count(); ++seen_finished_) {
      const auto trip = state.finished(seen_finished_);
      if (trip.entry_us >= 0 && trip.service_start_us >= trip.entry_us) {
        wait_sum_s_ += static_cast<double>(trip.service_start_us - trip.entry_us) / 1e6;
        ++waits_;
      }
    }
  }

  void Publish(const GateState& state, gatetwin::plugin::Outputs& out) override {
    out.Kpi("peak_queued", peak_queued_, "vehicles");
    out.Kpi("peak_queued_at_local_h", LocalHour(peak_queued_at_us_, state.utc_offset_min()), "h");
    out.Kpi("mean_wait_to_service", waits_ > 0 ? wait_sum_s_ / static_cast<double>(waits_) : 0, "s");
    out.Kpi("trips_with_service", static_cast<double>(waits_), "trips");
    static constexpr const char* kSeries[] = {"approaching", "queued", "in_service", "cleared", "in_yard", "exited"};
    for (size_t s = 0; s < 5; ++s) {  // exited vehicles are no longer in the area
      for (const Sample& sample : samples_) {
        out.SeriesPoint(kSeries[s], sample.t_us, sample.by_stage[s], "vehicles");
      }
    }
    // overlay: each lane's queue now, from its tail to its head, coloured by its share of the lane
    for (size_t lane = 0; lane < state.lane_count(); ++lane) {
      const auto now = state.lane_now(lane);
      if (now.queue_tail_m < 0) continue;
      const double length_m = state.lane_info(lane).length_m;
      out.LaneOverlay(lane, now.queue_tail_m, now.queue_tail_m + now.queue_length_m,
                      length_m > 0 ? now.queue_length_m / length_m : 1);
    }
    char text[64];
    std::snprintf(text, sizeof text, "%d", peak_queued_);
    out.PanelRow("Peak queued", text);
    std::snprintf(text, sizeof text, "%.1f min", waits_ > 0 ? wait_sum_s_ / static_cast<double>(waits_) / 60 : 0);
    out.PanelRow("Mean wait to service", text);
  }

 private:
  struct Sample {
    int64_t t_us;
    std::array<int, gatetwin::plugin::kStageCount> by_stage;
  };

  static double LocalHour(int64_t t_us, int utc_offset_min) {
    if (t_us < 0) return -1;
    const int64_t local_s = t_us / 1000000 + int64_t{utc_offset_min} * 60;
    return static_cast<double>(((local_s % 86400) + 86400) % 86400) / 3600.0;
  }

  int64_t period_us_ = 300'000'000;
  int64_t next_sample_us_ = 0;
  std::vector<Sample> samples_;
  int peak_queued_ = 0;
  int64_t peak_queued_at_us_ = -1;
  size_t seen_finished_ = 0;
  double wait_sum_s_ = 0;
  size_t waits_ = 0;
};

}  // namespace

GATETWIN_PLUGIN(StageCensus, "stage_census", "1.0", "Vehicles by stage over time, peak queue, wait to service")
