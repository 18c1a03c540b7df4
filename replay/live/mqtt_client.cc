// MQTT connections for live feeds, on libmosquitto's threaded loop.
#include "replay/live/mqtt_client.h"

#include <mosquitto.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace gatetwin::replay::live {
namespace {

void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

int64_t NowUnixUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string DefaultClientId(std::string_view role) {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return "gatetwin-" + std::string(role) + "@" + std::string(host.data());
}

std::string ErrorText(int rc) {
  if (rc == MOSQ_ERR_ERRNO) return std::string(mosquitto_strerror(rc)) + " (" + std::to_string(errno) + ")";
  return mosquitto_strerror(rc);
}

// creates and configures a client; nullptr with `error` when an option is refused
mosquitto* NewClient(const MqttOptions& o, std::string_view role, void* owner, std::string* error) {
  InitLibraryOnce();
  const std::string id = o.client_id.empty() ? DefaultClientId(role) : o.client_id;
  mosquitto* m = mosquitto_new(id.c_str(), o.clean_session, owner);
  if (m == nullptr) {
    *error = "cannot create an MQTT client '" + id + "' (out of memory, or an empty id with a persistent session)";
    return nullptr;
  }
  auto fail = [&](const std::string& what, int rc) {
    *error = what + ": " + ErrorText(rc);
    mosquitto_destroy(m);
    return nullptr;
  };
  int rc = mosquitto_reconnect_delay_set(m, static_cast<unsigned>(std::max(1, o.reconnect_min_s)),
                                         static_cast<unsigned>(std::max(o.reconnect_min_s, o.reconnect_max_s)), true);
  if (rc != MOSQ_ERR_SUCCESS) return fail("reconnect backoff", rc);
  // small messages at high rates: do not wait to fill packets
  mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
  if (!o.username.empty()) {
    rc = mosquitto_username_pw_set(m, o.username.c_str(), o.password.empty() ? nullptr : o.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) return fail("username/password", rc);
  }
  if (o.tls) {
    const char* ca_file = o.tls_ca_file.empty() ? nullptr : o.tls_ca_file.c_str();
    const char* ca_dir = o.tls_ca_dir.empty() ? nullptr : o.tls_ca_dir.c_str();
    if (ca_file == nullptr && ca_dir == nullptr) {
      mosquitto_int_option(m, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
    } else {
      rc = mosquitto_tls_set(m, ca_file, ca_dir, o.tls_cert_file.empty() ? nullptr : o.tls_cert_file.c_str(),
                             o.tls_key_file.empty() ? nullptr : o.tls_key_file.c_str(), nullptr);
      if (rc != MOSQ_ERR_SUCCESS) {
        return fail("TLS files (--cafile '" + o.tls_ca_file + "', --cert '" + o.tls_cert_file + "', --key '" +
                        o.tls_key_file + "')",
                    rc);
      }
    }
    if (o.tls_insecure) mosquitto_tls_insecure_set(m, true);
  }
  return m;
}

// connects without blocking; an immediate failure (broker not up) is retried by the loop thread
void ConnectAsync(mosquitto* m, const MqttOptions& o, std::string* last_error) {
  const int rc = mosquitto_connect_async(m, o.host.c_str(), o.port, o.keepalive_s);
  if (rc != MOSQ_ERR_SUCCESS)
    *last_error = "connect to " + o.host + ":" + std::to_string(o.port) + ": " + ErrorText(rc);
}

}  // namespace

bool ParseMqttUrl(std::string_view url, MqttOptions* options, std::string* error) {
  MqttOptions o = *options;
  std::string_view rest;
  if (url.starts_with("mqtt://")) {
    o.tls = false;
    o.port = 1883;
    rest = url.substr(7);
  } else if (url.starts_with("mqtts://")) {
    o.tls = true;
    o.port = 8883;
    rest = url.substr(8);
  } else {
    *error = "'" + std::string(url) + "' is not an MQTT URL: write mqtt://HOST:PORT or mqtts://HOST:PORT";
    return false;
  }
  if (const size_t slash = rest.find('/'); slash != std::string_view::npos) rest = rest.substr(0, slash);
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view user = rest.substr(0, at);
    const size_t colon = user.find(':');
    o.username = std::string(user.substr(0, colon));
    if (colon != std::string_view::npos) o.password = std::string(user.substr(colon + 1));
    rest = rest.substr(at + 1);
  }
  std::string_view host = rest;
  if (const size_t colon = rest.rfind(':');
      colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    host = rest.substr(0, colon);
    const std::string_view port = rest.substr(colon + 1);
    int value = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || value > 65535) {
        value = -1;
        break;
      }
      value = value * 10 + (c - '0');
    }
    if (port.empty() || value <= 0 || value > 65535) {
      *error = "'" + std::string(url) + "': the port must be a number from 1 to 65535";
      return false;
    }
    o.port = value;
  }
  if (host.empty()) {
    *error = "'" + std::string(url) + "' names no host: write mqtt://HOST:PORT";
    return false;
  }
  o.host = std::string(host);
  *options = std::move(o);
  return true;
}

