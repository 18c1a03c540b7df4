// Reading a recording: checks on open, the order_us seek, row cursors and the recording ByteSource.
//
// [SECTION] helpers
// [SECTION] RecordingReader
// [SECTION] the recording as a feed
#include "replay/recording_reader.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "replay/byte_source.h"
#include "replay/recorder.h"

namespace gatetwin::replay {
namespace {

//---------------------------------------------------------------------------------------------
// [SECTION] helpers

constexpr char kSqliteMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

// what went wrong with the file, and what to do about it
std::string Explain(const std::string& path, int rc, const char* sqlite_message) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
      return "'" + path +
             "' is not a gatetwin recording: not an SQLite database (make one with `gatetwin recording import`)";
    case SQLITE_CORRUPT:
      return "recording '" + path + "' is corrupt (SQLite: " + sqlite_message +
             "); recover what is left with `sqlite3 " + path + " .recover`, or record it again";
    default: return "cannot read recording '" + path + "': " + sqlite_message;
  }
}

engine::TimeUs SaturatingAdd(engine::TimeUs a, engine::TimeUs b) {
  engine::TimeUs r = 0;
  if (__builtin_add_overflow(a, b, &r))
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  return r;
}

std::string ColumnText(sqlite3_stmt* s, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(s, column))) : std::string();
}

}  // namespace

bool LooksLikeRecording(const std::string& path) {
  if (EndsWithNoCase(path, ".sqlite") || EndsWithNoCase(path, ".sqlite3") || EndsWithNoCase(path, ".gtrec")) {
    return true;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char head[sizeof kSqliteMagic] = {};
  in.read(head, sizeof head);
  return in.gcount() == sizeof head && std::memcmp(head, kSqliteMagic, sizeof head) == 0;
}

void AppendFeedLine(std::string_view raw, std::string* out) {
  const char* p = raw.data();
  const size_t n = raw.size();
  if (n == 0 || (!std::memchr(p, '\n', n) && !std::memchr(p, '\r', n))) {
    out->append(raw);
    out->push_back('\n');
    return;
  }
  // a JSON lexer's view of strings: a quote opens one, an unescaped quote closes it
  bool in_string = false, escaped = false;
  for (char c : raw) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    }
    if (c == '\n' || c == '\r') c = in_string ? '\x1f' : ' ';
    out->push_back(c);
  }
  out->push_back('\n');
}

//---------------------------------------------------------------------------------------------
// [SECTION] RecordingReader

struct RecordingReader::Impl {
  std::string path;
  sqlite3* db = nullptr;
  sqlite3_stmt* seek = nullptr;
  sqlite3_stmt* all_rows = nullptr;
  sqlite3_stmt* raw_rows = nullptr;
  sqlite3_stmt* rows = nullptr;  // the cursor BeginRows started (one of the two above)
  std::map<std::string, std::string> meta;
  int64_t first_id = 0, last_id = -1;
  std::string error;

  ~Impl() {
    for (sqlite3_stmt* s : {seek, all_rows, raw_rows}) sqlite3_finalize(s);
    sqlite3_close(db);
  }
  bool Fail(int rc) {
    if (error.empty()) error = Explain(path, rc, db ? sqlite3_errmsg(db) : "out of memory");
    return false;
  }
};

RecordingReader::RecordingReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RecordingReader::~RecordingReader() = default;

