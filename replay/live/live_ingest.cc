// Live ingest: decode, the late and duplicate rules over a sliding window, recording, latency and clock skew.
#include "replay/live/live_ingest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <unordered_map>

#include "replay/feed_merger.h"
#include "replay/line_parser.h"
#include "replay/report_json.h"

namespace gatetwin::replay::live {

using engine::TimeUs;

namespace {

// the recent (receive − ts) offsets whose median is the feed's common offset
constexpr size_t kOffsetWindow = 512;
constexpr uint64_t kOffsetRefreshEvery = 64;
constexpr uint64_t kMinEventsForSkew = 5;
// the feed's rate (feed seconds per wall second) is measured over this much wall time; clocks
// are compared only while it is close to 1: at 60x, a millisecond of network jitter is 60 ms
// of feed time and a sensor's clock error cannot be told from it
constexpr int64_t kRateWindowUs = 10'000'000;
constexpr int64_t kRateSampleEveryUs = 250'000;
constexpr int64_t kRateMinSpanUs = 2'000'000;
constexpr double kRealTimeRateMin = 0.8, kRealTimeRateMax = 1.25;

struct SensorClock {
  uint64_t events = 0;
  double sum_s = 0, min_s = 0, max_s = 0;
};

std::string_view TrimPayload(std::string_view p) {
  // publishers often end a payload with a newline; it is not part of the event
  while (!p.empty() && (p.back() == '\n' || p.back() == '\r' || p.back() == ' ' || p.back() == '\t'))
    p.remove_suffix(1);
  return p;
}

}  // namespace

struct LiveIngest::Impl {
  Impl(const world::World& w, EventQueue* q, IngestOptions o, QuarantineSink* qs, RecordingThread* r)
      : world(w), queue(q), options(std::move(o)), quarantine(qs), recording(r), parser(w), clocks(w.sensors.size()) {}

  const world::World& world;
  EventQueue* queue;
  IngestOptions options;
  QuarantineSink* quarantine;
  RecordingThread* recording;
  LineParser parser;
  Event event;
  Doubt doubt;
  uint64_t message_no = 0;
  TimeUs newest_us = INT64_MIN;

  // duplicates: payload hashes of the events received within the window, by time
  std::unordered_map<uint64_t, uint32_t> recent_hashes;
  std::multimap<TimeUs, uint64_t> hashes_by_ts;

  // pushed but not yet applied: receive time and sensor time, for the latency figures
  struct Pending {
    int64_t recv_us;
    TimeUs ts_us;
  };
  std::vector<Pending> pending;
  // judged but not yet recorded: handed to the recording thread after the replay applied the
  // batch, so recording is never part of what the twin lags behind the sensors
  std::vector<RecordRow> to_record;

  void RecordPending() { recording->Submit(&to_record); }

  IngestStats stats;
  std::array<double, kOffsetWindow> offsets{};
  size_t offsets_filled = 0, offsets_next = 0;
  uint64_t offsets_since_refresh = 0;
  double common_offset_s = 0;
  bool have_common = false;
  std::vector<SensorClock> clocks;
  // (receive time, newest ts) samples for the feed's rate
  std::deque<std::pair<int64_t, TimeUs>> rate_samples;
  double feed_rate = 0;       // 0 until measured
  uint64_t clock_events = 0;  // events whose clock was compared

  void ObserveRate(int64_t recv_us) {
    if (!rate_samples.empty() && recv_us - rate_samples.back().first < kRateSampleEveryUs) return;
    rate_samples.emplace_back(recv_us, newest_us);
    while (rate_samples.size() > 2 && recv_us - rate_samples[1].first >= kRateWindowUs) rate_samples.pop_front();
    const auto& [r0, t0] = rate_samples.front();
    if (recv_us - r0 >= kRateMinSpanUs)
      feed_rate = static_cast<double>(newest_us - t0) / static_cast<double>(recv_us - r0);
  }
  bool RealTime() const { return feed_rate >= kRealTimeRateMin && feed_rate <= kRealTimeRateMax; }

  void Quarantine(Reason reason, std::string_view detail, std::string_view raw) {
    ++queue->counts.rejected[static_cast<size_t>(reason)];
    if (quarantine == nullptr) return;
    QuarantineEntry entry;
    entry.reason = reason;
    entry.source = options.source_name;
    entry.line = message_no;
    entry.detail = detail;
    entry.raw = raw.substr(0, kQuarantineRawBytes);
    entry.raw_truncated = raw.size() > kQuarantineRawBytes;
    quarantine->Write(entry);
  }

