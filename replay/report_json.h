// JSON pieces shared by the reports (the replay's, the simulation's truth): rounding, distributions.
//
// Private to the replay module and its sim/ part: the only header showing nlohmann::json types.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>

#include "replay/report.h"

namespace gatetwin::replay {

/// Figures are rounded so that reports diff cleanly and stay byte-identical.
inline double Round3(double x) { return std::round(x * 1000.0) / 1000.0; }

/// `{count, mean, p50, p95, max}`, rounded.
inline nlohmann::ordered_json DistributionJson(const Distribution& d) {
  return nlohmann::ordered_json{{"count", d.count},
                                {"mean", Round3(d.mean)},
                                {"p50", Round3(d.p50)},
                                {"p95", Round3(d.p95)},
                                {"max", Round3(d.max)}};
}

}  // namespace gatetwin::replay
