// The lossless recorder: WAL-mode SQLite, prepared inserts, one transaction per batch.
#include "replay/recorder.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "engine/time.h"

#ifndef GATETWIN_VERSION
#define GATETWIN_VERSION "unknown"
#endif

namespace gatetwin::replay {
namespace {

using Clock = std::chrono::steady_clock;

// the schema of version 1 (docs/recordings.md); the reader checks the same names
constexpr const char* kSchemaSql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE lines("
    " id INTEGER PRIMARY KEY,"
    " recv_us INTEGER NOT NULL,"
    " ts_us INTEGER,"
    " order_us INTEGER NOT NULL,"
    " sensor TEXT, kind TEXT, lane TEXT, plate TEXT, state TEXT,"
    " reason TEXT, detail TEXT, topic TEXT,"
    " raw BLOB NOT NULL);"
    "CREATE INDEX lines_order ON lines(order_us);"
    "CREATE INDEX lines_sensor_ts ON lines(sensor, ts_us);";

constexpr const char* kInsertSql =
    "INSERT INTO lines(recv_us, ts_us, order_us, sensor, kind, lane, plate, state, reason, detail, topic, raw)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

// the state a barrier, status or scan event carries, as the contract spells it
std::string_view StateOf(const Event& e) {
  switch (e.kind) {
    case EventKind::kBarrier: return e.barrier == BarrierState::kOpen ? "open" : "closed";
    case EventKind::kStatus: return e.health == Health::kOk ? "ok" : e.health == Health::kFault ? "fault" : "offline";
    case EventKind::kScan: return e.scan_phase == ScanPhase::kStart ? "start" : "end";
    default: return {};
  }
}

void BindText(sqlite3_stmt* s, int column, std::string_view text) {
  if (text.empty()) {
    sqlite3_bind_null(s, column);
  } else {
    sqlite3_bind_text(s, column, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
}

}  // namespace

struct Recorder::Impl {
  const world::World& world;
  std::string path;
  RecorderOptions options;
  sqlite3* db = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* commit = nullptr;
  sqlite3_stmt* rollback = nullptr;

  bool in_batch = false;
  size_t batch_size = 0;
  Clock::time_point batch_start;
  uint64_t added = 0, committed = 0;
  bool failed = false;  // since the last Commit()
  std::string error;

  // order_us: the newest ts of a decoded event so far; rows before the first one take the lowest value
  int64_t watermark = std::numeric_limits<int64_t>::min();

  Impl(const world::World& w, std::string p, RecorderOptions o) : world(w), path(std::move(p)), options(std::move(o)) {}
  ~Impl() {
    for (sqlite3_stmt* s : {insert, begin, commit, rollback}) sqlite3_finalize(s);
    sqlite3_close(db);
  }

  bool Fail(std::string_view what) {
    error = "recording '" + path + "': " + std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    failed = true;
    return false;
  }
  bool Exec(const char* sql, std::string_view what) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK || Fail(what);
  }
  bool Step(sqlite3_stmt* s) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE;
  }
  bool Due() const {
    return batch_size >= options.batch_rows ||
           Clock::now() - batch_start >= std::chrono::milliseconds(std::max<int64_t>(options.batch_ms, 0));
  }
  bool CommitBatch() {
    if (!in_batch) return true;
    in_batch = false;
    if (!Step(commit)) {
      Fail("commit failed (the last " + std::to_string(batch_size) + " rows are lost)");
      Step(rollback);
      batch_size = 0;
      return false;
    }
    committed += batch_size;
    batch_size = 0;
    return true;
  }
};

Recorder::Recorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Recorder::~Recorder() {
  if (impl_) impl_->CommitBatch();
}

std::unique_ptr<Recorder> Recorder::Create(const world::World& world, const std::string& path, RecorderOptions options,
                                           bool overwrite, std::string* error) {
  const auto fail = [&](std::string message) -> std::unique_ptr<Recorder> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    if (!overwrite) return fail("recording '" + path + "' exists already (choose another path, or overwrite it)");
    if (std::filesystem::is_directory(path, ec)) return fail("recording '" + path + "': it is a directory");
    // an old WAL beside the new file would be replayed into it
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix, ec);
    if (std::filesystem::exists(path, ec)) return fail("recording '" + path + "': cannot remove the old file");
  }
  auto impl = std::make_unique<Impl>(world, path, std::move(options));
  Impl& r = *impl;
  // one thread uses the connection (see the class comment): SQLite's own mutexes are not needed
  if (sqlite3_open_v2(path.c_str(), &r.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    r.Fail("cannot create");
    return fail(r.error);
  }
  // WAL: readers (a replay, `recording info`) see committed batches while recording goes on;
  // synchronous=NORMAL: a commit is a write, not an fsync, and a crash of the process (not
  // of the machine) loses nothing committed
  if (!r.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
              " PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8192;",
              "cannot set WAL mode")) {
    return fail(r.error);
  }
  if (!r.Exec("BEGIN", "cannot start") || !r.Exec(kSchemaSql, "cannot create the tables")) return fail(r.error);
  sqlite3_stmt* meta = nullptr;
  if (sqlite3_prepare_v2(r.db, "INSERT INTO meta(key, value) VALUES(?1, ?2)", -1, &meta, nullptr) != SQLITE_OK) {
    r.Fail("cannot write meta");
    return fail(r.error);
  }
  const auto now_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  char window[32];
  std::snprintf(window, sizeof window, "%g", world.params.reorder_window_s);
  const std::pair<const char*, std::string> rows[] = {
      {"schema_version", std::to_string(kRecordingSchemaVersion)},
      {"format", "jsonl"},
      {"created_at", engine::FormatRfc3339(now_us)},
      {"gatetwin_version", GATETWIN_VERSION},
      {"world_name", world.name},
      {"world_phase", world.phase},
      {"world_path", r.options.world_path},
      {"reorder_window_s", window},
      {"source", r.options.source},
      {"batch_rows", std::to_string(r.options.batch_rows)},
      {"batch_ms", std::to_string(r.options.batch_ms)},
  };
  bool ok = true;
  for (const auto& [key, value] : rows) {
    sqlite3_bind_text(meta, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(meta, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    ok = r.Step(meta) && ok;
  }
  sqlite3_finalize(meta);
  if (!ok) {
    r.Fail("cannot write meta");
    return fail(r.error);
  }
  if (!r.Exec("COMMIT", "cannot create the tables")) return fail(r.error);
  const auto prepare = [&](const char* sql, sqlite3_stmt** out) {
    return sqlite3_prepare_v3(r.db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, nullptr) == SQLITE_OK;
  };
  if (!prepare(kInsertSql, &r.insert) || !prepare("BEGIN", &r.begin) || !prepare("COMMIT", &r.commit) ||
      !prepare("ROLLBACK", &r.rollback)) {
    r.Fail("cannot prepare statements");
    return fail(r.error);
  }
  return std::unique_ptr<Recorder>(new Recorder(std::move(impl)));
}

void Recorder::Add(int64_t recv_unix_us, std::string_view topic, std::string_view raw, const Event* decoded,
                   std::optional<Reason> reason, std::string_view detail) {
  Impl& r = *impl_;
  ++r.added;
  if (!r.in_batch) {
    if (!r.Step(r.begin)) {
      r.Fail("cannot start a batch (this row is lost)");
      return;
    }
    r.in_batch = true;
    r.batch_start = Clock::now();
  }
  const bool fields = decoded && reason != Reason::kMalformed && reason != Reason::kUnknownKind;
  // the watermark moves as the replay's newest event does: on events that decoded fully
  const bool event = fields && reason != Reason::kUnknownSensor;
  if (event && decoded->ts_us > r.watermark) r.watermark = decoded->ts_us;

  sqlite3_stmt* s = r.insert;
  sqlite3_bind_int64(s, 1, recv_unix_us);
  if (decoded) {
    sqlite3_bind_int64(s, 2, decoded->ts_us);
  } else {
    sqlite3_bind_null(s, 2);
  }
  sqlite3_bind_int64(s, 3, r.watermark);
  const auto& sensors = r.world.sensors;
  const auto& lanes = r.world.lanes;
  BindText(s, 4,
           decoded && decoded->sensor >= 0 && static_cast<size_t>(decoded->sensor) < sensors.size()
               ? std::string_view(sensors[static_cast<size_t>(decoded->sensor)].id)
               : std::string_view());
  BindText(s, 5, fields ? ToString(decoded->kind) : std::string_view());
  BindText(s, 6,
           fields && decoded->lane >= 0 && static_cast<size_t>(decoded->lane) < lanes.size()
               ? std::string_view(lanes[static_cast<size_t>(decoded->lane)].id)
               : std::string_view());
  BindText(s, 7, fields ? std::string_view(decoded->plate) : std::string_view());
  BindText(s, 8, fields ? StateOf(*decoded) : std::string_view());
  BindText(s, 9, reason ? ToString(*reason) : std::string_view());
  BindText(s, 10, reason ? detail : std::string_view());
  BindText(s, 11, topic);
  // a zero-length blob, not NULL, for an empty line (raw is NOT NULL)
  sqlite3_bind_blob(s, 12, raw.empty() ? "" : raw.data(), static_cast<int>(raw.size()), SQLITE_STATIC);
  const bool inserted = r.Step(s);
  if (!inserted) {
    // a failed insert leaves the transaction in doubt: drop the batch, start afresh
    r.Fail("cannot add a row (the uncommitted " + std::to_string(r.batch_size + 1) + " rows are lost)");
    r.Step(r.rollback);
    r.in_batch = false;
    r.batch_size = 0;
    return;
  }
  ++r.batch_size;
  if (r.Due()) r.CommitBatch();
}

void Recorder::Flush() {
  if (impl_->in_batch && impl_->Due()) impl_->CommitBatch();
}

bool Recorder::Commit() {
  const bool ok = impl_->CommitBatch() && !impl_->failed;
  impl_->failed = false;
  return ok;
}

uint64_t Recorder::rows_added() const { return impl_->added; }
uint64_t Recorder::rows_committed() const { return impl_->committed; }
const std::string& Recorder::error() const { return impl_->error; }
const std::string& Recorder::path() const { return impl_->path; }

}  // namespace gatetwin::replay
