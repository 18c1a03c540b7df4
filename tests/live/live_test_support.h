// Shared pieces of the live tests: the Hữu Nghị world, a broker in a temp folder, a session on a thread.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "replay/live/live_session.h"
#include "replay/live/local_broker.h"
#include "tests/integration/temp_path.h"
#include "world/load.h"

namespace gatetwin::replay::live::testing {

inline const world::World& GateWorld() {
  static const world::World* world = [] {
    auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
    for (const auto& e : loaded.errors) ADD_FAILURE() << e.ToString();
    return new world::World(std::move(*loaded.world));
  }();
  return *world;
}

inline std::string SampleFeedPath() {
  return std::string(GATETWIN_SOURCE_DIR) + "/assets/feeds/huu_nghi_2026-01-15.jsonl";
}

/// The first `n` non-blank lines of a feed file (all when n is 0).
inline std::vector<std::string> FeedLines(const std::string& path, size_t n = 0) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line) && (n == 0 || lines.size() < n);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

inline LocalBrokerOptions BrokerIn(const std::string& dir, bool persistent) {
  LocalBrokerOptions o;
  o.dir = dir;
  o.persistent = persistent;
  return o;
}

inline MqttOptions ClientOf(const LocalBroker& broker, const std::string& role) {
  MqttOptions o;
  std::string error;
  EXPECT_TRUE(ParseMqttUrl(broker.url(), &o, &error)) << error;
  o.client_id =
      role + "-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  o.reconnect_min_s = 1;
  o.reconnect_max_s = 1;
  return o;
}

/// A live session running on its own thread; Ready() waits until it listens.
class SessionThread {
 public:
  SessionThread(const world::World& world, LiveSessionOptions options) : options_(std::move(options)) {
    options_.stop = &stop_;
    options_.on_ready = [this] { ready_.set_value(); };
    thread_ = std::thread([this, &world] {
      outcome_ = RunLive(world, options_);
      done_ = true;
    });
  }
  ~SessionThread() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  bool Ready(int timeout_ms) {
    return ready_.get_future().wait_for(std::chrono::milliseconds(timeout_ms)) == std::future_status::ready;
  }
  /// Stops the session (or waits for it to stop by itself) and returns what it produced.
  const LiveOutcome& Finish(bool stop_now) {
    if (stop_now) stop_ = true;
    thread_.join();
    return outcome_;
  }

 private:
  LiveSessionOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::promise<void> ready_;
  LiveOutcome outcome_;
  std::thread thread_;
};

}  // namespace gatetwin::replay::live::testing
