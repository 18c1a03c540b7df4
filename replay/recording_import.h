// Recording existing feed files: each line decoded with the world and judged as a live twin would.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/time.h"
#include "replay/event.h"
#include "replay/recorder.h"
#include "world/world.h"

namespace gatetwin::replay {

/// Judges fully decoded events in receive order by the rules a replay of them as one feed
/// applies: `late` when more than the reorder window behind the newest event so far (the
/// FeedReader's rule), else `duplicate` when an earlier event that was not late had the same
/// sensor, ts, kind and payload (the FeedMerger's rule, HashEventPayload). Memory: the events
/// within one reorder window.
class ReceiveJudge {
 public:
  /// `source_names` name the feeds that Event::source indexes, for a duplicate's detail.
  ReceiveJudge(engine::TimeUs reorder_window_us, std::vector<std::string> source_names);
  /// The reason `e` would be quarantined for, with `detail` set; nullopt when it would be
  /// applied. `e.source` and `e.line` say where it came from.
  std::optional<Reason> Judge(const Event& e, std::string* detail);

 private:
  struct Seen {
    uint64_t hash;
    uint32_t source;
    uint64_t line;
  };
  engine::TimeUs window_us_;
  std::vector<std::string> source_names_;
  bool have_newest_ = false;
  engine::TimeUs newest_us_ = 0;
  std::map<engine::TimeUs, std::vector<Seen>> recent_;  // events not late, by ts
};

/// Settings of `gatetwin recording import`.
struct ImportOptions {
  RecorderOptions recorder;
  bool overwrite = false;
  /// The window for the late and duplicate rules; nullopt: the world's (params.reorder_window_s).
  std::optional<engine::TimeUs> reorder_window_us;
};

/// What an import recorded.
struct ImportStats {
  uint64_t rows = 0;      // lines recorded (blank lines are not lines of a feed and are skipped)
  uint64_t accepted = 0;  // rows without a reason
  std::array<uint64_t, kReasonCount> by_reason{};
};

/// Records JSON Lines feed files into a new recording at `out_path`. Each non-blank line is a
/// row, decoded with `world` and judged with a ReceiveJudge; with several files, their lines
/// are interleaved by timestamp, as a live receiver would get them (each file keeps its order;
/// a row's topic is then its file). A row's recv_us is the newest ts up to it (there is no
/// receive clock in a file). False with `error` naming the file on failure; a partly written
/// recording is left (and says so in `error`).
bool ImportFeeds(const world::World& world, const std::vector<std::string>& feeds, const std::string& out_path,
                 const ImportOptions& options, ImportStats* stats, std::string* error);

}  // namespace gatetwin::replay
