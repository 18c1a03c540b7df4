// One feed source: chunked input, record splitting, decoding, late detection and the reorder heap.
//
// [SECTION] byte sources
// [SECTION] reader state
// [SECTION] record splitting
// [SECTION] decisions (reject, late, range, reorder)
// [SECTION] FeedReader
#include "replay/feed_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "replay/byte_source.h"
#include "replay/csv_parser.h"
#include "replay/line_parser.h"

namespace gatetwin::replay {
namespace {

//---------------------------------------------------------------------------------------------
// [SECTION] byte sources

class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* f, std::string path, uint64_t size) : file_(f), path_(std::move(path)), size_(size) {
    std::setvbuf(file_, nullptr, _IONBF, 0);  // we read in chunks already; stdio's buffer would be a copy
  }
  ~FileSource() override { std::fclose(file_); }
  size_t Read(char* dst, size_t n) override {
    const size_t got = std::fread(dst, 1, n, file_);
    if (got == 0 && std::ferror(file_)) SetError("read error in '" + path_ + "': " + std::strerror(errno));
    return got;
  }
  uint64_t Size() const override { return size_; }

 private:
  std::FILE* file_;
  std::string path_;
  uint64_t size_;
};

class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {
    // a seekable stream tells its size, for the progress estimate
    const auto here = in_.tellg();
    if (here != std::streampos(-1)) {
      in_.seekg(0, std::ios::end);
      const auto end = in_.tellg();
      if (end != std::streampos(-1) && end >= here) size_ = static_cast<uint64_t>(end - here);
      in_.seekg(here);
    }
    in_.clear();
  }
  size_t Read(char* dst, size_t n) override {
    if (!in_) return 0;
    in_.read(dst, static_cast<std::streamsize>(n));
    return static_cast<size_t>(in_.gcount());
  }
  uint64_t Size() const override { return size_; }

 private:
  std::istream& in_;
  uint64_t size_ = 0;
};

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string text) : text_(std::move(text)) {}
  size_t Read(char* dst, size_t n) override {
    const size_t k = std::min(n, text_.size() - pos_);
    std::memcpy(dst, text_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t Size() const override { return text_.size(); }

 private:
  std::string text_;
  size_t pos_ = 0;
};

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool IsBlank(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') return false;
  }
  return true;
}

// reorder buffer entry: the key and where the event lives
struct HeapItem {
  engine::TimeUs ts;
  uint64_t line;
  uint32_t slot;
};
// std heap functions build a max-heap; "greater" makes the earliest (ts, line) the top
struct Later {
  bool operator()(const HeapItem& a, const HeapItem& b) const { return a.ts != b.ts ? a.ts > b.ts : a.line > b.line; }
};

}  // namespace

FeedFormat FormatFromName(std::string_view name) {
  if (EndsWithNoCase(name, ".csv")) return FeedFormat::kCsv;
  if (EndsWithNoCase(name, ".jsonl") || EndsWithNoCase(name, ".ndjson") || EndsWithNoCase(name, ".json")) {
    return FeedFormat::kJsonLines;
  }
  return FeedFormat::kAuto;
}

uint64_t FeedCounts::RejectedTotal() const {
  uint64_t n = 0;
  for (uint64_t r : rejected) n += r;
  return n;
}

FeedCounts& FeedCounts::operator+=(const FeedCounts& o) {
  read += o.read;
  accepted += o.accepted;
  pending += o.pending;
  for (size_t i = 0; i < rejected.size(); ++i) rejected[i] += o.rejected[i];
  return *this;
}

//---------------------------------------------------------------------------------------------
// [SECTION] reader state

struct FeedReader::Impl {
  Impl(const world::World& w, std::string n, std::unique_ptr<ByteSource> in, FeedFormat fmt, const ReaderOptions& opts,
       QuarantineSink* q)
      : world(w),
        name(std::move(n)),
        source(std::move(in)),
        format(fmt),
        options(opts),
        quarantine(q),
        json(w),
        csv(w) {
    json.set_fast_path(options.json_fast_path);
    // a chunk must hold at least two maximal lines, so a partial line never fills the buffer
    options.max_line_bytes = std::max<size_t>(options.max_line_bytes, 16);
    options.reorder_window_us = std::max<engine::TimeUs>(options.reorder_window_us, 0);
    options.chunk_bytes = std::max(options.chunk_bytes, 2 * options.max_line_bytes + 1);
    alloc_bytes = options.chunk_bytes + kLinePadding;
    buffer = std::make_unique<char[]>(alloc_bytes);  // zeroed: the padding is defined bytes
    size = source->Size();
    options.first_line = std::max<uint64_t>(options.first_line, 1);
    line_no = options.first_line - 1;
  }

