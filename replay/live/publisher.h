// Publishes recorded feeds to an MQTT broker in feed time (real time or faster), for demos, training and load tests.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"
#include "replay/live/mqtt_client.h"

namespace gatetwin::replay::live {

/// How to publish.
struct PublishOptions {
  /// Feed seconds per wall second: 1 is real time, 60 an hour a minute; 0 as fast as the broker takes.
  double speed = 1;
  /// Rewrite each line's `ts` to the wall-clock instant it is sent (in the line's own offset),
  /// so the feed looks live; durations then shrink by `speed`. Off: lines go out verbatim.
  bool retime = false;
  /// Topics are `<prefix>/<kind>/<sensor>` (characters MQTT reserves become `_`).
  std::string topic_prefix = "gate";
  /// When set, every line goes to this one topic (keeps the broker's per-topic order global).
  std::string fixed_topic;
  /// Only lines with ts in [from, to) (lines without a readable ts go with their neighbours).
  std::optional<engine::TimeUs> from_us, to_us;
  /// Polled between lines: true stops publishing.
  const std::atomic<bool>* stop = nullptr;
  /// Called about once a second of wall time with (lines sent, lines in all).
  std::function<void(uint64_t, uint64_t)> progress;
};

/// What a publish run did.
struct PublishOutcome {
  bool ok = false;
  std::string error;
  uint64_t lines = 0;      // lines read (blank ones not counted)
  uint64_t published = 0;  // handed to the client
  uint64_t acked = 0;      // acknowledged by the broker when the run ended
  double wall_s = 0;
  engine::TimeUs first_ts_us = 0, last_ts_us = 0;
};

/// One feed line ready to publish.
struct FeedLine {
  std::string text;
  engine::TimeUs ts_us = 0;    // the line's ts, or its predecessor's when it has none
  engine::TimeUs send_us = 0;  // when it is due, in feed time: the newest ts in its file up to it
  std::string topic;
};

/// Reads JSON Lines feeds into lines in the order they go out: each file in its own order
/// (a line written behind newer ones is sent after them, so it arrives late as it did then),
/// several files interleaved by send_us. False with `error` naming the file that could not be read.
bool ReadFeedLines(const std::vector<std::string>& paths, const PublishOptions& options, std::vector<FeedLine>* out,
                   std::string* error);

/// Publishes `lines` through `publisher` (started and connected), paced by their send_us, then
/// waits up to `ack_timeout_ms` for the broker to acknowledge them all.
PublishOutcome PublishLines(MqttPublisher& publisher, const std::vector<FeedLine>& lines, const PublishOptions& options,
                            int ack_timeout_ms = 30000);

/// The string value of a top-level `"key":"..."` of a JSON line, found by a light scan (the
/// publisher does not decode lines; it sends them as they are). Empty when absent.
std::string_view FindJsonString(std::string_view line, std::string_view key);

}  // namespace gatetwin::replay::live