std::string DescribeMqtt(const MqttOptions& o) {
  std::string s = o.tls ? "mqtts://" : "mqtt://";
  if (!o.username.empty()) s += o.username + "@";
  return s + o.host + ":" + std::to_string(o.port);
}

//---------------------------------------------------------------------------------------------
// subscriber

struct MqttSubscriber::Impl {
  MqttOptions options;
  std::vector<std::string> topics;
  mosquitto* client = nullptr;
  bool started = false;

  mutable std::mutex mutex;
  std::condition_variable arrived;
  std::vector<MqttMessage> inbox;
  MqttStatus status;
  int pending_subacks = 0;

  static void OnConnect(mosquitto* m, void* self, int rc, int flags, const mosquitto_property* /*props*/) {
    auto* impl = static_cast<Impl*>(self);
    if (rc != 0) {
      std::lock_guard lock(impl->mutex);
      impl->status.last_error = std::string("the broker refused the connection: ") + mosquitto_connack_string(rc);
      return;
    }
    // a persistent session keeps the subscription, but subscribing again is harmless and
    // covers a broker that lost its state
    std::lock_guard lock(impl->mutex);
    impl->pending_subacks = 0;
    for (const std::string& t : impl->topics) {
      if (mosquitto_subscribe(m, nullptr, t.c_str(), impl->options.qos) == MOSQ_ERR_SUCCESS) ++impl->pending_subacks;
    }
    impl->status.connected = true;
    impl->status.subscribed = false;
    impl->status.session_present = (flags & 1) != 0;
    ++impl->status.connects;
    impl->arrived.notify_all();
  }
  static void OnSubscribe(mosquitto* /*m*/, void* self, int /*mid*/, int count, const int* granted) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    for (int i = 0; i < count; ++i) {
      if (granted[i] > 2) impl->status.last_error = "the broker refused a subscription (check the topic and ACLs)";
    }
    if (--impl->pending_subacks <= 0) {
      impl->status.subscribed = true;
      impl->arrived.notify_all();
    }
  }
  static void OnDisconnect(mosquitto* /*m*/, void* self, int rc) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    impl->status.connected = false;
    impl->status.subscribed = false;
    if (rc != 0) {
      ++impl->status.disconnects;
      impl->status.last_error = "connection lost: " + ErrorText(rc) + "; reconnecting";
    }
  }
  static void OnMessage(mosquitto* /*m*/, void* self, const mosquitto_message* msg) {
    auto* impl = static_cast<Impl*>(self);
    MqttMessage out;
    out.recv_unix_us = NowUnixUs();
    out.topic = msg->topic != nullptr ? msg->topic : "";
    out.payload.assign(static_cast<const char*>(msg->payload), static_cast<size_t>(std::max(0, msg->payloadlen)));
    std::lock_guard lock(impl->mutex);
    impl->inbox.push_back(std::move(out));
    ++impl->status.messages;
    impl->status.max_backlog = std::max<uint64_t>(impl->status.max_backlog, impl->inbox.size());
    if (impl->inbox.size() == 1) impl->arrived.notify_all();
  }
};