  const world::World& world;
  std::string name;
  std::unique_ptr<ByteSource> source;
  FeedFormat format;
  ReaderOptions options;
  QuarantineSink* quarantine;
  LineParser json;
  CsvParser csv;
  bool csv_header_seen = false;

  // the chunk buffer: [begin, end) is unconsumed input; `scan` is how far the current record
  // has been searched for its end, `in_quotes` the CSV quote state at `scan`
  std::unique_ptr<char[]> buffer;
  size_t alloc_bytes = 0;
  size_t begin = 0, end = 0, scan = 0;
  bool in_quotes = false;
  uint32_t record_newlines = 0;
  bool eof = false;        // the source has no more bytes
  bool exhausted = false;  // and every record has been handled
  uint64_t line_no = 0;    // newlines consumed so far, plus options.first_line - 1
  uint64_t bytes_read = 0;
  uint64_t size = 0;

  // a too-long line being skipped: its first bytes, its length so far, its line number
  bool skipping = false;
  std::string skipped_head;
  uint64_t skipped_bytes = 0;
  uint64_t skipped_line = 0;

  // reorder buffer: pooled events (strings keep their capacity), keys into the pool. Slots are
  // allocated one by one so that growing the pool never moves the event lent out by Take()
  struct Slot {
    Event event;
    std::string raw;
  };
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<uint32_t> free_slots;
  int64_t lent_slot = -1;      // the slot Take() handed out, freed at the next Take()
  std::vector<HeapItem> heap;  // events that arrived out of order
  // events that arrived in order (most of them) skip the heap: a FIFO ring, already sorted
  std::vector<HeapItem> ring = std::vector<HeapItem>(64);
  size_t ring_head = 0, ring_size = 0;
  bool have_newest = false;
  engine::TimeUs newest = 0;

  FeedCounts counts;
  Doubt doubt;
  Event scratch;       // for rejects that have no event (too-long lines, bad CSV header)
  std::string detail;  // reused for late details

  void Refill();
  bool FindRecordEnd(size_t* nl);
  bool NextRecord(const char** data, size_t* len, uint64_t* first_line);
  void TooLong(std::string_view head, uint64_t total_bytes, uint64_t line);
  void HandleRecord(const char* data, size_t len, uint64_t first_line);
  bool ReadMore();
  const Event* Peek();
  void Buffer(const HeapItem& item);
  // the earliest buffered event: from the ring (true) or the heap (false); null when empty
  const HeapItem* Earliest(bool* from_ring) const;
  void RemoveEarliest(bool from_ring);
  void Count(const Event& e, bool accepted, Reason reason);
  void Quarantine(Reason reason, uint64_t line, std::string_view detail, std::string_view raw, bool truncated);
};

//---------------------------------------------------------------------------------------------
// [SECTION] record splitting

void FeedReader::Impl::Refill() {
  const size_t room = options.chunk_bytes - end;
  const size_t got = room ? source->Read(buffer.get() + end, room) : 0;
  if (got == 0 && room) eof = true;
  end += got;
  bytes_read += got;
}

// finds the newline ending the record that starts at `begin`; searches on from `scan`
bool FeedReader::Impl::FindRecordEnd(size_t* nl) {
  const char* base = buffer.get();
  if (format != FeedFormat::kCsv || skipping) {
    const void* hit = scan < end ? std::memchr(base + scan, '\n', end - scan) : nullptr;
    if (!hit) {
      scan = end;
      return false;
    }
    *nl = static_cast<size_t>(static_cast<const char*>(hit) - base);
    return true;
  }
  // CSV: a newline inside a quoted cell belongs to the record (RFC 4180)
  while (scan < end) {
    const void* hit = std::memchr(base + scan, '\n', end - scan);
    const size_t stop = hit ? static_cast<size_t>(static_cast<const char*>(hit) - base) : end;
    for (const char* q = base + scan; (q = static_cast<const char*>(std::memchr(q, '"', stop - (q - base)))); ++q) {
      in_quotes = !in_quotes;
    }
    if (!hit) {
      scan = end;
      return false;
    }
    if (!in_quotes) {
      *nl = stop;
      return true;
    }
    ++record_newlines;
    scan = stop + 1;
  }
  return false;
}

