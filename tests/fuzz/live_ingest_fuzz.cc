// libFuzzer target: any message bytes, in any order and at any pace, through live ingest; any URL through ParseMqttUrl.
//
// Checks, beyond "no crash, no sanitizer report": every message is counted once (read ==
// accepted + Σ rejected), the queue holds exactly the accepted events and hands them out with
// times that never go backwards, and a parsed URL is never described with its password.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "replay/event_queue.h"
#include "replay/live/live_ingest.h"
#include "replay/live/mqtt_client.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace gatetwin::replay;

using gatetwin::fuzz::TestWorld;

void Check(bool ok, const char* what) { gatetwin::fuzz::Check(ok, "live_ingest_fuzz", what); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // the first line is also a broker URL
  const std::string_view url = input.substr(0, input.find('\n'));
  live::MqttOptions mqtt;
  std::string error;
  if (live::ParseMqttUrl(url, &mqtt, &error)) {
    Check(mqtt.password.empty() || live::DescribeMqtt(mqtt).find(":" + mqtt.password + "@") == std::string::npos,
          "a described URL shows its password");
  } else {
    Check(!error.empty(), "a refused URL without a reason");
  }

  EventQueue queue;
  live::IngestOptions options;
  options.reorder_window_us = 2'000'000;
  live::LiveIngest ingest(TestWorld(), &queue, options, nullptr, nullptr);
  // messages are the lines; a line's length picks how long after the last one it arrives
  int64_t recv_us = 1'768'442'400'000'000;
  uint64_t messages = 0;
  for (size_t start = 0; start <= input.size();) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view message = input.substr(start, end - start);
    recv_us += static_cast<int64_t>(message.size() % 7) * 250'000;
    ingest.Receive(recv_us, "gate/fuzz", message);
    ++messages;
    if (messages % 8 == 0) ingest.Applied(recv_us + 1000);
    start = end + 1;
  }
  ingest.Flush();
  Check(queue.counts.read == messages, "a message not counted as read");
  Check(queue.counts.accepted + queue.counts.RejectedTotal() == queue.counts.read, "read != accepted + rejected");
  Check(queue.size() == queue.counts.accepted, "the queue does not hold the accepted events");
  int64_t last_us = INT64_MIN;
  while (const Event* e = queue.Front()) {
    Check(e->ts_us >= last_us, "queued events go backwards in time");
    last_us = e->ts_us;
    queue.PopFront();
  }
  const live::IngestStats stats = ingest.stats();
  Check(stats.messages == messages, "stats.messages differs from the messages received");
  return 0;
}
