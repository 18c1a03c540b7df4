// `gatetwin recording info|export|import`: look into a recording, write it back as a feed, record a feed.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "replay/recording_import.h"
#include "replay/recording_info.h"

namespace gatetwin::cli {
namespace {

struct InfoArgs {
  std::string recording;
  std::string gap = "60s";
  bool json = false;
};

struct ExportArgs {
  std::string recording;
  std::string out;
  std::string from, to;
  double reorder_window_s = -1;
};

struct ImportArgs {
  std::vector<std::string> feeds;
  std::string world;
  std::string out;
  bool overwrite = false;
  size_t batch_rows = replay::RecorderOptions{}.batch_rows;
  double reorder_window_s = -1;
};

int RunInfo(const InfoArgs& a) {
  replay::InfoOptions options;
  const auto gap = ParseDurationArg(a.gap);
  if (!gap || *gap <= 0) {
    std::cerr << "gatetwin recording info: --gap `" << a.gap << "` is not a duration such as 60s or 5m\n";
    return kExitUsage;
  }
  options.min_gap_us = *gap;
  replay::RecordingInfo info;
  std::string error;
  if (!replay::ReadRecordingInfo(a.recording, options, &info, &error)) {
    std::cerr << "gatetwin recording info: " << error << "\n";
    return kExitUsage;
  }
  std::cout << (a.json ? replay::RecordingInfoToJson(info) : replay::RecordingInfoSummary(info));
  return kExitOk;
}

// --from/--to as µs; false (with a message) when one is not a time
bool ParseRange(const std::string& command, const std::string& from, const std::string& to,
                std::optional<engine::TimeUs>* from_us, std::optional<engine::TimeUs>* to_us) {
  for (auto [text, out, flag] : {std::tuple{&from, from_us, "--from"}, std::tuple{&to, to_us, "--to"}}) {
    if (text->empty()) continue;
    *out = ParseTimeArg(*text);
    if (!*out) {
      std::cerr << "gatetwin " << command << ": " << flag << " `" << *text
                << "` is not an RFC 3339 time with an offset, e.g. 2026-01-15T08:00:00+07:00\n";
      return false;
    }
  }
  if (*from_us && *to_us && **to_us < **from_us) {
    std::cerr << "gatetwin " << command << ": --to is before --from\n";
    return false;
  }
  return true;
}

int RunExport(const ExportArgs& a) {
  replay::ExportOptions options;
  if (!ParseRange("recording export", a.from, a.to, &options.from_us, &options.to_us)) return kExitUsage;
  if (a.reorder_window_s >= 0) {
    options.reorder_window_us = static_cast<engine::TimeUs>(a.reorder_window_s * engine::kUsPerSecond);
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (a.out != "-") {
    file.open(a.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "gatetwin recording export: " << a.out << ": cannot write: " << std::strerror(errno) << "\n";
      return kExitUsage;
    }
    out = &file;
  }
  replay::ExportStats stats;
  std::string error;
  if (!replay::ExportRecording(a.recording, options, *out, &stats, &error)) {
    std::cerr << "gatetwin recording export: " << error << "\n";
    return kExitUsage;
  }
  out->flush();
  if (!*out) {
    std::cerr << "gatetwin recording export: " << a.out << ": write failed\n";
    return kExitUsage;
  }
  std::cerr << "wrote " << stats.rows << " lines";
  if (stats.rows > 0) std::cerr << " (rows " << stats.first_id << " .. " << stats.last_id << ")";
  std::cerr << " to " << a.out << "\n";
  return kExitOk;
}

int RunImport(const ImportArgs& a) {
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  replay::ImportOptions options;
  options.overwrite = a.overwrite;
  options.recorder.batch_rows = a.batch_rows;
  options.recorder.world_path = a.world;
  if (a.reorder_window_s >= 0) {
    options.reorder_window_us = static_cast<engine::TimeUs>(a.reorder_window_s * engine::kUsPerSecond);
  }
  replay::ImportStats stats;
  std::string error;
  if (!replay::ImportFeeds(*world, a.feeds, a.out, options, &stats, &error)) {
    std::cerr << "gatetwin recording import: " << error << "\n";
    return kExitUsage;
  }
  std::cerr << "recorded " << stats.rows << " lines (" << stats.accepted << " accepted";
  for (int i = 0; i < replay::kReasonCount; ++i) {
    const uint64_t n = stats.by_reason[static_cast<size_t>(i)];
    if (n > 0) std::cerr << ", " << n << " " << replay::ToString(static_cast<replay::Reason>(i));
  }
  std::cerr << ") to " << a.out << "\n";
  return kExitOk;
}

}  // namespace

void AddRecordingCommands(CLI::App& app, RunFn* run) {
  CLI::App* rec = app.add_subcommand("recording", "Look into, export or make recordings (SQLite, docs/recordings.md)");
  rec->require_subcommand(1);

  auto info = std::make_shared<InfoArgs>();
  CLI::App* info_cmd = rec->add_subcommand("info", "Span, counts by sensor and kind, quarantine, gaps, sensor faults");
  info_cmd->add_option("recording", info->recording, "Recording (.sqlite)")->required();
  info_cmd->add_option("--gap", info->gap, "Report stretches of at least this long without a line (default 60s)");
  info_cmd->add_flag("--json", info->json, "Write JSON instead of the summary");
  info_cmd->callback([run, info] { *run = [info] { return RunInfo(*info); }; });

  auto exp = std::make_shared<ExportArgs>();
  CLI::App* export_cmd = rec->add_subcommand("export", "Write a recording's lines back out as a JSON Lines feed");
  export_cmd->add_option("recording", exp->recording, "Recording (.sqlite)")->required();
  export_cmd->add_option("--out", exp->out, "Output feed (.jsonl, - for stdout)")->required();
  export_cmd->add_option("--from", exp->from, "Only the lines a replay --from this time reads (RFC 3339 with offset)");
  export_cmd->add_option("--to", exp->to, "Only the lines a replay --to this time reads (RFC 3339 with offset)");
  export_cmd
      ->add_option("--reorder-window", exp->reorder_window_s,
                   "Margin of --from/--to in seconds (default: the recording's reorder window)")
      ->check(CLI::Range(0.0, 3600.0));
  export_cmd->callback([run, exp] { *run = [exp] { return RunExport(*exp); }; });

  auto imp = std::make_shared<ImportArgs>();
  CLI::App* import_cmd =
      rec->add_subcommand("import", "Record JSON Lines feed files, each line decoded with the world");
  import_cmd->add_option("feeds", imp->feeds, "Feed files (.jsonl); several are interleaved by time")->required();
  import_cmd->add_option("--world", imp->world, "World YAML the lines are decoded with")->required();
  import_cmd->add_option("--out", imp->out, "The recording to create (.sqlite)")->required();
  import_cmd->add_flag("--overwrite", imp->overwrite, "Replace --out when it exists");
  import_cmd->add_option("--batch-rows", imp->batch_rows, "Rows per commit (default 4096)")
      ->check(CLI::Range(1, 1'000'000));
  import_cmd
      ->add_option("--reorder-window", imp->reorder_window_s,
                   "Seconds for the late and duplicate rules (default: the world's, 2 s)")
      ->check(CLI::Range(0.0, 3600.0));
  import_cmd->callback([run, imp] { *run = [imp] { return RunImport(*imp); }; });
}

}  // namespace gatetwin::cli
