// The simulation commands' arrival window: its options and their checks.
#include "engine/cli/sim_window.h"

#include <iostream>

#include "engine/cli/cli_common.h"

namespace gatetwin::cli {

void AddSimWindowOptions(CLI::App* cmd, SimWindowArgs* args) {
  cmd->add_option("--duration", args->duration, "How long trucks arrive: 90m, 24h, 2d (default 24h)");
  cmd->add_option("--drain", args->drain, "After that, how long the gate goes on serving who came (default 12h)");
  cmd->add_option("--start", args->start, "First instant of arrivals, RFC 3339 (default 2026-01-15T00:00:00+07:00)");
}

bool ApplySimWindow(const SimWindowArgs& args, std::string_view who, replay::sim::SimOptions* options) {
  const auto start = ParseTimeArg(args.start);
  const auto duration = ParseDurationArg(args.duration);
  const auto drain = ParseDurationArg(args.drain);
  if (!start) {
    std::cerr << who << "--start `" << args.start
              << "` is not an RFC 3339 time with an offset, e.g. 2026-01-15T00:00:00+07:00\n";
    return false;
  }
  if (!duration || *duration <= 0 || !drain) {
    std::cerr << who
              << "--duration and --drain take a number with a unit, e.g. 90m, 24h, 2d "
                 "(--duration above 0, both at most a year)\n";
    return false;
  }
  options->start_us = *start;
  options->duration_us = *duration;
  options->drain_us = *drain;
  return true;
}

}  // namespace gatetwin::cli
