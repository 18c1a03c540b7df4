// A mosquitto broker of our own on a free loopback port: for `live --local-broker`, the demo and tests.
#pragma once

#include <sys/types.h>

#include <string>

namespace gatetwin::replay::live {

/// Settings of a local broker.
struct LocalBrokerOptions {
  /// Where its config, log and (when persistent) session store go; created if missing.
  std::string dir;
  /// 0: pick a free loopback port.
  int port = 0;
  /// Keep sessions and queued QoS 1 messages across a restart (written at a clean stop).
  bool persistent = true;
  /// The broker binary; empty: /usr/sbin/mosquitto, else `mosquitto` on PATH.
  std::string binary;
};

/// A mosquitto process listening on 127.0.0.1 only, started and stopped by us. Queues are
/// unbounded so a slow or absent subscriber with a persistent session loses nothing (a real
/// gate broker needs `max_queued_messages` sized for the longest outage it should bridge).
class LocalBroker {
 public:
  explicit LocalBroker(LocalBrokerOptions options);
  /// Stops the broker (SIGTERM, then SIGKILL after 5 s).
  ~LocalBroker();
  LocalBroker(const LocalBroker&) = delete;
  LocalBroker& operator=(const LocalBroker&) = delete;

  /// Starts it and waits until it accepts connections. False with `error` (which includes
  /// the broker's log) when it is not installed or does not come up within 5 s.
  bool Start(std::string* error);
  /// Stops it cleanly: SIGTERM, so a persistent broker writes its session store.
  void Stop();
  /// Kills it with SIGKILL: what a crash does (a persistent broker loses what it had not saved).
  void Kill();
  /// Starts it again on the same port after Stop() or Kill().
  bool Restart(std::string* error);

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  /// mqtt://127.0.0.1:PORT
  std::string url() const;
  pid_t pid() const { return pid_; }

 private:
  bool Launch(std::string* error);
  void Wait(int timeout_ms);

  LocalBrokerOptions options_;
  int port_ = 0;
  pid_t pid_ = -1;
};

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and released); 0 on failure.
int FreeLoopbackPort();

}  // namespace gatetwin::replay::live
