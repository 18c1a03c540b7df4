// k-way merge of feed sources by (ts, source, line), duplicate detection per timestamp, totals.
#include "replay/feed_merger.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "replay/recording_reader.h"
#include "replay/sumo_feed.h"

namespace gatetwin::replay {
namespace {

// FxHash-style fold: one rotate, xor and multiply per 8 bytes; Finish() then mixes all bits
uint64_t Fold(uint64_t h, uint64_t v) { return (std::rotl(h, 5) ^ v) * 0x517cc1b727220a95ULL; }

uint64_t Finish(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

uint64_t Bits(double d) { return std::bit_cast<uint64_t>(d); }
uint64_t Bits(float f) { return std::bit_cast<uint32_t>(f); }

uint64_t FoldString(uint64_t h, const std::string& s) {
  h = Fold(h, s.size());
  const char* p = s.data();
  size_t n = s.size();
  uint64_t w;
  for (; n >= 8; p += 8, n -= 8) {
    std::memcpy(&w, p, 8);
    h = Fold(h, w);
  }
  if (n) {
    w = 0;
    std::memcpy(&w, p, n);
    h = Fold(h, w);
  }
  return h;
}

// min-heap order of source heads: earliest ts, then lowest source index, then line
struct HeadLater {
  template <typename K>
  bool operator()(const K& a, const K& b) const {
    if (a.ts != b.ts) return a.ts > b.ts;
    if (a.source != b.source) return a.source > b.source;
    return a.line > b.line;
  }
};

}  // namespace

uint64_t HashEventPayload(const Event& e) {
  uint64_t h = Fold(0, static_cast<uint64_t>(static_cast<uint32_t>(e.sensor)) |
                           static_cast<uint64_t>(static_cast<uint32_t>(e.lane)) << 32);
  h = Fold(h, static_cast<uint64_t>(e.ts_us));
  h = Fold(h, static_cast<uint64_t>(e.kind) | uint64_t{e.has_dir} << 8 | uint64_t{static_cast<uint8_t>(e.dir)} << 16 |
                  uint64_t{e.has_class} << 24 | uint64_t{static_cast<uint8_t>(e.vehicle_class)} << 32 |
                  uint64_t{static_cast<uint8_t>(e.barrier)} << 40 | uint64_t{static_cast<uint8_t>(e.health)} << 48 |
                  uint64_t{static_cast<uint8_t>(e.scan_phase)} << 56);
  h = Fold(h, static_cast<uint64_t>(e.scan_result) | static_cast<uint64_t>(static_cast<uint32_t>(e.count)) << 32);
  h = Fold(h, Bits(e.conf) | Bits(e.speed_kmh) << 32);
  h = Fold(h, Bits(e.length_m) | Bits(e.interval_s) << 32);
  h = Fold(h, Bits(e.occupancy) | Bits(e.heading_deg) << 32);
  h = Fold(h, Bits(e.lat_deg));
  h = Fold(h, Bits(e.lon_deg));
  h = Fold(h, Bits(e.gross_kg));
  h = FoldString(h, e.plate);
  if (!e.tag.empty()) h = FoldString(h, e.tag);
  if (!e.detail.empty()) h = FoldString(Fold(h, 1), e.detail);
  if (!e.extra.empty()) h = FoldString(Fold(h, 2), e.extra);
  return Finish(h);
}

// Hashes of the events returned at the current timestamp, with where each came from. Open
// addressing with generation stamps: moving to the next timestamp clears it in O(1).
struct FeedMerger::DuplicateSet {
  struct Entry {
    uint64_t hash = 0;
    uint64_t line = 0;
    uint32_t source = 0;
    uint32_t generation = 0;
  };
  std::vector<Entry> entries = std::vector<Entry>(64);
  uint32_t generation = 1;
  size_t size = 0;
  engine::TimeUs ts = 0;
  bool has_ts = false;

  void Reset(engine::TimeUs new_ts) {
    ts = new_ts;
    has_ts = true;
    size = 0;
    if (++generation == 0) {  // wrapped: stale stamps could look current
      for (Entry& e : entries) e.generation = 0;
      generation = 1;
    }
  }

  // inserts; returns the existing entry when the hash is already there
  const Entry* Insert(uint64_t hash, uint32_t source, uint64_t line) {
    if ((size + 1) * 2 > entries.size()) Grow();
    const size_t mask = entries.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Entry& e = entries[i];
      if (e.generation != generation) {
        e = Entry{hash, line, source, generation};
        ++size;
        return nullptr;
      }
      if (e.hash == hash) return &e;
    }
  }