void FeedReader::Impl::TooLong(std::string_view head, uint64_t total_bytes, uint64_t line) {
  Count(scratch, false, Reason::kMalformed);
  if (!quarantine) return;
  detail = "line too long: " + std::to_string(total_bytes) + " bytes (limit " + std::to_string(options.max_line_bytes) +
           "); raw holds its first " + std::to_string(std::min<uint64_t>(total_bytes, kQuarantineRawBytes)) + " bytes";
  Quarantine(Reason::kMalformed, line, detail, head.substr(0, kQuarantineRawBytes), true);
}

// the next record: [data, data + len) without its newline, followed by padding-safe bytes
bool FeedReader::Impl::NextRecord(const char** data, size_t* len, uint64_t* first_line) {
  while (true) {
    size_t nl = 0;
    const bool found = FindRecordEnd(&nl);
    if (found || (eof && begin < end)) {
      const size_t stop = found ? nl : end;
      const char* start = buffer.get() + begin;
      const size_t n = stop - begin;
      const uint64_t first = line_no + 1;
      line_no += found ? 1 + record_newlines : record_newlines + 1;
      begin = found ? nl + 1 : end;
      scan = begin;
      in_quotes = false;
      record_newlines = 0;
      if (skipping) {
        // the end of a too-long line: report it now that its length is known
        skipping = false;
        TooLong(skipped_head, skipped_bytes + n, skipped_line);
        continue;
      }
      if (n > options.max_line_bytes) {
        TooLong({start, n}, n, first);
        continue;
      }
      *data = start;
      *len = n;
      *first_line = first;
      return true;
    }
    if (eof) {
      if (skipping) {
        skipping = false;
        TooLong(skipped_head, skipped_bytes, skipped_line);
      }
      return false;
    }
    const size_t avail = end - begin;
    if (skipping || avail > options.max_line_bytes) {
      // too long to parse: keep its head for the quarantine, drop the rest as it streams by
      if (!skipping) {
        skipping = true;
        skipped_head.assign(buffer.get() + begin, std::min(avail, kQuarantineRawBytes));
        skipped_bytes = 0;
        skipped_line = line_no + 1;
        // what follows is resynchronised at the next physical newline, quotes or not
        line_no += record_newlines;
        record_newlines = 0;
        in_quotes = false;
      }
      skipped_bytes += avail;
      begin = end = scan = 0;
    } else if (begin > 0) {
      std::memmove(buffer.get(), buffer.get() + begin, avail);
      scan -= begin;
      end = avail;
      begin = 0;
    }
    Refill();
  }
}

//---------------------------------------------------------------------------------------------
// [SECTION] decisions (reject, late, range, reorder)

void FeedReader::Impl::Count(const Event& e, bool accepted, Reason reason) {
  FeedCounts* sensor = nullptr;
  if (options.sensor_counts && e.sensor >= 0 && static_cast<size_t>(e.sensor) < options.sensor_counts->size()) {
    sensor = &(*options.sensor_counts)[static_cast<size_t>(e.sensor)];
  }
  for (FeedCounts* c : {&counts, sensor}) {
    if (!c) continue;
    ++c->read;
    if (accepted) {
      ++c->accepted;
    } else {
      ++c->rejected[static_cast<size_t>(reason)];
    }
  }
}

void FeedReader::Impl::Quarantine(Reason reason, uint64_t line, std::string_view text, std::string_view raw,
                                  bool truncated) {
  if (!quarantine || reason == Reason::kOutsideRange) return;
  QuarantineEntry entry;
  entry.reason = reason;
  entry.source = name;
  entry.line = line;
  entry.detail = text;
  entry.raw = raw;
  entry.raw_truncated = truncated;
  quarantine->Write(entry);
}