std::unique_ptr<RecordingReader> RecordingReader::Open(const std::string& path, std::string* error) {
  const auto fail = [&](std::string message) -> std::unique_ptr<RecordingReader> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail("cannot open recording '" + path + "': no such file");
  if (std::filesystem::is_directory(path, ec)) return fail("cannot read recording '" + path + "': it is a directory");
  {
    // checked before SQLite sees it, for a plain message on a feed or an empty file
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot open recording '" + path + "': " + std::strerror(errno));
    char head[sizeof kSqliteMagic] = {};
    in.read(head, sizeof head);
    if (in.gcount() == 0) return fail("'" + path + "' is empty: not a gatetwin recording (record it again)");
    if (in.gcount() != sizeof head || std::memcmp(head, kSqliteMagic, sizeof head) != 0) {
      return fail("'" + path +
                  "' is not a gatetwin recording: not an SQLite database (a feed file needs a .jsonl or .csv name; "
                  "make a recording with `gatetwin recording import`)");
    }
  }
  auto impl = std::make_unique<Impl>();
  Impl& r = *impl;
  r.path = path;
  int rc = sqlite3_open_v2(path.c_str(), &r.db, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) {
    r.Fail(rc);
    return fail(r.error);
  }
  // the file is input, not code: no triggers or functions from its schema, no writes
  sqlite3_db_config(r.db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(r.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_exec(r.db, "PRAGMA cell_size_check=ON", nullptr, nullptr, nullptr);

  sqlite3_stmt* meta = nullptr;
  rc = sqlite3_prepare_v2(r.db, "SELECT key, value FROM meta", -1, &meta, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(r.db);
    if (message.find("no such table") != std::string::npos) {
      return fail("'" + path + "' is an SQLite database but not a gatetwin recording (it has no meta table)");
    }
    r.Fail(rc);
    return fail(r.error);
  }
  while ((rc = sqlite3_step(meta)) == SQLITE_ROW) r.meta[ColumnText(meta, 0)] = ColumnText(meta, 1);
  sqlite3_finalize(meta);
  if (rc != SQLITE_DONE) {
    r.Fail(rc);
    return fail(r.error);
  }
  const auto version = r.meta.find("schema_version");
  if (version == r.meta.end()) {
    return fail("'" + path +
                "' is an SQLite database but not a gatetwin recording (its meta table has no schema_version)");
  }
  if (version->second != std::to_string(kRecordingSchemaVersion)) {
    return fail("recording '" + path + "' has schema version " + version->second + "; this gatetwin reads version " +
                std::to_string(kRecordingSchemaVersion) +
                " (use the gatetwin that wrote it, e.g. to `recording export` it as JSON Lines)");
  }
  const auto prepare = [&](const char* sql, sqlite3_stmt** out) {
    const int prc = sqlite3_prepare_v3(r.db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, nullptr);
    if (prc != SQLITE_OK && r.error.empty()) {
      r.error = "recording '" + path + "' does not have schema version " + std::to_string(kRecordingSchemaVersion) +
                "'s tables (SQLite: " + sqlite3_errmsg(r.db) + "); it was not written by gatetwin's recorder";
      if ((prc & 0xff) == SQLITE_CORRUPT || (prc & 0xff) == SQLITE_NOTADB)
        r.error = Explain(path, prc, sqlite3_errmsg(r.db));
    }
    return prc == SQLITE_OK;
  };
  if (!prepare("SELECT id FROM lines WHERE order_us >= ?1 ORDER BY order_us, id LIMIT 1", &r.seek) ||
      !prepare("SELECT id, recv_us, ts_us, order_us, sensor, kind, lane, plate, state, reason, detail, topic, raw"
               " FROM lines WHERE id >= ?1 AND id < ?2 ORDER BY id",
               &r.all_rows) ||
      !prepare("SELECT id, raw FROM lines WHERE id >= ?1 AND id < ?2 ORDER BY id", &r.raw_rows)) {
    return fail(r.error);
  }
  sqlite3_stmt* span = nullptr;
  // two subqueries: SQLite answers a lone min() or max() of the rowid from the b-tree's ends,
  // but `SELECT min(id), max(id)` scans the whole table (180 ms for a 24 h recording)
  if (!prepare("SELECT (SELECT min(id) FROM lines), (SELECT max(id) FROM lines)", &span)) return fail(r.error);
  rc = sqlite3_step(span);
  if (rc == SQLITE_ROW && sqlite3_column_type(span, 0) != SQLITE_NULL) {
    r.first_id = sqlite3_column_int64(span, 0);
    r.last_id = sqlite3_column_int64(span, 1);
  }
  sqlite3_finalize(span);
  if (rc != SQLITE_ROW) {
    r.Fail(rc);
    return fail(r.error);
  }
  return std::unique_ptr<RecordingReader>(new RecordingReader(std::move(impl)));
}

const std::string& RecordingReader::path() const { return impl_->path; }
const std::map<std::string, std::string>& RecordingReader::meta() const { return impl_->meta; }
int64_t RecordingReader::first_id() const { return impl_->first_id; }
int64_t RecordingReader::last_id() const { return impl_->last_id; }
const std::string& RecordingReader::error() const { return impl_->error; }

engine::TimeUs RecordingReader::reorder_window_us() const {
  const auto it = impl_->meta.find("reorder_window_s");
  if (it != impl_->meta.end()) {
    char* end = nullptr;
    const double s = std::strtod(it->second.c_str(), &end);
    if (end != it->second.c_str() && *end == '\0' && s >= 0 && s <= 3600) {
      return static_cast<engine::TimeUs>(std::llround(s * engine::kUsPerSecond));
    }
  }
  return 2 * engine::kUsPerSecond;
}

std::optional<int64_t> RecordingReader::SeekOrder(engine::TimeUs t_us) {
  Impl& r = *impl_;
  sqlite3_bind_int64(r.seek, 1, t_us);
  const int rc = sqlite3_step(r.seek);
  std::optional<int64_t> id;
  if (rc == SQLITE_ROW) {
    id = sqlite3_column_int64(r.seek, 0);
  } else if (rc == SQLITE_DONE) {
    id = r.last_id + 1;
  } else {
    r.Fail(rc);
  }
  sqlite3_reset(r.seek);
  return id;
}

std::optional<RowRange> RecordingReader::RangeFor(std::optional<engine::TimeUs> from_us,
                                                  std::optional<engine::TimeUs> to_us, engine::TimeUs window_us) {
  RowRange range;
  range.first_id = impl_->first_id;
  if (from_us) {
    const auto id = SeekOrder(SaturatingAdd(*from_us, -std::max<engine::TimeUs>(window_us, 0)));
    if (!id) return std::nullopt;
    range.first_id = *id;
  }
  if (to_us) {
    const auto id = SeekOrder(SaturatingAdd(*to_us, std::max<engine::TimeUs>(window_us, 0)));
    if (!id) return std::nullopt;
    range.end_id = std::max(*id, range.first_id);
  }
  return range;
}

bool RecordingReader::BeginRows(const RowRange& range, bool all_columns) {
  Impl& r = *impl_;
  if (r.rows) sqlite3_reset(r.rows);
  r.rows = all_columns ? r.all_rows : r.raw_rows;
  sqlite3_bind_int64(r.rows, 1, range.first_id);
  sqlite3_bind_int64(r.rows, 2, range.end_id);
  return r.error.empty();
}

bool RecordingReader::NextRow(RecordedRow* row) {
  Impl& r = *impl_;
  if (r.rows != r.all_rows) return false;
  const int rc = sqlite3_step(r.rows);
  if (rc != SQLITE_ROW) {
    if (rc != SQLITE_DONE) r.Fail(rc);
    sqlite3_reset(r.rows);
    r.rows = nullptr;
    return false;
  }
  sqlite3_stmt* s = r.rows;
  row->id = sqlite3_column_int64(s, 0);
  row->recv_us = sqlite3_column_int64(s, 1);
  row->ts_us = sqlite3_column_type(s, 2) == SQLITE_NULL ? std::nullopt : std::optional(sqlite3_column_int64(s, 2));
  row->order_us = sqlite3_column_int64(s, 3);
  std::string* texts[] = {&row->sensor, &row->kind,   &row->lane,   &row->plate,
                          &row->state,  &row->reason, &row->detail, &row->topic};
  for (int i = 0; i < 8; ++i) *texts[i] = ColumnText(s, 4 + i);
  const void* blob = sqlite3_column_blob(s, 12);
  row->raw.assign(blob ? static_cast<const char*>(blob) : "", static_cast<size_t>(sqlite3_column_bytes(s, 12)));
  return true;
}

bool RecordingReader::NextRaw(int64_t* id, std::string_view* raw) {
  Impl& r = *impl_;
  if (r.rows != r.raw_rows) return false;
  const int rc = sqlite3_step(r.rows);
  if (rc != SQLITE_ROW) {
    if (rc != SQLITE_DONE) r.Fail(rc);
    sqlite3_reset(r.rows);
    r.rows = nullptr;
    return false;
  }
  *id = sqlite3_column_int64(r.rows, 0);
  const void* blob = sqlite3_column_blob(r.rows, 1);
  *raw = std::string_view(blob ? static_cast<const char*>(blob) : "",
                          static_cast<size_t>(sqlite3_column_bytes(r.rows, 1)));
  return true;
}

//---------------------------------------------------------------------------------------------
// [SECTION] the recording as a feed

namespace {

// the rows' raw lines, one per line, in id order
class RecordingSource final : public ByteSource {
 public:
  RecordingSource(std::unique_ptr<RecordingReader> reader, RowRange range) : reader_(std::move(reader)), range_(range) {
    const int64_t end = std::min(range_.end_id, reader_->last_id() + 1);
    const int64_t rows = std::max<int64_t>(0, end - range_.first_id);
    // the size for a progress bar: the rows times the mean length of the first few
    RowRange sample = range_;
    sample.end_id = std::min(range_.end_id, range_.first_id + 64);
    uint64_t bytes = 0, sampled = 0;
    int64_t id = 0;
    std::string_view raw;
    reader_->BeginRows(sample, false);
    while (reader_->NextRaw(&id, &raw)) {
      bytes += raw.size() + 1;
      ++sampled;
    }
    size_ = sampled ? static_cast<uint64_t>(rows) * bytes / sampled : 0;
    reader_->BeginRows(range_, false);
  }
  size_t Read(char* dst, size_t n) override {
    size_t done = 0;
    while (done < n) {
      if (pos_ < buffer_.size()) {
        const size_t k = std::min(n - done, buffer_.size() - pos_);
        std::memcpy(dst + done, buffer_.data() + pos_, k);
        pos_ += k;
        done += k;
        continue;
      }
      if (finished_) break;
      buffer_.clear();
      pos_ = 0;
      int64_t id = 0;
      std::string_view raw;
      while (buffer_.size() < kFillBytes) {
        if (!reader_->NextRaw(&id, &raw)) {
          finished_ = true;
          if (!reader_->error().empty()) SetError(reader_->error());
          break;
        }
        AppendFeedLine(raw, &buffer_);
      }
    }
    return done;
  }
  uint64_t Size() const override { return size_; }
  const std::string& open_error() const { return reader_->error(); }

 private:
  static constexpr size_t kFillBytes = 64 << 10;
  std::unique_ptr<RecordingReader> reader_;
  RowRange range_;
  std::string buffer_;
  size_t pos_ = 0;
  bool finished_ = false;
  uint64_t size_ = 0;
};

}  // namespace

std::unique_ptr<FeedReader> OpenRecordingFeed(const world::World& world, const std::string& path, ReaderOptions options,
                                              QuarantineSink* quarantine, std::string* error) {
  auto reader = RecordingReader::Open(path, error);
  if (!reader) return nullptr;
  const auto range = reader->RangeFor(options.from_us, options.to_us, options.reorder_window_us);
  if (!range) {
    if (error) *error = reader->error();
    return nullptr;
  }
  options.first_line = static_cast<uint64_t>(std::max<int64_t>(range->first_id, 1));
  auto source = std::make_unique<RecordingSource>(std::move(reader), *range);
  if (!source->open_error().empty()) {
    if (error) *error = source->open_error();
    return nullptr;
  }
  return FeedReader::FromSource(world, path, std::move(source), FeedFormat::kJsonLines, options, quarantine);
}

}  // namespace gatetwin::replay
