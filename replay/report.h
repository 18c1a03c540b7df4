// The replay report: what happened at the gate, and which input was doubtful (JSON + a summary).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/plugin_host.h"
#include "replay/event.h"
#include "replay/track_builder.h"

namespace gatetwin::replay {

/// Counts of events by outcome; `read == applied + every reason` always holds.
struct EventTally {
  uint64_t read = 0;
  uint64_t applied = 0;
  std::array<uint64_t, kReasonCount> by_reason{};
};

/// Distribution summary in seconds (nearest-rank percentiles).
struct Distribution {
  uint64_t count = 0;
  double mean = 0, p50 = 0, p95 = 0, max = 0;
};

/// Mean and nearest-rank percentiles of `values` (seconds, any order).
Distribution Summarise(std::vector<double> values);

/// One sample of the 5-minute series.
struct SeriesSample {
  engine::TimeUs t_us = 0;
  int present = 0;                 // vehicles in the modelled area (on lanes or in yards)
  std::vector<int> queue_by_lane;  // queued vehicles, indexed like World::lanes
};

/// A period a sensor reported itself in fault or offline.
struct SensorFault {
  std::string sensor;
  std::string state;  // "fault" or "offline"
  engine::TimeUs from_us = 0;
  engine::TimeUs to_us = -1;  // -1: still in fault at the end
  std::string detail;
};

/// A loop's own count against the vehicles the twin drove over it.
struct LoopCheck {
  std::string sensor;
  int64_t reported = 0;  // sum of `count` of its loop events (+ presence events)
  int64_t twin = 0;      // derived presence entries from the vehicles' boxes
};

/// Everything the replay found, ready to be written.
struct Report {
  std::string world_name, world_phase;
  std::vector<std::string> feeds;
  engine::TimeUs first_event_us = -1, last_event_us = -1;
  int utc_offset_min = engine::kGateUtcOffsetMin;

  EventTally events;
  std::array<uint64_t, kEventKindCount> applied_by_kind{};

  uint64_t vehicles_seen = 0, vehicles_completed = 0, vehicles_lost = 0, vehicles_superseded = 0;
  std::array<uint64_t, 2> seen_by_direction{}, completed_by_direction{};
  Distribution time_in_system_s;
  std::array<Distribution, 2> time_in_system_by_direction_s;
  std::array<double, 2> throughput_per_hour{};  // completed trips per hour of the span, by direction

  struct LaneRow {
    std::string id;
    int64_t vehicles = 0;
    int max_queue = 0;
    engine::TimeUs max_queue_at_us = -1;
  };
  std::vector<LaneRow> lanes;
  struct YardRow {
    std::string id;
    int64_t visits = 0;
    int max_present = 0;
    int capacity = 0;
  };
  std::vector<YardRow> yards;

  TrackStats tracks;
  std::vector<SensorFault> faults;
  std::vector<std::string> silent_sensors;  // declared in the world, no event in the span
  std::vector<LoopCheck> loops;
  std::vector<SeriesSample> series;
  engine::TimeUs series_step_us = 300 * engine::kUsPerSecond;
  /// Plugins that ran, with what they published at the end (or why they were disabled).
  std::vector<engine::PluginStatus> plugins;
};

/// Gathers the report while a replay runs: sees every applied event and samples the engine.
class ReportBuilder {
 public:
  /// Sampling advances the engine to each series boundary, so the builder holds it mutable.
  explicit ReportBuilder(engine::Engine& engine);

  /// Called for each applied event, after the engine applied it.
  void OnApplied(const Event& e);
  /// Samples the engine at every series step boundary up to `t` (call before applying at t).
  void SampleUpTo(engine::TimeUs t);
  /// Collects the derived detector crossings the engine produced (call now and then).
  void TakeDerivedPresence();
  /// Fills the rest from the engine's final state.
  Report Finish(const EventTally& tally, const TrackStats& tracks, std::vector<std::string> feeds);

 private:
  engine::Engine& engine_;
  Report report_;
  engine::TimeUs next_sample_us_ = -1;
  std::vector<uint64_t> events_by_sensor_;
  std::vector<int64_t> loop_reported_, loop_twin_;
  std::vector<int> open_fault_;  // per sensor: index into report_.faults, or -1
};

/// The report as JSON (stable key order, rounded figures: byte-identical for the same input).
std::string ReportToJson(const Report& report);

/// A few lines for a person: trucks, times, queues, doubtful input.
/// `title` opens the first line ("gatetwin replay", "gatetwin simulate").
std::string ReportSummary(const Report& report, std::string_view title = "gatetwin replay");

}  // namespace gatetwin::replay