void FeedReader::Impl::HandleRecord(const char* data, size_t len, uint64_t first_line) {
  if (len > 0 && data[len - 1] == '\r') --len;
  if (len == 0 || ((data[0] == ' ' || data[0] == '\t') && IsBlank(data, len))) return;  // blank: not an event
  if (first_line == options.first_line && len >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;  // a UTF-8 byte order mark some editors write
    len -= 3;
    if (len == 0) return;
  }
  if (format == FeedFormat::kCsv && !csv_header_seen) {
    // the first non-blank record is the header; a bad one is quarantined so it is not silent
    csv_header_seen = true;
    std::string error;
    if (!csv.SetHeader({data, len}, &error)) {
      ClearEvent(&scratch);
      Count(scratch, false, Reason::kMalformed);
      Quarantine(Reason::kMalformed, first_line, error, {data, len}, false);
    }
    return;
  }

  uint32_t slot_index;
  if (!free_slots.empty()) {
    slot_index = free_slots.back();
    free_slots.pop_back();
  } else {
    slot_index = static_cast<uint32_t>(slots.size());
    slots.push_back(std::make_unique<Slot>());
  }
  Slot& slot = *slots[slot_index];
  Event& e = slot.event;
  const size_t capacity = alloc_bytes - static_cast<size_t>(data - buffer.get());
  const bool ok = format == FeedFormat::kCsv ? csv.Parse({data, len}, &e, &doubt)
                                             : json.ParsePadded(data, len, capacity, &e, &doubt);
  e.source = options.source_index;
  e.line = first_line;
  const auto drop = [&](Reason reason, std::string_view text) {
    Count(e, false, reason);
    Quarantine(reason, first_line, text, {data, len}, false);
    free_slots.push_back(slot_index);
  };
  if (!ok) return drop(doubt.reason, doubt.detail);

  // late is judged against everything read before, the newest then moves on
  const bool late = have_newest && e.ts_us < newest - options.reorder_window_us;
  if (!have_newest || e.ts_us > newest) {
    newest = e.ts_us;
    have_newest = true;
  }
  if ((options.from_us && e.ts_us < *options.from_us) || (options.to_us && e.ts_us >= *options.to_us)) {
    return drop(Reason::kOutsideRange, {});
  }
  if (late) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.3f s behind the newest event of this source (reorder window %.3f s)",
                  static_cast<double>(newest - e.ts_us) / 1e6, static_cast<double>(options.reorder_window_us) / 1e6);
    return drop(Reason::kLate, buf);
  }
  if (options.keep_raw) slot.raw.assign(data, len);
  Buffer({e.ts_us, first_line, slot_index});
  ++counts.pending;
}

void FeedReader::Impl::Buffer(const HeapItem& item) {
  if (ring_size == 0 || item.ts >= ring[(ring_head + ring_size - 1) & (ring.size() - 1)].ts) {
    if (ring_size == ring.size()) {
      // grow the power-of-two ring, unrolling it to start at 0
      std::vector<HeapItem> bigger(ring.size() * 2);
      for (size_t i = 0; i < ring_size; ++i) bigger[i] = ring[(ring_head + i) & (ring.size() - 1)];
      ring.swap(bigger);
      ring_head = 0;
    }
    ring[(ring_head + ring_size) & (ring.size() - 1)] = item;
    ++ring_size;
    return;
  }
  heap.push_back(item);
  std::push_heap(heap.begin(), heap.end(), Later());
}

const HeapItem* FeedReader::Impl::Earliest(bool* from_ring) const {
  const HeapItem* r = ring_size ? &ring[ring_head] : nullptr;
  const HeapItem* h = heap.empty() ? nullptr : &heap.front();
  *from_ring = r && (!h || Later()(*h, *r));
  return *from_ring ? r : h;
}

void FeedReader::Impl::RemoveEarliest(bool from_ring) {
  if (from_ring) {
    ring_head = (ring_head + 1) & (ring.size() - 1);
    --ring_size;
  } else {
    std::pop_heap(heap.begin(), heap.end(), Later());
    heap.pop_back();
  }
}

// processes one more record; false when the input is exhausted
bool FeedReader::Impl::ReadMore() {
  const char* data = nullptr;
  size_t len = 0;
  uint64_t first_line = 0;
  if (!NextRecord(&data, &len, &first_line)) return false;
  HandleRecord(data, len, first_line);
  return true;
}

const Event* FeedReader::Impl::Peek() {
  while (true) {
    // the earliest is final once nothing still unread could come before it
    bool from_ring = false;
    const HeapItem* first = Earliest(&from_ring);
    if (first && (exhausted || first->ts < newest - options.reorder_window_us)) return &slots[first->slot]->event;
    if (exhausted) return nullptr;
    if (!ReadMore()) exhausted = true;
  }
}

//---------------------------------------------------------------------------------------------
// [SECTION] FeedReader

FeedReader::FeedReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeedReader::~FeedReader() = default;

