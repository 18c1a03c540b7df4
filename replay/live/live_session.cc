// A live session: the loop that takes messages from the subscriber and moves the twin with them.
#include "replay/live/live_session.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>

#include "replay/quarantine.h"
#include "replay/session.h"

namespace gatetwin::replay::live {
namespace {

int64_t NowUnixUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string JoinTopics(const std::vector<std::string>& topics) {
  std::string s;
  for (const std::string& t : topics) s += (s.empty() ? "" : " ") + t;
  return s;
}

}  // namespace

size_t PumpLive(MqttSubscriber& subscriber, LiveIngest& ingest, EventQueue& queue, Replay& replay, int wait_ms,
                uint64_t max_messages, std::vector<MqttMessage>* batch) {
  batch->clear();
  subscriber.Take(batch, wait_ms);
  if (batch->empty()) {
    ingest.Flush();
    return 0;
  }
  for (const MqttMessage& m : *batch) {
    ingest.Receive(m.recv_unix_us, m.topic, m.payload);
    if (max_messages > 0 && ingest.messages() >= max_messages) break;
  }
  if (queue.last_pushed_us() >= 0) replay.AdvanceTo(queue.last_pushed_us());
  ingest.Applied(NowUnixUs());
  return batch->size();
}

LiveOutcome RunLive(const world::World& world, const LiveSessionOptions& options) {
  LiveOutcome out;
  const std::string source = DescribeMqtt(options.mqtt) + " " + JoinTopics(options.topics);

  std::unique_ptr<QuarantineWriter> quarantine;
  if (!options.quarantine_path.empty()) {
    std::string error;
    quarantine = QuarantineWriter::Open(options.quarantine_path, &error);
    if (!quarantine) {
      out.errors.push_back(error);
      return out;
    }
  }
  std::unique_ptr<RecordingThread> recording;
  if (!options.record_path.empty()) {
    RecorderOptions ro = options.recorder;
    if (ro.source.empty()) ro.source = source;
    std::string error;
    auto recorder = Recorder::Create(world, options.record_path, ro, options.overwrite_recording, &error);
    if (!recorder) {
      out.errors.push_back(error);
      return out;
    }
    recording = std::make_unique<RecordingThread>(std::move(recorder));
  }

  auto queue = std::make_shared<EventQueue>();
  ReplayOptions ro;
  ro.pushed = queue;
  ro.pushed_name = source;
  ro.engine = options.engine;
  ro.plugins = options.plugins;
  Replay replay(world, ro);
  if (!replay.Open(&out.errors)) return out;
  IngestOptions io = options.ingest;
  io.source_name = source;
  LiveIngest ingest(world, queue.get(), io, quarantine.get(), recording.get());

  std::string error;
  auto subscriber = MqttSubscriber::Create(options.mqtt, options.topics, &error);
  if (!subscriber || !subscriber->Start(&error)) {
    out.errors.push_back(error);
    return out;
  }
  if (!subscriber->WaitConnected(static_cast<int>(options.connect_timeout_s * 1000))) {
    const MqttStatus st = subscriber->status();
    out.errors.push_back("no connection to " + DescribeMqtt(options.mqtt) + " within " +
                         std::to_string(static_cast<int>(options.connect_timeout_s)) + " s" +
                         (st.last_error.empty() ? "" : ": " + st.last_error) +
                         " (is the broker running? check --mqtt, the credentials and the TLS options)");
    return out;
  }
  if (options.on_ready) options.on_ready();

  const auto start = std::chrono::steady_clock::now();
  auto last_message = start;
  auto last_status = start;
  uint64_t messages_at_last_status = 0;
  bool any_message = false;
  std::vector<MqttMessage> batch;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    const double wall_s = std::chrono::duration<double>(now - start).count();
    if (options.stop != nullptr && options.stop->load()) break;
    if (options.duration_s > 0 && wall_s >= options.duration_s) break;
    if (options.max_messages > 0 && ingest.messages() >= options.max_messages) break;
    if (any_message && options.idle_exit_s > 0 &&
        std::chrono::duration<double>(now - last_message).count() >= options.idle_exit_s) {
      break;
    }
    if (PumpLive(*subscriber, ingest, *queue, replay, 20, options.max_messages, &batch) > 0) {
      any_message = true;
      last_message = std::chrono::steady_clock::now();
    }
    if (options.status && now - last_status >= std::chrono::seconds(1)) {
      const IngestStats st = ingest.stats();
      const MqttStatus ms = subscriber->status();
      const EventTally tally = replay.tally();
      LiveStatus s;
      s.wall_s = wall_s;
      s.messages = st.messages;
      s.messages_per_s = static_cast<double>(st.messages - messages_at_last_status) /
                         std::chrono::duration<double>(now - last_status).count();
      s.applied = tally.applied;
      s.doubtful = tally.read - tally.applied;
      s.vehicles_present = replay.engine().active_count();
      s.feed_now_us = replay.engine().started() ? replay.engine().now_us() : -1;
      s.p99_receive_to_applied_ms = static_cast<double>(st.receive_to_applied.PercentileUs(99)) / 1000.0;
      s.connected = ms.connected;
      s.last_error = ms.connected ? "" : ms.last_error;
      options.status(s);
      last_status = now;
      messages_at_last_status = st.messages;
    }
  }
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  subscriber->Stop();
  // what arrived between the last Take and the stop is still recorded and applied
  batch.clear();
  subscriber->Take(&batch, 0);
  for (const MqttMessage& m : batch) ingest.Receive(m.recv_unix_us, m.topic, m.payload);
  queue->Close();
  if (queue->last_pushed_us() >= 0) replay.AdvanceTo(queue->last_pushed_us());
  ingest.Applied(NowUnixUs());

  LiveRunInfo info;
  info.source = source;
  info.wall_s = wall_s;
  const MqttStatus ms = subscriber->status();
  info.connects = ms.connects;
  info.disconnects = ms.disconnects;
  info.max_backlog = ms.max_backlog;
  info.session_resumed = ms.session_present;
  if (recording) {
    const RecordingThreadStats rs = recording->Finish();
    if (!rs.error.empty()) out.warnings.push_back("recording: " + rs.error);
    info.recording_path = recording->path();
    info.recorded_rows = rs.rows_added;
    info.committed_rows = rs.rows_committed;
    info.recording_max_waiting_rows = rs.max_waiting_rows;
    info.recording_error = rs.error;
  }
  if (quarantine) quarantine->Flush();
  out.stats = ingest.stats();
  out.report = replay.Finish();
  if (options.plugins != nullptr) {
    for (std::string& m : options.plugins->TakeMessages()) out.warnings.push_back(std::move(m));
  }
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(ReportToJson(out.report));
  j["live"] = nlohmann::ordered_json::parse(LiveSectionJson(out.stats, info));
  out.report_json = j.dump(2) + "\n";
  if (out.stats.messages == 0) out.warnings.push_back("no message arrived on " + source);
  out.ok = true;
  return out;
}

}  // namespace gatetwin::replay::live
