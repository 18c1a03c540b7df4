// Live ingest through a real local mosquitto: sustained rate and publish → applied latency (docs/benchmarks.md).
//
//   ./build/bench/live_bench [messages/s, 0 = flat out] [messages]
//
// A 25,000 trucks/day 14-lane feed is synthesized; a publisher thread sends its lines at the
// given rate, QoS 1, each on topic `bench/<publish time in µs>`; the twin's side is the live
// session's own parts (subscriber, ingest, recorder, pushed replay), timing each message from
// its publish to the moment the replay has applied it.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "replay/live/live_ingest.h"
#include "replay/live/local_broker.h"
#include "replay/live/mqtt_client.h"
#include "replay/recorder.h"
#include "replay/session.h"
#include "replay/synth.h"
#include "world/load.h"

namespace {

using gatetwin::replay::live::LatencyHistogram;

int64_t NowUnixUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  namespace live = gatetwin::replay::live;
  const double rate = argc > 1 ? std::atof(argv[1]) : 20000;
  const size_t wanted = argc > 2 ? static_cast<size_t>(std::atoll(argv[2])) : 300000;

  auto loaded =
      gatetwin::world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase2_14lane.yaml");
  if (!loaded.ok()) return 1;
  const gatetwin::world::World& world = *loaded.world;
  gatetwin::replay::SynthOptions synth;
  synth.trucks_per_day = 25000;
  synth.seed = 7;
  std::stringstream feed;
  gatetwin::replay::SynthesizeFeed(world, synth, feed);
  std::vector<std::string> lines;
  for (std::string l; lines.size() < wanted && std::getline(feed, l);) lines.push_back(std::move(l));

  const std::string dir =
      (std::filesystem::temp_directory_path() / ("gatetwin-live-bench-" + std::to_string(getpid()))).string();
  live::LocalBrokerOptions bo;
  bo.dir = dir;
  bo.persistent = false;
  live::LocalBroker broker(bo);
  std::string error;
  if (!broker.Start(&error)) {
    std::fprintf(stderr, "live_bench: %s\n", error.c_str());
    return 1;
  }
  live::MqttOptions mo;
  live::ParseMqttUrl(broker.url(), &mo, &error);
  mo.client_id = "bench-live";
  auto sub = live::MqttSubscriber::Create(mo, {"bench/#"}, &error);
  if (!sub || !sub->Start(&error) || !sub->WaitConnected(5000)) {
    std::fprintf(stderr, "live_bench: subscriber: %s\n", error.c_str());
    return 1;
  }

  // the twin's side, as live_session.cc assembles it
  auto queue = std::make_shared<gatetwin::replay::EventQueue>();
  gatetwin::replay::ReplayOptions ro;
  ro.pushed = queue;
  gatetwin::replay::Replay replay(world, ro);
  std::vector<std::string> errors;
  replay.Open(&errors);
  auto recorder = gatetwin::replay::Recorder::Create(world, dir + "/bench.sqlite", {}, true, &error);
  if (!recorder) {
    std::fprintf(stderr, "live_bench: %s\n", error.c_str());
    return 1;
  }
  // GATETWIN_BENCH_NO_RECORD=1 leaves the recorder out, to see what it costs
  const bool record = std::getenv("GATETWIN_BENCH_NO_RECORD") == nullptr;
  live::RecordingThread recording(std::move(recorder));
  live::LiveIngest ingest(world, queue.get(), {}, nullptr, record ? &recording : nullptr);

  live::MqttOptions po = mo;
  po.client_id = "bench-publish";
  auto pub = live::MqttPublisher::Create(po, &error);
  if (!pub || !pub->Start(&error) || !pub->WaitConnected(5000)) {
    std::fprintf(stderr, "live_bench: publisher: %s\n", error.c_str());
    return 1;
  }
  std::atomic<double> publish_wall_s{0};
  std::thread publisher([&] {
    const auto start = std::chrono::steady_clock::now();
    std::string e;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (rate > 0) {
        const auto due = start + std::chrono::microseconds(static_cast<int64_t>(static_cast<double>(i) * 1e6 / rate));
        if (due > std::chrono::steady_clock::now()) std::this_thread::sleep_until(due);
      }
      pub->Publish("bench/" + std::to_string(NowUnixUs()), lines[i], &e);
    }
    publish_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });

  LatencyHistogram publish_to_applied;
  std::vector<live::MqttMessage> batch;
  std::vector<int64_t> published_at;
  size_t received = 0;
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  while (received < lines.size() && std::chrono::steady_clock::now() - last < std::chrono::seconds(10)) {
    batch.clear();
    sub->Take(&batch, 20);
    if (batch.empty()) {
      ingest.Flush();
      continue;
    }
    last = std::chrono::steady_clock::now();
    published_at.clear();
    for (const live::MqttMessage& m : batch) {
      published_at.push_back(std::atoll(m.topic.c_str() + 6));
      ingest.Receive(m.recv_unix_us, m.topic, m.payload);
    }
    if (queue->last_pushed_us() >= 0) replay.AdvanceTo(queue->last_pushed_us());
    const int64_t now = NowUnixUs();
    ingest.Applied(now);
    for (int64_t t : published_at) publish_to_applied.Add(now - t);
    received += batch.size();
  }
  const double wall_s = std::chrono::duration<double>(last - start).count();
  publisher.join();
  const live::RecordingThreadStats rs = recording.Finish();
  const live::IngestStats st = ingest.stats();
  const auto ms = [](int64_t us) { return static_cast<double>(us) / 1000.0; };
  std::printf("live_bench: %zu messages offered at %s, published in %.2f s (%.0f/s)\n", lines.size(),
              rate > 0 ? (std::to_string(static_cast<int>(rate)) + "/s").c_str() : "full speed", publish_wall_s.load(),
              static_cast<double>(lines.size()) / publish_wall_s.load());
  std::printf("  received %zu in %.2f s: %.0f messages/s through broker, ingest, recorder and replay\n", received,
              wall_s, static_cast<double>(received) / wall_s);
  std::printf("  publish -> applied: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n",
              ms(publish_to_applied.PercentileUs(50)), ms(publish_to_applied.PercentileUs(95)),
              ms(publish_to_applied.PercentileUs(99)), ms(publish_to_applied.max_us()));
  std::printf(
      "  receive -> applied: p50 %.2f ms  p99 %.2f ms; largest backlog %llu messages; recorded %llu rows (largest "
      "recording backlog %llu rows)\n",
      ms(st.receive_to_applied.PercentileUs(50)), ms(st.receive_to_applied.PercentileUs(99)),
      static_cast<unsigned long long>(sub->status().max_backlog), static_cast<unsigned long long>(rs.rows_committed),
      static_cast<unsigned long long>(rs.max_waiting_rows));
  std::printf("  applied %llu events, %llu doubtful (the synthesizer's noise)\n",
              static_cast<unsigned long long>(queue->counts.accepted),
              static_cast<unsigned long long>(queue->counts.RejectedTotal()));
  sub->Stop();
  pub->Stop();
  broker.Stop();
  std::filesystem::remove_all(dir);
  return received == lines.size() ? 0 : 1;
}
