// `gatetwin feed import-sumo`: SUMO FCD (and E1) output → a JSON Lines feed of the world's sensors.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include "engine/cli/cli_common.h"
#include "engine/cli/commands.h"
#include "engine/time.h"
#include "replay/sumo_feed.h"

namespace gatetwin::cli {
namespace {

struct ImportArgs {
  std::string world;
  std::string fcd, e1;
  std::string map;
  std::string start;
  std::string out;
};

// the RFC 3339 ts at the start of a converted line, "" for lines without one (malformed on purpose)
std::string_view TsOf(const std::string& line) {
  constexpr std::string_view kPrefix = "{\"ts\":\"";
  if (line.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  const size_t end = line.find('"', kPrefix.size());
  return end == std::string::npos ? std::string_view()
                                  : std::string_view(line).substr(kPrefix.size(), end - kPrefix.size());
}

void PrintTally(const std::string& path, const replay::SumoTally& t) {
  std::cerr << "  " << path << ": " << t.vehicle_samples << " vehicle samples (" << t.vehicles << " vehicles), "
            << t.intervals << " E1 intervals → " << t.gps_events << " gps, " << t.plate_reads << " plate_read, "
            << t.loop_events << " loop events\n";
  for (int i = 0; i < replay::kSumoIssueCount; ++i) {
    if (t.issues[static_cast<size_t>(i)] == 0) continue;
    std::cerr << "    " << replay::ToString(static_cast<replay::SumoIssue>(i)) << " "
              << t.issues[static_cast<size_t>(i)] << "\n";
  }
  for (const std::string& e : t.examples) std::cerr << "    e.g. " << e << "\n";
}

int Run(const ImportArgs& a) {
  auto world = LoadWorldOrPrint(a.world);
  if (!world) return kExitUsage;
  replay::SumoMap map;
  if (!a.map.empty()) {
    std::vector<std::string> errors;
    auto loaded = replay::LoadSumoMap(a.map, *world, &errors);
    if (!loaded) {
      for (const std::string& e : errors) std::cerr << e << "\n";
      return kExitUsage;
    }
    map = std::move(*loaded);
    if (!a.start.empty()) std::cerr << "gatetwin feed import-sumo: --start is ignored: the map's start is used\n";
  } else {
    auto start = ParseTimeArg(a.start);
    if (a.start.empty() || !start) {
      std::cerr << "gatetwin feed import-sumo: without --map, give --start TS (the local time of SUMO time 0, "
                   "e.g. 2026-01-15T08:00:00+07:00); the FCD is then read as lon/lat (sumo --fcd-output.geo)\n";
      return kExitUsage;
    }
    map = replay::DefaultSumoMap(*world, *start);
    map.utc_offset_min = engine::ParseRfc3339(a.start)->offset_min;
  }

  std::vector<std::unique_ptr<replay::SumoSource>> sources;
  std::vector<std::string> paths;
  for (const std::string& path : {a.fcd, a.e1}) {
    if (path.empty()) continue;
    std::string error;
    auto s = replay::SumoSource::Open(*world, map, path, &error);
    if (!s) {
      std::cerr << error << "\n";
      return kExitUsage;
    }
    sources.push_back(std::move(s));
    paths.push_back(path);
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (a.out != "-") {
    file.open(a.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "gatetwin feed import-sumo: " << a.out << ": cannot write: " << std::strerror(errno) << "\n";
      return kExitUsage;
    }
    out = &file;
  }
  // each file's lines are in time order: a k-way merge by ts (lines without one go out at once;
  // every ts has the map's offset and the same width, so text order is time order)
  std::vector<std::string> heads(sources.size());
  std::vector<bool> live(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) live[i] = sources[i]->NextLine(&heads[i]);
  uint64_t lines = 0;
  for (;;) {
    int best = -1;
    for (size_t i = 0; i < sources.size(); ++i) {
      if (!live[i]) continue;
      if (best < 0 || TsOf(heads[i]) < TsOf(heads[static_cast<size_t>(best)])) best = static_cast<int>(i);
    }
    if (best < 0) break;
    const auto b = static_cast<size_t>(best);
    *out << heads[b] << '\n';
    ++lines;
    live[b] = sources[b]->NextLine(&heads[b]);
  }
  out->flush();
  if (!*out) {
    std::cerr << "gatetwin feed import-sumo: " << a.out << ": write failed\n";
    return kExitUsage;
  }
  bool failed = false;
  std::cerr << "wrote " << lines << " lines to " << a.out << "\n";
  for (size_t i = 0; i < sources.size(); ++i) {
    PrintTally(paths[i], sources[i]->tally());
    if (!sources[i]->error().empty()) {
      std::cerr << sources[i]->error() << "\n";
      failed = true;
    }
  }
  // a file that broke off part-way is bad input even though the lines before it were written
  return failed ? kExitUsage : kExitOk;
}

}  // namespace

void AddImportSumoCommand(CLI::App& feed, RunFn* run) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd = feed.add_subcommand("import-sumo", "Convert SUMO FCD and E1 detector output into a JSON Lines feed");
  cmd->add_option("--world", a->world, "World YAML")->required();
  cmd->add_option("--fcd", a->fcd, "SUMO FCD output (sumo --fcd-output)")->required();
  cmd->add_option("--e1", a->e1, "SUMO E1 (inductionLoop) detector output");
  cmd->add_option("--map", a->map,
                  "Lane map (YAML, see docs/sumo-traces.md); without it: geo placement of lon/lat FCD");
  cmd->add_option("--start", a->start, "Without --map: the time of SUMO time 0 (RFC 3339 with offset)");
  cmd->add_option("--out", a->out, "Output feed (.jsonl, - for stdout)")->required();
  cmd->callback([run, a] { *run = [a] { return Run(*a); }; });
}

}  // namespace gatetwin::cli
