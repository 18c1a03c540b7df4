// A replay run: feeds → merger → track reconstruction → engine → report, steppable and seekable.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/plugin_host.h"
#include "replay/event_queue.h"
#include "replay/report.h"
#include "replay/timeline.h"
#include "replay/track_builder.h"

namespace gatetwin::replay {

/// What to replay and how.
struct ReplayOptions {
  std::vector<std::string> feeds;  // JSONL or CSV files, recordings, SUMO XML
  /// The lane map of SUMO XML feeds (`gatetwin replay --sumo-map`); empty: none.
  std::string sumo_map_path;
  /// Feeds already in memory (a simulated day): a name for messages and reports, and JSONL text.
  std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> feed_texts;
  /// Events pushed while the replay runs (a live feed): applied after any feed's, as they come.
  /// The replay is done only once the queue is closed and empty.
  std::shared_ptr<EventQueue> pushed;
  /// The name the report gives the pushed events' source (e.g. the MQTT URL and topic).
  std::string pushed_name = "pushed";
  std::optional<engine::TimeUs> from_us, to_us;  // only events in [from, to] are applied
  std::string quarantine_path;                   // JSONL of doubtful events; empty: not written
  std::optional<double> reorder_window_s;        // default: the world's (2 s)
  engine::EngineOptions engine;
  TrackOptions tracks;
  /// Called now and then with the fraction of input bytes read (for a progress bar).
  std::function<void(double)> progress;
  /// How many of the latest applied events Replay::event_log() keeps (the viewer's event log);
  /// 0 keeps none and costs nothing.
  size_t event_log_capacity = 0;
  /// Plugins to run with the replay (not owned; nullptr or empty: none). The replay starts them
  /// at its first event and calls their phases once per engine step.
  engine::PluginHost* plugins = nullptr;
};

/// An applied event as the event log keeps it: enough to list and filter, not the whole event.
struct LoggedEvent {
  engine::TimeUs ts_us = 0;
  int32_t sensor = -1;  // index into World::sensors
  int32_t lane = -1;    // index into World::lanes, -1 when none
  EventKind kind = EventKind::kStatus;
  std::string plate;  // plate or vehicle id when the event names one; status detail otherwise
};

/// One pass over the feeds. Events are applied in time order as the run advances.
class Replay {
 public:
  Replay(const world::World& world, ReplayOptions options);
  ~Replay();
  Replay(const Replay&) = delete;
  Replay& operator=(const Replay&) = delete;

  /// Opens the feeds (and the quarantine file). False with `errors` naming the files that failed.
  bool Open(std::vector<std::string>* errors);

  /// Applies every event up to and including `t` and advances the engine to `t`.
  void AdvanceTo(engine::TimeUs t);
  /// Applies everything that is left.
  void RunToEnd();
  /// True once every event has been applied (and a pushed queue is closed and drained).
  bool done() const;
  /// The time of the next event to apply, or nullopt at the end.
  std::optional<engine::TimeUs> next_event_us() const;

  engine::Engine& engine() { return *engine_; }
  const engine::Engine& engine() const { return *engine_; }
  const TrackStats& track_stats() const { return tracks_->stats(); }
  EventTally tally() const;

  /// Ends open trips and returns the report (call once, after RunToEnd).
  Report Finish();
  /// Problems with the feeds worth telling the user: empty feeds, read errors part-way.
  std::vector<std::string> FeedWarnings() const;
  /// The latest applied events, oldest first (at most ReplayOptions::event_log_capacity).
  const std::deque<LoggedEvent>& event_log() const { return event_log_; }

 private:
  bool Pull();  // reads the next event into pending_
  void Log(const Event& e);
  void AdvanceCore(engine::TimeUs t);  // applies events up to t and steps the engine to t

