// Publishes recorded feeds to an MQTT broker, paced by the lines' timestamps.
#include "replay/live/publisher.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "replay/recording_reader.h"

namespace gatetwin::replay::live {

using engine::TimeUs;

namespace {

int64_t NowUnixUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string TopicFor(std::string_view line, const PublishOptions& o) {
  if (!o.fixed_topic.empty()) return o.fixed_topic;
  auto level = [](std::string_view s) {
    std::string out(s.empty() ? std::string_view("unknown") : s);
    for (char& c : out) {
      if (c == '/' || c == '+' || c == '#' || static_cast<unsigned char>(c) < 0x20) c = '_';
    }
    return out;
  };
  return o.topic_prefix + "/" + level(FindJsonString(line, "kind")) + "/" + level(FindJsonString(line, "sensor"));
}

// the line with its ts value replaced by `t` written in the same offset as before
std::string Retimed(const std::string& line, TimeUs t) {
  const std::string_view ts = FindJsonString(line, "ts");
  if (ts.empty()) return line;
  const auto parsed = engine::ParseRfc3339(ts);
  const size_t at = static_cast<size_t>(ts.data() - line.data());
  std::string out = line;
  out.replace(at, ts.size(), engine::FormatRfc3339(t, parsed ? parsed->offset_min : engine::kGateUtcOffsetMin));
  return out;
}

}  // namespace

std::string_view FindJsonString(std::string_view line, std::string_view key) {
  size_t pos = 0;
  while (true) {
    pos = line.find(key, pos);
    if (pos == std::string_view::npos) return {};
    const size_t end = pos + key.size();
    const bool quoted = pos > 0 && line[pos - 1] == '"' && end < line.size() && line[end] == '"';
    pos = end;
    if (!quoted) continue;
    size_t i = end + 1;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line[i] != ':') continue;
    ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line[i] != '"') return {};
    const size_t start = i + 1;
    size_t close = start;
    while (close < line.size() && line[close] != '"') close += line[close] == '\\' ? 2 : 1;
    if (close >= line.size()) return {};
    return line.substr(start, close - start);
  }
}

bool ReadFeedLines(const std::vector<std::string>& paths, const PublishOptions& options, std::vector<FeedLine>* out,
                   std::string* error) {
  out->clear();
  for (const std::string& path : paths) {
    TimeUs last_ts = out->empty() ? 0 : out->back().ts_us;
    TimeUs newest_ts = INT64_MIN;
    const auto add = [&](std::string line) {
      FeedLine& l = out->emplace_back();
      if (const auto t = engine::ParseRfc3339(FindJsonString(line, "ts"))) last_ts = t->utc_us;
      l.ts_us = last_ts;
      newest_ts = std::max(newest_ts, last_ts);
      l.send_us = newest_ts;
      l.topic = TopicFor(line, options);
      l.text = std::move(line);
    };
    if (LooksLikeRecording(path)) {
      // a recording: every line as it was received, in the order it was received (bad ones too)
      auto reader = RecordingReader::Open(path, error);
      if (!reader) return false;
      if (!reader->BeginRows(RowRange{}, false)) {
        *error = reader->error();
        return false;
      }
      int64_t id = 0;
      std::string_view raw;
      while (reader->NextRaw(&id, &raw)) {
        if (raw.find_first_not_of(" \t\r\n") != std::string_view::npos) add(std::string(raw));
      }
      if (!reader->error().empty()) {
        *error = reader->error();
        return false;
      }
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *error = "cannot read feed '" + path + "'";
      return false;
    }
    if (path.ends_with(".csv")) {
      *error = "'" + path +
               "': publish sends JSON Lines as they are; CSV feeds are not sent (the contract's MQTT "
               "payload is one JSON object)";
      return false;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      add(std::move(line));
    }
    if (in.bad()) {
      *error = "read error in feed '" + path + "'";
      return false;
    }
  }
  // a file's lines keep their order (a line written late goes out late, as it was received);
  // several files interleave by when their lines are due
  std::stable_sort(out->begin(), out->end(),
                   [](const FeedLine& a, const FeedLine& b) { return a.send_us < b.send_us; });
  if (options.from_us || options.to_us) {
    std::erase_if(*out, [&](const FeedLine& l) {
      return (options.from_us && l.ts_us < *options.from_us) || (options.to_us && l.ts_us >= *options.to_us);
    });
  }
  return true;
}

PublishOutcome PublishLines(MqttPublisher& publisher, const std::vector<FeedLine>& lines, const PublishOptions& options,
                            int ack_timeout_ms) {
  PublishOutcome result;
  result.lines = lines.size();
  if (lines.empty()) {
    result.ok = true;
    return result;
  }
  result.first_ts_us = lines.front().send_us;
  result.last_ts_us = lines.back().send_us;
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  for (const FeedLine& line : lines) {
    if (options.stop != nullptr && options.stop->load()) break;
    if (options.speed > 0) {
      // the wall instant this line is due: feed time since the first line, scaled
      const auto due = start + std::chrono::microseconds(static_cast<int64_t>(
                                   static_cast<double>(line.send_us - result.first_ts_us) / options.speed));
      const auto now = std::chrono::steady_clock::now();
      if (due - now > std::chrono::milliseconds(1)) std::this_thread::sleep_until(due);
    }
    std::string error;
    const std::string text = options.retime ? Retimed(line.text, NowUnixUs()) : std::string();
    if (publisher.Publish(line.topic, options.retime ? text : line.text, &error) == 0) {
      result.error = error;
      break;
    }
    ++result.published;
    if (options.progress) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_progress >= std::chrono::seconds(1)) {
        last_progress = now;
        options.progress(result.published, result.lines);
      }
    }
  }
  const bool all_acked = publisher.WaitAllAcked(ack_timeout_ms);
  result.acked = publisher.acked();
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (result.error.empty() && !all_acked) {
    result.error = "the broker acknowledged " + std::to_string(result.acked) + " of " +
                   std::to_string(result.published) + " messages within " + std::to_string(ack_timeout_ms / 1000) +
                   " s (" + publisher.status().last_error + ")";
  }
  result.ok = result.error.empty();
  return result;
}

}  // namespace gatetwin::replay::live
