// Reading a recording: opening and checking the file, seeking by time, rows, and the rows as a feed.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/time.h"
#include "replay/feed_reader.h"
#include "replay/quarantine.h"
#include "world/world.h"

namespace gatetwin::replay {

/// A stretch of rows by id: [first_id, end_id).
struct RowRange {
  int64_t first_id = 1;
  int64_t end_id = std::numeric_limits<int64_t>::max();
};

/// One row of a recording. Text columns that are NULL read as empty strings.
struct RecordedRow {
  int64_t id = 0;
  int64_t recv_us = 0;
  std::optional<int64_t> ts_us;
  int64_t order_us = 0;
  std::string sensor, kind, lane, plate, state, reason, detail, topic;
  std::string raw;  // the line as received, any bytes
};

/// True when `path` names a recording: an SQLite file (its first 16 bytes are SQLite's magic
/// header) or a name ending in `.sqlite`, `.sqlite3` or `.gtrec`. The file need not be valid.
bool LooksLikeRecording(const std::string& path);

/// Appends `raw` as exactly one feed line (newline included). A raw line holding CR or LF is
/// made one line: outside JSON strings they become spaces (JSON whitespace: a valid line stays
/// valid and means the same), inside strings the control byte 0x1F (raw control characters are
/// invalid in JSON strings, so such a line was malformed and stays malformed).
void AppendFeedLine(std::string_view raw, std::string* out);

/// An open recording (read-only; a recorder may be writing it at the same time). Every method
/// that reads rows may fail on a corrupt file: then it returns false / stops, and error() says
/// why, naming the file.
class RecordingReader {
 public:
  /// Opens and checks the file: an SQLite database with gatetwin's tables and a schema version
  /// this build reads. nullptr with `error` naming the file and what to do otherwise.
  static std::unique_ptr<RecordingReader> Open(const std::string& path, std::string* error);
  ~RecordingReader();
  RecordingReader(const RecordingReader&) = delete;
  RecordingReader& operator=(const RecordingReader&) = delete;

  const std::string& path() const;
  /// The meta table (schema_version, created_at, world_name, source, ...).
  const std::map<std::string, std::string>& meta() const;
  /// The reorder window the recording was made with (meta `reorder_window_s`; 2 s when absent).
  engine::TimeUs reorder_window_us() const;
  /// The lowest and highest row id (0 and -1 when the recording is empty).
  int64_t first_id() const;
  int64_t last_id() const;

  /// The first row id whose order_us ≥ `t_us` (last_id() + 1 when none): one index lookup.
  std::optional<int64_t> SeekOrder(engine::TimeUs t_us);
  /// The rows a replay of [from, to) must read: from the first row with order_us ≥ from −
  /// window up to (not including) the first with order_us ≥ to + window. Events applied by a
  /// replay of these rows are exactly those a replay of the whole recording applies in [from, to).
  std::optional<RowRange> RangeFor(std::optional<engine::TimeUs> from_us, std::optional<engine::TimeUs> to_us,
                                   engine::TimeUs window_us);

  /// Starts reading the rows of `range` in id order: every column (`all_columns`) or only
  /// id and raw. False with error() set when the query cannot start.
  bool BeginRows(const RowRange& range, bool all_columns);
  /// The next row; false at the end or on a read error (then error() is set).
  bool NextRow(RecordedRow* row);
  /// The next row's id and raw line without copying (valid until the next call); false at the end.
  bool NextRaw(int64_t* id, std::string_view* raw);

  /// The first read error, naming the file; empty when none.
  const std::string& error() const;

 private:
  struct Impl;
  explicit RecordingReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// A feed reader over a recording's rows, for FeedMerger: its lines are the rows' raw lines in
/// id order, numbered by row id, from the seek point that `options.from_us` (minus the reorder
/// window) gives up to where `options.to_us` (plus the window) ends it. nullptr with `error`
/// naming the file when it is not a readable recording.
std::unique_ptr<FeedReader> OpenRecordingFeed(const world::World& world, const std::string& path, ReaderOptions options,
                                              QuarantineSink* quarantine, std::string* error);

}  // namespace gatetwin::replay