MqttSubscriber::MqttSubscriber(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<MqttSubscriber> MqttSubscriber::Create(const MqttOptions& options, std::vector<std::string> topics,
                                                       std::string* error) {
  if (topics.empty()) {
    *error = "no topic to subscribe to: give --topic (e.g. 'gate/#')";
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->topics = std::move(topics);
  impl->client = NewClient(options, "live", impl.get(), error);
  if (impl->client == nullptr) return nullptr;
  mosquitto_connect_v5_callback_set(impl->client, &Impl::OnConnect);
  mosquitto_disconnect_callback_set(impl->client, &Impl::OnDisconnect);
  mosquitto_subscribe_callback_set(impl->client, &Impl::OnSubscribe);
  mosquitto_message_callback_set(impl->client, &Impl::OnMessage);
  return std::unique_ptr<MqttSubscriber>(new MqttSubscriber(std::move(impl)));
}

MqttSubscriber::~MqttSubscriber() {
  Stop();
  if (impl_->client != nullptr) mosquitto_destroy(impl_->client);
}

bool MqttSubscriber::Start(std::string* error) {
  {
    std::lock_guard lock(impl_->mutex);
    ConnectAsync(impl_->client, impl_->options, &impl_->status.last_error);
  }
  const int rc = mosquitto_loop_start(impl_->client);
  if (rc != MOSQ_ERR_SUCCESS) {
    *error = "cannot start the MQTT network thread: " + ErrorText(rc);
    return false;
  }
  impl_->started = true;
  return true;
}

bool MqttSubscriber::WaitConnected(int timeout_ms) {
  std::unique_lock lock(impl_->mutex);
  return impl_->arrived.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                 [&] { return impl_->status.connected && impl_->status.subscribed; });
}

size_t MqttSubscriber::Take(std::vector<MqttMessage>* out, int timeout_ms) {
  std::unique_lock lock(impl_->mutex);
  if (impl_->inbox.empty() && timeout_ms > 0) {
    impl_->arrived.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return !impl_->inbox.empty(); });
  }
  const size_t n = impl_->inbox.size();
  if (out->empty()) {
    out->swap(impl_->inbox);  // the common case: hand over the whole buffer
  } else {
    for (MqttMessage& m : impl_->inbox) out->push_back(std::move(m));
    impl_->inbox.clear();
  }
  return n;
}

void MqttSubscriber::Stop() {
  if (!impl_->started) return;
  impl_->started = false;
  mosquitto_disconnect(impl_->client);
  mosquitto_loop_stop(impl_->client, false);
}

MqttStatus MqttSubscriber::status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->status;
}

//---------------------------------------------------------------------------------------------
// publisher

struct MqttPublisher::Impl {
  MqttOptions options;
  mosquitto* client = nullptr;
  bool started = false;

  mutable std::mutex mutex;
  std::condition_variable changed;
  MqttStatus status;
  uint64_t published = 0;
  // the library's message ids wrap at 65535, so one id may name several queued messages
  std::unordered_map<int, std::deque<uint64_t>> sequence_of_mid;
  // acks that came back before Publish() had filed their id (the network thread is fast)
  std::unordered_map<int, int> early_acks;
  std::vector<uint64_t> acked_sequence;

  static void OnConnect(mosquitto* /*m*/, void* self, int rc, int flags, const mosquitto_property* /*props*/) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    if (rc != 0) {
      impl->status.last_error = std::string("the broker refused the connection: ") + mosquitto_connack_string(rc);
      return;
    }
    impl->status.connected = true;
    impl->status.session_present = (flags & 1) != 0;
    ++impl->status.connects;
    impl->changed.notify_all();
  }
  static void OnDisconnect(mosquitto* /*m*/, void* self, int rc) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    impl->status.connected = false;
    if (rc != 0) {
      ++impl->status.disconnects;
      impl->status.last_error = "connection lost: " + ErrorText(rc) + "; reconnecting";
    }
  }
  static void OnPublish(mosquitto* /*m*/, void* self, int mid) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    auto it = impl->sequence_of_mid.find(mid);
    if (it == impl->sequence_of_mid.end() || it->second.empty()) {
      ++impl->early_acks[mid];
      return;
    }
    impl->acked_sequence.push_back(it->second.front());
    it->second.pop_front();
    if (it->second.empty()) impl->sequence_of_mid.erase(it);
    ++impl->status.messages;
    impl->changed.notify_all();
  }
};