  const world::World& world_;
  ReplayOptions options_;
  struct Input;
  std::unique_ptr<Input> input_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<TrackBuilder> tracks_;
  std::unique_ptr<ReportBuilder> report_;
  bool has_pending_ = false;
  uint64_t applied_ = 0;
  std::deque<LoggedEvent> event_log_;
  bool plugins_started_ = false;
  engine::TimeUs next_plugin_step_us_ = 0;
};

/// Replays the feeds from start to end: the headless `gatetwin replay`.
struct ReplayOutcome {
  bool ok = false;
  std::vector<std::string> errors;    // the replay could not run (unreadable feed, no events at all)
  std::vector<std::string> warnings;  // it ran, but a feed was empty or failed part-way
  Report report;
};
ReplayOutcome RunReplay(const world::World& world, const ReplayOptions& options);

/// A mark on the timeline the viewer draws and jumps to (training: incidents, decisions).
struct TimelineMark {
  enum class Kind : uint8_t { kIncident, kAction, kAnnotation, kRefused } kind = Kind::kAction;
  engine::TimeUs t_us = 0;
  std::string label;   // what happened, short
  std::string detail;  // more, for the tooltip
};

/// A replay under a timeline (play, pause, seek, speed, loop), for the viewer and headless use.
/// Seeking backward restarts the replay and runs it forward to the target, which takes a
/// fraction of a second for a whole day (the replay runs at millions of events per second).
///
/// Live (options.pushed set, no feed files): there is no span to scan and no going back. Each
/// Tick() calls the live pump, which pushes what arrived and moves the replay to it; the
/// timeline follows the newest event applied, and seeking does nothing.
class ReplayPlayer {
 public:
  ReplayPlayer(const world::World& world, ReplayOptions options);
  ~ReplayPlayer();

  /// Opens the feeds and finds their time span. False with `errors` when a feed cannot be read.
  bool Open(std::vector<std::string>* errors);

  /// Whether this player follows a live feed (see the class comment).
  bool live() const { return options_.pushed != nullptr && options_.feeds.empty(); }
  /// Live: called by every Tick() with the replay, to push what arrived and advance it.
  void SetLivePump(std::function<void(Replay&)> pump) { live_pump_ = std::move(pump); }

  Timeline& timeline() { return *timeline_; }
  /// Moves the timeline by `wall_dt_s` of wall time and the replay to the timeline's position.
  void Tick(double wall_dt_s);
  /// Puts the replay at `t` (forward: applies events; backward: restarts and runs forward).
  void SeekTo(engine::TimeUs t);
  /// Replaces the in-memory feeds (a training shift simulated again after a decision) and puts
  /// the replay back where the timeline was, playing or not, at the same speed. False with
  /// `errors` when the new feeds cannot be read (the player then keeps nothing to replay).
  bool ReplaceFeedTexts(std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> texts,
                        std::vector<std::string>* errors);

  /// Marks the timeline shows (set by whoever knows them; none by default).
  void SetMarks(std::vector<TimelineMark> marks) { marks_ = std::move(marks); }
  const std::vector<TimelineMark>& marks() const { return marks_; }

  const engine::Engine& engine() const { return replay_->engine(); }
  /// The engine for the viewer's picking (Engine::Pick syncs boxes lazily, so it is not const).
  engine::Engine& mutable_engine() { return replay_->engine(); }
  /// The replay at the timeline's position (event log, tally of doubtful input so far).
  const Replay& replay() const { return *replay_; }
  /// The report of the whole feed, made by Open's scanning pass: the day's KPIs and series at
  /// a glance, and the sensor faults a timeline marks.
  const Report& whole_feed_report() const { return whole_feed_report_; }
  engine::TimeUs start_us() const { return start_us_; }
  engine::TimeUs end_us() const { return end_us_; }

 private:
  bool Restart(std::vector<std::string>* errors);
  bool Scan(std::vector<std::string>* errors);  // the span and the whole-feed report

  const world::World& world_;
  ReplayOptions options_;
  std::unique_ptr<Replay> replay_;
  std::unique_ptr<Timeline> timeline_;
  engine::TimeUs start_us_ = 0, end_us_ = 0;
  Report whole_feed_report_;
  std::function<void(Replay&)> live_pump_;
  std::vector<TimelineMark> marks_;
};

}  // namespace gatetwin::replay
