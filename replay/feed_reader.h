// One feed source: chunked reading, line/record splitting, decoding, the per-source reorder buffer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"
#include "replay/byte_source.h"
#include "replay/event.h"
#include "replay/quarantine.h"
#include "world/world.h"

namespace gatetwin::replay {

/// How a feed is encoded.
enum class FeedFormat : uint8_t { kAuto, kJsonLines, kCsv };

/// The format a file name implies: `.jsonl`, `.ndjson`, `.json` → kJsonLines, `.csv` → kCsv
/// (case-insensitive), anything else → kAuto (not known).
FeedFormat FormatFromName(std::string_view name);

/// Read size: large chunks keep syscalls rare and lines parseable in place.
inline constexpr size_t kDefaultChunkBytes = size_t{1} << 20;
/// Lines longer than this are malformed without being parsed (the contract's events are < 1 KiB).
inline constexpr size_t kDefaultMaxLineBytes = size_t{64} << 10;

/// What happened to the events of a feed (or of all feeds, or of one sensor).
/// `read` counts events once decided, so `read == accepted + Σ rejected` holds at every moment;
/// events still waiting in a reorder buffer are `pending`. Blank lines and the CSV header are
/// not events and are not counted.
struct FeedCounts {
  uint64_t read = 0;
  uint64_t accepted = 0;
  uint64_t pending = 0;
  std::array<uint64_t, kReasonCount> rejected{};

  /// Events rejected for `r`.
  uint64_t Of(Reason r) const { return rejected[static_cast<size_t>(r)]; }
  /// Events rejected for any reason.
  uint64_t RejectedTotal() const;
  /// Adds another set of counts (for totals).
  FeedCounts& operator+=(const FeedCounts& other);
};

/// Settings of one reader.
struct ReaderOptions {
  /// An event more than this behind the newest of its source is late; events within it are reordered.
  engine::TimeUs reorder_window_us = 2 * engine::kUsPerSecond;
  /// Events outside [from_us, to_us) are counted as outside_range (not quarantined).
  std::optional<engine::TimeUs> from_us, to_us;
  size_t chunk_bytes = kDefaultChunkBytes;
  size_t max_line_bytes = kDefaultMaxLineBytes;
  /// Written into Event::source; the merger's index of this feed.
  uint32_t source_index = 0;
  /// Read common-shape JSON lines with LineParser's fast scanner (see LineParser::set_fast_path).
  /// The results are identical either way; the switch exists to test that.
  bool json_fast_path = true;
  /// Keep each buffered event's raw line so a duplicate found later is quarantined with it.
  bool keep_raw = true;
  /// The number of the input's first line: a recording read from row k numbers its lines from k,
  /// so events and quarantine records name the row id.
  uint64_t first_line = 1;
  /// When set, per-sensor counts are added here (indexed like World::sensors; sized by the caller).
  std::vector<FeedCounts>* sensor_counts = nullptr;
};

/// Reads one feed: a file, a stream or an in-memory text. Lines are found in large chunks and
/// decoded in place; doubtful ones are counted and quarantined at once. Good events wait in a
/// reorder buffer (a FIFO for those that arrive in order, a min-heap for the others) and are
/// released in (ts, line) order once they are more than the reorder window behind the newest
/// event read (or at the end of input), so `Next()` yields this source's events in time order.
/// Memory: one chunk plus the events within the reorder window.
class FeedReader {
 public:
  /// Opens a file. `format` kAuto takes it from the file name (an unknown extension is an
  /// error). nullptr with `error` naming the file when it cannot be opened.
  static std::unique_ptr<FeedReader> OpenFile(const world::World& world, const std::string& path, FeedFormat format,
                                              const ReaderOptions& options, QuarantineSink* quarantine,
                                              std::string* error);
  /// Reads `in`, which must outlive the reader. kAuto: from `name`, JSON lines by default.
  static std::unique_ptr<FeedReader> FromStream(const world::World& world, std::string name, std::istream& in,
                                                FeedFormat format, const ReaderOptions& options,
                                                QuarantineSink* quarantine);
  /// Reads an in-memory text. kAuto: from `name`, JSON lines by default.
  static std::unique_ptr<FeedReader> FromString(const world::World& world, std::string name, std::string text,
                                                FeedFormat format, const ReaderOptions& options,
                                                QuarantineSink* quarantine);
  /// Reads any byte source (a recording's rows, see recording_reader.h) under `name`.
  /// kAuto: from `name`, JSON lines by default.
  static std::unique_ptr<FeedReader> FromSource(const world::World& world, std::string name,
                                                std::unique_ptr<ByteSource> source, FeedFormat format,
                                                const ReaderOptions& options, QuarantineSink* quarantine);
  ~FeedReader();
  FeedReader(const FeedReader&) = delete;
  FeedReader& operator=(const FeedReader&) = delete;

  /// The next event of this source in (ts, line) order, counted as accepted. False at the end.
  bool Next(Event* out);

  /// The event Pop() would return, reading as much as needed to know it; nullptr at the end.
  /// The pointer is valid until the next call on this reader.
  const Event* Peek();
  /// Takes the peeked event (Peek() must have returned non-null) and, when kept, its raw line.
  /// The event stays `pending` until the caller counts it with CountAccepted() or Reject().
  void Pop(Event* out, std::string* raw);
  /// Pop() without the copy: the event stays in the reader's buffer, valid until the next
  /// Pop() or Take() on this reader (reading on with Peek() does not move it).
  const Event& Take(std::string* raw);
  /// Counts a popped event as accepted.
  void CountAccepted(const Event& event);
  /// Counts a popped event as rejected and quarantines it (all reasons but outside_range).
  void Reject(const Event& event, Reason reason, std::string_view detail, std::string_view raw);

  /// The feed's name (the path or the stream's name), used in quarantine records.
  const std::string& name() const;
  /// This reader's counts.
  const FeedCounts& counts() const;
  /// Bytes consumed so far, and the input's total size (0 when not known).
  uint64_t bytes_read() const;
  uint64_t size_bytes() const;
  /// The format actually used.
  FeedFormat format() const;
  /// A read error, if the input failed part-way (the events before it are kept); empty otherwise.
  const std::string& io_error() const;

 private:
  struct Impl;
  explicit FeedReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatetwin::replay
