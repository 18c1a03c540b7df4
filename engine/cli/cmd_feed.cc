// `gatetwin feed synth`: writes a realistic recorded day of sensor events for a world.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "replay/synth.h"

namespace gatetwin::cli {
namespace {

struct SynthArgs {
  std::string world;
  std::string out;
  std::string day;
  replay::SynthOptions options;
  bool no_noise = false;
  bool no_faults = false;
};

int Run(SynthArgs a) {
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  if (!a.day.empty()) {
    auto start = ParseTimeArg(a.day + "T00:00:00+07:00");
    if (!start) {
      std::cerr << "gatetwin feed synth: --day `" << a.day << "` is not a date such as 2026-01-15\n";
      return kExitUsage;
    }
    a.options.day_start_us = *start;
  }
  a.options.noise = !a.no_noise;
  a.options.faults = !a.no_faults;
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (a.out != "-") {
    file.open(a.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "gatetwin feed synth: " << a.out << ": cannot write: " << std::strerror(errno) << "\n";
      return kExitUsage;
    }
    out = &file;
  }
  const replay::SynthStats s = replay::SynthesizeFeed(*world, a.options, *out);
  out->flush();
  if (!*out) {
    std::cerr << "gatetwin feed synth: " << a.out << ": write failed\n";
    return kExitUsage;
  }
  std::cerr << "wrote " << s.lines << " lines (" << s.trucks << " trucks: " << s.trucks_vn_to_cn << " vn_to_cn, "
            << s.trucks_cn_to_vn << " cn_to_vn; " << s.malformed_lines << " malformed, " << s.duplicate_lines
            << " duplicate, " << s.late_lines << " late, " << s.unknown_sensor_lines << " unknown-sensor, "
            << s.unknown_kind_lines << " unknown-kind lines injected) to " << a.out << "\n";
  return kExitOk;
}

}  // namespace

void AddFeedCommands(CLI::App& app, RunFn* run) {
  CLI::App* feed = app.add_subcommand("feed", "Make or transform sensor feeds");
  feed->require_subcommand(1);
  auto a = std::make_shared<SynthArgs>();
  CLI::App* synth = feed->add_subcommand("synth", "Synthesize a realistic recorded day (JSON Lines) for a world");
  synth->add_option("--world", a->world, "World YAML")->required();
  synth->add_option("--out", a->out, "Output feed (.jsonl, - for stdout)")->required();
  synth->add_option("--trucks-per-day", a->options.trucks_per_day, "Trucks arriving over the day")
      ->check(CLI::Range(0, 1'000'000));
  synth->add_option("--seed", a->options.seed, "Random seed (same seed, same bytes)");
  synth->add_option("--day", a->day, "Local date to synthesize (default 2026-01-15)");
  synth->add_option("--export-share", a->options.export_share, "Share of trucks going vn_to_cn")
      ->check(CLI::Range(0.0, 1.0));
  synth->add_option("--gps-share", a->options.gps_share, "Share of trucks with GPS trackers")
      ->check(CLI::Range(0.0, 1.0));
  synth->add_flag("--no-noise", a->no_noise, "No malformed, duplicate, late or unknown lines");
  synth->add_flag("--no-faults", a->no_faults, "No sensor fault");
  synth->callback([run, a] { *run = [a] { return Run(*a); }; });
  AddImportSumoCommand(*feed, run);
}

}  // namespace gatetwin::cli
