// Where doubtful feed lines go: the quarantine sink interface, a JSONL writer and an in-memory collector.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "replay/event.h"

namespace gatetwin::replay {

/// How many bytes of a too-long line are kept as its `raw` text.
inline constexpr size_t kQuarantineRawBytes = 256;

/// One doubtful event, as handed to a sink. The views are only valid during the Write call.
struct QuarantineEntry {
  Reason reason = Reason::kMalformed;
  std::string_view source;     // the feed's name (file name, or the name given to a stream)
  uint64_t line = 0;           // 1-based line (or the first line of a CSV record)
  std::string_view detail;     // what is wrong, for a person
  std::string_view raw;        // the original line, without its newline
  bool raw_truncated = false;  // raw is only the start of the line (too-long lines)
};

/// Receives every doubtful event (everything but events outside the requested time range).
class QuarantineSink {
 public:
  virtual ~QuarantineSink() = default;
  /// Records one entry. Must not throw on bad content: raw may be any bytes.
  virtual void Write(const QuarantineEntry& entry) = 0;
};

/// Appends `entry` as one JSON object (no newline) to `out`:
/// `{"reason":"malformed","source":"a.jsonl","line":3,"detail":"...","raw":"..."}`, plus
/// `"raw_truncated":true` when raw is only the start of the line. Invalid UTF-8 in raw becomes
/// U+FFFD so the quarantine file is always valid JSON Lines.
void FormatQuarantineEntry(const QuarantineEntry& entry, std::string* out);

/// Writes entries as JSON Lines to a stream or a file, buffering writes.
class QuarantineWriter final : public QuarantineSink {
 public:
  /// Writes to `out`, which must outlive the writer.
  explicit QuarantineWriter(std::ostream& out);
  /// Creates (truncates) the file at `path`; nullptr with `error` naming the file on failure.
  static std::unique_ptr<QuarantineWriter> Open(const std::string& path, std::string* error);
  /// Flushes what is buffered.
  ~QuarantineWriter() override;

  void Write(const QuarantineEntry& entry) override;
  /// Writes the buffer out; false when the stream failed.
  bool Flush();
  /// Entries written so far.
  uint64_t written() const { return written_; }

 private:
  std::unique_ptr<std::ofstream> file_;
  std::ostream* out_;
  std::string buffer_;
  uint64_t written_ = 0;
};

/// Keeps entries in memory (tests, small tools, a viewer panel).
class QuarantineCollector final : public QuarantineSink {
 public:
  /// An owned copy of a QuarantineEntry.
  struct Record {
    Reason reason = Reason::kMalformed;
    std::string source;
    uint64_t line = 0;
    std::string detail;
    std::string raw;
    bool raw_truncated = false;
  };

  void Write(const QuarantineEntry& entry) override;
  /// Everything written so far, in write order.
  const std::vector<Record>& records() const { return records_; }
  /// How many records have this reason.
  size_t Count(Reason reason) const;

 private:
  std::vector<Record> records_;
};

}  // namespace gatetwin::replay
