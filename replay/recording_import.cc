// Recording existing feed files: line splitting, decoding, late/duplicate judging, time interleave.
#include "replay/recording_import.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>

#include "replay/feed_merger.h"
#include "replay/feed_reader.h"
#include "replay/line_parser.h"

namespace gatetwin::replay {

ReceiveJudge::ReceiveJudge(engine::TimeUs reorder_window_us, std::vector<std::string> source_names)
    : window_us_(std::max<engine::TimeUs>(reorder_window_us, 0)), source_names_(std::move(source_names)) {}

std::optional<Reason> ReceiveJudge::Judge(const Event& e, std::string* detail) {
  // late is judged against everything before, then the newest moves on (FeedReader's order)
  const bool late = have_newest_ && e.ts_us < newest_us_ - window_us_;
  if (!have_newest_ || e.ts_us > newest_us_) {
    newest_us_ = e.ts_us;
    have_newest_ = true;
  }
  if (late) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.3f s behind the newest event of this source (reorder window %.3f s)",
                  static_cast<double>(newest_us_ - e.ts_us) / 1e6, static_cast<double>(window_us_) / 1e6);
    *detail = buf;
    return Reason::kLate;
  }
  // an event not late is at most a window behind the newest: older timestamps can go
  while (!recent_.empty() && recent_.begin()->first < newest_us_ - window_us_) recent_.erase(recent_.begin());
  const uint64_t hash = HashEventPayload(e);
  std::vector<Seen>& same_ts = recent_[e.ts_us];
  for (const Seen& s : same_ts) {
    if (s.hash == hash) {
      const std::string& name = s.source < source_names_.size() ? source_names_[s.source] : std::string("feed");
      *detail = "same sensor, ts, kind and payload as " + name + " line " + std::to_string(s.line);
      return Reason::kDuplicate;
    }
  }
  same_ts.push_back({hash, e.source, e.line});
  return std::nullopt;
}

namespace {

// one input file with its next non-blank line, decoded
struct Cursor {
  std::string path;
  std::ifstream in;
  uint64_t line_no = 0;
  bool has_line = false;
  std::string line;
  Event event;
  Doubt doubt;
  bool ok = false;
  bool has_ts = false;
  int64_t key = std::numeric_limits<int64_t>::min();  // the ts of its next line, or of the last one that had one
};

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

void Advance(Cursor* c, uint32_t source, LineParser* parser) {
  c->has_line = false;
  while (std::getline(c->in, c->line)) {
    ++c->line_no;
    if (!c->line.empty() && c->line.back() == '\r') c->line.pop_back();  // CRLF ends the line; it is not content
    if (c->line_no == 1 && c->line.compare(0, 3, "\xEF\xBB\xBF") == 0) c->line.erase(0, 3);
    if (c->line.empty() || IsBlank(c->line)) continue;
    c->has_line = true;
    break;
  }
  if (!c->has_line) return;
  ClearEvent(&c->event);
  if (c->line.size() > kDefaultMaxLineBytes) {
    c->ok = false;
    c->has_ts = false;
    c->doubt.reason = Reason::kMalformed;
    c->doubt.detail = "line too long: " + std::to_string(c->line.size()) + " bytes (limit " +
                      std::to_string(kDefaultMaxLineBytes) + ")";
  } else {
    c->ok = parser->Parse(c->line, &c->event, &c->doubt);
    // a malformed line keeps its ts when that much decoded (ClearEvent leaves 0 otherwise)
    c->has_ts = c->ok || c->doubt.reason != Reason::kMalformed || c->event.ts_us != 0;
  }
  c->event.source = source;
  c->event.line = c->line_no;
  if (c->has_ts) c->key = c->event.ts_us;
}

}  // namespace