MqttPublisher::MqttPublisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<MqttPublisher> MqttPublisher::Create(const MqttOptions& options, std::string* error) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->client = NewClient(options, "publish", impl.get(), error);
  if (impl->client == nullptr) return nullptr;
  // let many QoS 1 messages be in flight at once: a window of 20 caps a loopback link's rate
  mosquitto_max_inflight_messages_set(impl->client, 1000);
  mosquitto_connect_v5_callback_set(impl->client, &Impl::OnConnect);
  mosquitto_disconnect_callback_set(impl->client, &Impl::OnDisconnect);
  mosquitto_publish_callback_set(impl->client, &Impl::OnPublish);
  return std::unique_ptr<MqttPublisher>(new MqttPublisher(std::move(impl)));
}

MqttPublisher::~MqttPublisher() {
  Stop();
  if (impl_->client != nullptr) mosquitto_destroy(impl_->client);
}

bool MqttPublisher::Start(std::string* error) {
  {
    std::lock_guard lock(impl_->mutex);
    ConnectAsync(impl_->client, impl_->options, &impl_->status.last_error);
  }
  const int rc = mosquitto_loop_start(impl_->client);
  if (rc != MOSQ_ERR_SUCCESS) {
    *error = "cannot start the MQTT network thread: " + ErrorText(rc);
    return false;
  }
  impl_->started = true;
  return true;
}

bool MqttPublisher::WaitConnected(int timeout_ms) {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return impl_->status.connected; });
}

uint64_t MqttPublisher::Publish(std::string_view topic, std::string_view payload, std::string* error) {
  const std::string topic_text(topic);
  // published without our lock held: the library calls back into OnPublish under its own locks
  int mid = 0;
  const int rc = mosquitto_publish(impl_->client, &mid, topic_text.c_str(), static_cast<int>(payload.size()),
                                   payload.data(), impl_->options.qos, false);
  // not connected: QoS 1 messages are queued by the library and sent on reconnect
  if (rc != MOSQ_ERR_SUCCESS && !(rc == MOSQ_ERR_NO_CONN && impl_->options.qos > 0)) {
    *error = "publish to '" + topic_text + "': " + ErrorText(rc);
    return 0;
  }
  std::lock_guard lock(impl_->mutex);
  const uint64_t seq = ++impl_->published;
  if (impl_->options.qos == 0) {
    impl_->acked_sequence.push_back(seq);
    ++impl_->status.messages;
    return seq;
  }
  if (auto early = impl_->early_acks.find(mid); early != impl_->early_acks.end()) {
    if (--early->second == 0) impl_->early_acks.erase(early);
    impl_->acked_sequence.push_back(seq);
    ++impl_->status.messages;
    impl_->changed.notify_all();
    return seq;
  }
  impl_->sequence_of_mid[mid].push_back(seq);
  return seq;
}

uint64_t MqttPublisher::published() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->published;
}

uint64_t MqttPublisher::acked() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->acked_sequence.size();
}

std::vector<uint64_t> MqttPublisher::AckedSequence() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->acked_sequence;
}

bool MqttPublisher::WaitAllAcked(int timeout_ms) {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                 [&] { return impl_->acked_sequence.size() >= impl_->published; });
}

void MqttPublisher::Stop() {
  if (!impl_->started) return;
  impl_->started = false;
  mosquitto_disconnect(impl_->client);
  mosquitto_loop_stop(impl_->client, false);
}

MqttStatus MqttPublisher::status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->status;
}

}  // namespace gatetwin::replay::live