  void Grow() {
    std::vector<Entry> old(entries.size() * 2);
    old.swap(entries);
    const size_t mask = entries.size() - 1;
    for (const Entry& e : old) {
      if (e.generation != generation) continue;
      size_t i = e.hash & mask;
      while (entries[i].generation == generation) i = (i + 1) & mask;
      entries[i] = e;
    }
  }
};

FeedMerger::FeedMerger(const world::World& world, MergeOptions options, QuarantineSink* quarantine)
    : world_(world),
      quarantine_(quarantine),
      sensor_counts_(world.sensors.size()),
      duplicates_(std::make_unique<DuplicateSet>()) {
  reader_options_.reorder_window_us =
      options.reorder_window_us
          ? *options.reorder_window_us
          : static_cast<engine::TimeUs>(std::llround(world.params.reorder_window_s * engine::kUsPerSecond));
  reader_options_.from_us = options.from_us;
  reader_options_.to_us = options.to_us;
  reader_options_.chunk_bytes = options.chunk_bytes;
  reader_options_.max_line_bytes = options.max_line_bytes;
  sumo_map_path_ = options.sumo_map_path;
  // raw lines are only needed to quarantine duplicates found after parsing
  reader_options_.keep_raw = quarantine != nullptr;
  reader_options_.sensor_counts = &sensor_counts_;
}

FeedMerger::~FeedMerger() = default;

bool FeedMerger::Add(std::unique_ptr<FeedReader> reader) {
  if (!reader) return false;  // the factory has set the error
  readers_.push_back(std::move(reader));
  return true;
}

bool FeedMerger::AddFile(const std::string& path, std::string* error, FeedFormat format) {
  if (started_) {
    if (error) *error = "cannot add feed '" + path + "': the merge has started";
    return false;
  }
  ReaderOptions o = reader_options_;
  o.source_index = static_cast<uint32_t>(readers_.size());
  // a recording seeks to from_us itself instead of reading the rows before it
  if (format == FeedFormat::kAuto && LooksLikeRecording(path)) {
    return Add(OpenRecordingFeed(world_, path, o, quarantine_, error));
  }
  if (format == FeedFormat::kAuto && HasSumoName(path)) {
    return Add(OpenSumoFeed(world_, path, sumo_map_path_, o, quarantine_, error));
  }
  return Add(FeedReader::OpenFile(world_, path, format, o, quarantine_, error));
}

bool FeedMerger::AddStream(std::string name, std::istream& in, FeedFormat format, std::string* error) {
  if (started_) {
    if (error) *error = "cannot add feed '" + name + "': the merge has started";
    return false;
  }
  ReaderOptions o = reader_options_;
  o.source_index = static_cast<uint32_t>(readers_.size());
  return Add(FeedReader::FromStream(world_, std::move(name), in, format, o, quarantine_));
}

bool FeedMerger::AddStream(std::string name, std::string text, FeedFormat format, std::string* error) {
  if (started_) {
    if (error) *error = "cannot add feed '" + name + "': the merge has started";
    return false;
  }
  ReaderOptions o = reader_options_;
  o.source_index = static_cast<uint32_t>(readers_.size());
  return Add(FeedReader::FromString(world_, std::move(name), std::move(text), format, o, quarantine_));
}

void FeedMerger::Push(uint32_t source) {
  if (const Event* e = readers_[source]->Peek()) {
    heads_.push_back({e->ts_us, source, e->line});
    std::push_heap(heads_.begin(), heads_.end(), HeadLater());
  }
}

bool FeedMerger::Next(Event* out) {
  const Event* e = Next();
  if (e == nullptr) return false;
  *out = *e;
  return true;
}

const Event* FeedMerger::Next() {
  if (!started_) {
    started_ = true;
    for (uint32_t i = 0; i < readers_.size(); ++i) Push(i);
  }
  while (!heads_.empty()) {
    std::pop_heap(heads_.begin(), heads_.end(), HeadLater());
    const uint32_t source = heads_.back().source;
    heads_.pop_back();
    FeedReader& reader = *readers_[source];
    const Event& e = reader.Take(&raw_);
    Push(source);  // may read on, which leaves `e` where it is

    // the stream is in ts order, so a duplicate can only share the current timestamp
    if (!duplicates_->has_ts || e.ts_us != duplicates_->ts) duplicates_->Reset(e.ts_us);
    if (const auto* first = duplicates_->Insert(HashEventPayload(e), source, e.line)) {
      detail_ = "same sensor, ts, kind and payload as " + readers_[first->source]->name() + " line " +
                std::to_string(first->line);
      reader.Reject(e, Reason::kDuplicate, detail_, raw_);
      continue;
    }
    reader.CountAccepted(e);
    return &e;
  }
  return nullptr;
}

FeedCounts FeedMerger::counts() const {
  FeedCounts total;
  for (const auto& r : readers_) total += r->counts();
  return total;
}

const std::string& FeedMerger::source_name(size_t source) const { return readers_.at(source)->name(); }
const FeedCounts& FeedMerger::source_counts(size_t source) const { return readers_.at(source)->counts(); }

uint64_t FeedMerger::bytes_read() const {
  uint64_t n = 0;
  for (const auto& r : readers_) n += r->bytes_read();
  return n;
}

uint64_t FeedMerger::total_bytes() const {
  uint64_t n = 0;
  for (const auto& r : readers_) n += r->size_bytes();
  return n;
}

std::string FeedMerger::io_errors() const {
  std::string out;
  for (const auto& r : readers_) {
    if (!r->io_error().empty()) out.append(r->io_error()).push_back('\n');
  }
  return out;
}

}  // namespace gatetwin::replay