std::unique_ptr<FeedReader> FeedReader::OpenFile(const world::World& world, const std::string& path, FeedFormat format,
                                                 const ReaderOptions& options, QuarantineSink* quarantine,
                                                 std::string* error) {
  const auto fail = [&](std::string message) -> std::unique_ptr<FeedReader> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  if (format == FeedFormat::kAuto) format = FormatFromName(path);
  if (format == FeedFormat::kAuto) {
    return fail("feed '" + path +
                "': unknown format (expected .jsonl, .ndjson, .json or .csv, or a recording: .sqlite)");
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail("cannot read feed '" + path + "': it is a directory");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail("cannot open feed '" + path + "': " + std::strerror(errno));
  const auto size = std::filesystem::file_size(path, ec);
  auto source = std::make_unique<FileSource>(f, path, ec ? 0 : static_cast<uint64_t>(size));
  return std::unique_ptr<FeedReader>(
      new FeedReader(std::make_unique<Impl>(world, path, std::move(source), format, options, quarantine)));
}

std::unique_ptr<FeedReader> FeedReader::FromSource(const world::World& world, std::string name,
                                                   std::unique_ptr<ByteSource> source, FeedFormat format,
                                                   const ReaderOptions& options, QuarantineSink* quarantine) {
  if (format == FeedFormat::kAuto) format = FormatFromName(name);
  if (format == FeedFormat::kAuto) format = FeedFormat::kJsonLines;
  return std::unique_ptr<FeedReader>(
      new FeedReader(std::make_unique<Impl>(world, std::move(name), std::move(source), format, options, quarantine)));
}

std::unique_ptr<FeedReader> FeedReader::FromStream(const world::World& world, std::string name, std::istream& in,
                                                   FeedFormat format, const ReaderOptions& options,
                                                   QuarantineSink* quarantine) {
  if (format == FeedFormat::kAuto) format = FormatFromName(name);
  if (format == FeedFormat::kAuto) format = FeedFormat::kJsonLines;
  return std::unique_ptr<FeedReader>(new FeedReader(
      std::make_unique<Impl>(world, std::move(name), std::make_unique<StreamSource>(in), format, options, quarantine)));
}

std::unique_ptr<FeedReader> FeedReader::FromString(const world::World& world, std::string name, std::string text,
                                                   FeedFormat format, const ReaderOptions& options,
                                                   QuarantineSink* quarantine) {
  if (format == FeedFormat::kAuto) format = FormatFromName(name);
  if (format == FeedFormat::kAuto) format = FeedFormat::kJsonLines;
  return std::unique_ptr<FeedReader>(new FeedReader(std::make_unique<Impl>(
      world, std::move(name), std::make_unique<StringSource>(std::move(text)), format, options, quarantine)));
}

bool FeedReader::Next(Event* out) {
  if (!Peek()) return false;
  Pop(out, nullptr);
  CountAccepted(*out);
  return true;
}

const Event* FeedReader::Peek() { return impl_->Peek(); }

void FeedReader::Pop(Event* out, std::string* raw) {
  *out = Take(raw);  // a copy reuses the caller's string buffers: no allocation once warm
}

const Event& FeedReader::Take(std::string* raw) {
  Impl& r = *impl_;
  if (r.lent_slot >= 0) r.free_slots.push_back(static_cast<uint32_t>(r.lent_slot));
  bool from_ring = false;
  const uint32_t slot_index = r.Earliest(&from_ring)->slot;
  r.RemoveEarliest(from_ring);
  Impl::Slot& slot = *r.slots[slot_index];
  if (raw) std::swap(*raw, slot.raw);
  r.lent_slot = slot_index;
  --r.counts.pending;
  return slot.event;
}

void FeedReader::CountAccepted(const Event& event) { impl_->Count(event, true, Reason::kMalformed); }

void FeedReader::Reject(const Event& event, Reason reason, std::string_view detail, std::string_view raw) {
  impl_->Count(event, false, reason);
  impl_->Quarantine(reason, event.line, detail, raw, false);
}

const std::string& FeedReader::name() const { return impl_->name; }
const FeedCounts& FeedReader::counts() const { return impl_->counts; }
uint64_t FeedReader::bytes_read() const { return impl_->bytes_read; }
uint64_t FeedReader::size_bytes() const { return impl_->size; }
FeedFormat FeedReader::format() const { return impl_->format; }
const std::string& FeedReader::io_error() const { return impl_->source->error(); }

}  // namespace gatetwin::replay
