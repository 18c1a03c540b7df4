// MQTT connections for live feeds: a subscriber that collects messages and a publisher that counts acks.
//
// Both wrap libmosquitto (whose types stay in mqtt_client.cc) with its network thread: the
// thread connects, reconnects with exponential backoff and answers the broker, while the
// caller's thread takes received messages or publishes. QoS 1 with a persistent session
// (clean_session off, a stable client id) makes the broker keep what arrives for the
// subscriber while it is away and hand it over when it reconnects.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gatetwin::replay::live {

/// How to reach a broker and what to ask of it.
struct MqttOptions {
  std::string host = "127.0.0.1";
  int port = 1883;
  /// The session's identity: the broker keeps a persistent session under it. Empty: a stable
  /// default made from the host name and the role ("gatetwin-live@host").
  std::string client_id;
  bool clean_session = false;  // false: the broker queues QoS 1 messages while we are away
  int qos = 1;
  int keepalive_s = 30;
  int reconnect_min_s = 1, reconnect_max_s = 30;  // backoff doubles from min to max
  std::string username, password;
  // TLS (mqtts://): a CA file or directory, optionally a client certificate and key
  bool tls = false;
  std::string tls_ca_file, tls_ca_dir, tls_cert_file, tls_key_file;
  bool tls_insecure = false;  // do not check the server's host name against its certificate
};

/// Reads `mqtt://[user[:password]@]host[:port]` or `mqtts://...` (TLS, port 8883 by default)
/// into `options` (host, port, tls, username, password). False with `error` saying what to fix.
bool ParseMqttUrl(std::string_view url, MqttOptions* options, std::string* error);

/// The URL without its password, for logs and reports.
std::string DescribeMqtt(const MqttOptions& options);

/// One received message.
struct MqttMessage {
  int64_t recv_unix_us = 0;  // wall clock (UTC µs) when the network thread received it
  std::string topic;
  std::string payload;
};

/// The connection's state, for status lines and reports.
struct MqttStatus {
  bool connected = false;
  bool subscribed = false;       // the broker confirmed the subscriptions of the current connection
  uint64_t connects = 0;         // successful connections (1 + reconnections)
  uint64_t disconnects = 0;      // connections lost (not asked for)
  uint64_t messages = 0;         // messages received (subscriber) or acknowledged (publisher)
  uint64_t max_backlog = 0;      // most messages waiting at once to be taken (subscriber)
  bool session_present = false;  // the broker resumed our persistent session at the last connect
  std::string last_error;        // the latest connection problem, for a person
};

/// Subscribes to topic filters and collects what arrives.
class MqttSubscriber {
 public:
  /// Sets up the client (no network yet). nullptr with `error` when the options are unusable
  /// (a TLS file that cannot be read, ...).
  static std::unique_ptr<MqttSubscriber> Create(const MqttOptions& options, std::vector<std::string> topics,
                                                std::string* error);
  ~MqttSubscriber();
  MqttSubscriber(const MqttSubscriber&) = delete;
  MqttSubscriber& operator=(const MqttSubscriber&) = delete;

  /// Starts the network thread, which connects (retrying while the broker is not there) and
  /// subscribes at every connect. False with `error` when the thread cannot start.
  bool Start(std::string* error);
  /// Waits up to `timeout_ms` until connected and the broker confirmed the subscriptions
  /// (messages published after that reach us); false when it has not happened.
  bool WaitConnected(int timeout_ms);
  /// Appends what has arrived to `out`, waiting up to `timeout_ms` when nothing has. Returns
  /// how many were appended.
  size_t Take(std::vector<MqttMessage>* out, int timeout_ms);
  /// Disconnects and stops the thread (also done by the destructor).
  void Stop();

  MqttStatus status() const;

 private:
  struct Impl;
  explicit MqttSubscriber(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Publishes messages and counts the broker's acknowledgements.
class MqttPublisher {
 public:
  static std::unique_ptr<MqttPublisher> Create(const MqttOptions& options, std::string* error);
  ~MqttPublisher();
  MqttPublisher(const MqttPublisher&) = delete;
  MqttPublisher& operator=(const MqttPublisher&) = delete;

  /// Starts the network thread and connects (retrying). False with `error` when it cannot start.
  bool Start(std::string* error);
  bool WaitConnected(int timeout_ms);
  /// Queues one message (QoS from the options; kept and resent by the library until the
  /// broker acknowledges it, across reconnects). Returns its sequence number (1, 2, ...) or 0
  /// with `error` when the library refused it.
  uint64_t Publish(std::string_view topic, std::string_view payload, std::string* error);
  /// Messages published and acknowledged so far; with QoS 0 every sent message counts as acked.
  uint64_t published() const;
  uint64_t acked() const;
  /// The sequence numbers the broker has acknowledged (tests check none of these is lost).
  std::vector<uint64_t> AckedSequence() const;
  /// Waits until every published message is acknowledged; false on timeout.
  bool WaitAllAcked(int timeout_ms);
  void Stop();

  MqttStatus status() const;

 private:
  struct Impl;
  explicit MqttPublisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::replay::live
