// The recorder on a thread of its own: live ingest hands it rows, so SQLite never delays the twin.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "replay/event.h"
#include "replay/recorder.h"

namespace gatetwin::replay::live {

/// One received message as the recorder keeps it (see Recorder::Add).
struct RecordRow {
  int64_t recv_unix_us = 0;
  std::string topic, raw;
  bool decoded = false;  // `event` holds what decoding got (else the row has no ts/sensor/kind)
  Event event;
  std::optional<Reason> reason;  // set when the message was quarantined
  std::string detail;
};

/// What the recording thread did.
struct RecordingThreadStats {
  uint64_t rows_added = 0, rows_committed = 0;
  uint64_t max_waiting_rows = 0;  // the most rows handed over and not yet given to SQLite
  std::string error;              // the last SQLite failure, naming the file; empty when none
};

/// Owns a Recorder and runs it on a thread: Submit() hands rows over in receive order and
/// returns at once; the thread adds them and commits in the recorder's batches (batch_rows rows
/// or batch_ms), also when no rows arrive. A commit, or a WAL checkpoint with its fsync, then
/// takes its time there instead of in the loop that applies events. Rows handed over but not
/// yet committed are what a `kill -9` loses, as with the recorder alone: at most one batch plus
/// the rows waiting (max_waiting_rows says how many that was at worst).
class RecordingThread {
 public:
  explicit RecordingThread(std::unique_ptr<Recorder> recorder);
  /// Finish() if not done yet.
  ~RecordingThread();
  RecordingThread(const RecordingThread&) = delete;
  RecordingThread& operator=(const RecordingThread&) = delete;

  /// Hands `rows` over (they are moved out; `rows` is left empty).
  void Submit(std::vector<RecordRow>* rows);
  /// Records every row handed over, commits, stops the thread and says what was done.
  RecordingThreadStats Finish();
  /// The file being written.
  const std::string& path() const;

 private:
  void Run();

  std::unique_ptr<Recorder> recorder_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<RecordRow> waiting_;  // guarded by mutex_
  bool stop_ = false;               // guarded by mutex_
  uint64_t max_waiting_rows_ = 0;   // guarded by mutex_
  bool finished_ = false;
  RecordingThreadStats final_;
  std::thread thread_;
};

}  // namespace gatetwin::replay::live
