// The lossless recorder: every received feed line, verbatim, into an SQLite file (docs/recordings.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "replay/event.h"
#include "world/world.h"

namespace gatetwin::replay {

/// The layout of the recording file this gatetwin writes and reads (meta key `schema_version`).
inline constexpr int kRecordingSchemaVersion = 1;

/// Settings of a recording.
struct RecorderOptions {
  size_t batch_rows = 4096;  // commit after this many rows ...
  int64_t batch_ms = 100;    // ... or when the oldest uncommitted row is this old (checked in Add / Flush)
  std::string source;        // free text kept in the meta table, e.g. "mqtt://127.0.0.1:1883 gate/#"
  std::string world_path;    // the world file the lines were decoded with (meta `world_path`; may be empty)
};

/// Writes a recording: an SQLite database in WAL mode with one row per received line (the line
/// verbatim, its receive time, topic, the decoded ts/sensor/kind/lane/plate/state and the
/// quarantine reason), indexed by order and by (sensor, ts). Rows are committed in batches, so
/// a `kill -9` loses at most the rows added since the last commit (batch_rows rows, or
/// batch_ms of lines); everything committed before stays readable.
///
/// Each row also gets `order_us`: the newest ts of a decoded event up to that row, in receive
/// order (see docs/recordings.md). It never decreases, and every event with ts ≥ T lies at or
/// after the first row with order_us ≥ T, so a reader seeks to a time with one index lookup.
///
/// Not thread-safe: one thread adds, flushes and commits.
class Recorder {
 public:
  /// Creates a new recording at `path` (an existing file is an error unless `overwrite`), for
  /// `world` (which must outlive the recorder). nullptr with `error` naming the file on failure.
  static std::unique_ptr<Recorder> Create(const world::World& world, const std::string& path, RecorderOptions options,
                                          bool overwrite, std::string* error);
  /// Records one received line. `decoded` is the event as far as decoding got (nullptr when
  /// nothing decoded: then ts/sensor/kind are NULL); `reason` is set when the line was
  /// quarantined (malformed, unknown_sensor, unknown_kind, duplicate, late), with `detail`.
  /// What is kept of `decoded`: ts always; the sensor when it is a world sensor; the kind unless
  /// the reason is malformed or unknown_kind; lane, plate and state (barrier, status, scan)
  /// unless it is malformed or unknown_kind. `raw` may hold any bytes (it is stored as a BLOB).
  void Add(int64_t recv_unix_us, std::string_view topic, std::string_view raw, const Event* decoded,
           std::optional<Reason> reason, std::string_view detail);
  /// Commits when the batch is due (call it now and then when no lines arrive, e.g. every 50 ms).
  void Flush();
  /// Commits now. False with error() set when SQLite failed (disk full ...) since the last
  /// Commit(), in Add or here: the caller reports it. The rows of a failed batch are lost; the
  /// recorder goes on with the next ones.
  bool Commit();

  /// Rows given to Add, and rows committed to the file.
  uint64_t rows_added() const;
  uint64_t rows_committed() const;
  /// The last SQLite failure, naming the file; empty when none.
  const std::string& error() const;
  /// The file being written.
  const std::string& path() const;

  /// Commits what is left and closes the file.
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

 private:
  struct Impl;
  explicit Recorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::replay
