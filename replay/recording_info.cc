// What a recording holds (one pass over its rows: counts, gaps, faults) and its export as JSON Lines.
#include "replay/recording_info.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <unordered_map>

namespace gatetwin::replay {
namespace {

using Json = nlohmann::ordered_json;

std::string Time(int64_t t_us) { return engine::FormatRfc3339(t_us, engine::kGateUtcOffsetMin); }

std::string Duration(int64_t us) {
  const int64_t s = us / engine::kUsPerSecond;
  char buf[64];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(us) / 1e6);
  }
  return buf;
}

// the `detail` of a status line, for a fault's description
std::string StatusDetail(const std::string& raw) {
  const Json j = Json::parse(raw, nullptr, false);
  if (j.is_object()) {
    const auto it = j.find("detail");
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

}  // namespace

bool ReadRecordingInfo(const std::string& path, const InfoOptions& options, RecordingInfo* out, std::string* error) {
  auto reader = RecordingReader::Open(path, error);
  if (!reader) return false;
  RecordingInfo& info = *out;
  info = RecordingInfo{};
  info.path = path;
  info.meta = reader->meta();
  info.first_id = reader->first_id();
  info.last_id = reader->last_id();
  info.min_gap_us = options.min_gap_us;

  std::map<std::string, RecordingInfo::SensorRow> sensors;
  std::unordered_map<std::string, size_t> open_fault;  // sensor → index into faults
  RecordedRow row;
  bool first = true;
  int64_t previous_recv = 0;
  if (!reader->BeginRows(RowRange{}, true)) {
    if (error) *error = reader->error();
    return false;
  }
  while (reader->NextRow(&row)) {
    ++info.rows;
    if (first) {
      info.first_recv_us = row.recv_us;
      first = false;
    } else if (row.recv_us - previous_recv >= options.min_gap_us) {
      info.gaps.push_back({previous_recv, row.recv_us, row.id});
    }
    previous_recv = row.recv_us;
    info.last_recv_us = row.recv_us;
    if (row.ts_us) {
      info.min_ts_us = std::min(info.min_ts_us.value_or(*row.ts_us), *row.ts_us);
      info.max_ts_us = std::max(info.max_ts_us.value_or(*row.ts_us), *row.ts_us);
    }
    if (row.reason.empty()) {
      ++info.accepted;
    } else {
      ++info.by_reason[row.reason];
    }
    ++info.by_kind[row.kind];
    if (row.sensor.empty()) {
      ++info.rows_without_sensor;
    } else {
      RecordingInfo::SensorRow& s = sensors[row.sensor];
      ++s.rows;
      if (!row.reason.empty()) ++s.quarantined;
      ++s.by_kind[row.kind];
    }
    // faults as the replay report finds them: fault/offline opens one, ok or another state ends it
    if (row.kind == "status" && row.reason.empty() && row.ts_us && !row.sensor.empty()) {
      const auto open = open_fault.find(row.sensor);
      if (open != open_fault.end() && (row.state == "ok" || info.faults[open->second].state != row.state)) {
        info.faults[open->second].to_us = *row.ts_us;
        open_fault.erase(open);
      }
      if ((row.state == "fault" || row.state == "offline") && !open_fault.count(row.sensor)) {
        open_fault[row.sensor] = info.faults.size();
        info.faults.push_back({row.sensor, row.state, *row.ts_us, -1, StatusDetail(row.raw)});
      }
    }
  }
  if (!reader->error().empty()) {
    if (error) *error = reader->error();
    return false;
  }
  for (auto& [id, s] : sensors) {
    s.sensor = id;
    info.sensors.push_back(std::move(s));
  }
  return true;
}

std::string RecordingInfoToJson(const RecordingInfo& info) {
  Json j;
  j["recording"] = info.path;
  j["meta"] = info.meta;
  j["rows"] = info.rows;
  j["ids"] = {{"first", info.first_id}, {"last", info.last_id}};
  if (info.rows > 0) {
    j["received"] = {{"first", Time(info.first_recv_us)},
                     {"last", Time(info.last_recv_us)},
                     {"first_us", info.first_recv_us},
                     {"last_us", info.last_recv_us}};
  } else {
    j["received"] = nullptr;
  }
  if (info.min_ts_us) {
    j["events"] = {{"first", Time(*info.min_ts_us)},
                   {"last", Time(*info.max_ts_us)},
                   {"first_us", *info.min_ts_us},
                   {"last_us", *info.max_ts_us}};
  } else {
    j["events"] = nullptr;
  }
  j["accepted"] = info.accepted;
  j["quarantined"] = info.by_reason;
  Json kinds = Json::object();
  for (const auto& [kind, n] : info.by_kind) kinds[kind.empty() ? "none" : kind] = n;
  j["by_kind"] = kinds;
  Json sensors = Json::object();
  for (const RecordingInfo::SensorRow& s : info.sensors) {
    Json k = Json::object();
    for (const auto& [kind, n] : s.by_kind) k[kind.empty() ? "none" : kind] = n;
    sensors[s.sensor] = {{"rows", s.rows}, {"quarantined", s.quarantined}, {"by_kind", k}};
  }
  j["by_sensor"] = sensors;
  j["rows_without_sensor"] = info.rows_without_sensor;
  Json gaps = Json::array();
  for (const RecordingInfo::Gap& g : info.gaps) {
    gaps.push_back({{"from", Time(g.from_us)},
                    {"to", Time(g.to_us)},
                    {"seconds", static_cast<double>(g.to_us - g.from_us) / 1e6},
                    {"next_id", g.next_id}});
  }
  j["gaps"] = {{"min_seconds", static_cast<double>(info.min_gap_us) / 1e6}, {"list", gaps}};
  Json faults = Json::array();
  for (const SensorFault& f : info.faults) {
    faults.push_back({{"sensor", f.sensor},
                      {"state", f.state},
                      {"from", Time(f.from_us)},
                      {"to", f.to_us < 0 ? Json(nullptr) : Json(Time(f.to_us))},
                      {"detail", f.detail}});
  }
  j["faults"] = faults;
  return j.dump(2) + "\n";
}

std::string RecordingInfoSummary(const RecordingInfo& info) {
  std::ostringstream out;
  const auto meta = [&](const char* key) {
    const auto it = info.meta.find(key);
    return it == info.meta.end() || it->second.empty() ? std::string("-") : it->second;
  };
  out << "recording  " << info.path << "  (schema " << meta("schema_version") << ", gatetwin "
      << meta("gatetwin_version") << ", created " << meta("created_at") << ")\n";
  out << "world      " << meta("world_name") << " " << meta("world_phase") << "  (" << meta("world_path") << ")\n";
  out << "source     " << meta("source") << "\n";
  out << "rows       " << info.rows;
  if (info.rows > 0) out << "  (ids " << info.first_id << " .. " << info.last_id << ")";
  out << "\n";
  if (info.rows > 0) {
    out << "received   " << Time(info.first_recv_us) << " .. " << Time(info.last_recv_us) << "  ("
        << Duration(info.last_recv_us - info.first_recv_us) << ")\n";
  }
  if (info.min_ts_us) {
    out << "events     " << Time(*info.min_ts_us) << " .. " << Time(*info.max_ts_us) << "  ("
        << Duration(*info.max_ts_us - *info.min_ts_us) << ")\n";
  }
  out << "accepted   " << info.accepted << "\n";
  out << "quarantine";
  if (info.by_reason.empty()) out << " none";
  for (const auto& [reason, n] : info.by_reason) out << "  " << reason << " " << n;
  out << "\n";
  out << "by kind   ";
  for (const auto& [kind, n] : info.by_kind) out << "  " << (kind.empty() ? "none" : kind) << " " << n;
  out << "\n";
  out << "by sensor  " << info.sensors.size() << " sensors";
  if (info.rows_without_sensor > 0) out << "; " << info.rows_without_sensor << " rows without one";
  out << "\n";
  size_t width = 0;
  for (const RecordingInfo::SensorRow& s : info.sensors) width = std::max(width, s.sensor.size());
  for (const RecordingInfo::SensorRow& s : info.sensors) {
    out << "  " << s.sensor << std::string(width - s.sensor.size() + 2, ' ') << s.rows;
    if (s.quarantined > 0) out << "  (" << s.quarantined << " quarantined)";
    out << " ";
    for (const auto& [kind, n] : s.by_kind) out << " " << (kind.empty() ? "none" : kind) << "=" << n;
    out << "\n";
  }
  out << "gaps       ";
  if (info.gaps.empty()) {
    out << "none of " << Duration(info.min_gap_us) << " or more\n";
  } else {
    out << info.gaps.size() << " of " << Duration(info.min_gap_us) << " or more\n";
  }
  for (const RecordingInfo::Gap& g : info.gaps) {
    out << "  " << Time(g.from_us) << " .. " << Time(g.to_us) << "  " << Duration(g.to_us - g.from_us)
        << " without a line (next row " << g.next_id << ")\n";
  }
  out << "faults     ";
  if (info.faults.empty()) {
    out << "none\n";
  } else {
    out << info.faults.size() << " (status fault or offline)\n";
  }
  for (const SensorFault& f : info.faults) {
    out << "  " << f.sensor << " " << f.state << " " << Time(f.from_us) << " .. "
        << (f.to_us < 0 ? std::string("end") : Time(f.to_us));
    if (!f.detail.empty()) out << "  " << f.detail;
    out << "\n";
  }
  return out.str();
}

bool ExportRecording(const std::string& path, const ExportOptions& options, std::ostream& out, ExportStats* stats,
                     std::string* error) {
  auto reader = RecordingReader::Open(path, error);
  if (!reader) return false;
  const auto range =
      reader->RangeFor(options.from_us, options.to_us, options.reorder_window_us.value_or(reader->reorder_window_us()));
  if (!range || !reader->BeginRows(*range, false)) {
    if (error) *error = reader->error();
    return false;
  }
  ExportStats local;
  ExportStats& s = stats ? *stats : local;
  s = ExportStats{};
  std::string buffer;
  int64_t id = 0;
  std::string_view raw;
  while (reader->NextRaw(&id, &raw)) {
    if (s.rows++ == 0) s.first_id = id;
    s.last_id = id;
    AppendFeedLine(raw, &buffer);
    if (buffer.size() >= (1 << 20)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (!reader->error().empty()) {
    if (error) *error = reader->error();
    return false;
  }
  return true;
}

}  // namespace gatetwin::replay
