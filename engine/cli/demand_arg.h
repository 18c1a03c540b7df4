// The demand the simulation commands were given: --demand FILE, or the default gate day at --trucks-per-day N.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "replay/sim/demand.h"

namespace gatetwin::cli {

/// The demand of the file at `path` when it is not empty, else the default gate day at
/// `trucks_per_day` (800 when negative: not given). nullopt when the file has errors: they are
/// printed as `file:line:col: ...`, then a line after `who` pointing to the format's docs.
std::optional<replay::sim::Demand> DemandFromArgs(const std::string& path, double trucks_per_day, std::string_view who);

}  // namespace gatetwin::cli
