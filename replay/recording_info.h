// What a recording holds (`gatetwin recording info`) and writing its rows back out as a feed (`export`).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/time.h"
#include "replay/recording_reader.h"
#include "replay/report.h"

namespace gatetwin::replay {

/// Settings of RecordingInfo.
struct InfoOptions {
  /// A stretch of receive time at least this long without any line is a gap.
  engine::TimeUs min_gap_us = 60 * engine::kUsPerSecond;
};

/// A summary of one recording, from one pass over its rows.
struct RecordingInfo {
  std::string path;
  std::map<std::string, std::string> meta;
  uint64_t rows = 0;
  int64_t first_id = 0, last_id = -1;
  int64_t first_recv_us = 0, last_recv_us = 0;  // receive times of the first and last rows
  std::optional<int64_t> min_ts_us, max_ts_us;  // earliest and latest decoded ts
  uint64_t accepted = 0;                        // rows without a quarantine reason
  std::map<std::string, uint64_t> by_reason;    // quarantine reason → rows
  std::map<std::string, uint64_t> by_kind;      // decoded kind → rows ("" for rows without one)
  uint64_t rows_without_sensor = 0;             // not decoded that far, or not a world sensor
  /// One sensor's rows: all, quarantined, and by kind.
  struct SensorRow {
    std::string sensor;
    uint64_t rows = 0, quarantined = 0;
    std::map<std::string, uint64_t> by_kind;
  };
  std::vector<SensorRow> sensors;  // by sensor id
  /// No line was received in (from_us, to_us); `next_id` is the first row after it.
  struct Gap {
    int64_t from_us = 0, to_us = 0;
    int64_t next_id = 0;
  };
  std::vector<Gap> gaps;
  engine::TimeUs min_gap_us = 0;
  /// Periods a sensor reported itself in fault or offline (status rows without a reason, in
  /// receive order, by the replay report's rule).
  std::vector<SensorFault> faults;
};

/// Reads `path` and summarises it. False with `error` naming the file when it is not a
/// readable recording or fails part-way.
bool ReadRecordingInfo(const std::string& path, const InfoOptions& options, RecordingInfo* out, std::string* error);
/// The summary as JSON (stable key order; times as RFC 3339 at +07:00 and as µs).
std::string RecordingInfoToJson(const RecordingInfo& info);
/// The summary for a person.
std::string RecordingInfoSummary(const RecordingInfo& info);

/// Settings of ExportRecording.
struct ExportOptions {
  /// Only the rows a replay of [from_us, to_us) reads (RecordingReader::RangeFor): replaying
  /// the export with the same --from/--to gives the same report as replaying the recording.
  std::optional<engine::TimeUs> from_us, to_us;
  /// The margin of that range; nullopt: the recording's reorder window (meta reorder_window_s).
  std::optional<engine::TimeUs> reorder_window_us;
};

/// What an export wrote.
struct ExportStats {
  uint64_t rows = 0;
  int64_t first_id = 0, last_id = -1;  // the rows written (last_id < first_id when none)
};

/// Writes the rows' raw lines to `out` as JSON Lines, one line per row in id order (AppendFeedLine:
/// lines without CR/LF are written byte for byte). False with `error` naming the file on failure.
bool ExportRecording(const std::string& path, const ExportOptions& options, std::ostream& out, ExportStats* stats,
                     std::string* error);

}  // namespace gatetwin::replay
