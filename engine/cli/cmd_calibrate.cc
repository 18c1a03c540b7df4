// `gatetwin calibrate`: fits a demand file (arrivals, service times, shares) to recorded feeds.
#include <filesystem>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "replay/sim/calibrate.h"
#include "replay/sim/demand.h"

namespace gatetwin::cli {
namespace {

struct CalibrateArgs {
  std::string world;
  std::vector<std::string> feeds;
  std::string out;
  std::string from, to;
  std::string json;
  double reorder_window_s = -1;
  int min_samples = 20;
};

std::optional<engine::TimeUs> TimeOption(const std::string& name, const std::string& text, const char* example,
                                         bool* bad) {
  if (text.empty()) return std::nullopt;
  auto t = ParseTimeArg(text);
  if (!t) {
    std::cerr << "gatetwin calibrate: " << name << " `" << text << "` is not an RFC 3339 time with an offset, e.g. "
              << example << "\n";
    *bad = true;
  }
  return t;
}

int Run(const CalibrateArgs& a) {
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  replay::sim::CalibrateOptions options;
  options.feeds = a.feeds;
  bool bad = false;
  options.from_us = TimeOption("--from", a.from, "2026-01-15T00:00:00+07:00", &bad);
  options.to_us = TimeOption("--to", a.to, "2026-01-16T00:00:00+07:00", &bad);
  if (bad) return kExitUsage;
  if (options.from_us && options.to_us && *options.to_us <= *options.from_us) {
    std::cerr << "gatetwin calibrate: --to is not after --from\n";
    return kExitUsage;
  }
  if (a.out == "-" && a.json == "-") {
    std::cerr << "gatetwin calibrate: --out and --json cannot both be - (stdout); write one of them to a file\n";
    return kExitUsage;
  }
  if (a.reorder_window_s >= 0) {
    options.reorder_window_us = static_cast<engine::TimeUs>(a.reorder_window_s * engine::kUsPerSecond);
  }
  options.min_service_samples = a.min_samples;
  // the demand is named after its file, as the assets/demand/*.yaml files are
  if (a.out != "-") options.name = std::filesystem::path(a.out).stem().string();

  const replay::sim::Calibration c = replay::sim::Calibrate(*world, options);
  for (const std::string& w : c.warnings) std::cerr << "gatetwin calibrate: warning: " << w << "\n";
  for (const std::string& e : c.errors) std::cerr << "gatetwin calibrate: " << e << "\n";
  if (!c.ok) return kExitUsage;

  if (!WriteTextFile(a.out, replay::sim::WriteDemand(c.demand))) return kExitUsage;
  if (!a.json.empty() && !WriteTextFile(a.json, replay::sim::CalibrationToJson(*world, c))) return kExitUsage;
  // with the demand or the JSON on stdout, the table goes to stderr so that output stays clean
  (a.out == "-" || a.json == "-" ? std::cerr : std::cout) << replay::sim::CalibrationSummary(*world, c);
  return kExitOk;
}

}  // namespace

void AddCalibrateCommand(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<CalibrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Fit a demand file (arrivals by hour, service times per booth, shares) to recorded feeds");
  cmd->add_option("--world", a->world, "World YAML the feeds were recorded on")->required();
  cmd->add_option("--feed", a->feeds, "Feed file: JSON Lines (.jsonl) or CSV (.csv); repeat to merge by time")
      ->required();
  cmd->add_option("--out", a->out, "Write the demand YAML here (- for stdout)")->required();
  cmd->add_option("--from", a->from, "Use only events at or after this time (RFC 3339 with offset)");
  cmd->add_option("--to", a->to, "Use only events before this time (RFC 3339 with offset)");
  cmd->add_option("--json", a->json, "Write the fit figures as JSON here (- for stdout)");
  cmd->add_option("--reorder-window", a->reorder_window_s,
                  "Seconds an event may arrive out of order (default: the world's, 2 s)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--min-samples", a->min_samples,
                  "Booths with fewer service observations keep the world's distribution")
      ->check(CLI::Range(2, 1'000'000));
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
