// Live ingest: judges each received message as the feed contract says, records it, and queues it for the replay.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"
#include "replay/event_queue.h"
#include "replay/live/latency_histogram.h"
#include "replay/live/recording_thread.h"
#include "replay/quarantine.h"
#include "world/world.h"

namespace gatetwin::replay {}

namespace gatetwin::replay::live {

/// Settings of live ingest.
struct IngestOptions {
  /// An event more than this behind the newest one received is `late` (the contract's rule).
  engine::TimeUs reorder_window_us = 2 * engine::kUsPerSecond;
  /// A sensor whose clock differs from the feed's by more than this is reported as skewed.
  double skew_threshold_s = 2.0;
  /// Names the source in quarantine records (e.g. the broker URL and topic).
  std::string source_name = "live";
};

/// One sensor whose clock is off, as the ingest sees it.
struct SkewedSensor {
  std::string sensor;
  uint64_t events = 0;
  double mean_offset_s = 0;  // its (receive − ts) minus the feed's: > 0 its clock is behind, < 0 ahead
  double min_offset_s = 0, max_offset_s = 0;
};

/// What live ingest measured.
struct IngestStats {
  uint64_t messages = 0, bytes = 0;
  /// Receive (network thread) → applied by the replay, wall clock.
  LatencyHistogram receive_to_applied;
  /// The sensor's `ts` → applied, wall clock: the age of what the twin shows. Meaningful when
  /// the feed is real time (a gate's sensors, or `gatetwin publish --retime`).
  LatencyHistogram sensor_to_applied;
  /// The median of (receive − ts) over recent events: the transport delay of a real-time feed,
  /// the age of a feed played from a recording.
  double common_offset_s = 0;
  /// Feed seconds per wall second over the last 10 s (1 for a live gate; 0 until measured).
  /// Clocks are compared only while it is between 0.8 and 1.25: played faster, network jitter
  /// is magnified by the rate and a sensor's clock error cannot be told from it.
  double feed_rate = 0;
  uint64_t clock_events = 0;  // events whose sensor clock was compared
  std::vector<SkewedSensor> skewed;
  /// Accepted events that arrived behind one already applied and were applied at its time.
  uint64_t raised = 0;
  double max_raise_s = 0;
};

/// Turns received messages into the replay's pushed events. For each message, in arrival
/// order: decode (malformed, unknown_kind, unknown_sensor), then late (beyond the reorder
/// window behind the newest event received), then duplicate (the same sensor, ts, kind and
/// payload as an event received within the window); the rest is pushed to the queue at once,
/// so what the twin shows lags the sensors only by transport and processing. Every message is
/// counted in the queue's counts, handed to the recording thread (when there is one) with its
/// decision once the replay has applied its batch, and doubtful ones to the quarantine sink.
class LiveIngest {
 public:
  /// `queue` must outlive the ingest; `quarantine` and `recording` may be null.
  LiveIngest(const world::World& world, EventQueue* queue, IngestOptions options, QuarantineSink* quarantine,
             RecordingThread* recording);
  ~LiveIngest();
  LiveIngest(const LiveIngest&) = delete;
  LiveIngest& operator=(const LiveIngest&) = delete;

  /// Judges one message received at `recv_unix_us` (UTC µs, wall clock); `topic` and
  /// `payload` are copied when they are to be recorded.
  void Receive(int64_t recv_unix_us, std::string_view topic, std::string_view payload);
  /// The replay has applied everything pushed so far; `applied_unix_us` is the wall clock now.
  /// Then hands the messages received since the last call to the recording thread.
  void Applied(int64_t applied_unix_us);
  /// Hands what is waiting to the recording thread (call when idle).
  void Flush();

  /// The measurements so far (skew is computed on the call).
  IngestStats stats() const;
  /// Messages received so far (cheap: stats() copies histograms and checks every clock).
  uint64_t messages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The `live` section of a report: the source, connection, rates, latency, clocks and recording.
struct LiveRunInfo {
  std::string source;  // broker URL and topics
  double wall_s = 0;
  uint64_t connects = 0, disconnects = 0, max_backlog = 0;
  bool session_resumed = false;
  std::string recording_path;
  uint64_t recorded_rows = 0, committed_rows = 0;
  uint64_t recording_max_waiting_rows = 0;  // the recording thread's worst backlog
  std::string recording_error;
};
std::string LiveSectionJson(const IngestStats& stats, const LiveRunInfo& info);

}  // namespace gatetwin::replay::live
