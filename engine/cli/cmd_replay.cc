// `gatetwin replay`: a recorded day through the twin, headless → report, quarantine, pass/fail.
#include <cstdio>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "replay/session.h"

namespace gatetwin::cli {
namespace {

struct ReplayArgs {
  std::string world;
  std::vector<std::string> feeds;
  std::string sumo_map;
  std::string from, to;
  std::string report;
  std::string quarantine;
  std::string expect;
  double reorder_window_s = -1;
  double step_s = 1.0;
  std::vector<std::string> plugins;
  std::string plugin_out;
  bool no_physics = false;
  bool quiet = false;
};

void DrawProgress(double fraction) {
  const int width = 40;
  const int filled = static_cast<int>(fraction * width + 0.5);
  std::fprintf(stderr, "\r  replaying [%.*s%*s] %3d%%", filled,
               "========================================", width - filled, "", static_cast<int>(fraction * 100 + 0.5));
  if (fraction >= 1.0) std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

int Run(const ReplayArgs& a) {
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  replay::ReplayOptions options;
  options.feeds = a.feeds;
  options.sumo_map_path = a.sumo_map;
  if (!a.from.empty()) {
    options.from_us = ParseTimeArg(a.from);
    if (!options.from_us) {
      std::cerr << "gatetwin replay: --from `" << a.from
                << "` is not an RFC 3339 time with an offset, e.g. 2026-01-15T08:00:00+07:00\n";
      return kExitUsage;
    }
  }
  if (!a.to.empty()) {
    options.to_us = ParseTimeArg(a.to);
    if (!options.to_us) {
      std::cerr << "gatetwin replay: --to `" << a.to
                << "` is not an RFC 3339 time with an offset, e.g. 2026-01-15T18:00:00+07:00\n";
      return kExitUsage;
    }
  }
  if (options.from_us && options.to_us && *options.to_us < *options.from_us) {
    std::cerr << "gatetwin replay: --to is before --from\n";
    return kExitUsage;
  }
  options.quarantine_path = a.quarantine;
  if (a.reorder_window_s >= 0) options.reorder_window_s = a.reorder_window_s;
  options.engine.step_us = static_cast<engine::TimeUs>(a.step_s * engine::kUsPerSecond);
  options.engine.physics = !a.no_physics;
  if (!a.quiet && StderrIsTty()) options.progress = DrawProgress;
  engine::PluginHost plugins;
  if (!LoadPluginsOrPrint(a.plugins, a.plugin_out, &plugins)) return kExitUsage;
  options.plugins = &plugins;

  replay::ReplayOutcome out = replay::RunReplay(*world, options);
  for (const std::string& w : out.warnings) std::cerr << "gatetwin replay: warning: " << w << "\n";
  for (const std::string& e : out.errors) std::cerr << "gatetwin replay: " << e << "\n";
  if (!out.ok) return kExitUsage;

  const std::string json = replay::ReportToJson(out.report);
  if (!a.report.empty() && !WriteTextFile(a.report, json)) return kExitUsage;
  if (!a.quiet) std::cout << replay::ReportSummary(out.report);

  if (a.expect.empty()) return kExitOk;
  return CheckExpectOrPrint(json, a.expect, a.quiet);
}

}  // namespace

void AddReplayCommand(CLI::App& app, RunFn* run) {
  auto a = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app.add_subcommand("replay", "Replay recorded feeds through the twin, headless, and report");
  cmd->add_option("--world", a->world, "World YAML (any layout phase)")->required();
  cmd->add_option("--feed", a->feeds,
                  "Feed file: JSON Lines (.jsonl), CSV (.csv), a recording (.sqlite) or SUMO FCD/E1 output (.xml); "
                  "repeat to merge by time")
      ->required();
  cmd->add_option("--sumo-map", a->sumo_map, "Lane map of SUMO .xml feeds (YAML, see docs/sumo-traces.md)");
  cmd->add_option("--from", a->from, "Apply only events at or after this time (RFC 3339 with offset)");
  cmd->add_option("--to", a->to, "Apply only events before this time (RFC 3339 with offset)");
  cmd->add_option("--report", a->report, "Write the JSON report here (- for stdout)");
  cmd->add_option("--quarantine", a->quarantine, "Write every doubtful event, with its reason, here (JSON Lines)");
  cmd->add_option("--expect", a->expect, "Bounds on report values (YAML); exit 1 when one fails");
  cmd->add_option("--reorder-window", a->reorder_window_s,
                  "Seconds an event may arrive out of order (default: the world's, 2 s)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--step", a->step_s, "Fixed step of the movement model in seconds")->check(CLI::Range(0.05, 60.0));
  cmd->add_option("--plugin", a->plugins,
                  "Run a plugin: NAME (searched on GATETWIN_PLUGIN_PATH, then next to gatetwin) or PATH.so, "
                  "then :key=value,... parameters; repeatable (see `gatetwin plugin list`)");
  cmd->add_option("--plugin-out", a->plugin_out, "Directory where plugins write their own files");
  cmd->add_flag("--no-physics", a->no_physics, "Skip the Bullet detector zones (faster; no loop cross-check)");
  cmd->add_flag("--quiet,-q", a->quiet, "No summary, no progress bar");
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