  void ForgetOldHashes() {
    const TimeUs horizon = newest_us - options.reorder_window_us;
    while (!hashes_by_ts.empty() && hashes_by_ts.begin()->first < horizon) {
      auto it = recent_hashes.find(hashes_by_ts.begin()->second);
      if (it != recent_hashes.end() && --it->second == 0) recent_hashes.erase(it);
      hashes_by_ts.erase(hashes_by_ts.begin());
    }
  }

  void ObserveClock(const Event& e, int64_t recv_us) {
    const double offset_s = static_cast<double>(recv_us - e.ts_us) / engine::kUsPerSecond;
    offsets[offsets_next] = offset_s;
    offsets_next = (offsets_next + 1) % kOffsetWindow;
    offsets_filled = std::min(offsets_filled + 1, kOffsetWindow);
    if (!have_common || ++offsets_since_refresh >= kOffsetRefreshEvery) {
      // the median, not the mean: a skewed sensor must not pull the reference towards itself
      std::array<double, kOffsetWindow> copy = offsets;
      auto mid = copy.begin() + static_cast<std::ptrdiff_t>(offsets_filled / 2);
      std::nth_element(copy.begin(), mid, copy.begin() + static_cast<std::ptrdiff_t>(offsets_filled));
      common_offset_s = *mid;
      have_common = true;
      offsets_since_refresh = 0;
    }
    if (!RealTime() || e.sensor < 0 || static_cast<size_t>(e.sensor) >= clocks.size()) return;
    ++clock_events;
    SensorClock& c = clocks[static_cast<size_t>(e.sensor)];
    const double deviation_s = offset_s - common_offset_s;
    if (c.events == 0) c.min_s = c.max_s = deviation_s;
    ++c.events;
    c.sum_s += deviation_s;
    c.min_s = std::min(c.min_s, deviation_s);
    c.max_s = std::max(c.max_s, deviation_s);
  }
};

LiveIngest::LiveIngest(const world::World& world, EventQueue* queue, IngestOptions options, QuarantineSink* quarantine,
                       RecordingThread* recording)
    : impl_(std::make_unique<Impl>(world, queue, std::move(options), quarantine, recording)) {}

LiveIngest::~LiveIngest() = default;

void LiveIngest::Receive(int64_t recv_unix_us, std::string_view topic, std::string_view payload) {
  Impl& s = *impl_;
  ++s.message_no;
  ++s.stats.messages;
  s.stats.bytes += payload.size();
  ++s.queue->counts.read;
  const std::string_view line = TrimPayload(payload);
  Event& e = s.event;
  ClearEvent(&e);
  e.line = s.message_no;

  auto record = [&](const Event* decoded, std::optional<Reason> reason, std::string_view detail) {
    if (s.recording == nullptr) return;
    RecordRow& r = s.to_record.emplace_back();
    r.recv_unix_us = recv_unix_us;
    r.topic.assign(topic);
    r.raw.assign(payload);
    r.decoded = decoded != nullptr;
    if (decoded != nullptr) r.event = *decoded;
    r.reason = reason;
    r.detail.assign(detail);
  };

  if (!s.parser.Parse(line, &e, &s.doubt)) {
    // a line that did not decode keeps its ts and kind only when they were read
    const bool partly = s.doubt.reason != Reason::kMalformed;
    record(partly ? &e : nullptr, s.doubt.reason, s.doubt.detail);
    s.Quarantine(s.doubt.reason, s.doubt.detail, line);
    return;
  }
  s.ObserveClock(e, recv_unix_us);
  if (s.newest_us != INT64_MIN && e.ts_us < s.newest_us - s.options.reorder_window_us) {
    const std::string detail =
        "more than the reorder window behind the newest event received (" + engine::FormatRfc3339(s.newest_us) + ")";
    record(&e, Reason::kLate, detail);
    s.Quarantine(Reason::kLate, detail, line);
    return;
  }
  const uint64_t hash = HashEventPayload(e);
  if (s.recent_hashes.contains(hash)) {
    constexpr std::string_view kDetail = "the same sensor, ts, kind and payload as an event already received";
    record(&e, Reason::kDuplicate, kDetail);
    s.Quarantine(Reason::kDuplicate, kDetail, line);
    return;
  }
  ++s.recent_hashes[hash];
  s.hashes_by_ts.emplace(e.ts_us, hash);
  if (e.ts_us > s.newest_us) {
    s.newest_us = e.ts_us;
    s.ForgetOldHashes();
  }
  s.ObserveRate(recv_unix_us);
  record(&e, std::nullopt, {});
  ++s.queue->counts.accepted;
  s.pending.push_back({recv_unix_us, e.ts_us});
  s.queue->Push(e);
}

void LiveIngest::Applied(int64_t applied_unix_us) {
  Impl& s = *impl_;
  for (const Impl::Pending& p : s.pending) {
    s.stats.receive_to_applied.Add(applied_unix_us - p.recv_us);
    s.stats.sensor_to_applied.Add(applied_unix_us - p.ts_us);
  }
  s.pending.clear();
  if (s.recording != nullptr) s.RecordPending();
}

void LiveIngest::Flush() {
  if (impl_->recording != nullptr) impl_->RecordPending();
}

uint64_t LiveIngest::messages() const { return impl_->stats.messages; }

IngestStats LiveIngest::stats() const {
  const Impl& s = *impl_;
  IngestStats out = s.stats;
  out.common_offset_s = s.common_offset_s;
  out.feed_rate = s.feed_rate;
  out.clock_events = s.clock_events;
  out.raised = s.queue->raised();
  out.max_raise_s = static_cast<double>(s.queue->max_raise_us()) / engine::kUsPerSecond;
  for (size_t i = 0; i < s.clocks.size(); ++i) {
    const SensorClock& c = s.clocks[i];
    if (c.events < kMinEventsForSkew) continue;
    const double mean_s = c.sum_s / static_cast<double>(c.events);
    if (std::abs(mean_s) <= s.options.skew_threshold_s) continue;
    out.skewed.push_back({s.world.sensors[i].id, c.events, mean_s, c.min_s, c.max_s});
  }
  return out;
}

namespace {

nlohmann::ordered_json LatencyJson(const LatencyHistogram& h) {
  auto ms = [](int64_t us) { return Round3(static_cast<double>(us) / 1000.0); };
  return {{"count", h.count()},
          {"mean", Round3(h.mean_us() / 1000.0)},
          {"p50", ms(h.PercentileUs(50))},
          {"p95", ms(h.PercentileUs(95))},
          {"p99", ms(h.PercentileUs(99))},
          {"max", ms(h.max_us())},
          {"negative", h.negative()}};
}

}  // namespace

std::string LiveSectionJson(const IngestStats& stats, const LiveRunInfo& info) {
  nlohmann::ordered_json j;
  j["source"] = info.source;
  j["messages"] = stats.messages;
  j["bytes"] = stats.bytes;
  j["wall_s"] = Round3(info.wall_s);
  j["messages_per_s"] = Round3(info.wall_s > 0 ? static_cast<double>(stats.messages) / info.wall_s : 0);
  j["connection"] = {{"connects", info.connects},
                     {"disconnects", info.disconnects},
                     {"session_resumed", info.session_resumed},
                     {"max_backlog", info.max_backlog}};
  j["latency_ms"] = {{"receive_to_applied", LatencyJson(stats.receive_to_applied)},
                     {"sensor_to_applied", LatencyJson(stats.sensor_to_applied)}};
  j["applied_behind_newer"] = {{"events", stats.raised}, {"max_s", Round3(stats.max_raise_s)}};
  nlohmann::ordered_json skewed = nlohmann::ordered_json::array();
  for (const SkewedSensor& s : stats.skewed) {
    skewed.push_back({{"sensor", s.sensor},
                      {"events", s.events},
                      {"mean_offset_s", Round3(s.mean_offset_s)},
                      {"min_offset_s", Round3(s.min_offset_s)},
                      {"max_offset_s", Round3(s.max_offset_s)}});
  }
  j["clock"] = {{"feed_rate", Round3(stats.feed_rate)},
                {"compared_events", stats.clock_events},
                {"receive_minus_ts_s", Round3(stats.common_offset_s)},
                {"skewed_sensors", skewed}};
  if (!info.recording_path.empty()) {
    j["recording"] = {{"path", info.recording_path},
                      {"rows", info.recorded_rows},
                      {"committed", info.committed_rows},
                      {"max_waiting_rows", info.recording_max_waiting_rows},
                      {"error", info.recording_error}};
  }
  return j.dump();
}

}  // namespace gatetwin::replay::live
