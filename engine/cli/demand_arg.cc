// Reading --demand / --trucks-per-day once for `simulate` and the split render.
#include "engine/cli/demand_arg.h"

#include <iostream>

namespace gatetwin::cli {

std::optional<replay::sim::Demand> DemandFromArgs(const std::string& path, double trucks_per_day,
                                                  std::string_view who) {
  if (path.empty()) return replay::sim::DefaultDemand(trucks_per_day >= 0 ? trucks_per_day : 800);
  world::Diagnostics diags;
  auto loaded = replay::sim::LoadDemand(path, &diags);
  if (!loaded) {
    for (const auto& d : diags.TakeSorted({path})) std::cerr << d.ToString() << "\n";
    std::cerr << who << ": " << path << ": the demand file has errors (see docs/layout-planning.md)\n";
  }
  return loaded;
}

}  // namespace gatetwin::cli
