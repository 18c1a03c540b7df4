// A live session: subscribe, record, ingest and replay as messages arrive, until told to stop; then the report.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/plugin_host.h"
#include "replay/live/live_ingest.h"
#include "replay/live/mqtt_client.h"
#include "replay/recorder.h"
#include "replay/report.h"
#include "replay/session.h"
#include "world/world.h"

namespace gatetwin::replay::live {

/// What a session shows about once a second (the CLI's status line).
struct LiveStatus {
  double wall_s = 0;
  uint64_t messages = 0;
  double messages_per_s = 0;  // over the last second
  uint64_t applied = 0, doubtful = 0;
  int vehicles_present = 0;
  engine::TimeUs feed_now_us = -1;  // the twin's clock (the newest applied event)
  double p99_receive_to_applied_ms = 0;
  bool connected = false;
  std::string last_error;
};

/// Settings of a live session.
struct LiveSessionOptions {
  MqttOptions mqtt;
  std::vector<std::string> topics = {"gate/#"};
  std::string record_path;  // empty: no recording
  bool overwrite_recording = false;
  RecorderOptions recorder;
  std::string quarantine_path;  // JSON Lines of doubtful messages; empty: not written
  IngestOptions ingest;
  engine::EngineOptions engine;
  engine::PluginHost* plugins = nullptr;
  /// Stop conditions (any of them): wall seconds since the start, seconds without a message
  /// once one has arrived, a message count, or `stop` set (signals, a finished publisher).
  double duration_s = 0;
  double idle_exit_s = 0;
  uint64_t max_messages = 0;
  const std::atomic<bool>* stop = nullptr;
  /// How long to wait for the broker at the start before giving up (it keeps retrying meanwhile).
  double connect_timeout_s = 10;
  /// Called about once a second.
  std::function<void(const LiveStatus&)> status;
  /// Called once connected and subscribed (the demo starts its publisher then).
  std::function<void()> on_ready;
};

/// What a session produced.
struct LiveOutcome {
  bool ok = false;
  std::vector<std::string> errors, warnings;
  Report report;
  std::string report_json;  // the replay report with its `live` section
  IngestStats stats;
};

/// Runs a live session on the calling thread (the MQTT client has its own network thread).
LiveOutcome RunLive(const world::World& world, const LiveSessionOptions& options);

/// One step of a live session (RunLive's loop, the viewer's frames): takes what arrived,
/// waiting up to `wait_ms` for the first message, judges it, moves `replay` to the newest
/// event pushed and tells `ingest` it was applied (or, with nothing new, lets it record).
/// Stops early after `max_messages` in all (0: no limit). Returns the messages taken;
/// `batch` is scratch space kept between calls.
size_t PumpLive(MqttSubscriber& subscriber, LiveIngest& ingest, EventQueue& queue, Replay& replay, int wait_ms,
                uint64_t max_messages, std::vector<MqttMessage>* batch);

}  // namespace gatetwin::replay::live
