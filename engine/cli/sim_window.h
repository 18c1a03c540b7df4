// The arrival window of the simulation commands (`simulate`, `study layout`): --start, --duration, --drain.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

#include "replay/sim/microsim.h"

namespace gatetwin::cli {

/// The three options as typed.
struct SimWindowArgs {
  std::string start = "2026-01-15T00:00:00+07:00";
  std::string duration = "24h";
  std::string drain = "12h";
};

/// Adds --start, --duration and --drain to `cmd`.
void AddSimWindowOptions(CLI::App* cmd, SimWindowArgs* args);

/// Puts the window into `options`; false with a message (prefixed by `who`) on stderr when an
/// option is not a time or a duration.
bool ApplySimWindow(const SimWindowArgs& args, std::string_view who, replay::sim::SimOptions* options);

}  // namespace gatetwin::cli
