// The MQTT client against a real mosquitto: URLs, round trip, and a broker restart losing no acked message.
#include "replay/live/mqtt_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>

#include "replay/live/local_broker.h"
#include "tests/integration/temp_path.h"

namespace gatetwin::replay::live {
namespace {

using testing_util::TempPath;

MqttOptions Local(const LocalBroker& broker, const std::string& id) {
  MqttOptions o;
  std::string error;
  EXPECT_TRUE(ParseMqttUrl(broker.url(), &o, &error)) << error;
  o.client_id = id + "-" + std::to_string(getpid());
  o.reconnect_min_s = 1;
  o.reconnect_max_s = 1;
  return o;
}

LocalBrokerOptions BrokerIn(const std::string& dir, bool persistent) {
  LocalBrokerOptions o;
  o.dir = dir;
  o.persistent = persistent;
  return o;
}

// takes messages until `n` have arrived or `timeout_ms` passed
std::vector<MqttMessage> Collect(MqttSubscriber& sub, size_t n, int timeout_ms) {
  std::vector<MqttMessage> got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (got.size() < n && std::chrono::steady_clock::now() < deadline) sub.Take(&got, 50);
  return got;
}

TEST(MqttUrl, ReadsHostPortUserAndTls) {
  MqttOptions o;
  std::string error;
  ASSERT_TRUE(ParseMqttUrl("mqtt://127.0.0.1:18830", &o, &error)) << error;
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 18830);
  EXPECT_FALSE(o.tls);
  ASSERT_TRUE(ParseMqttUrl("mqtts://op:s3cret@broker.gate.vn", &o, &error)) << error;
  EXPECT_EQ(o.host, "broker.gate.vn");
  EXPECT_EQ(o.port, 8883);
  EXPECT_TRUE(o.tls);
  EXPECT_EQ(o.username, "op");
  EXPECT_EQ(o.password, "s3cret");
  EXPECT_EQ(DescribeMqtt(o), "mqtts://op@broker.gate.vn:8883");  // never the password
}

TEST(MqttUrl, RejectsWhatIsNotAUrlWithAHint) {
  MqttOptions o;
  std::string error;
  EXPECT_FALSE(ParseMqttUrl("tcp://host:1883", &o, &error));
  EXPECT_NE(error.find("mqtt://HOST:PORT"), std::string::npos) << error;
  EXPECT_FALSE(ParseMqttUrl("mqtt://host:99999", &o, &error));
  EXPECT_NE(error.find("port"), std::string::npos) << error;
  EXPECT_FALSE(ParseMqttUrl("mqtt://:1883", &o, &error));
  EXPECT_FALSE(ParseMqttUrl("mqtt://host:", &o, &error));
}

TEST(MqttClient, DeliversEveryMessageInOrderOnOneTopic) {
  LocalBroker broker(BrokerIn(TempPath("broker"), false));
  std::string error;
  ASSERT_TRUE(broker.Start(&error)) << error;
  auto sub = MqttSubscriber::Create(Local(broker, "sub"), {"gate/#"}, &error);
  ASSERT_TRUE(sub && sub->Start(&error)) << error;
  ASSERT_TRUE(sub->WaitConnected(5000));
  auto pub = MqttPublisher::Create(Local(broker, "pub"), &error);
  ASSERT_TRUE(pub && pub->Start(&error)) << error;
  ASSERT_TRUE(pub->WaitConnected(5000));
  constexpr int kN = 2000;
  for (int i = 0; i < kN; ++i) ASSERT_NE(pub->Publish("gate/test", "m" + std::to_string(i), &error), 0u) << error;
  ASSERT_TRUE(pub->WaitAllAcked(10000));
  const std::vector<MqttMessage> got = Collect(*sub, kN, 10000);
  ASSERT_EQ(got.size(), static_cast<size_t>(kN));
  for (int i = 0; i < kN; ++i) {
    EXPECT_EQ(got[static_cast<size_t>(i)].payload, "m" + std::to_string(i));
    EXPECT_EQ(got[static_cast<size_t>(i)].topic, "gate/test");
  }
  EXPECT_GT(got.front().recv_unix_us, 1'700'000'000'000'000);
  EXPECT_EQ(pub->acked(), static_cast<uint64_t>(kN));
}

TEST(MqttClient, ABrokerRestartLosesNoAcknowledgedMessage) {
  LocalBroker broker(BrokerIn(TempPath("broker"), true));
  std::string error;
  ASSERT_TRUE(broker.Start(&error)) << error;
  auto sub = MqttSubscriber::Create(Local(broker, "sub"), {"gate/#"}, &error);
  ASSERT_TRUE(sub && sub->Start(&error)) << error;
  ASSERT_TRUE(sub->WaitConnected(5000));
  auto pub = MqttPublisher::Create(Local(broker, "pub"), &error);
  ASSERT_TRUE(pub && pub->Start(&error)) << error;
  ASSERT_TRUE(pub->WaitConnected(5000));

  // publish a stream on another thread; stop the broker part-way and start it again
  constexpr int kN = 6000;
  std::thread publisher([&] {
    std::string e;
    for (int i = 0; i < kN; ++i) {
      pub->Publish("gate/test", "m" + std::to_string(i), &e);
      if (i % 20 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::vector<MqttMessage> got;
  while (got.size() < 1000) sub->Take(&got, 50);
  broker.Stop();
  const uint64_t acked_before_stop = pub->acked();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(broker.Restart(&error)) << error;
  publisher.join();
  ASSERT_TRUE(pub->WaitAllAcked(20000)) << "acked " << pub->acked() << " of " << pub->published();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::set<std::string> payloads;
  for (const MqttMessage& m : got) payloads.insert(m.payload);
  while (payloads.size() < static_cast<size_t>(kN) && std::chrono::steady_clock::now() < deadline) {
    std::vector<MqttMessage> more;
    sub->Take(&more, 50);
    for (const MqttMessage& m : more) payloads.insert(m.payload);
  }
  // every message the broker acknowledged reached the subscriber (redeliveries may repeat some)
  for (uint64_t seq : pub->AckedSequence()) {
    ASSERT_TRUE(payloads.contains("m" + std::to_string(seq - 1))) << "acked message " << seq << " is missing";
  }
  EXPECT_EQ(payloads.size(), static_cast<size_t>(kN));
  EXPECT_GT(acked_before_stop, 0u);
  EXPECT_LT(acked_before_stop, static_cast<uint64_t>(kN)) << "the broker was not stopped mid-stream";
  EXPECT_GE(sub->status().connects, 2u);
  EXPECT_TRUE(sub->status().session_present) << "the broker did not resume the persistent session";
}

TEST(LocalBroker, SaysWhatIsWrongWhenTheBinaryIsMissing) {
  LocalBrokerOptions options = BrokerIn(TempPath("broker"), false);
  options.binary = "/nonexistent/mosquitto";
  LocalBroker broker(options);
  std::string error;
  EXPECT_FALSE(broker.Start(&error));
  EXPECT_NE(error.find("not installed"), std::string::npos) << error;
}

}  // namespace
}  // namespace gatetwin::replay::live
