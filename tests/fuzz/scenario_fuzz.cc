// libFuzzer target: any bytes given to the scenario and actions readers come back as a
// scenario (resolved against a world) or as located errors, never as a crash.
//
// Run: build-fuzz/tests/fuzz/scenario_fuzz tests/fuzz/corpus/scenario -max_total_time=30 (scripts/fuzz.sh)
#include <cstddef>
#include <cstdint>
#include <string>

#include "replay/train/scenario.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gatetwin;
  const std::string text(reinterpret_cast<const char*>(data), size);
  world::Diagnostics diags;
  auto scenario = replay::train::ParseScenario(text, "fuzz.yaml", &diags);
  // the contract: a scenario exactly when there are no errors, and every error printable
  auto errors = diags.TakeSorted({"fuzz.yaml"});
  fuzz::Check(scenario.has_value() == errors.empty(), "scenario", "a scenario with errors, or errors without one");
  for (const auto& e : errors) fuzz::Check(!e.ToString().empty(), "scenario", "an empty message");
  const engine::TimeUs start_us = scenario ? scenario->start_us : 0;
  auto actions = replay::train::ParseActions(text, "fuzz.yaml", start_us, &diags);
  errors = diags.TakeSorted({"fuzz.yaml"});
  fuzz::Check(actions.has_value() == errors.empty(), "actions", "actions with errors, or errors without them");
  if (actions) {
    // what the viewer saves reads back: the same decisions and the instructor's incidents
    const std::string written = replay::train::WriteActions(actions->actions, actions->incidents);
    auto again = replay::train::ParseActions(written, "written.yaml", start_us, &diags);
    fuzz::Check(again && again->actions.size() == actions->actions.size() &&
                    again->incidents.size() == actions->incidents.size(),
                "actions", "a written actions file does not read back");
    diags.TakeSorted({});
  }
  if (scenario) {
    // references to a world that knows none of them: located errors, no crash
    const bool resolved = replay::train::ResolveScenario(fuzz::TestWorld(), &*scenario, &diags);
    fuzz::Check(resolved == diags.TakeSorted({}).empty(), "scenario", "resolve disagrees with its errors");
    if (resolved && actions) replay::train::ResolveActions(fuzz::TestWorld(), *scenario, &actions->actions, &diags);
  }
  return 0;
}
