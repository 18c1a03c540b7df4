// Merges feed sources into one time-ordered event stream, dropping duplicates and counting everything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"
#include "replay/event.h"
#include "replay/feed_reader.h"
#include "replay/quarantine.h"
#include "world/world.h"

namespace gatetwin::replay {

/// Settings of a merge.
struct MergeOptions {
  /// The reorder window; nullopt takes the world's params.reorder_window_s.
  std::optional<engine::TimeUs> reorder_window_us;
  /// Only events in [from_us, to_us) are returned; the others count as outside_range and are
  /// not quarantined (they are not doubtful, just not asked for).
  std::optional<engine::TimeUs> from_us;
  std::optional<engine::TimeUs> to_us;
  /// Read size and line limit (tests make them small to exercise chunk boundaries).
  size_t chunk_bytes = kDefaultChunkBytes;
  size_t max_line_bytes = kDefaultMaxLineBytes;
  /// The lane map SUMO XML feeds are read with (replay/sumo_feed.h); empty: none given.
  std::string sumo_map_path;
};

/// The replay's input: any number of feeds (files or streams) merged into one stream in
/// (ts, source index, line) order. Each source is reordered within the reorder window by its
/// FeedReader; the merger adds a k-way merge and duplicate detection across all sources: an
/// event with the same sensor, ts, kind and payload (extra fields included) as one already
/// returned is a `duplicate`. Because the stream is time-ordered, only the hashes of events at
/// the current timestamp need keeping, so memory does not grow with the length of the feed.
/// Late events (beyond a source's window) are judged by their reader before this check.
///
/// Every event read ends up in exactly one place: returned by Next() or counted under one
/// Reason, so counts().read == accepted + Σ rejected at any time.
class FeedMerger {
 public:
  /// `world` and `quarantine` (may be null: count only) must outlive the merger.
  explicit FeedMerger(const world::World& world, MergeOptions options = {}, QuarantineSink* quarantine = nullptr);
  ~FeedMerger();
  FeedMerger(const FeedMerger&) = delete;
  FeedMerger& operator=(const FeedMerger&) = delete;

  /// Adds a feed file: `.jsonl`/`.ndjson`/`.json` are JSON lines, `.csv` is CSV (or `format`);
  /// with kAuto, an SQLite file (or `.sqlite`, `.sqlite3`, `.gtrec`) is read as a recording
  /// (recording_reader.h), its rows from the one at from_us − the reorder window, and SUMO FCD
  /// or E1 output (`.xml`) is converted with MergeOptions::sumo_map_path (sumo_feed.h).
  /// False with `error` naming the file when it is missing, unreadable or of an unknown format,
  /// or when Next() has already been called.
  bool AddFile(const std::string& path, std::string* error = nullptr, FeedFormat format = FeedFormat::kAuto);
  /// Adds a stream (which must outlive the merger) under `name`; kAuto: from the name, else JSON lines.
  bool AddStream(std::string name, std::istream& in, FeedFormat format = FeedFormat::kAuto,
                 std::string* error = nullptr);
  /// Adds an in-memory feed text under `name`; kAuto: from the name, else JSON lines.
  bool AddStream(std::string name, std::string text, FeedFormat format = FeedFormat::kAuto,
                 std::string* error = nullptr);

  /// The next accepted event in global (ts, source, line) order; false when all feeds are done.
  /// `out` is overwritten (its strings' capacity is recycled, so reuse one Event).
  bool Next(Event* out);
  /// The same without a copy: the event in its reader's buffer, valid until the next call to
  /// Next(); nullptr when all feeds are done.
  const Event* Next();

  /// Totals over all sources.
  FeedCounts counts() const;
  /// Number of sources, and each one's name and counts (index = Event::source).
  size_t source_count() const { return readers_.size(); }
  const std::string& source_name(size_t source) const;
  const FeedCounts& source_counts(size_t source) const;
  /// Counts per sensor (indexed like World::sensors; events whose sensor was not resolved are
  /// only in the totals).
  const std::vector<FeedCounts>& sensor_counts() const { return sensor_counts_; }

  /// Bytes read so far and the feeds' total size (streams of unknown size count 0), for a progress bar.
  uint64_t bytes_read() const;
  uint64_t total_bytes() const;
  /// The reorder window in use.
  engine::TimeUs reorder_window_us() const { return reader_options_.reorder_window_us; }
  /// Read errors of sources that failed part-way, one per line; empty when none.
  std::string io_errors() const;

 private:
  bool Add(std::unique_ptr<FeedReader> reader);
  void Push(uint32_t source);

  struct HeadKey {
    engine::TimeUs ts;
    uint32_t source;
    uint64_t line;
  };
  struct DuplicateSet;

  const world::World& world_;
  ReaderOptions reader_options_;
  std::string sumo_map_path_;
  QuarantineSink* quarantine_;
  std::vector<std::unique_ptr<FeedReader>> readers_;
  std::vector<FeedCounts> sensor_counts_;
  std::vector<HeadKey> heads_;  // min-heap over the sources' next events
  bool started_ = false;
  std::unique_ptr<DuplicateSet> duplicates_;
  std::string raw_;  // the popped event's raw line (reused)
  std::string detail_;
};

/// A 64-bit hash of what makes two events the same for the duplicate rule: sensor, ts, kind
/// and every payload field, extra included (not the source, line or timestamp offset).
uint64_t HashEventPayload(const Event& e);

}  // namespace gatetwin::replay
