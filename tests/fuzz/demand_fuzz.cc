// libFuzzer target: any bytes given to ParseDemand come back as a demand or as errors, and a
// demand read comes back the same through WriteDemand.
//
// Run: build-fuzz/tests/fuzz/demand_fuzz tests/fuzz/corpus/demand -max_total_time=30 (scripts/fuzz.sh)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "replay/sim/demand.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using gatetwin::replay::sim::ParseDemand;
  const std::string text(reinterpret_cast<const char*>(data), size);
  gatetwin::world::Diagnostics diags;
  const auto demand = ParseDemand(text, "fuzz.yaml", &diags);
  // the contract: a demand exactly when there are no errors, and every error printable
  const auto errors = diags.TakeSorted({"fuzz.yaml"});
  if (demand.has_value() != errors.empty()) std::abort();
  for (const auto& e : errors) {
    if (e.ToString().empty()) std::abort();
  }
  if (!demand) return 0;
  // what we write we read back to the same figures
  gatetwin::world::Diagnostics again_diags;
  const std::string written = WriteDemand(*demand);
  const auto again = ParseDemand(written, "written.yaml", &again_diags);
  if (!again || again->arrivals_per_hour != demand->arrivals_per_hour ||
      again->inspection_share != demand->inspection_share || WriteDemand(*again) != written) {
    std::abort();
  }
  return 0;
}
