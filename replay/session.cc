// A replay run: pulls time-ordered events from the merger and applies them to the engine.
#include "replay/session.h"

#include <algorithm>

#include "replay/feed_merger.h"
#include "replay/quarantine.h"

namespace gatetwin::replay {

using engine::TimeUs;

struct Replay::Input {
  std::unique_ptr<QuarantineWriter> quarantine;
  std::unique_ptr<FeedMerger> merger;
  const Event* pending = nullptr;   // in the merger's buffer or the queue, valid until the next Pull()
  bool pending_from_queue = false;  // pending is the pushed queue's front (popped by the next Pull)
  bool merger_done = false;
  uint64_t pulled_since_progress = 0;
};

Replay::Replay(const world::World& world, ReplayOptions options)
    : world_(world), options_(std::move(options)), input_(std::make_unique<Input>()) {
  engine_ = std::make_unique<engine::Engine>(world_, options_.engine);
  tracks_ = std::make_unique<TrackBuilder>(*engine_, options_.tracks);
  report_ = std::make_unique<ReportBuilder>(*engine_);
}

Replay::~Replay() = default;

bool Replay::Open(std::vector<std::string>* errors) {
  const size_t errors_before = errors->size();
  if (!options_.quarantine_path.empty()) {
    std::string error;
    input_->quarantine = QuarantineWriter::Open(options_.quarantine_path, &error);
    if (!input_->quarantine) errors->push_back(error);
  }
  MergeOptions merge;
  const double window_s = options_.reorder_window_s.value_or(world_.params.reorder_window_s);
  merge.reorder_window_us = static_cast<TimeUs>(window_s * engine::kUsPerSecond);
  merge.from_us = options_.from_us;
  merge.to_us = options_.to_us;
  merge.sumo_map_path = options_.sumo_map_path;
  input_->merger = std::make_unique<FeedMerger>(world_, merge, input_->quarantine.get());
  for (const std::string& feed : options_.feeds) {
    std::string error;
    if (!input_->merger->AddFile(feed, &error)) errors->push_back(error);
  }
  for (const auto& [name, text] : options_.feed_texts) {
    std::string error;
    if (!input_->merger->AddStream(name, *text, FeedFormat::kJsonLines, &error)) errors->push_back(error);
  }
  if (errors->size() != errors_before) return false;
  Pull();
  return true;
}

bool Replay::Pull() {
  EventQueue* queue = options_.pushed.get();
  if (!input_->merger_done) {
    input_->pending = input_->merger->Next();
    input_->merger_done = input_->pending == nullptr;
  }
  if (input_->merger_done && queue != nullptr) {
    if (input_->pending_from_queue) queue->PopFront();
    input_->pending = queue->Front();
    input_->pending_from_queue = input_->pending != nullptr;
  }
  has_pending_ = input_->pending != nullptr;
  if (options_.progress && (++input_->pulled_since_progress >= 65536 || !has_pending_)) {
    input_->pulled_since_progress = 0;
    const double total = static_cast<double>(std::max<uint64_t>(1, input_->merger->total_bytes()));
    options_.progress(has_pending_ ? static_cast<double>(input_->merger->bytes_read()) / total : 1.0);
  }
  return has_pending_;
}

void Replay::AdvanceTo(TimeUs t) {
  // a pushed queue may have grown since it last ran dry
  if (!has_pending_ && options_.pushed != nullptr) Pull();
  engine::PluginHost* plugins = options_.plugins;
  if (plugins == nullptr || plugins->empty()) {
    AdvanceCore(t);
    return;
  }
  // with plugins the engine moves one step at a time: pre-update, step, post-update
  const TimeUs step_us = engine_->options().step_us;
  while (true) {
    if (!engine_->started()) {
      // the first event starts the engine's clock; plugins start with it
      if (!has_pending_ || input_->pending->ts_us > t) break;
      AdvanceCore(input_->pending->ts_us);
      continue;
    }
    if (!plugins_started_) {
      plugins_started_ = true;
      plugins->Start(*engine_);
      plugins->PreUpdate(*engine_);
      next_plugin_step_us_ = engine_->now_us() + step_us;
    }
    if (next_plugin_step_us_ > t) break;
    AdvanceCore(next_plugin_step_us_);
    plugins->PostUpdate(*engine_);
    plugins->PreUpdate(*engine_);
    next_plugin_step_us_ += step_us;
  }
  AdvanceCore(t);
}

void Replay::AdvanceCore(TimeUs t) {
  while (has_pending_ && input_->pending->ts_us <= t) {
    const Event& e = *input_->pending;
    report_->SampleUpTo(e.ts_us);
    tracks_->Apply(e);
    report_->OnApplied(e);
    ++applied_;
    if (options_.event_log_capacity > 0) Log(e);
    if (!engine_->derived_presence().empty()) report_->TakeDerivedPresence();
    Pull();
  }
  if (engine_->started()) {
    report_->SampleUpTo(t);
    engine_->AdvanceTo(t);
    report_->TakeDerivedPresence();
    if (options_.pushed != nullptr) options_.pushed->RaiseFloor(engine_->now_us());
  }
}

void Replay::Log(const Event& e) {
  if (event_log_.size() >= options_.event_log_capacity) event_log_.pop_front();
  LoggedEvent& logged = event_log_.emplace_back();
  logged.ts_us = e.ts_us;
  logged.sensor = e.sensor;
  logged.lane = e.lane;
  logged.kind = e.kind;
  logged.plate = e.kind == EventKind::kStatus ? e.detail : e.plate;
}

void Replay::RunToEnd() {
  while (has_pending_) AdvanceTo(input_->pending->ts_us);
}

bool Replay::done() const {
  const EventQueue* queue = options_.pushed.get();
  return !has_pending_ && (queue == nullptr || (queue->closed() && queue->empty()));
}

std::optional<TimeUs> Replay::next_event_us() const {
  if (!has_pending_) return std::nullopt;
  return input_->pending->ts_us;
}

EventTally Replay::tally() const {
  FeedCounts c = input_->merger->counts();
  if (options_.pushed != nullptr) c += options_.pushed->counts;
  EventTally t;
  t.read = c.read;
  t.applied = c.accepted;
  t.by_reason = c.rejected;
  return t;
}

Report Replay::Finish() {
  engine_->FinishAll(engine_->now_us());
  if (input_->quarantine) input_->quarantine->Flush();
  std::vector<std::string> feeds = options_.feeds;
  for (const auto& [name, text] : options_.feed_texts) feeds.push_back(name);
  if (options_.pushed != nullptr) feeds.push_back(options_.pushed_name);
  Report report = report_->Finish(tally(), tracks_->stats(), std::move(feeds));
  if (options_.plugins != nullptr && plugins_started_) {
    options_.plugins->Publish(*engine_);
    report.plugins = options_.plugins->status();
  }
  return report;
}

std::vector<std::string> Replay::FeedWarnings() const {
  std::vector<std::string> warnings;
  const FeedMerger& merger = *input_->merger;
  for (size_t i = 0; i < merger.source_count(); ++i) {
    if (merger.source_counts(i).read == 0) warnings.push_back(merger.source_name(i) + ": the feed holds no events");
  }
  std::string io = merger.io_errors();
  while (!io.empty() && io.back() == '\n') io.pop_back();
  if (!io.empty()) warnings.push_back(io);
  return warnings;
}

ReplayOutcome RunReplay(const world::World& world, const ReplayOptions& options) {
  ReplayOutcome out;
  Replay replay(world, options);
  if (!replay.Open(&out.errors)) return out;
  replay.RunToEnd();
  out.report = replay.Finish();
  out.warnings = replay.FeedWarnings();
  if (options.plugins != nullptr) {
    for (std::string& m : options.plugins->TakeMessages()) out.warnings.push_back(std::move(m));
  }
  if (out.report.events.read == 0) {
    out.errors.push_back("nothing to replay: no feed holds an event (check the --feed files)");
    return out;
  }
  out.ok = true;
  return out;
}

// ---- ReplayPlayer ----

ReplayPlayer::ReplayPlayer(const world::World& world, ReplayOptions options)
    : world_(world), options_(std::move(options)) {
  options_.progress = nullptr;
}

ReplayPlayer::~ReplayPlayer() = default;

bool ReplayPlayer::Open(std::vector<std::string>* errors) {
  if (live()) {
    // nothing to scan: the span grows as events arrive (Timeline::Follow)
    timeline_ = std::make_unique<Timeline>(0, 0);
    timeline_->Play();
    return Restart(errors);
  }
  if (!Scan(errors)) return false;
  timeline_ = std::make_unique<Timeline>(start_us_, end_us_);
  return Restart(errors);
}

// one pass to find the span, as a timeline needs both ends before playing
bool ReplayPlayer::Scan(std::vector<std::string>* errors) {
  Replay scan(world_, [&] {
    ReplayOptions o = options_;
    o.quarantine_path.clear();
    o.engine.physics = false;
    o.event_log_capacity = 0;
    o.plugins = nullptr;
    return o;
  }());
  if (!scan.Open(errors)) return false;
  start_us_ = scan.next_event_us().value_or(0);
  end_us_ = start_us_;
  while (auto t = scan.next_event_us()) {
    end_us_ = std::max(end_us_, *t);
    scan.AdvanceTo(*t);
  }
  whole_feed_report_ = scan.Finish();
  return true;
}

bool ReplayPlayer::ReplaceFeedTexts(std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> texts,
                                    std::vector<std::string>* errors) {
  if (live()) return false;
  options_.feed_texts = std::move(texts);
  const Timeline before = *timeline_;
  if (!Scan(errors)) return false;
  timeline_ = std::make_unique<Timeline>(start_us_, end_us_);
  timeline_->SetSpeed(before.speed());
  timeline_->SetLoop(before.loop());
  if (before.playing()) timeline_->Play();
  timeline_->Seek(before.position());
  if (!Restart(errors)) return false;
  replay_->AdvanceTo(timeline_->position());
  return true;
}

bool ReplayPlayer::Restart(std::vector<std::string>* errors) {
  replay_ = std::make_unique<Replay>(world_, options_);
  return replay_->Open(errors);
}

void ReplayPlayer::Tick(double wall_dt_s) {
  if (live()) {
    if (live_pump_) live_pump_(*replay_);
    if (replay_->engine().started()) {
      timeline_->Follow(replay_->engine().now_us());
      start_us_ = timeline_->start();
      end_us_ = timeline_->end();
    }
    return;
  }
  const TimeUs before = timeline_->position();
  const TimeUs t = timeline_->Advance(wall_dt_s);
  if (timeline_->looped() || t < before) {
    std::vector<std::string> errors;
    Restart(&errors);
  }
  replay_->AdvanceTo(t);
}

void ReplayPlayer::SeekTo(TimeUs t) {
  if (live()) return;  // what was applied cannot be applied again: the queue has moved on
  timeline_->Seek(t);
  t = timeline_->position();
  if (t < replay_->engine().now_us()) {
    std::vector<std::string> errors;
    Restart(&errors);
  }
  replay_->AdvanceTo(t);
}

}  // namespace gatetwin::replay
