// libFuzzer target: any bytes given to ParseTour come back as a tour or as errors, and a tour read
// has a timeline that covers it.
//
// Run: build-fuzz/tests/fuzz/tour_fuzz tests/fuzz/corpus/tour -max_total_time=30 (scripts/fuzz.sh)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/viewer/tour.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using gatetwin::viewer::ParseTour;
  const std::string text(reinterpret_cast<const char*>(data), size);
  gatetwin::world::Diagnostics diags;
  const auto tour = ParseTour(text, "fuzz.yaml", &diags);
  // the contract: a tour exactly when there are no errors, and every error printable
  const auto errors = diags.TakeSorted({"fuzz.yaml"});
  if (tour.has_value() != errors.empty()) std::abort();
  for (const auto& e : errors) {
    if (e.ToString().empty()) std::abort();
  }
  if (!tour) return 0;
  if (tour->shots.empty() || !(tour->duration_s() > 0)) std::abort();
  // every frame falls in a shot, and each shot's still is a frame of the tour
  const int frames = gatetwin::viewer::FrameCount(*tour, 1);
  const auto last = gatetwin::viewer::LastFrameOfEachShot(*tour, 1);
  if (last.size() != tour->shots.size()) std::abort();
  for (int k : last) {
    if (k < 0 || k >= frames) std::abort();
  }
  const auto m = gatetwin::viewer::MomentAt(*tour, tour->duration_s() / 2);
  if (m.shot < 0 || static_cast<size_t>(m.shot) >= tour->shots.size() || m.flight < 0 || m.flight > 1) std::abort();
  return 0;
}