bool ImportFeeds(const world::World& world, const std::vector<std::string>& feeds, const std::string& out_path,
                 const ImportOptions& options, ImportStats* stats, std::string* error) {
  const auto fail = [&](std::string message) {
    if (error) *error = std::move(message);
    return false;
  };
  if (feeds.empty()) return fail("recording import: no feed file given");
  std::vector<std::unique_ptr<Cursor>> cursors;
  for (const std::string& path : feeds) {
    if (FormatFromName(path) == FeedFormat::kCsv) {
      return fail("feed '" + path + "': recordings hold JSON lines; import a .jsonl feed (CSV is not supported)");
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return fail("cannot read feed '" + path + "': it is a directory");
    auto c = std::make_unique<Cursor>();
    c->path = path;
    c->in.open(path, std::ios::binary);
    if (!c->in) return fail("cannot open feed '" + path + "': " + std::strerror(errno));
    cursors.push_back(std::move(c));
  }
  RecorderOptions recorder_options = options.recorder;
  if (recorder_options.source.empty()) {
    recorder_options.source = "import";
    for (const std::string& path : feeds) recorder_options.source += " " + path;
  }
  std::string create_error;
  auto recorder = Recorder::Create(world, out_path, recorder_options, options.overwrite, &create_error);
  if (!recorder) return fail(create_error);

  const engine::TimeUs window_us =
      options.reorder_window_us
          ? *options.reorder_window_us
          : static_cast<engine::TimeUs>(std::llround(world.params.reorder_window_s * engine::kUsPerSecond));
  ReceiveJudge judge(window_us, feeds);
  LineParser parser(world);
  for (uint32_t i = 0; i < cursors.size(); ++i) Advance(cursors[i].get(), i, &parser);

  ImportStats local;
  ImportStats& s = stats ? *stats : local;
  s = ImportStats{};
  // rows before the first timestamp wait for it: it is their receive time
  struct Waiting {
    std::string raw, detail;
    std::optional<Reason> reason;
    uint32_t source;
  };
  std::vector<Waiting> waiting;
  int64_t recv_us = std::numeric_limits<int64_t>::min();
  std::string detail;
  const bool many = feeds.size() > 1;
  while (true) {
    // the file whose next line is earliest (ties: the first file), as they would have arrived
    Cursor* next = nullptr;
    uint32_t source = 0;
    for (uint32_t i = 0; i < cursors.size(); ++i) {
      Cursor* c = cursors[i].get();
      if (c->has_line && (!next || c->key < next->key)) {
        next = c;
        source = i;
      }
    }
    if (!next) break;
    std::optional<Reason> reason;
    detail.clear();
    if (!next->ok) {
      reason = next->doubt.reason;
      detail = next->doubt.detail;
    } else {
      reason = judge.Judge(next->event, &detail);
    }
    ++s.rows;
    if (reason) {
      ++s.by_reason[static_cast<size_t>(*reason)];
    } else {
      ++s.accepted;
    }
    if (next->has_ts) recv_us = std::max(recv_us, next->event.ts_us);
    const std::string_view topic = many ? std::string_view(next->path) : std::string_view();
    if (recv_us == std::numeric_limits<int64_t>::min()) {
      waiting.push_back({next->line, detail, reason, source});
    } else {
      for (const Waiting& w : waiting) {
        recorder->Add(recv_us, many ? std::string_view(feeds[w.source]) : std::string_view(), w.raw, nullptr, w.reason,
                      w.detail);
      }
      waiting.clear();
      recorder->Add(recv_us, topic, next->line, next->has_ts ? &next->event : nullptr, reason, detail);
    }
    Advance(next, source, &parser);
  }
  for (const Waiting& w : waiting) {
    recorder->Add(0, many ? std::string_view(feeds[w.source]) : std::string_view(), w.raw, nullptr, w.reason, w.detail);
  }
  for (const auto& c : cursors) {
    if (c->in.bad()) return fail("read error in '" + c->path + "'; the recording '" + out_path + "' is incomplete");
  }
  if (!recorder->Commit()) return fail(recorder->error());
  return true;
}

}  // namespace gatetwin::replay
