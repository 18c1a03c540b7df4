// A live demo on one machine: a mosquitto of our own on a free loopback port, and recorded feeds published onto it.
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "replay/live/local_broker.h"
#include "replay/live/mqtt_client.h"
#include "replay/live/publisher.h"

namespace gatetwin::cli {

/// The flags of a live demo: --local-broker, --broker-dir, --publish, --publish-speed.
struct LiveDemoArgs {
  bool local_broker = false;
  std::string broker_dir;
  std::vector<std::string> publish_feeds;
  double publish_speed = 60;
};
/// Adds them to `cmd`, the publish speed defaulting to `default_speed`.
void AddLiveDemoOptions(CLI::App* cmd, LiveDemoArgs* a, double default_speed);

/// Used by `gatetwin live --local-broker --publish FEED` and `gatetwin view --local-broker
/// --publish FEED`. Errors are printed as `gatetwin COMMAND: ...`.
class LiveDemo {
 public:
  explicit LiveDemo(std::string command) : command_(std::move(command)) {}
  /// Stops publishing (if still at it) and the broker.
  ~LiveDemo();
  LiveDemo(const LiveDemo&) = delete;
  LiveDemo& operator=(const LiveDemo&) = delete;

  /// Starts the broker in `dir` (empty: a folder in the temp directory). False when it cannot.
  bool StartBroker(const std::string& dir, bool quiet);
  /// The broker's URL (after StartBroker).
  std::string url() const { return broker_ ? broker_->url() : std::string(); }

  /// Reads `feeds` and connects a publisher with `client` (its client id replaced). False
  /// when a feed cannot be read or the client not started.
  bool PreparePublisher(const std::vector<std::string>& feeds, double speed, const replay::live::MqttOptions& client,
                        bool quiet);
  bool has_publisher() const { return publisher_ != nullptr; }
  /// Publishes on a thread of its own (call once the subscriber listens); `stop` ends it early.
  void StartPublishing(const std::atomic<bool>* stop);
  /// Waits for the publisher to finish; false when it did not send the whole feed.
  bool FinishPublishing();

 private:
  std::string command_;
  std::unique_ptr<replay::live::LocalBroker> broker_;
  std::unique_ptr<replay::live::MqttPublisher> publisher_;
  std::vector<replay::live::FeedLine> lines_;
  replay::live::PublishOptions options_;
  std::thread thread_;
  std::atomic<bool> failed_{false};
};

}  // namespace gatetwin::cli
